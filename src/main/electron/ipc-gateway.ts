import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { CallResult } from '../../shared/ipc-contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/ipc-names';
import type { EventBus } from '../api/event-bus';
import type { Dispatch } from '../api/dispatcher';
import { isTrustedRendererUrl } from './trusted-origin';

/** The only door between a window and the services: sender checked, then the shared dispatcher. */
export function installIpcGateway(dispatch: Dispatch, events: EventBus, windows: () => BrowserWindow[], devServer: string | null): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<CallResult<unknown>> => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedRendererUrl(url, devServer)) {
      console.warn(`[candil] refused IPC from ${url}`);
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from Candil’s own window.', params: { reason: 'wrongWindow' } } };
    }
    return dispatch(name, input);
  });
  const unsubscribe = events.subscribe((event) => {
    for (const win of windows()) {
      if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event.name, event.payload);
    }
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
  };
}
