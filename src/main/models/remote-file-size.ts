import { AppError } from '../../shared/errors';
import { netFetch } from '../net/http';
import { proxyErrorIn } from '../net/proxy-error';

export interface RemoteRequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/**
 * Size of a remote file in bytes. Tries HEAD first (Hugging Face answers it with a redirect to its
 * CDN, which fetch follows); servers that omit Content-Length on HEAD are asked for one byte, whose
 * Content-Range carries the total.
 */
export async function fetchRemoteFileSize(url: string, opts: RemoteRequestOptions = {}): Promise<number> {
  const head = await request(url, 'HEAD', opts);
  const fromHead = parseSize(head.headers.get('content-length')) ?? parseSize(head.headers.get('x-linked-size'));
  if (fromHead !== null) return fromHead;

  const probe = await request(url, 'GET', { ...opts, headers: { ...opts.headers, Range: 'bytes=0-0' } });
  // Not reading the body: cancel it so the connection is released at once.
  await probe.body?.cancel().catch(() => undefined);
  const total = probe.headers.get('content-range')?.split('/')[1];
  const size = parseSize(total ?? null) ?? (probe.status === 200 ? parseSize(probe.headers.get('content-length')) : null);
  if (size === null) throw new AppError('NETWORK', `The server did not report the size of ${url}`, { reason: 'noSize', url });
  return size;
}

async function request(url: string, method: 'HEAD' | 'GET', opts: RemoteRequestOptions): Promise<Response> {
  let response: Response;
  try {
    response = await netFetch(url, { method, headers: opts.headers, signal: opts.signal, redirect: 'follow' });
  } catch (error) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const proxy = proxyErrorIn(error);
    if (proxy) throw proxy;
    const detail = describeFetchError(error);
    throw new AppError('NETWORK', `Could not reach ${url}: ${detail}`, { reason: 'unreachable', url, detail });
  }
  if (response.status === 404) {
    await response.body?.cancel().catch(() => undefined);
    throw new AppError('NOT_FOUND', `${url} was not found (HTTP 404)`, { reason: 'noUrl', url });
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel().catch(() => undefined);
    throw new AppError('AUTH_REQUIRED', `${url} needs permission (HTTP ${response.status}): the repository may be gated or need an access token`, {
      reason: 'urlGated',
      url,
      status: response.status,
    });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new AppError('NETWORK', `${url} answered HTTP ${response.status}`, { reason: 'urlStatus', url, status: response.status });
  }
  return response;
}

function parseSize(value: string | null): number | null {
  if (value === null || value.trim() === '' || value.trim() === '*') return null;
  const size = Number(value);
  return Number.isSafeInteger(size) && size >= 0 ? size : null;
}

/** undici hides the useful part ("ECONNREFUSED") in `cause`. */
export function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    if (cause instanceof Error && cause.message !== '') return cause.message;
    return error.message;
  }
  return String(error);
}
