import type { CallInput, CallOutput, CallResult, EventPayload } from '../../../shared/ipc-contract';
import type { CallName, EventName } from '../../../shared/ipc-names';
import type { ErrorPayload } from '../../../shared/errors';
import type { Carrier, ConnectionState } from '../ipc/carrier';

type Handler<K extends CallName> = (input: CallInput<K>) => CallOutput<K> | Promise<CallOutput<K>>;
type Handlers = { [K in CallName]?: Handler<K> };

/** Thrown by a handler to answer `ok: false`. */
export class FakeFailure {
  constructor(readonly error: ErrorPayload) {}
}

/** An in-memory main process: tests choose each call's answer and push events by hand. */
export class FakeCarrier implements Carrier {
  readonly calls: { name: CallName; input: unknown }[] = [];
  private handlers: Handlers = {};
  private listeners = new Set<(name: EventName, payload: unknown) => void>();
  private connectionListeners = new Set<(state: ConnectionState) => void>();
  private hostErrorListeners = new Set<(error: ErrorPayload) => void>();
  private state: ConnectionState = 'open';

  handle<K extends CallName>(name: K, handler: Handler<K>): this {
    (this.handlers as Record<string, unknown>)[name] = handler;
    return this;
  }

  async invoke(name: CallName, input: unknown): Promise<CallResult<unknown>> {
    this.calls.push({ name, input });
    const handler = this.handlers[name] as ((input: unknown) => unknown) | undefined;
    if (!handler) return { ok: false, error: { code: 'UNKNOWN_CALL', message: `no fake for ${name}`, params: { reason: 'unknownCall', name } } };
    try {
      return { ok: true, value: await handler(input) };
    } catch (error) {
      if (error instanceof FakeFailure) return { ok: false, error: error.error };
      throw error;
    }
  }

  callsTo(name: CallName): unknown[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.input);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(name, payload);
  }

  setConnection(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.connectionListeners) listener(state);
  }

  hostError(error: ErrorPayload): void {
    for (const listener of this.hostErrorListeners) listener(error);
  }

  subscribe(listener: (name: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  connectionState(): ConnectionState {
    return this.state;
  }

  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  onHostError(listener: (error: ErrorPayload) => void): () => void {
    this.hostErrorListeners.add(listener);
    return () => this.hostErrorListeners.delete(listener);
  }

  close(): void {}
}
