import type { Duplex } from 'node:stream';
import { Agent, Dispatcher, ProxyAgent } from 'undici';
import { proxyFailure, proxyStatusError, ProxyError } from './proxy-error';
import type { ProxyResolver, ProxyRoute } from './proxy-route';

type Handler = Dispatcher.DispatchHandler;

/**
 * Sends each request straight to its host or through the proxy the resolver picks for its URL.
 * The resolver is asked per request (and per redirect hop), so NO_PROXY and PAC rules see every
 * host; an asynchronous answer (Electron's system proxy) delays the request, not the caller.
 */
export class RoutingDispatcher extends Dispatcher {
  private readonly direct: Agent;
  /** One agent per proxy URL (credentials included), so tunnels are reused. */
  private readonly proxies = new Map<string, ProxyAgent>();

  constructor(
    private readonly resolver: () => ProxyResolver,
    private readonly options: Agent.Options = {},
  ) {
    super();
    this.direct = new Agent(options);
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Handler): boolean {
    const url = new URL(options.path, options.origin);
    const route = this.resolver().route(url);
    if (!(route instanceof Promise)) return this.send(route, options, handler);
    void route.then((resolved) => this.send(resolved, options, handler));
    return true;
  }

  /**
   * A CONNECT tunnel to `authority` (`host:port`) through the proxy, for callers that speak over the
   * raw socket themselves (download bodies). The proxy itself is always reached directly.
   */
  async tunnel(proxyUrl: string, authority: string, signal: AbortSignal): Promise<Duplex> {
    const proxy = new URL(proxyUrl);
    const credentials = proxy.username ? `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}` : null;
    try {
      const { socket, statusCode } = await this.direct.connect({
        origin: proxy.origin,
        path: authority,
        headers: { host: authority, ...(credentials ? { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` } : {}) },
        signal,
      });
      if (statusCode === 200) return socket;
      socket.destroy();
      throw proxyStatusError(statusCode, proxyUrl);
    } catch (error) {
      if (signal.aborted || error instanceof ProxyError) throw error;
      throw proxyFailure(error as Error, proxyUrl);
    }
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const done = Promise.all([this.direct.close(), ...[...this.proxies.values()].map((agent) => agent.close())]).then(() => undefined);
    if (!callback) return done;
    void done.then(callback);
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(errOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    const err = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
    const then = typeof errOrCallback === 'function' ? errOrCallback : callback;
    const done = Promise.all([this.direct.destroy(err), ...[...this.proxies.values()].map((agent) => agent.destroy(err))]).then(() => undefined);
    if (!then) return done;
    void done.then(then);
  }

  private send(route: ProxyRoute, options: Dispatcher.DispatchOptions, handler: Handler): boolean {
    if (route.kind === 'direct') return this.direct.dispatch(options, handler);
    return this.proxyAgent(route.url).dispatch(options, explainProxyFailures(handler, route.url));
  }

  private proxyAgent(url: string): ProxyAgent {
    let agent = this.proxies.get(url);
    if (!agent) {
      agent = new ProxyAgent({ ...this.options, uri: url });
      this.proxies.set(url, agent);
    }
    return agent;
  }
}

/**
 * The same handler, but an error before the response started becomes a ProxyError when it was
 * the proxy's doing. Both handler styles are forwarded: undici's own fetch and request speak the
 * new one, Node's bundled fetch (the global dispatcher's other caller) the legacy one.
 */
function explainProxyFailures(handler: Handler, proxyUrl: string): Handler {
  let answered = false;
  const explain = (error: Error): Error => (answered ? error : proxyFailure(error, proxyUrl));
  const wrapped: Handler = {};
  if (handler.onRequestStart) wrapped.onRequestStart = (controller, context: unknown) => handler.onRequestStart?.(controller, context);
  if (handler.onRequestUpgrade) wrapped.onRequestUpgrade = (...args) => handler.onRequestUpgrade?.(...args);
  if (handler.onResponseStart) {
    wrapped.onResponseStart = (...args) => {
      answered = true;
      handler.onResponseStart?.(...args);
    };
  }
  if (handler.onResponseData) wrapped.onResponseData = (...args) => handler.onResponseData?.(...args);
  if (handler.onResponseEnd) wrapped.onResponseEnd = (...args) => handler.onResponseEnd?.(...args);
  if (handler.onResponseError) wrapped.onResponseError = (controller, error) => handler.onResponseError?.(controller, explain(error));
  if (handler.onConnect) wrapped.onConnect = (...args) => handler.onConnect?.(...args);
  if (handler.onError) wrapped.onError = (error) => handler.onError?.(explain(error));
  if (handler.onUpgrade) wrapped.onUpgrade = (...args) => handler.onUpgrade?.(...args);
  if (handler.onResponseStarted) wrapped.onResponseStarted = () => handler.onResponseStarted?.();
  if (handler.onHeaders) {
    wrapped.onHeaders = (...args) => {
      answered = true;
      return handler.onHeaders?.(...args) ?? true;
    };
  }
  if (handler.onData) wrapped.onData = (chunk) => handler.onData?.(chunk) ?? true;
  if (handler.onComplete) wrapped.onComplete = (trailers) => handler.onComplete?.(trailers);
  if (handler.onBodySent) wrapped.onBodySent = (...args) => handler.onBodySent?.(...args);
  return wrapped;
}
