import { mayCarryToken } from '../../shared/hub-address';
import { DownloadError, httpStatusError } from './download-error';
import { header, numberHeader, sendHead } from './http-client';
import { parseRetryAfter } from './retry-after';

/** What the hub says about a file before any byte is fetched. */
export interface RemoteFile {
  /** Where the bytes are (the CDN location for LFS files). */
  bodyUrl: URL;
  /** Identity of the content (X-Linked-Etag, else ETag); changes when the file is re-uploaded. */
  identity: string | null;
  /** SHA-256 advertised by the hub for LFS files. */
  sha256: string | null;
  size: number | null;
  /** The token goes to the hub's own origin only, never to a CDN. */
  sendAuthToBody: boolean;
}

export interface ProbeOptions {
  authorization: string | undefined;
  signal: AbortSignal;
  timeoutMs: number;
}

const maxRedirects = 5;

/**
 * HEADs the URL without following redirects, because HF puts X-Linked-Etag / X-Linked-Size on the
 * 302 itself; plain redirects (renamed repos) are followed until one carries them or a 200 answers.
 */
export async function probeRemoteFile(url: string, options: ProbeOptions): Promise<RemoteFile> {
  const origin = new URL(url).origin;
  let current = new URL(url);
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const sameOrigin = current.origin === origin;
    const res = await sendHead(current, {
      method: 'HEAD',
      headers: sameOrigin && options.authorization && mayCarryToken(current) ? { Authorization: options.authorization } : {},
      signal: options.signal,
      headersTimeoutMs: options.timeoutMs,
    });
    const status = res.statusCode;
    const location = header(res.headers, 'location');
    if (status >= 300 && status < 400 && location) {
      const next = new URL(location, current);
      const linkedEtag = header(res.headers, 'x-linked-etag');
      const linkedSize = numberHeader(res.headers, 'x-linked-size');
      if (linkedEtag !== null || linkedSize !== null) {
        const identity = linkedEtag ?? header(res.headers, 'etag');
        return { bodyUrl: next, identity, sha256: sha256FromEtag(identity), size: linkedSize, sendAuthToBody: next.origin === origin };
      }
      current = next;
      continue;
    }
    if (status >= 200 && status < 300) {
      // A mirror that serves the file itself may still say what it is, as HF's redirects do.
      const identity = header(res.headers, 'x-linked-etag') ?? header(res.headers, 'etag');
      const size = numberHeader(res.headers, 'x-linked-size') ?? numberHeader(res.headers, 'content-length');
      return { bodyUrl: current, identity, sha256: sha256FromEtag(identity), size, sendAuthToBody: sameOrigin };
    }
    // Some servers refuse HEAD; the GET that follows will tell us what we need.
    if (status === 405 || status === 501) {
      return { bodyUrl: current, identity: null, sha256: null, size: null, sendAuthToBody: sameOrigin };
    }
    throw httpStatusError(status, url, options.authorization !== undefined, parseRetryAfter(header(res.headers, 'retry-after'), Date.now()));
  }
  throw new DownloadError('DOWNLOAD_FAILED', `Too many redirects for ${url}`, { reason: 'tooManyRedirects', url }, false);
}

/**
 * HF's X-Linked-Etag (and a mirror's ETag) for LFS files is the quoted SHA-256 of the content; a git
 * blob id (40 hex, SHA-1) or any other validator yields null, so nothing else passes for a checksum.
 */
export function sha256FromEtag(etag: string | null): string | null {
  const bare = etag?.replace(/^W\//, '').replace(/"/g, '').toLowerCase() ?? '';
  return /^[0-9a-f]{64}$/.test(bare) ? bare : null;
}

/** Only strong validators may be used with If-Range (RFC 9110 §13.1.5). */
export function isStrongEtag(etag: string | null): etag is string {
  return etag !== null && !etag.startsWith('W/');
}
