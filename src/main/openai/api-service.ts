import type { ApiStatus, Settings } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { startApiServer, type ApiBackend, type ApiServer, type ApiServerOptions } from './server';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Starts, stops and restarts the local API server as its settings change (Settings → Local API,
 * or `npm run serve -- --api`), and says whether it runs and where.
 */
export class ApiService {
  private server: ApiServer | null = null;
  private running: ApiServerOptions | null = null;
  private current: ApiStatus = { running: false, url: null, error: null };
  private applying: Promise<ApiStatus> = Promise.resolve(this.current);

  constructor(
    private readonly settings: () => Settings,
    private readonly apiKey: () => string | null,
    private readonly backend: ApiBackend,
    private readonly onStatus: (status: ApiStatus) => void,
  ) {}

  get status(): ApiStatus {
    return { ...this.current };
  }

  /** Brings the server in line with the settings; changes are applied one at a time. */
  apply(): Promise<ApiStatus> {
    this.applying = this.applying.then(() => this.reconcile(), () => this.reconcile());
    return this.applying;
  }

  async close(): Promise<void> {
    await this.applying.catch(() => undefined);
    await this.server?.close();
    this.server = null;
    this.running = null;
  }

  private wanted(): ApiServerOptions | null {
    const s = this.settings();
    if (!s.apiEnabled) return null;
    return { host: s.apiHost, port: s.apiPort, apiKey: this.apiKey, corsOrigins: s.apiCorsOrigins };
  }

  private async reconcile(): Promise<ApiStatus> {
    const wanted = this.wanted();
    if (wanted && this.running && sameAddress(wanted, this.running)) return this.status;
    if (this.server) {
      await this.server.close();
      this.server = null;
      this.running = null;
    }
    if (!wanted) return this.set({ running: false, url: null, error: null });
    if (!LOOPBACK_HOSTS.has(wanted.host) && !wanted.apiKey()) {
      return this.set({
        running: false,
        url: null,
        error: new AppError('FORBIDDEN', `Serving the API on ${wanted.host} (reachable from the network) needs an API key.`, {
          reason: 'apiKeyNeeded',
          host: wanted.host,
        }).toPayload(),
      });
    }
    try {
      this.server = await startApiServer(wanted, this.backend);
      this.running = wanted;
      return this.set({ running: true, url: this.server.url, error: null });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const failure =
        code === 'EADDRINUSE'
          ? new AppError('INTERNAL', `Port ${wanted.port} is already in use by another program; choose another port.`, { reason: 'apiPortInUse', port: wanted.port })
          : code === 'EADDRNOTAVAIL'
            ? new AppError('INTERNAL', `${wanted.host} is not an address of this computer.`, { reason: 'apiHostUnknown', host: wanted.host })
            : new AppError('INTERNAL', (error as Error).message, { reason: 'apiFailed', detail: (error as Error).message });
      return this.set({ running: false, url: null, error: failure.toPayload() });
    }
  }

  private set(status: ApiStatus): ApiStatus {
    this.current = status;
    this.onStatus(this.status);
    return this.status;
  }
}

/** The key is read per request, so only the address and the allowed origins need a restart. */
function sameAddress(a: ApiServerOptions, b: ApiServerOptions): boolean {
  return a.host === b.host && a.port === b.port && a.corsOrigins.join('\n') === b.corsOrigins.join('\n');
}
