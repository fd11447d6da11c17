import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { showModels } from '../../store/actions';
import { summarizeDownloads } from '../../store/selectors';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';

/** While anything downloads: how many and how far overall, on every screen; opens the Downloads tab. */
export function DownloadSlot(): React.JSX.Element {
  const { t } = useTranslation();
  const downloads = useAppStore((s) => s.downloads);
  const summary = useMemo(() => summarizeDownloads(downloads), [downloads]);
  const { count, percent } = summary;
  const label = percent === null ? t('downloadSlot.labelUnknown', { count }) : t('downloadSlot.label', { count, percent });

  return (
    <div className="download-slot" data-testid="download-slot">
      {count > 0 && (
        <button type="button" className="download-indicator" aria-label={label} title={label} onClick={() => showModels('downloads')}>
          <Icon name="download" />
          <span className="download-indicator-count">{count}</span>
          {percent !== null && <span className="download-indicator-percent">{t('downloads.percent', { value: percent })}</span>}
          <span className="download-indicator-bar" aria-hidden="true">
            <span style={{ width: `${percent ?? 0}%` }} />
          </span>
        </button>
      )}
    </div>
  );
}
