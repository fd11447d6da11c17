import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KvCacheInfo } from '../../../../shared/domain';
import { formatBytes, formatNumber } from '../../format';
import { api } from '../../ipc';
import { announce, attempt } from '../../store/actions';

/** How much disk the engine's saved chat states take, with a way to free it. */
export function KvCachePanel(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const [info, setInfo] = useState<KvCacheInfo | null>(null);
  const [clearing, setClearing] = useState(false);

  useEffect(() => {
    let live = true;
    void attempt(() => api.call('kvCache.info', {})).then((next) => {
      if (live && next) setInfo(next);
    });
    return () => {
      live = false;
    };
  }, []);

  async function clear(): Promise<void> {
    setClearing(true);
    const next = await attempt(() => api.call('kvCache.clear', {}));
    setClearing(false);
    if (!next) return;
    setInfo(next);
    announce('live.kvCacheCleared');
  }

  const lang = i18n.language;
  return (
    <div className="field is-wide kv-cache">
      <span className="field-label">{t('settings.kvCache')}</span>
      <p className="field-hint" aria-live="polite">
        {info
          ? t('settings.kvCacheUsage', {
              size: formatBytes(info.bytes, lang),
              count: info.files,
              files: formatNumber(info.files, lang),
              limit: formatBytes(info.budgetBytes, lang),
            })
          : '…'}
      </p>
      <div>
        <button type="button" className="button" disabled={!info || info.files === 0 || clearing} onClick={() => void clear()}>
          {t('settings.kvCacheClear')}
        </button>
      </div>
    </div>
  );
}
