import type { WorkerStateName, WorkerStatus } from '../../shared/domain';
import { AppError, type ErrorPayload, type ReasonParams } from '../../shared/errors';
import {
  WORKER_PROTOCOL_VERSION,
  sameLoadParams,
  type FromWorker,
  type GenerateParams,
  type GenerateResult,
  type EmbedResult,
  type LoadParams,
  type LoadResult,
  type SnapshotConfig,
  type WorkerMethod,
  type WorkerMethods,
} from '../../shared/worker-protocol';
import { CrashTracker } from './crash-tracker';
import type { WorkerExit, WorkerLauncher, WorkerPort } from './worker-port';

interface Pending {
  resolve(value: unknown): void;
  reject(error: AppError): void;
  onChunk?: (text: string, tokens: number) => void;
}

export interface InferenceClientOptions {
  handshakeTimeoutMs?: number;
  /** How often the worker is asked whether it still answers, and how long it may stay silent. */
  heartbeat?: { intervalMs: number; timeoutMs: number };
  crashTracker?: CrashTracker;
  onStatus?: (status: WorkerStatus) => void;
  /** Read at every handshake: where sessions' KV snapshots go and their disk budget. */
  snapshots?: () => SnapshotConfig;
}

export interface RunningGeneration {
  result: Promise<GenerateResult>;
  cancel(): void;
}

/**
 * Main's handle on the inference worker: spawns it, shakes hands, multiplexes requests by id,
 * and restarts it after a crash unless it keeps crashing (then it stays down until asked).
 */
export class InferenceClient {
  private port: WorkerPort | null = null;
  private ready: Promise<void> | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private loaded: LoadParams | null = null;
  private loadResult: LoadResult | null = null;
  private cores: number | null = null;
  private generating = 0;
  private closed = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** Set when the worker was killed for not answering, so the crash says why. */
  private hung: AppError | null = null;
  private readonly tracker: CrashTracker;
  private current: WorkerStatus = { state: 'starting', modelPath: null, loaded: null, recentCrashes: 0, lastError: null };

  constructor(
    private readonly launch: WorkerLauncher,
    private readonly options: InferenceClientOptions = {},
  ) {
    this.tracker = options.crashTracker ?? new CrashTracker();
  }

  get status(): WorkerStatus {
    return { ...this.current };
  }

  get pid(): number | undefined {
    return this.port?.pid;
  }

  /** llama.cpp's count of cores fit for inference, as the worker reported it (null before its first handshake). */
  get mathCores(): number | null {
    return this.cores;
  }

  /** The loaded model's parameters and what its context offers (sequences, size), or null. */
  get loadedModel(): { params: LoadParams; result: LoadResult } | null {
    return this.loaded && this.loadResult ? { params: this.loaded, result: this.loadResult } : null;
  }

