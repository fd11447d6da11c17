import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { proxyErrorIn, proxyFailure, ProxyError } from './proxy-error';

const proxyUrl = 'http://alice:s3cret@corp:3128';
const errno = (code: string) => Object.assign(new Error(`connect ${code} 10.0.0.1:3128`), { code });

describe('proxyFailure', () => {
  it('names what the proxy did, with host:port and never the credentials', () => {
    const auth = proxyFailure(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), proxyUrl);
    expect(auth).toBeInstanceOf(ProxyError);
    expect(auth).toMatchObject({ code: 'NETWORK', retryable: false, params: { reason: 'proxy_auth', proxy: 'corp:3128', status: 407 } });
    expect(proxyFailure(new Error('Proxy Authentication Required (407)'), proxyUrl)).toMatchObject({ reason: 'proxy_auth' });
    expect(proxyFailure(new Error('Proxy response (502) !== 200 when HTTP Tunneling'), proxyUrl)).toMatchObject({ reason: 'proxy_failed', retryable: true });
    expect(proxyFailure(errno('ECONNREFUSED'), proxyUrl)).toMatchObject({ reason: 'proxy_refused', retryable: true });
    expect(proxyFailure(errno('ENOTFOUND'), proxyUrl)).toMatchObject({ reason: 'proxy_refused' });
    expect(proxyFailure(errno('UND_ERR_SOCKET'), proxyUrl)).toMatchObject({ reason: 'proxy_dropped', retryable: true });
    for (const error of [auth, proxyFailure(errno('ECONNREFUSED'), proxyUrl)]) {
      expect(JSON.stringify((error as AppError).toPayload())).not.toMatch(/alice|s3cret/);
    }
  });

  it('leaves errors that are not the proxy\'s alone', () => {
    const abort = new DOMException('stopped', 'AbortError');
    expect(proxyFailure(abort, proxyUrl)).toBe(abort);
    const timeout = Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(proxyFailure(timeout, proxyUrl)).toBe(timeout);
  });

  it('finds a ProxyError inside the causes fetch and the SDKs wrap it in', () => {
    const inner = proxyFailure(errno('ECONNREFUSED'), proxyUrl);
    expect(proxyErrorIn(new Error('Connection error.', { cause: new TypeError('fetch failed', { cause: inner }) }))).toBe(inner);
    expect(proxyErrorIn(new TypeError('fetch failed', { cause: errno('ECONNREFUSED') }))).toBeNull();
  });
});
