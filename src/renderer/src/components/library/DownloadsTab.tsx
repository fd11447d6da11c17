import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/state';
import { DownloadRow } from './DownloadRow';

export function DownloadsTab(): React.JSX.Element {
  const { t } = useTranslation();
  const downloads = useAppStore((s) => s.downloads);
  if (downloads.length === 0) return <p className="library-empty">{t('downloads.empty')}</p>;
  return (
    <ul className="download-list">
      {downloads.map((download) => (
        <DownloadRow key={download.id} download={download} />
      ))}
    </ul>
  );
}