  /** Starts the worker if it is not running; resolves once the handshake succeeded. */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new AppError('WORKER_DOWN', 'The inference engine is shut down.', { reason: 'shutDown' }));
    if (this.current.state === 'down') {
      return Promise.reject(new AppError('WORKER_DOWN', 'The inference engine stopped after repeated crashes.', { reason: 'repeatedCrashes' }));
    }
    this.ready ??= this.spawn();
    return this.ready;
  }

  /** Loads the model unless it is loaded with these parameters already; returns what the context offers. */
  async ensureLoaded(params: LoadParams): Promise<LoadResult> {
    if (this.loaded && this.loadResult && sameLoadParams(this.loaded, params)) return this.loadResult;
    await this.start();
    this.setStatus('loading', { modelPath: params.modelPath });
    try {
      const result = await this.request('load', params);
      this.loaded = params;
      this.loadResult = result;
      const { contextSize, sequences, threads, batchSize } = result;
      this.setStatus('ready', { modelPath: params.modelPath, loaded: { contextSize, sequences, threads, batchSize }, lastError: null });
      return result;
    } catch (error) {
      this.loaded = null;
      const appError = AppError.from(error);
      if (appError.code !== 'WORKER_CRASHED') this.setStatus('idle', { modelPath: null, lastError: appError.toPayload() });
      throw appError;
    }
  }

  generate(params: GenerateParams, onChunk: (text: string, tokens: number) => void): RunningGeneration {
    const { id, promise } = this.send('generate', params, onChunk);
    this.generating += 1;
    this.setStatus('generating');
    const result = promise.finally(() => {
      this.generating -= 1;
      if (this.generating === 0 && this.current.state === 'generating') this.setStatus('ready');
    });
    return {
      result,
      cancel: () => this.port?.send({ type: 'cancel', id }),
    };
  }

  /** Frees the model (before its file is deleted: Windows cannot delete a mapped file). */
  async unload(): Promise<void> {
    if (!this.port) return;
    await this.request('unload', {});
    this.loaded = null;
    this.setStatus('idle', { modelPath: null });
  }

  async countTokens(text: string): Promise<number> {
    return (await this.request('countTokens', { text })).tokens;
  }

  /** A prompt's size with the loaded model's tokenizer and template; null when no model is loaded. */
  async measure(params: GenerateParams): Promise<{ tokens: number; contextSize: number; modelPath: string } | null> {
    if (!this.port || !this.loaded) return null;
    return this.request('measure', params);
  }

  /** Sends the current snapshot settings to a running worker (a stopped one gets them at its next start). */
  async configure(): Promise<void> {
    if (!this.port || !this.options.snapshots) return;
    await this.request('configure', { snapshots: this.options.snapshots() });
  }

  /** Saves the KV snapshot of every session the worker holds; a stopped worker has none. */
  async saveSessions(): Promise<number> {
    if (!this.port) return 0;
    return (await this.request('saveSessions', {})).saved;
  }

  async embed(modelPath: string, texts: string[]): Promise<EmbedResult> {
    return this.request('embed', { modelPath, texts });
  }

  /** Drops a session's cached state in the worker, if it is running. */
  async forgetSession(sessionId: string): Promise<void> {
    if (!this.port) return;
    await this.request('forgetSession', { sessionId });
  }

  /** A person asked for a fresh engine: forget past crashes and start over. */
  async restart(): Promise<WorkerStatus> {
    this.tracker.reset();
    this.clearRestartTimer();
    const old = this.port;
    this.port = null;
    this.ready = null;
    this.loaded = null;
    if (old) {
      this.failPending({ code: 'WORKER_CRASHED', message: 'The inference engine was restarted.', params: { reason: 'restarted' } });
      old.kill();
    }
    this.current = { state: 'starting', modelPath: null, loaded: null, recentCrashes: 0, lastError: null };
    await this.start();
    return this.status;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWatching();
    this.clearRestartTimer();
    const port = this.port;
    this.port = null;
    this.ready = null;
    this.failPending({ code: 'WORKER_DOWN', message: 'The inference engine is shut down.', params: { reason: 'shutDown' } });
    port?.kill();
  }

  private async request<M extends WorkerMethod>(
    method: M,
    params: WorkerMethods[M]['params'],
  ): Promise<WorkerMethods[M]['result']> {
    return this.send(method, params).promise;
  }

  private send<M extends WorkerMethod>(
    method: M,
    params: WorkerMethods[M]['params'],
    onChunk?: (text: string, tokens: number) => void,
  ): { id: number; promise: Promise<WorkerMethods[M]['result']> } {
    const id = this.nextId++;
    const promise = this.start().then(
      () =>
        new Promise<WorkerMethods[M]['result']>((resolve, reject) => {
          const port = this.port;
          if (!port) {
            reject(new AppError('WORKER_CRASHED', 'The inference engine stopped unexpectedly.', { reason: 'stopped' }));
            return;
          }
          this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onChunk });
          port.send({ type: 'request', id, method, params } as Parameters<WorkerPort['send']>[0]);
        }),
    );
    return { id, promise };
  }

  private spawn(): Promise<void> {
    const port = this.launch();
    this.port = port;
    this.setStatus(this.current.state === 'restarting' ? 'restarting' : 'starting');
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new AppError('WORKER_PROTOCOL', 'The inference engine did not answer its handshake.', { reason: 'noHandshake' }));
        port.kill();
      }, this.options.handshakeTimeoutMs ?? 15_000);
      port.onMessage((message) => {
        if (message.type === 'hello') {
          clearTimeout(timer);
          if (message.version !== WORKER_PROTOCOL_VERSION) {
            const error = new AppError(
              'WORKER_PROTOCOL',
              `The inference engine speaks protocol ${message.version}, this Candil needs ${WORKER_PROTOCOL_VERSION}.`,
              { reason: 'versionMismatch', version: message.version, needed: WORKER_PROTOCOL_VERSION },
            );
            // Forget the port first: its exit is expected and must not count as a crash to restart.
            this.port = null;
            this.ready = null;
            this.closedForGood(error.toPayload());
            port.kill();
            reject(error);
            return;
          }
          this.cores = message.mathCores > 0 ? message.mathCores : null;
          this.setStatus(this.loaded ? 'ready' : 'idle');
          this.watch(port);
          const snapshots = this.options.snapshots?.();
          if (!snapshots) {
            resolve();
            return;
          }
          // The worker learns where snapshots go before it is handed any request.
          const id = this.nextId++;
          this.pending.set(id, { resolve: () => resolve(), reject });
          port.send({ type: 'request', id, method: 'configure', params: { snapshots } });
          return;
        }
        this.onWorkerMessage(message);
      });
      port.onExit((exit) => {
        clearTimeout(timer);
        reject(new AppError('WORKER_CRASHED', describeExit(exit), exitParams(exit)));
        this.onExit(port, exit);
      });
      port.send({ type: 'hello', version: WORKER_PROTOCOL_VERSION });
    });
  }

  /**
   * A hung engine (alive, but not answering: a deadlock, a stuck native call) would leave a reply
   * streaming forever. Its main thread answers pings at once, even mid-generation; one that stays
   * silent too long is killed, and then restarts like after a crash.
   */
  private watch(port: WorkerPort): void {
    this.stopWatching();
    const { intervalMs, timeoutMs } = this.options.heartbeat ?? { intervalMs: 5_000, timeoutMs: 30_000 };
    let lastAnswer = Date.now();
    let nextPing = 1;
    port.onMessage((message) => {
      if (message.type === 'pong') lastAnswer = Date.now();
    });
    this.heartbeat = setInterval(() => {
      if (port !== this.port) return this.stopWatching();
      if (Date.now() - lastAnswer > timeoutMs) {
        const seconds = Math.round(timeoutMs / 1000);
        this.hung = new AppError('WORKER_CRASHED', `The inference engine stopped answering for ${seconds} s and was restarted.`, { reason: 'hung', seconds });
        this.stopWatching();
        port.kill();
        return;
      }
      port.send({ type: 'ping', id: nextPing++ });
    }, intervalMs);
    this.heartbeat.unref();
  }

  private stopWatching(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private onWorkerMessage(message: FromWorker): void {
    switch (message.type) {
      case 'chunk':
        this.pending.get(message.id)?.onChunk?.(message.text, message.tokens);
        return;
      case 'result': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        pending?.resolve(message.result);
        return;
      }
      case 'error': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        pending?.reject(AppError.from(message.error));
        return;
      }
      case 'fatal':
        this.setStatus(this.current.state, { lastError: message.error });
        return;
      default:
        return;
    }
  }

  private onExit(port: WorkerPort, exit: WorkerExit): void {
    if (port !== this.port || this.closed) return;
    this.stopWatching();
    this.port = null;
    this.ready = null;
    this.loaded = null;
    const error: ErrorPayload = (this.hung ?? new AppError('WORKER_CRASHED', describeExit(exit), exitParams(exit))).toPayload();
    this.hung = null;
    this.failPending(error);
    const { mayRestart, recent, backoffMs } = this.tracker.record();
    if (!mayRestart) {
      this.closedForGood(error, recent);
      return;
    }
    this.setStatus('restarting', { modelPath: null, recentCrashes: recent, lastError: error });
    this.clearRestartTimer();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start().catch(() => undefined);
    }, backoffMs);
  }

  private closedForGood(error: ErrorPayload, recent = this.tracker.recent): void {
    this.setStatus('down', { modelPath: null, recentCrashes: recent, lastError: error });
  }

  private failPending(error: ErrorPayload): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(AppError.from(error));
  }

  private clearRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private setStatus(state: WorkerStateName, patch: Partial<Omit<WorkerStatus, 'state'>> = {}): void {
    this.current = { ...this.current, recentCrashes: this.tracker.recent, ...patch, state };
    if (this.current.modelPath === null) this.current.loaded = null;
    this.options.onStatus?.(this.status);
  }
}

function exitParams(exit: WorkerExit): ReasonParams<'WORKER_CRASHED'> {
  return exit.signal ? { reason: 'exitSignal', signal: exit.signal } : { reason: 'exitCode', exitCode: exit.code ?? '?' };
}

function describeExit(exit: WorkerExit): string {
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
  return `The inference engine stopped unexpectedly (${how}).`;
}

