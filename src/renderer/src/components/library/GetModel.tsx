import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnqueueDownloadRequest } from '../../../../shared/downloads';
import type { CompatReport } from '../../../../shared/models';
import { isScannedModelOk } from '../../../../shared/models';
import { selectModel, showChat, showModels } from '../../store/actions';
import { checkCompatibility, startDownloads } from '../../store/library-actions';
import { isActiveDownload } from '../../store/selectors';
import { useAppStore } from '../../store/state';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { Icon } from '../common/Icon';
import { CompatView, needsConfirmation, reasonText } from './CompatView';
import { DownloadProgress } from './DownloadProgress';

interface Props {
  /** How the model is named in the buttons' labels ("Download {{name}}"). */
  name: string;
  /** The URL that is checked (the first part for a split model). */
  source: string;
  /** Total bytes over all parts. */
  fileSize: number;
  /** One request per file to fetch; the first one names the model in the models folder. */
  requests: EnqueueDownloadRequest[];
  /** Why it cannot be downloaded at all (e.g. an incomplete split model). */
  unavailable?: boolean;
}

/**
 * The status of a downloadable model (installed, downloading, available) with its two actions:
 * check compatibility, and download — which checks first when that was not done yet and asks
 * for an explicit "Download anyway" when the model won't fit or the disk is short.
 */
export function GetModel({ name, source, fileSize, requests, unavailable = false }: Props): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const fileName = requests[0]?.fileName ?? '';
  const compat = useAppStore((s) => s.compat[source]);
  const installed = useAppStore((s) => s.models.find((m) => m.fileName === fileName));
  const download = useAppStore((s) => s.downloads.find((d) => d.fileName === fileName && isActiveDownload(d)));
  const selected = useAppStore((s) => installed !== undefined && s.settings?.selectedModelPath === installed.path);
  const [starting, setStarting] = useState(false);
  const [warning, setWarning] = useState<CompatReport | null>(null);

  async function start(): Promise<void> {
    setStarting(true);
    try {
      const report = compat?.status === 'done' ? compat.report : await checkCompatibility(source, fileSize);
      // A failed check is shown beside the model; the download itself will say what is wrong.
      if (report && needsConfirmation(report)) {
        setWarning(report);
        return;
      }
      await startDownloads(requests);
    } finally {
      setStarting(false);
    }
  }

  function confirm(): void {
    setWarning(null);
    setStarting(true);
    void startDownloads(requests).finally(() => setStarting(false));
  }

  const warningBody = warning
    ? [
        warning.verdict === 'wont-fit' ? t('library.confirmWontFit', { name }) : null,
        warning.diskOk ? null : t('library.confirmDisk', { name }),
        ...warning.reasons.map((reason) => reasonText(reason, t, i18n.language)),
      ]
        .filter(Boolean)
        .join(' ')
    : '';

  return (
    <div className="get-model">
      <div className="get-model-row">
        {installed ? (
          <span className="badge is-installed">
            <Icon name="check" />
            {t('library.installed')}
          </span>
        ) : download ? (
          <div className="get-model-progress">
            <DownloadProgress download={download} />
            <span className="get-model-state">{t(`downloads.state.${download.state}`)}</span>
          </div>
        ) : null}
        <div className="get-model-actions">
          <button
            type="button"
            className="button small"
            aria-label={t(compat?.status === 'checking' ? 'library.checkingOf' : 'library.checkOf', { name })}
            disabled={compat?.status === 'checking' || starting}
            onClick={() => void checkCompatibility(source, fileSize)}
          >
            <Icon name="gauge" />
            {compat?.status === 'checking' ? t('library.checking') : t('library.check')}
          </button>
          {installed && isScannedModelOk(installed) && !selected && (
            <button
              type="button"
              className="button small"
              aria-label={t('library.useOf', { name })}
              onClick={() => {
                showChat();
                void selectModel(installed.path);
              }}
            >
              {t('library.use')}
            </button>
          )}
          {download && (
            <button type="button" className="button small ghost" onClick={() => showModels('downloads')}>
              {t('library.showDownloads')}
            </button>
          )}
          {!installed && !download && (
            <button
              type="button"
              className="button small primary"
              aria-label={t('library.downloadOf', { name })}
              disabled={unavailable || starting || compat?.status === 'checking'}
              onClick={() => void start()}
            >
              <Icon name="download" />
              {t('library.download')}
            </button>
          )}
        </div>
      </div>
      <CompatView name={name} state={compat} />
      {warning && (
        <ConfirmDialog
          title={t('library.confirmTitle')}
          body={warningBody}
          confirmLabel={t('library.downloadAnyway')}
          onCancel={() => setWarning(null)}
          onConfirm={confirm}
        />
      )}
    </div>
  );
}
