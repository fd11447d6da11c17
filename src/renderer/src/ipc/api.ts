import type { CallInput, CallOutput, EventPayload } from '../../../shared/ipc-contract';
import type { CallName, EventName } from '../../../shared/ipc-names';
import { AppError, type ErrorPayload } from '../../../shared/errors';
import type { Carrier, ConnectionState } from './carrier';

/** A failed call becomes the same AppError main threw: `ok: false`, or a call that never reached main. */
export function toErrorPayload(error: unknown): ErrorPayload {
  return AppError.from(error).toPayload();
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
      // With its params, so the UI can explain it in its own language (errorDetails).
      if (!result.ok) throw AppError.from(result.error);
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
