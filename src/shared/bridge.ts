import type { CallResult } from './ipc-contract';
import type { CallName, EventName } from './ipc-names';

/**
 * What the Electron preload exposes as `window.candil`. The renderer never sees
 * ipcRenderer; main validates every name and payload that comes through here.
 */
export interface CandilBridge {
  invoke(name: CallName, input: unknown): Promise<CallResult<unknown>>;
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
}
