import { mayCarryToken } from '../../shared/hub-address';
import { diskFull, DownloadError, httpStatusError, remoteNoLongerMatches } from './download-error';
import { requestBody, type BodyResponse } from './body-request';
import { writeBody } from './body-writer';
import type { DiskIo } from './disk-io';
import { header, numberHeader } from './http-client';
import { freeBytes, hashStateFor, resetPart, type HashState } from './part-file';
import { isStrongEtag, probeRemoteFile, type RemoteFile } from './remote-file';
import { parseRetryAfter } from './retry-after';

/** One download as a transfer attempt sees it; the attempt updates `hash`, `etag`, `validator`, `totalBytes`. */
export interface TransferJob {
  url: string;
  partPath: string;
  modelsDir: string;
  requestedSha256: string | null;
  /** Hash of the .part as last known; rebuilt from disk when it no longer matches the file (restart, failed write). */
  hash: HashState | undefined;
  etag: string | null;
  validator: string | null;
  totalBytes: number | null;
  /** SHA-256 the finished file must have (pinned, or from the hub). */
  sha256: string | null;
}

export interface TransferOptions {
  disk: DiskIo;
  authorization: string | undefined;
  signal: AbortSignal;
  stallTimeoutMs: number;
  diskMarginBytes: number;
  /** The job's remote identity or size changed; persist it. */
  onMeta(): void;
  onBytes(received: number): void;
}

const maxRangeRetries = 3;
/** Probes per attempt when the file keeps changing under the download. */
const maxProbes = 3;
const maxBodyRedirects = 5;

/**
 * One attempt: ask the hub what the file is, then fetch the missing tail into the .part.
 * Resolves once every byte is on disk; throws a DownloadError (or the abort reason) otherwise.
 */
export async function transferOnce(job: TransferJob, options: TransferOptions): Promise<void> {
  job.hash = await hashStateFor(job.partPath, job.hash, options.disk, options.signal);
  for (let probe = 0; probe < maxProbes; probe++) {
    const remote = await probeRemoteFile(job.url, {
      authorization: options.authorization,
      signal: options.signal,
      timeoutMs: options.stallTimeoutMs,
    });
    if ((await fetchMissing(job, remote, options)) === 'complete') return;
    // The file changed between the probe and the body: what the probe said (size, SHA-256) is
    // about the old one, so ask again and check the new file against its own hash.
    job.etag = null;
    job.totalBytes = null;
  }
  throw new DownloadError('DOWNLOAD_FAILED', 'The file kept changing on the server while it was being downloaded.', { reason: 'fileChanging' }, true);
}

