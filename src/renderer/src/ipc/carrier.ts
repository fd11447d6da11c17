import type { CallResult } from '../../../shared/ipc-contract';
import type { CallName, EventName } from '../../../shared/ipc-names';
import type { ErrorPayload } from '../../../shared/errors';

/**
 * - `connecting`: first attempt, nothing is known yet (no banner, to avoid a flash).
 * - `open`: calls go through.
 * - `reconnecting`: the link dropped or never came up; calls wait for it.
 * - `refused`: the host turned the access token down; retrying cannot help.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'refused';

/** How calls and events travel between the UI and main; the UI never knows which one it has. */
export interface Carrier {
  invoke(name: CallName, input: unknown): Promise<CallResult<unknown>>;
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
  connectionState(): ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Errors the host reports outside any call (e.g. a malformed frame or a refused token). */
  onHostError(listener: (error: ErrorPayload) => void): () => void;
  close(): void;
}
