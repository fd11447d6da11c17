import { useTranslation } from 'react-i18next';
import type { DownloadInfo } from '../../../../shared/downloads';
import { formatBytes } from '../../format';

/** Bytes received of the total; without a known total it is indeterminate (no value). */
export function DownloadProgress({ download }: { download: DownloadInfo }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const total = download.totalBytes && download.totalBytes > 0 ? download.totalBytes : null;
  const received = total ? Math.min(download.receivedBytes, total) : download.receivedBytes;
  const percent = total ? Math.floor((received / total) * 100) : null;
  const valueText =
    percent === null
      ? formatBytes(received, lang)
      : `${t('downloads.percent', { value: percent })} (${t('downloads.bytes', { received: formatBytes(received, lang), total: formatBytes(total ?? 0, lang) })})`;
  return (
    <div
      className={`progress is-${download.state} ${percent === null ? 'is-indeterminate' : ''}`}
      role="progressbar"
      aria-label={t('downloads.progressOf', { file: download.fileName })}
      aria-valuemin={0}
      aria-valuemax={total ?? undefined}
      aria-valuenow={total ? received : undefined}
      aria-valuetext={valueText}
    >
      <span className="progress-fill" style={{ width: `${percent ?? 100}%` }} />
    </div>
  );
}
