import { randomUUID } from 'node:crypto';
import type { ApiRequestInfo } from '../../shared/domain';

/** Finished requests stay listed for a while, so Settings shows what just happened. */
const KEEP_FINISHED = 20;
/** Token counts change per token; the list is published at most this often. */
const PUBLISH_MS = 250;

export interface TrackedRequest {
  readonly id: string;
  /** Position in the engine's queue (0: generating). */
  queued(position: number): void;
  tokens(count: number): void;
  /** `tokens`: the final count, when the engine reported it. */
  end(status: ApiRequestInfo['status'], tokens?: number): void;
}

/**
 * The API requests being served, for Settings → Local API: model, tokens so far, status, and a
 * way to stop one. Published as one list, throttled.
 */
export class ApiRequestLog {
  private readonly requests = new Map<string, ApiRequestInfo>();
  private readonly stops = new Map<string, () => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly publish: (requests: ApiRequestInfo[]) => void) {}

  list(): ApiRequestInfo[] {
    return [...this.requests.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  begin(input: { model: string; endpoint: ApiRequestInfo['endpoint']; stop: () => void }): TrackedRequest {
    const id = randomUUID();
    const info: ApiRequestInfo = { id, model: input.model, endpoint: input.endpoint, status: 'queued', position: null, tokens: 0, startedAt: Date.now(), endedAt: null };
    this.requests.set(id, info);
    this.stops.set(id, input.stop);
    this.schedule();
    return {
      id,
      queued: (position) => {
        info.position = position;
        info.status = position === 0 ? 'running' : 'queued';
        this.schedule();
      },
      tokens: (count) => {
        info.tokens += count;
        this.schedule();
      },
      end: (status, tokens) => {
        info.status = status;
        if (tokens !== undefined) info.tokens = tokens;
        info.position = null;
        info.endedAt = Date.now();
        this.stops.delete(id);
        this.prune();
        this.schedule();
      },
    };
  }

  /** Stops a request as if its client had gone away; false when it already ended. */
  stop(id: string): boolean {
    const stop = this.stops.get(id);
    stop?.();
    return stop !== undefined;
  }

  private prune(): void {
    const finished = this.list().filter((r) => r.endedAt !== null);
    for (const old of finished.slice(KEEP_FINISHED)) this.requests.delete(old.id);
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.publish(this.list());
    }, PUBLISH_MS);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
