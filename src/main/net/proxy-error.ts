import { AppError } from '../../shared/errors';
import { proxyLabel } from './proxy-route';

export type ProxyFailureReason = 'proxy_refused' | 'proxy_auth' | 'proxy_failed' | 'proxy_dropped';

/** A request failed at the proxy, before the server answered. `params.proxy` is `host:port`, never credentials. */
export class ProxyError extends AppError {
  constructor(
    readonly reason: ProxyFailureReason,
    message: string,
    /** Worth trying again later (a proxy that restarts); a refused password is not. */
    readonly retryable: boolean,
    proxy: string,
    status?: number,
  ) {
    super('NETWORK', message, { reason, proxy, ...(status === undefined ? {} : { status }) });
    this.name = 'ProxyError';
  }
}

const unreachable = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const dropped = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * What an error that ended a proxied request before its answer means. Through a proxy the only
 * connection we open is to the proxy, so a refused or broken connection is the proxy's; a CONNECT
 * answered with anything but 200 is the proxy speaking. Other errors (aborts, time limits) pass through.
 */
export function proxyFailure(error: Error, proxyUrl: string): Error {
  const proxy = proxyLabel(proxyUrl);
  const status = proxyStatus(error.message);
  if (status !== null) return proxyStatusError(status, proxyUrl);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (unreachable.has(code)) return new ProxyError('proxy_refused', `The proxy ${proxy} cannot be reached (${code}).`, true, proxy);
  if (dropped.has(code)) return new ProxyError('proxy_dropped', `The proxy ${proxy} closed the connection (${code}).`, true, proxy);
  return error;
}

/** A proxy answered a CONNECT with something other than 200. */
export function proxyStatusError(status: number, proxyUrl: string): ProxyError {
  const proxy = proxyLabel(proxyUrl);
  if (status === 407) {
    return new ProxyError('proxy_auth', `The proxy ${proxy} asks for a user name and password (HTTP 407), or refused the ones given.`, false, proxy, status);
  }
  return new ProxyError('proxy_failed', `The proxy ${proxy} could not open the connection (HTTP ${status}).`, true, proxy, status);
}

/** undici reports a refused CONNECT as "Proxy response (407) !== 200 …" and a plain proxied 407 as "…Required (407)". */
function proxyStatus(message: string): number | null {
  const match = /^Proxy (?:response \((\d{3})\)|Authentication Required \((407)\))/.exec(message);
  const status = match?.[1] ?? match?.[2];
  return status ? Number(status) : null;
}

/** The ProxyError somewhere in an error's `cause` chain (fetch and the SDKs wrap what the dispatcher threw). */
export function proxyErrorIn(error: unknown): ProxyError | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof ProxyError) return current;
  }
  return null;
}
