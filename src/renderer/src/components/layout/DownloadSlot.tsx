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
        // The name is the visible count and percent with words around them (hidden), so what is
        // read out contains what is shown and voice control can say it.
        <button type="button" className="download-indicator" title={label} onClick={() => showModels('downloads')}>
          <Icon name="download" />
          {/* Spaces as their own text nodes: a flex box drops them visually, names keep them. */}
          <span className="visually-hidden">{t('downloadSlot.prefix')}</span>{' '}
          <span className="download-indicator-count">{count}</span>{' '}
          <span className="visually-hidden">
            {t('downloadSlot.inProgress')}
            {percent !== null ? ',' : ''}
          </span>
          {percent !== null && (
            <>
              {' '}
              <span className="download-indicator-percent">{t('downloads.percent', { value: percent })}</span>{' '}
              <span className="visually-hidden">{t('downloadSlot.done')}</span>
            </>
          )}
          <span className="download-indicator-bar" aria-hidden="true">
            <span style={{ width: `${percent ?? 0}%` }} />
          </span>
        </button>
      )}
    </div>
  );
}
