import { AppError, type ErrorCode, type ErrorParams } from '../../shared/errors';
import { errors } from 'undici';
import { ProxyError } from '../net/proxy-error';
import { formatBytes } from './format';

/** An AppError that also says whether trying again could help, and when the server wants us back. */
export class DownloadError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryable: boolean,
    /** The server's Retry-After, in ms from when it answered; null when it sent none. */
    readonly retryAfterMs: number | null = null,
    params?: ErrorParams,
  ) {
    super(code, message, params);
    this.name = 'DownloadError';
  }

  static override from(error: unknown): DownloadError {
    if (error instanceof DownloadError) return error;
    if (error instanceof ProxyError) return new DownloadError(error.code, error.message, error.retryable, null, error.params);
    if (error instanceof AppError) return new DownloadError(error.code, error.message, false, null, error.params);
    const code = (error as NodeJS.ErrnoException | null)?.code;
    // A garbled answer is worth a retry, like any broken connection.
    if (error instanceof errors.HTTPParserError || (code && networkErrorCodes.has(code))) return lostConnection(error as Error);
    return new DownloadError('DOWNLOAD_FAILED', error instanceof Error ? error.message : String(error), false);
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
  return new DownloadError('NETWORK', `The connection to the download server was lost (${cause.message}).`, true);
}

export function stalled(ms: number): DownloadError {
  return new DownloadError('NETWORK', `The download server sent no data for ${Math.round(ms / 1000)} s.`, true);
}

/** Maps an unexpected HTTP status to the message a user can act on. */
export function httpStatusError(status: number, url: string, hasToken: boolean, retryAfterMs: number | null = null): DownloadError {
  if (status === 401 || status === 403) {
    return new DownloadError(
      'AUTH_REQUIRED',
      hasToken
        ? `Hugging Face refused the access token (HTTP ${status}). Check that the token is valid and that you accepted this model's terms on huggingface.co.`
        : `This model needs a Hugging Face token (HTTP ${status}): accept its terms on huggingface.co, then add your access token in Settings.`,
      false,
    );
  }
  if (status === 404 || status === 410) {
    return new DownloadError('NOT_FOUND', `The file is not on the server (HTTP ${status}): ${url}`, false);
  }
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  const wait = retryable && retryAfterMs !== null ? ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.` : '';
  return new DownloadError('DOWNLOAD_FAILED', `The download server answered HTTP ${status}.${wait}`, retryable, retryable ? retryAfterMs : null);
}

export function diskFull(needed: number, free: number, dir: string): DownloadError {
  return new DownloadError(
    'DISK_FULL',
    `Not enough disk space: this download needs ${formatBytes(needed)} more but only ${formatBytes(free)} is free in ${dir}. Free some space, then resume.`,
    false,
  );
}

export function ranOutOfSpace(dir: string): DownloadError {
  return new DownloadError(
    'DISK_FULL',
    `The disk filled up while downloading into ${dir}. The partial download is kept; free some space, then resume.`,
    false,
  );
}

export function checksumMismatch(actual: string, expected: string): DownloadError {
  return new DownloadError(
    'CHECKSUM_MISMATCH',
    `The downloaded file is damaged: its SHA-256 is ${actual} but ${expected} was expected. It was deleted; try again.`,
    false,
  );
}

export function remoteNoLongerMatches(remote: string, expected: string): DownloadError {
  return new DownloadError(
    'CHECKSUM_MISMATCH',
    `The file on the server (SHA-256 ${remote}) is not the one expected (${expected}); it may have been updated. Refresh the model list and try again.`,
    false,
  );
}
