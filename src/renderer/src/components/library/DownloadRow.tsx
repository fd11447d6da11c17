import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DownloadInfo, Verification } from '../../../../shared/downloads';
import type { ErrorCode } from '../../../../shared/errors';
import { formatBytes } from '../../format';
import { errorText } from '../../i18n/error-text';
import { cancelDownload, pauseDownload, removeDownload, resumeDownload } from '../../store/library-actions';
import { Icon } from '../common/Icon';
import { DownloadProgress } from './DownloadProgress';
import { formatDuration } from './format-duration';

type HintKey = 'downloads.hintChecksum' | 'downloads.hintAuth' | 'downloads.hintForbidden' | 'downloads.hintNetwork' | 'downloads.hintDisk';

/** What the user can do about a failure, for the codes where there is something. */
const errorHints: Partial<Record<ErrorCode, HintKey>> = {
  CHECKSUM_MISMATCH: 'downloads.hintChecksum',
  AUTH_REQUIRED: 'downloads.hintAuth',
  FORBIDDEN: 'downloads.hintForbidden',
  NETWORK: 'downloads.hintNetwork',
  DISK_FULL: 'downloads.hintDisk',
};

/** Seconds until `at`, refreshed every second while there is one. */
function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** While the manager waits out a backoff after a dropped connection or a server error, or the server's Retry-After. */
function RetryNote({ download }: { download: DownloadInfo }): React.JSX.Element | null {
  const { t, i18n } = useTranslation();
  const waiting = download.state === 'downloading' ? download.nextRetryAt : null;
  const retryIn = useSecondsUntil(waiting);
  if (retryIn === null || waiting === null) return null;
  const text =
    download.retryWait === 'retry-after'
      ? t('downloads.retryAfter', {
          time: new Date(waiting).toLocaleTimeString(i18n.language, { hour: 'numeric', minute: '2-digit' }),
          duration: formatDuration(retryIn, t),
        })
      : `${t('downloads.networkLost')} ${t('downloads.retrying', { seconds: retryIn, attempt: download.retryAttempt + 1 })}`;
  return (
    <p className="download-note is-warning" role="note">
      {text}
      {download.error ? <span className="download-note-detail"> {errorText(t, download.error)}</span> : null}
    </p>
  );
}

const verificationText = {
  sha256: 'downloads.verifiedSha256',
  size: 'downloads.verifiedSize',
  none: 'downloads.verifiedNone',
} as const satisfies Record<Verification, string>;

/** What was checked before the file became a model: only a matching SHA-256 is a verification. */
function VerificationNote({ download }: { download: DownloadInfo }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (download.state !== 'completed') return null;
  const verified = download.verification === 'sha256';
  return <p className={`download-note${verified ? '' : ' is-warning'}`}>{t(verificationText[download.verification])}</p>;
}

function PausedNote({ download }: { download: DownloadInfo }): React.JSX.Element | null {
  const { t, i18n } = useTranslation();
  if (download.state !== 'paused' || !download.pausedReason) return null;
  if (download.pausedReason === 'user') return <p className="download-note">{t('downloads.pausedByUser')}</p>;
  if (download.pausedReason === 'disk-full') {
    const remaining = download.totalBytes !== null ? Math.max(0, download.totalBytes - download.receivedBytes) : null;
    return (
      <p className="download-note is-error" role="note">
        <Icon name="alert" />
        {remaining !== null ? t('downloads.diskFull', { remaining: formatBytes(remaining, i18n.language) }) : t('downloads.diskFullUnknown')}
      </p>
    );
  }
  return null;
}

function ErrorNote({ download }: { download: DownloadInfo }): React.JSX.Element | null {
  const { t } = useTranslation();
  const { error } = download;
  if (!error || download.state !== 'failed') return null;
  const hint = errorHints[error.code];
  return (
    <div className="download-note is-error" role="note">
      <Icon name="alert" />
      <div>
        <strong>{t(`errors.${error.code}`)}</strong> <span>{errorText(t, error)}</span>
        {hint && <p>{t(hint)}</p>}
      </div>
    </div>
  );
}

export function DownloadRow({ download }: { download: DownloadInfo }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { state, fileName: file } = download;
  const meta: string[] = [
    download.totalBytes !== null
      ? t('downloads.bytes', { received: formatBytes(download.receivedBytes, lang), total: formatBytes(download.totalBytes, lang) })
      : formatBytes(download.receivedBytes, lang),
  ];
  if (state === 'downloading') {
    meta.push(t('downloads.speed', { value: formatBytes(download.bytesPerSecond, lang) }));
    if (download.etaSeconds !== null) meta.push(t('downloads.eta', { value: formatDuration(download.etaSeconds, t) }));
  }

  const canPause = state === 'queued' || state === 'downloading';
  const canCancel = canPause || state === 'paused' || state === 'verifying';
  const canRemove = state === 'completed' || state === 'failed' || state === 'cancelled';

  return (
    <li className="download-row" data-state={state} aria-label={file}>
      <div className="download-head">
        <strong className="download-name" title={download.url}>
          {file}
        </strong>
        <span className={`download-state is-${state}`}>{t(`downloads.state.${state}`)}</span>
      </div>
      {state !== 'cancelled' && <DownloadProgress download={download} />}
      <p className="download-meta">{meta.join(' · ')}</p>
      {state === 'completed' && <p className="download-note">{t('downloads.savedAs', { path: download.targetPath })}</p>}
      <VerificationNote download={download} />
      <RetryNote download={download} />
      <PausedNote download={download} />
      <ErrorNote download={download} />
      <div className="download-actions">
        {canPause && (
          <button type="button" className="button small" aria-label={t('downloads.pauseOf', { file })} onClick={() => void pauseDownload(download.id)}>
            <Icon name="pause" />
            {t('downloads.pause')}
          </button>
        )}
        {state === 'paused' && (
          <button type="button" className="button small primary" aria-label={t('downloads.resumeOf', { file })} onClick={() => void resumeDownload(download.id)}>
            <Icon name="play" />
            {t('downloads.resume')}
          </button>
        )}
        {state === 'failed' && (
          <button type="button" className="button small primary" aria-label={t('downloads.retryOf', { file })} onClick={() => void resumeDownload(download.id)}>
            <Icon name="refresh" />
            {t('downloads.retry')}
          </button>
        )}
        {canCancel && (
          <button type="button" className="button small" aria-label={t('downloads.cancelOf', { file })} onClick={() => void cancelDownload(download.id)}>
            <Icon name="close" />
            {t('downloads.cancel')}
          </button>
        )}
        {canRemove && (
          <button type="button" className="button small ghost" aria-label={t('downloads.removeOf', { file })} onClick={() => void removeDownload(download.id)}>
            <Icon name="trash" />
            {t('downloads.remove')}
          </button>
        )}
      </div>
    </li>
  );
}
