import type { Session } from 'electron';
import { envNamesProxy, environmentProxy } from '../net/env-proxy';
import { direct, type ProxyResolver } from '../net/proxy-route';
import { parseChromiumProxyList } from '../net/system-proxy';

/**
 * The desktop app's proxy: the system's settings (PAC scripts included) as Chromium resolves them
 * for each URL, unless HTTP(S)_PROXY is set, which outranks them (and may carry credentials,
 * which the system answer never does).
 */
export function desktopProxyResolver(session: Session): ProxyResolver {
  if (envNamesProxy()) return environmentProxy;
  return {
    source: 'system',
    route: async (url) => {
      try {
        return parseChromiumProxyList(await session.resolveProxy(url.href));
      } catch {
        // Chromium itself goes direct when proxy resolution fails.
        return direct;
      }
    },
  };
}
