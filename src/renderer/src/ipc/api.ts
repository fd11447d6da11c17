import type { CallInput, CallOutput, EventPayload } from '../../../shared/ipc-contract';
import type { CallName, EventName } from '../../../shared/ipc-names';
import type { ErrorCode, ErrorPayload } from '../../../shared/errors';
import { isErrorPayload } from '../../../shared/errors';
import type { Carrier, ConnectionState } from './carrier';

/** A call that main answered with `ok: false`, or that never reached it. */
export class CandilError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CandilError';
  }

  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message };
  }
}

export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof CandilError) return error.toPayload();
  if (isErrorPayload(error)) return error;
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export interface Api {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  on<E extends EventName>(name: E, handler: (payload: EventPayload<E>) => void): () => void;
  connectionState(): ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  onHostError(listener: (error: ErrorPayload) => void): () => void;
}

export function createApi(carrier: Carrier): Api {
  return {
    async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
      const result = await carrier.invoke(name, input);
      if (!result.ok) throw new CandilError(result.error.code, result.error.message);
      // Main is the only writer of results and types them by the same contract.
      return result.value as CallOutput<K>;
    },
    on<E extends EventName>(name: E, handler: (payload: EventPayload<E>) => void): () => void {
      return carrier.subscribe((eventName, payload) => {
        if (eventName === name) handler(payload as EventPayload<E>);
      });
    },
    connectionState: () => carrier.connectionState(),
    onConnectionChange: (listener) => carrier.onConnectionChange(listener),
    onHostError: (listener) => carrier.onHostError(listener),
  };
}
