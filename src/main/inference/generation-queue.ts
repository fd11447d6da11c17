import { AppError } from '../../shared/errors';
import { sameLoadParams, type GenerateParams, type GenerateResult, type LoadParams } from '../../shared/worker-protocol';
import type { InferenceClient, RunningGeneration } from './inference-client';

export interface GenerationJob {
  load: LoadParams;
  params: GenerateParams;
  onChunk(text: string, tokens: number): void;
  /** 0 once it is generating; 1, 2… while it waits its turn. Called only when it changes. */
  onPosition?(position: number): void;
  /**
   * Work nobody is waiting for (a chat's title): it runs only on the model already loaded (or
   * ends with null), every other job goes ahead of it, and a job submitted while it runs stops it
   * and starts once it has let go of its sequence. Stopped, it ends with null or stopReason
   * 'abort', never an error (the engine may reject a generation stopped early).
   */
  background?: boolean;
}

export interface QueuedGeneration {
  /** null when the job was cancelled before it started (or, for a background job, stopped). */
  result: Promise<GenerateResult | null>;
  cancel(): void;
}

interface Entry {
  job: GenerationJob;
  position: number;
  /** Cancelled by its owner (before it started, or while it runs). */
  cancelled: boolean;
  /** A background job stopped to make room for another. */
  yielding: boolean;
  run: RunningGeneration | null;
  resolve(result: GenerateResult | null): void;
  reject(error: unknown): void;
}

export const DEFAULT_MAX_WAITING = 32;

/**
 * The one queue every generation goes through (the app's chats now, API requests next). Up to
 * as many jobs as the loaded context has sequences run at once — llama.cpp decodes them in the
 * same batches — and the rest wait in arrival order. A job for another model (or other context
 * parameters) waits until the running ones finish: a model is never swapped under a reply.
 */
export class GenerationQueue {
  private readonly waiting: Entry[] = [];
  private readonly running = new Set<Entry>();
  private loading = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly inference: InferenceClient,
    private readonly maxWaiting = DEFAULT_MAX_WAITING,
  ) {}

  get size(): { running: number; waiting: number } {
    return { running: this.running.size, waiting: this.waiting.length };
  }

  /** Throws QUEUE_FULL when a new job would be refused (callers check before storing anything). */
  assertRoom(): void {
    // Background jobs give way to any other: they never take a place someone asked for.
    const waiting = this.waiting.filter((e) => !e.job.background).length;
    if (waiting >= this.maxWaiting) {
      throw new AppError('QUEUE_FULL', `${waiting} replies are already waiting; try again when one has finished.`, { reason: 'tooMany', count: waiting });
    }
  }

  submit(job: GenerationJob): QueuedGeneration {
    if (!job.background) this.assertRoom();
    let entry!: Entry;
    const result = new Promise<GenerateResult | null>((resolve, reject) => {
      entry = { job, position: -1, cancelled: false, yielding: false, run: null, resolve, reject };
    });
    if (job.background) this.waiting.push(entry);
    else this.putAheadOfBackground(entry);
    this.pump();
    return {
      result,
      cancel: () => {
        if (entry.run) {
          entry.cancelled = true;
          entry.run.cancel();
          return;
        }
        if (entry.cancelled) return;
        entry.cancelled = true;
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        entry.resolve(null);
        this.settled();
      },
    };
  }

  /**
   * Loads the model again with new parameters (its settings changed) while nothing runs or waits:
   * a model is never swapped under a reply, so that is BUSY, with the reason for the UI.
   */
  async reload(load: LoadParams): Promise<void> {
    if (this.running.size > 0 || this.waiting.length > 0 || this.loading) {
      throw new AppError('BUSY', 'The model is writing a reply; its settings can change once it has finished.', { reason: 'modelSettings' });
    }
    this.loading = true;
    try {
      await this.inference.ensureLoaded(load);
    } finally {
      this.loading = false;
      this.pump();
      this.settled();
    }
  }

  /** Resolves when nothing runs or waits. */
  idle(): Promise<void> {
    if (this.running.size === 0 && this.waiting.length === 0 && !this.loading) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private putAheadOfBackground(entry: Entry): void {
    const firstBackground = this.waiting.findIndex((e) => e.job.background);
    if (firstBackground >= 0) this.waiting.splice(firstBackground, 0, entry);
    else this.waiting.push(entry);
    for (const running of this.running) {
      if (!running.job.background || running.yielding) continue;
      running.yielding = true;
      running.run?.cancel();
    }
  }

  private pump(): void {
    if (this.loading) return;
    // The sequence a stopped background job holds is free only once it has ended.
    const draining = [...this.running].some((e) => e.yielding);
    let dropped = false;
    while (!draining && this.waiting.length > 0) {
      const head = this.waiting[0]!;
      const loaded = this.inference.loadedModel;
      if (!loaded || !sameLoadParams(loaded.params, head.job.load)) {
        if (head.job.background) {
          // Never worth loading (or swapping) a model for.
          this.waiting.shift();
          head.resolve(null);
          dropped = true;
          continue;
        }
        if (this.running.size > 0) break;
        void this.load(head);
        return;
      }
      if (this.running.size >= loaded.result.sequences) break;
      this.waiting.shift();
      this.start(head);
    }
    if (dropped) this.settled();
    else this.announcePositions();
  }

  private async load(head: Entry): Promise<void> {
    this.loading = true;
    this.announcePositions();
    try {
      await this.inference.ensureLoaded(head.job.load);
    } catch (error) {
      // The job that asked for this model fails with the reason; the others get their own try.
      const index = this.waiting.indexOf(head);
      if (index >= 0) this.waiting.splice(index, 1);
      head.reject(error);
    } finally {
      this.loading = false;
    }
    this.pump();
    this.settled();
  }

  private start(entry: Entry): void {
    this.running.add(entry);
    entry.position = 0;
    entry.job.onPosition?.(0);
    const run = this.inference.generate(entry.job.params, entry.job.onChunk);
    entry.run = run;
    const stopped = () => entry.job.background === true && (entry.cancelled || entry.yielding);
    run.result.then(entry.resolve, (error: unknown) => (stopped() ? entry.resolve(null) : entry.reject(error))).finally(() => {
      this.running.delete(entry);
      this.pump();
      this.settled();
    });
  }

  /** While a model loads for the job at the head, that job is next, not waiting behind anyone. */
  private announcePositions(): void {
    const ahead = this.loading ? 1 : 0;
    this.waiting.forEach((entry, index) => {
      const position = index + 1 - ahead;
      if (position === 0 || entry.position === position) return;
      entry.position = position;
      entry.job.onPosition?.(position);
    });
  }

  private settled(): void {
    this.announcePositions();
    if (this.running.size > 0 || this.waiting.length > 0 || this.loading) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
