import { direct, type ProxyResolver, type ProxyRoute } from './proxy-route';

type Env = Readonly<Record<string, string | undefined>>;

const defaultPorts: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/**
 * The route the conventional variables ask for, as curl and undici's EnvHttpProxyAgent read them:
 * lower case before upper case, HTTPS_PROXY falling back to HTTP_PROXY, and NO_PROXY a list of
 * hosts, domain suffixes (`example.com`, `.example.com`, `*.example.com`), `host:port` entries or `*`.
 * Loopback is never proxied (a proxy cannot reach this computer's own servers), unless NO_PROXY
 * holds Chromium's `<-loopback>`.
 */
export function envProxyRoute(target: URL, env: Env = process.env): ProxyRoute {
  const proxy = target.protocol === 'https:' ? (firstSet(env, 'https_proxy', 'HTTPS_PROXY') ?? httpProxy(env)) : httpProxy(env);
  if (proxy === null) return direct;
  const entries = noProxyEntries(firstSet(env, 'no_proxy', 'NO_PROXY') ?? '');
  const host = bareHost(target.hostname);
  const port = Number(target.port) || defaultPorts[target.protocol] || 0;
  if (isLoopbackHost(host) && !entries.includes('<-loopback>')) return direct;
  if (entries.some((entry) => bypasses(entry, host, port))) return direct;
  return { kind: 'proxy', url: withScheme(proxy) };
}

export const environmentProxy: ProxyResolver = {
  source: 'environment',
  route: (url) => envProxyRoute(url),
};

/** True when the environment names a proxy at all (then it outranks the system's settings). */
export function envNamesProxy(env: Env = process.env): boolean {
  return httpProxy(env) !== null || firstSet(env, 'https_proxy', 'HTTPS_PROXY') !== null;
}

function httpProxy(env: Env): string | null {
  return firstSet(env, 'http_proxy', 'HTTP_PROXY');
}

function firstSet(env: Env, ...names: string[]): string | null {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return null;
}

function noProxyEntries(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
}

function bypasses(entry: string, host: string, port: number): boolean {
  if (entry === '*') return true;
  const match = /^(.*?)(?::(\d+))?$/.exec(entry);
  const entryHost = bareHost((match?.[1] ?? entry).replace(/^\*?\./, ''));
  const entryPort = match?.[2] ? Number(match[2]) : 0;
  if (entryHost === '' || (entryPort !== 0 && entryPort !== port)) return false;
  return host === entryHost || host.endsWith(`.${entryHost}`);
}

/** Lower case, without the brackets of an IPv6 literal or a trailing root dot. */
function bareHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** curl reads `proxy:3128` as an http proxy. */
function withScheme(proxy: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}
