import type { CallResult } from './ipc-contract';
import type { CallName, EventName } from './ipc-names';

/**
 * What the Electron preload exposes as `window.candil`. The renderer never sees
 * ipcRenderer; main validates every name and payload that comes through here.
 */
export interface CandilBridge {
  invoke(name: CallName, input: unknown): Promise<CallResult<unknown>>;
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
  /** The path of a file dropped on the window (desktop app only). Typed loosely (a DOM File) to keep src/shared free of DOM types. */
  pathForFile(file: object): string;
}
