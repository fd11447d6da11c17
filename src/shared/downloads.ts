import type { ErrorPayload } from './errors';

export const downloadStates = ['queued', 'downloading', 'paused', 'verifying', 'completed', 'failed', 'cancelled'] as const;
export type DownloadState = (typeof downloadStates)[number];

/**
 * Why a download sits in `paused`: the user asked, or the disk filled up. A dropped network is not
 * a pause: the download stays `downloading` with `error` and `nextRetryAt` set while it backs off.
 */
export const pausedReasons = ['user', 'disk-full'] as const;
export type PausedReason = (typeof pausedReasons)[number];

/**
 * How a finished download was checked (or a running one will be): against a SHA-256 (the catalog's,
 * or the one the Hub publishes), only against the size the server announced, or not at all.
 */
export const verifications = ['sha256', 'size', 'none'] as const;
export type Verification = (typeof verifications)[number];

/**
 * Whose delay a running download is waiting out before its next try: its own backoff after a
 * failure, or the server's Retry-After (a busy server, HTTP 429 or 503).
 */
export const retryWaits = ['backoff', 'retry-after'] as const;
export type RetryWait = (typeof retryWaits)[number];

/** States a download never leaves on its own; only `resume` (failed) or `remove` act on them. */
export const finishedDownloadStates: readonly DownloadState[] = ['completed', 'failed', 'cancelled'];

export interface DownloadInfo {
  id: string;
  url: string;
  /** Plain file name inside the models folder, e.g. `stories260K.gguf`. */
  fileName: string;
  /** Absolute path of the finished file; it only exists once state is `completed`. */
  targetPath: string;
  state: DownloadState;
  receivedBytes: number;
  totalBytes: number | null;
  bytesPerSecond: number;
  etaSeconds: number | null;
  /** Expected SHA-256 (from the request or the host); after completion, the verified hash. Null when none was known. */
  sha256: string | null;
  verification: Verification;
  error: ErrorPayload | null;
  pausedReason: PausedReason | null;
  /** How many reconnects in a row have failed so far (0 while things go well). */
  retryAttempt: number;
  /** When the next reconnect happens (epoch ms), while waiting out a backoff or a Retry-After. */
  nextRetryAt: number | null;
  /** Set together with nextRetryAt: why it waits. */
  retryWait: RetryWait | null;
  createdAt: number;
  updatedAt: number;
}

export interface EnqueueDownloadRequest {
  /** Usually a Hugging Face `…/resolve/main/…` URL. */
  url: string;
  fileName: string;
  /** Expected SHA-256 (hex) when the catalog knows it; otherwise taken from the host's X-Linked-Etag. */
  sha256?: string;
  /** Expected size in bytes, used for the disk-space check before the host answers. */
  size?: number;
}
