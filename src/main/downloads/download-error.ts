import { errors } from 'undici';
import { AppError, keepParams, type ErrorCode, type ReasonParams } from '../../shared/errors';
import { ProxyError } from '../net/proxy-error';
import { formatBytes } from './format';

/** An AppError that also says whether trying again could help, and when the server wants us back. */
export class DownloadError<C extends ErrorCode = ErrorCode> extends AppError<C> {
  constructor(
    code: C,
    message: string,
    params: ReasonParams<C>,
    readonly retryable: boolean,
    /** The server's Retry-After, in ms from when it answered; null when it sent none. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(code, message, params);
    this.name = 'DownloadError';
  }

  /** The same failure, given up on: not retried any more. */
  givenUp(suffix: string): DownloadError {
    const code: ErrorCode = this.code;
    return keepParams(new DownloadError(code, this.message + suffix, { reason: 'unexpected' }, false), this.params);
  }

  static override from(error: unknown): DownloadError {
    if (error instanceof DownloadError) return error;
    if (error instanceof ProxyError) return keepParams(new DownloadError(error.code, error.message, { reason: 'unexpected' }, error.retryable), error.params);
    if (error instanceof AppError) return keepParams(new DownloadError(error.code, error.message, { reason: 'unexpected' }, false), error.params);
    const code = (error as NodeJS.ErrnoException | null)?.code;
    // A garbled answer is worth a retry, like any broken connection.
    if (error instanceof errors.HTTPParserError || (code && networkErrorCodes.has(code))) return lostConnection(error as Error);
    const message = error instanceof Error ? error.message : String(error);
    return new DownloadError('DOWNLOAD_FAILED', message, { reason: 'unexpected', detail: message }, false);
  }
}

const networkErrorCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export function lostConnection(cause: Error): DownloadError {
  return new DownloadError('NETWORK', `The connection to the download server was lost (${cause.message}).`, { reason: 'connectionLost', detail: cause.message }, true);
}

export function stalled(ms: number): DownloadError {
  const seconds = Math.round(ms / 1000);
  return new DownloadError('NETWORK', `The download server sent no data for ${seconds} s.`, { reason: 'stalled', seconds }, true);
}

/** Maps an unexpected HTTP status to the message a user can act on. */
export function httpStatusError(status: number, url: string, hasToken: boolean, retryAfterMs: number | null = null): DownloadError {
  if (status === 401 || status === 403) {
    return new DownloadError(
      'AUTH_REQUIRED',
      hasToken
        ? `Hugging Face refused the access token (HTTP ${status}). Check that the token is valid and that you accepted this model's terms on huggingface.co.`
        : `This model needs a Hugging Face token (HTTP ${status}): accept its terms on huggingface.co, then add your access token in Settings.`,
      { reason: hasToken ? 'tokenRefused' : 'tokenNeeded', status },
      false,
    );
  }
  if (status === 404 || status === 410) {
    return new DownloadError('NOT_FOUND', `The file is not on the server (HTTP ${status}): ${url}`, { reason: 'notOnServer', status, url }, false);
  }
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  const seconds = retryable && retryAfterMs !== null ? Math.ceil(retryAfterMs / 1000) : null;
  const wait = seconds !== null ? ` It asked to wait ${seconds} s.` : '';
  const params: ReasonParams<'DOWNLOAD_FAILED'> = seconds !== null ? { reason: 'httpStatusWait', status, seconds } : { reason: 'httpStatus', status };
  return new DownloadError('DOWNLOAD_FAILED', `The download server answered HTTP ${status}.${wait}`, params, retryable, retryable ? retryAfterMs : null);
}

export function diskFull(needed: number, free: number, dir: string): DownloadError {
  return new DownloadError(
    'DISK_FULL',
    `Not enough disk space: this download needs ${formatBytes(needed)} more but only ${formatBytes(free)} is free in ${dir}. Free some space, then resume.`,
    { reason: 'notEnoughSpace', needed, free, dir },
    false,
  );
}

export function ranOutOfSpace(dir: string): DownloadError {
  return new DownloadError(
    'DISK_FULL',
    `The disk filled up while downloading into ${dir}. The partial download is kept; free some space, then resume.`,
    { reason: 'ranOut', dir },
    false,
  );
}

export function checksumMismatch(actual: string, expected: string): DownloadError {
  return new DownloadError(
    'CHECKSUM_MISMATCH',
    `The downloaded file is damaged: its SHA-256 is ${actual} but ${expected} was expected. It was deleted; try again.`,
    { reason: 'mismatch', actual, expected },
    false,
  );
}

export function remoteNoLongerMatches(remote: string, expected: string): DownloadError {
  return new DownloadError(
    'CHECKSUM_MISMATCH',
    `The file on the server (SHA-256 ${remote}) is not the one expected (${expected}); it may have been updated. Refresh the model list and try again.`,
    { reason: 'remoteChanged', remote, expected },
    false,
  );
}
