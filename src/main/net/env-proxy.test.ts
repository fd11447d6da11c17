import { describe, expect, it } from 'vitest';
import { envNamesProxy, envProxyRoute } from './env-proxy';

const route = (url: string, env: Record<string, string>) => envProxyRoute(new URL(url), env);
const via = (url: string) => ({ kind: 'proxy', url });
const direct = { kind: 'direct' };

describe('envProxyRoute', () => {
  it('goes direct when no proxy is named', () => {
    expect(route('https://huggingface.co/api/models', {})).toEqual(direct);
    expect(route('https://huggingface.co/', { NO_PROXY: 'example.com' })).toEqual(direct);
    expect(envNamesProxy({})).toBe(false);
    expect(envNamesProxy({ https_proxy: 'http://p:1' })).toBe(true);
  });

  it('picks HTTPS_PROXY for https and HTTP_PROXY for http, lower case first, HTTPS falling back to HTTP', () => {
    const env = { HTTPS_PROXY: 'http://secure:3128', HTTP_PROXY: 'http://plain:3128' };
    expect(route('https://huggingface.co/', env)).toEqual(via('http://secure:3128'));
    expect(route('http://mirror.example/', env)).toEqual(via('http://plain:3128'));
    expect(route('https://huggingface.co/', { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })).toEqual(via('http://lower:1'));
    expect(route('https://huggingface.co/', { HTTP_PROXY: 'http://plain:3128' })).toEqual(via('http://plain:3128'));
    expect(route('http://mirror.example/', { HTTPS_PROXY: 'http://secure:3128' })).toEqual(direct);
  });

  it('reads a proxy without a scheme as http, as curl does, and keeps credentials for the agent', () => {
    expect(route('https://huggingface.co/', { HTTPS_PROXY: 'corp-proxy:8080' })).toEqual(via('http://corp-proxy:8080'));
    expect(route('https://huggingface.co/', { HTTPS_PROXY: 'http://me:s%40cret@corp:8080' })).toEqual(via('http://me:s%40cret@corp:8080'));
  });

  it('skips hosts, domain suffixes, host:port entries and * listed in NO_PROXY', () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1', NO_PROXY: noProxy });
    expect(route('https://huggingface.co/', env('huggingface.co'))).toEqual(direct);
    expect(route('https://cdn-lfs.huggingface.co/', env('huggingface.co'))).toEqual(direct);
    expect(route('https://cdn-lfs.huggingface.co/', env('.huggingface.co'))).toEqual(direct);
    expect(route('https://cdn-lfs.huggingface.co/', env('*.huggingface.co'))).toEqual(direct);
    expect(route('https://nothuggingface.co/', env('huggingface.co'))).toEqual(via('http://p:1'));
    expect(route('https://huggingface.co/', env('huggingface.co:443'))).toEqual(direct);
    expect(route('https://huggingface.co:8443/', env('huggingface.co:443'))).toEqual(via('http://p:1'));
    expect(route('http://10.0.0.5:8080/', env('example.com, 10.0.0.5'))).toEqual(direct);
    expect(route('http://[fd00::5]:8080/', env('[fd00::5]'))).toEqual(direct);
    expect(route('https://anything.example/', env('*'))).toEqual(direct);
    expect(route('https://anything.example/', env('example.org,*'))).toEqual(direct);
    expect(route('https://HuggingFace.CO./', { HTTPS_PROXY: 'http://p:1', no_proxy: 'huggingface.co' })).toEqual(direct);
  });

  it('never proxies loopback, unless NO_PROXY says <-loopback> (Chromium\'s way to include it)', () => {
    const env = { HTTP_PROXY: 'http://p:1' };
    for (const url of ['http://127.0.0.1:4891/', 'http://localhost:8080/', 'http://[::1]:80/', 'http://127.5.0.1/', 'http://app.localhost/']) {
      expect(route(url, env)).toEqual(direct);
    }
    expect(route('http://127.0.0.1:4891/', { ...env, NO_PROXY: '<-loopback>' })).toEqual(via('http://p:1'));
    expect(route('http://127.0.0.1:4891/', { ...env, NO_PROXY: '<-loopback>,127.0.0.1' })).toEqual(direct);
  });
});
