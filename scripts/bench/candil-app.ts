import { WebSocket } from 'ws';
import { startHost, type RunningHost } from '../../e2e/candil-host';
import type { CallInput, CallOutput, EventPayload, ServerFrame } from '../../src/shared/ipc-contract';
import type { CallName } from '../../src/shared/ipc-names';
import { childOf } from './process-stats';

export interface ReplySample {
  /** From the moment the engine started this reply (after any model load) to its first token. */
  firstTokenMs: number;
  /** performance.now() of the first token and of the end, to overlap parallel replies. */
  firstAt: number;
  endAt: number;
  tokens: number;
  decodeTokensPerSecond: number;
  done: EventPayload<'chat.done'>;
}

/**
 * Candil as the benchmark drives it: `npm run serve`'s built host in a process of its own (as a
 * user runs it), its engine in another, and every call and event through the host's WebSocket —
 * the whole path a reply takes to the window.
 */
export class CandilApp {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Set<(name: string, payload: unknown) => void>();

  private constructor(
    private readonly host: RunningHost,
    private readonly ws: WebSocket,
  ) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.type === 'result') {
        const pending = this.waiting.get(frame.id);
        this.waiting.delete(frame.id);
        if (frame.result.ok) pending?.resolve(frame.result.value);
        else pending?.reject(new Error(`${frame.result.error.code}: ${frame.result.error.message}`));
      } else if (frame.type === 'event') for (const listener of this.listeners) listener(frame.name, frame.payload);
    });
  }

  static async start(dataDir: string, modelsDir: string): Promise<CandilApp> {
    const host = await startHost(dataDir, { CANDIL_MODELS_DIR: modelsDir });
    const url = new URL(host.url);
    const token = new URLSearchParams(url.hash.slice(1)).get('token');
    const ws = new WebSocket(`ws://${url.host}/ipc?token=${token}`, { origin: url.origin });
    await new Promise((r, reject) => {
      ws.once('open', r);
      ws.once('error', reject);
    });
    return new CandilApp(host, ws);
  }

  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    return new Promise((resolvePromise, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolvePromise as (value: unknown) => void, reject });
      this.ws.send(JSON.stringify({ type: 'call', id, name, input }));
    });
  }

  /** Sends a message and times the reply as the window sees it. */
  async send(chatId: string, content: string): Promise<ReplySample> {
    let requestId = '';
    let started = 0;
    let first = 0;
    let tokens = 0;
    const early: { name: string; payload: unknown; at: number }[] = [];
    let done!: (payload: EventPayload<'chat.done'>) => void;
    const finished = new Promise<EventPayload<'chat.done'>>((r) => (done = r));
    const onEvent = (name: string, payload: unknown, at = performance.now()): void => {
      if (!requestId) {
        early.push({ name, payload, at });
        return;
      }
      const p = payload as { requestId?: string };
      if (p.requestId !== requestId) return;
      if (name === 'chat.queued' && (payload as EventPayload<'chat.queued'>).position === 0) started = at;
      else if (name === 'chat.delta') {
        if (tokens === 0) first = at;
        tokens += (payload as EventPayload<'chat.delta'>).tokens;
      } else if (name === 'chat.done') done(payload as EventPayload<'chat.done'>);
    };
    this.listeners.add(onEvent);
    try {
      const sent = await this.call('chat.send', { chatId, content });
      requestId = sent.requestId;
      for (const e of early.splice(0)) onEvent(e.name, e.payload, e.at);
      const result = await finished;
      const end = performance.now();
      if (result.message.status === 'error') throw new Error(`reply failed: ${result.message.error?.message}`);
      return { firstTokenMs: first - started, firstAt: first, endAt: end, tokens, decodeTokensPerSecond: ((tokens - 1) * 1000) / (end - first), done: result };
    } finally {
      this.listeners.delete(onEvent);
    }
  }

  /** The host process (main) and its engine process, for memory and CPU readings (Linux). */
  get pids(): { main: number | undefined; engine: number | undefined } {
    const main = this.host.process.pid;
    return { main, engine: childOf(main) };
  }

  /** Quits as a user does (the host saves what it must and stops its engine). */
  async close(): Promise<void> {
    this.ws.close();
    await this.host.stop('SIGTERM');
  }
}
