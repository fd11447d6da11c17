import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { CandilBridge } from '../shared/bridge';
import type { CallResult } from '../shared/ipc-contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallName, type EventName } from '../shared/ipc-names';

// The page gets named functions, never ipcRenderer: main validates every call anyway.
const bridge: CandilBridge = {
  invoke: (name: CallName, input: unknown) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, input) as Promise<CallResult<unknown>>,
  subscribe(listener) {
    const relay = (_event: Electron.IpcRendererEvent, name: EventName, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
  },
  // Dropped files carry no path in a sandboxed page; importing a dropped model needs one.
  pathForFile: (file: object) => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld('candil', bridge);
