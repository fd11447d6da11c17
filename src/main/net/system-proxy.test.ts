import { describe, expect, it } from 'vitest';
import { parseChromiumProxyList } from './system-proxy';

describe('parseChromiumProxyList', () => {
  it('takes the first HTTP(S) proxy or DIRECT, as Chromium lists them', () => {
    expect(parseChromiumProxyList('DIRECT')).toEqual({ kind: 'direct' });
    expect(parseChromiumProxyList('PROXY corp:3128; DIRECT')).toEqual({ kind: 'proxy', url: 'http://corp:3128' });
    expect(parseChromiumProxyList('HTTPS secure.corp:443;PROXY corp:3128')).toEqual({ kind: 'proxy', url: 'https://secure.corp:443' });
    expect(parseChromiumProxyList('DIRECT; PROXY corp:3128')).toEqual({ kind: 'direct' });
    expect(parseChromiumProxyList('  proxy   [fd00::1]:8080 ')).toEqual({ kind: 'proxy', url: 'http://[fd00::1]:8080' });
  });

  it('skips what undici cannot tunnel through (SOCKS) and garbage, falling back to direct', () => {
    expect(parseChromiumProxyList('SOCKS5 s:1080; PROXY corp:3128')).toEqual({ kind: 'proxy', url: 'http://corp:3128' });
    expect(parseChromiumProxyList('SOCKS s:1080')).toEqual({ kind: 'direct' });
    expect(parseChromiumProxyList('')).toEqual({ kind: 'direct' });
    expect(parseChromiumProxyList('PROXY')).toEqual({ kind: 'direct' });
    expect(parseChromiumProxyList('QUIC q:443')).toEqual({ kind: 'direct' });
  });
});
