import type { IncomingHttpHeaders } from 'node:http';
import { errors } from 'undici';
import { httpDispatcher } from '../net/http';
import { DownloadError, stalled } from './download-error';

export interface SendOptions {
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Give up (retryably) when the response head takes longer than this. */
  headersTimeoutMs: number;
}

export interface HeadResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
}

export const defaultHeaders: Readonly<Record<string, string>> = { 'user-agent': 'Candil', 'accept-encoding': 'identity' };

/**
 * A request whose body we don't need (the HEAD probes), through the app's one dispatcher.
 * Redirects are not followed: HF's X-Linked-* headers live on the 302 itself.
 */
export async function sendHead(url: URL, options: SendOptions): Promise<HeadResponse> {
  checkProtocol(url);
  try {
    const res = await httpDispatcher().request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: options.method,
      headers: { ...defaultHeaders, ...lowerCased(options.headers) },
      signal: options.signal,
      headersTimeout: options.headersTimeoutMs,
    });
    // Drained, so the keep-alive connection can carry the next probe.
    await res.body.dump().catch(() => undefined);
    return { statusCode: res.statusCode, headers: res.headers };
  } catch (error) {
    throw requestError(error, options);
  }
}

export function checkProtocol(url: URL): void {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DownloadError('BAD_REQUEST', `Only http and https downloads are supported, not ${url.protocol}`, { reason: 'unsupportedProtocol', url: url.toString() }, false);
  }
}

/** The time limit in our words; a header value undici refuses (a pasted token with a newline) as a bad request. */
export function requestError(error: unknown, options: { headersTimeoutMs: number; signal: AbortSignal }): unknown {
  if (options.signal.aborted) return options.signal.reason;
  if (error instanceof errors.HeadersTimeoutError) return stalled(options.headersTimeoutMs);
  if (error instanceof errors.InvalidArgumentError && /header/i.test(error.message)) return new DownloadError('BAD_REQUEST', error.message, { reason: 'badHeader', detail: error.message }, false);
  return error;
}

export function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

export function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

export function numberHeader(headers: IncomingHttpHeaders, name: string): number | null {
  const value = header(headers, name);
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}
