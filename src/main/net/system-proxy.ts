import { direct, type ProxyRoute } from './proxy-route';

/**
 * Reads Chromium's answer for one URL (`session.resolveProxy`): a `;`-separated list of
 * `DIRECT`, `PROXY host:port`, `HTTPS host:port`, `SOCKS5 host:port` or `SOCKS host:port`, best first.
 * The first HTTP(S) proxy or DIRECT wins; SOCKS entries (which the download path cannot tunnel through)
 * and anything unknown are skipped, and an answer with
 * nothing usable means direct, as Chromium falls back to.
 */
export function parseChromiumProxyList(list: string): ProxyRoute {
  for (const entry of list.split(';')) {
    const [kind = '', address = ''] = entry.trim().split(/\s+/);
    const scheme = schemes[kind.toUpperCase()];
    if (kind.toUpperCase() === 'DIRECT') return direct;
    if (scheme && /^[^\s/]+$/.test(address)) return { kind: 'proxy', url: `${scheme}://${address}` };
  }
  return direct;
}

const schemes: Readonly<Record<string, string>> = { PROXY: 'http', HTTPS: 'https' };
