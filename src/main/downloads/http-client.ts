import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { DownloadError, stalled } from './download-error';

export interface SendOptions {
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Give up (retryably) when the response head takes longer than this. */
  headersTimeoutMs: number;
}

/**
 * node:http rather than fetch: redirects must be seen (HF's X-Linked-* headers live on the 302).
 * Used for the HEAD probes; bodies go through body-request, which reads sockets far more cheaply.
 */
export class HttpClient {
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 16 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 16 });

  send(url: URL, options: SendOptions): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:';
      if (!secure && url.protocol !== 'http:') {
        reject(new DownloadError('BAD_REQUEST', `Only http and https downloads are supported, not ${url.protocol}`, { reason: 'unsupportedProtocol', url: url.toString() }, false));
        return;
      }
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method: options.method,
        headers: { 'User-Agent': 'Candil', 'Accept-Encoding': 'identity', ...options.headers },
        agent: secure ? this.httpsAgent : this.httpAgent,
        signal: options.signal,
      });
      const timer = setTimeout(() => req.destroy(stalled(options.headersTimeoutMs)), options.headersTimeoutMs);
      req.once('response', (res) => {
        clearTimeout(timer);
        // Errors before a reader attaches (while the transfer decides what to do) must not crash the process;
        // readers see them through `destroyed`/`errored` and their own listeners.
        res.on('error', () => undefined);
        resolve(res);
      });
      req.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end();
    });
  }

  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
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

/** Drains a response we don't need the body of, so its keep-alive socket can be reused. */
export function discard(res: IncomingMessage): void {
  res.on('error', () => undefined);
  res.resume();
}
