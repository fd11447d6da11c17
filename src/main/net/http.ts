import type { Duplex } from 'node:stream';
import { fetch as undiciFetch, setGlobalDispatcher, type Dispatcher } from 'undici';
import { environmentProxy } from './env-proxy';
import type { ProxyInfo } from '../../shared/domain';
import { proxyLabel, type ProxyResolver, type ProxyRoute } from './proxy-route';
import { RoutingDispatcher } from './routing-dispatcher';

/**
 * The one way out of the main process: every outgoing request (the Hub API, remote servers, size
 * and HEAD probes) goes through this dispatcher, and download bodies take their route and proxy
 * tunnel from it, so proxy rules hold everywhere. Plain Node reads the proxy from the environment; the desktop app swaps in the system's.
 */
let resolver: ProxyResolver = environmentProxy;

const dispatcher = new RoutingDispatcher(() => resolver, {
  // Keep-alive across the Hub's API calls and HEAD probes; bodies close their connection when dropped.
  keepAliveTimeout: 10_000,
  connections: 16,
});

export function httpDispatcher(): Dispatcher {
  return dispatcher;
}

/** Where a request to `url` goes now. */
export function routeFor(url: URL): Promise<ProxyRoute> {
  return Promise.resolve(resolver.route(url));
}

/** What Settings shows: the rules' source and the proxy (as `host:port`) a request to `url` would take. */
export async function proxyInEffect(url: string): Promise<ProxyInfo> {
  const route = await routeFor(new URL(url));
  return { source: resolver.source, hubProxy: route.kind === 'proxy' ? proxyLabel(route.url) : null };
}

/** A CONNECT tunnel through `proxyUrl` to `authority` (`host:port`); see RoutingDispatcher.tunnel. */
export function openTunnel(proxyUrl: string, authority: string, signal: AbortSignal): Promise<Duplex> {
  return dispatcher.tunnel(proxyUrl, authority, signal);
}

export function useProxyResolver(next: ProxyResolver): void {
  resolver = next;
}

export function proxyResolver(): ProxyResolver {
  return resolver;
}

/**
 * Libraries that call the global fetch themselves (node-llama-cpp's GGUF header reader) go the
 * same way once this has run.
 */
export function routeGlobalFetch(): void {
  setGlobalDispatcher(dispatcher);
}

/**
 * fetch over our dispatcher, typed as the global one for libraries that take a `fetch`
 * (@huggingface/hub, openai). Those pass a URL and an init; a global Request object belongs to
 * Node's bundled undici, which npm undici cannot read, so it is refused rather than misread.
 */
export const netFetch: typeof globalThis.fetch = (input, init) => {
  if (typeof input !== 'string' && !(input instanceof URL)) return Promise.reject(new TypeError('netFetch takes a URL, not a Request'));
  return undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher }) as unknown as Promise<Response>;
};
