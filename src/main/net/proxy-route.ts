/** Where one request goes: straight to its host, or through a proxy (whose URL may carry credentials). */
export type ProxyRoute = { kind: 'direct' } | { kind: 'proxy'; url: string };

/** Decides the route of each request; `source` says where the decision comes from, for the UI. */
export interface ProxyResolver {
  readonly source: 'environment' | 'system';
  /** Never rejects: a resolver that cannot decide answers direct, as Chromium does. */
  route(url: URL): ProxyRoute | Promise<ProxyRoute>;
}

export const direct: ProxyRoute = { kind: 'direct' };

/** `host:port` of a proxy: what messages and the UI may show (never its user name or password). */
export function proxyLabel(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return 'proxy';
  }
}