/** Fetches what the .part lacks, or reports that the server now has another file (the .part is then empty). */
async function fetchMissing(job: TransferJob, remote: RemoteFile, options: TransferOptions): Promise<'complete' | 'changed'> {
  let state = job.hash ?? (await restart(job, options.disk));
  if (job.requestedSha256 && remote.sha256 && remote.sha256 !== job.requestedSha256) {
    throw remoteNoLongerMatches(remote.sha256, job.requestedSha256);
  }
  if (job.etag !== null && remote.identity !== null && remote.identity !== job.etag) {
    // Re-uploaded since these bytes were fetched: they belong to another file.
    state = await restart(job, options.disk);
  }
  job.etag = remote.identity ?? job.etag;
  job.sha256 = job.requestedSha256 ?? remote.sha256;
  let total = remote.size ?? job.totalBytes;
  job.totalBytes = total;
  options.onMeta();

  if (total !== null && state.bytes > total) state = await restart(job, options.disk);
  if (total !== null && state.bytes === total) return 'complete';
  if (total !== null) await ensureSpace(total - state.bytes, job.modelsDir, options.diskMarginBytes);

  for (let round = 0; round < maxRangeRetries; round++) {
    const offset = state.bytes;
    const res = await openBody(options, remote.bodyUrl, remote.sendAuthToBody, rangeHeaders(offset, job.validator));
    const status = res.statusCode;
    const bodyEtag = header(res.headers, 'etag');
    const otherFile = offset > 0 && job.validator !== null && bodyEtag !== null && bodyEtag !== job.validator;

    if (status === 416) {
      res.destroy();
      if (total !== null && offset === total) return 'complete';
      state = await restart(job, options.disk);
      continue;
    }
    if ((status === 200 || status === 206) && otherFile) {
      res.destroy();
      await restart(job, options.disk);
      return 'changed';
    }
    if (status === 206) {
      const range = parseContentRange(header(res.headers, 'content-range'));
      if (!range || range.start !== offset || (total !== null && range.total !== null && range.total !== total)) {
        res.destroy();
        state = await restart(job, options.disk);
        continue;
      }
      total = range.total ?? total;
    } else if (status === 200) {
      // Range ignored (same file): this body starts at byte 0.
      if (offset > 0) state = await restart(job, options.disk);
      total = numberHeader(res.headers, 'content-length') ?? total;
    } else {
      res.destroy();
      throw httpStatusError(status, job.url, options.authorization !== undefined, parseRetryAfter(header(res.headers, 'retry-after'), Date.now()));
    }
    job.validator = bodyEtag;
    job.totalBytes = total;
    options.onMeta();

    const outcome = await writeBody(res, state, {
      disk: options.disk,
      partPath: job.partPath,
      modelsDir: job.modelsDir,
      stallTimeoutMs: options.stallTimeoutMs,
      signal: options.signal,
      onBytes: options.onBytes,
    });
    if (!outcome.hashMatchesDisk) {
      state.hash.dispose();
      job.hash = undefined;
    }
    if (outcome.error) throw outcome.error;
    if (total !== null && state.bytes < total) {
      throw new DownloadError('NETWORK', 'The download server ended the transfer early.', { reason: 'endedEarly' }, true);
    }
    if (total !== null && state.bytes > total) {
      await restart(job, options.disk);
      throw new DownloadError('DOWNLOAD_FAILED', 'The download server sent more bytes than announced.', { reason: 'tooManyBytes' }, true);
    }
    return 'complete';
  }
  throw new DownloadError('DOWNLOAD_FAILED', 'The download server kept answering with the wrong byte range.', { reason: 'wrongRange' }, true);
}

async function restart(job: TransferJob, disk: DiskIo): Promise<HashState> {
  const state = await resetPart(job.partPath, job.hash, disk);
  job.hash = state;
  job.validator = null;
  return state;
}

async function ensureSpace(needed: number, dir: string, margin: number): Promise<void> {
  const free = await freeBytes(dir);
  if (needed + margin > free) throw diskFull(needed, free, dir);
}

function rangeHeaders(offset: number, validator: string | null): Record<string, string> {
  if (offset === 0) return {};
  return { Range: `bytes=${offset}-`, ...(isStrongEtag(validator) ? { 'If-Range': validator } : {}) };
}

/**
 * GETs the body, following plain redirects by hand so the token never leaves the hub's origin.
 * Unanswered bodies (errors, redirects, wrong ranges) are dropped with their connection.
 */
async function openBody(options: TransferOptions, url: URL, sendAuth: boolean, headers: Record<string, string>): Promise<BodyResponse> {
  let current = url;
  let auth = sendAuth;
  for (let hop = 0; hop <= maxBodyRedirects; hop++) {
    const res = await requestBody(current, {
      headers: { ...headers, ...(auth && options.authorization && mayCarryToken(current) ? { Authorization: options.authorization } : {}) },
      signal: options.signal,
      headersTimeoutMs: options.stallTimeoutMs,
    });
    const location = header(res.headers, 'location');
    const status = res.statusCode;
    if (status < 300 || status >= 400 || !location) return res;
    res.destroy();
    const next = new URL(location, current);
    auth = auth && next.origin === current.origin;
    current = next;
  }
  throw new DownloadError('DOWNLOAD_FAILED', `Too many redirects for ${url.toString()}`, { reason: 'tooManyRedirects', url: url.toString() }, false);
}

export function parseContentRange(value: string | null): { start: number; end: number; total: number | null } | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!match) return null;
  return { start: Number(match[1]), end: Number(match[2]), total: match[3] === '*' ? null : Number(match[3]) };
}
