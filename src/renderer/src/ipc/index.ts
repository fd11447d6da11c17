import { createApi, type Api } from './api';
import { createBridgeCarrier } from './bridge-carrier';
import type { Carrier } from './carrier';
import { ipcSocketUrl, takeToken } from './token';
import { createWebSocketCarrier } from './ws-carrier';

export { toErrorPayload, type Api } from './api';
export type { ConnectionState } from './carrier';

/** Electron's preload when present, otherwise the browser host's WebSocket. */
export function pickCarrier(): Carrier {
  if (window.candil) return createBridgeCarrier(window.candil);
  const token = takeToken({ location: window.location, history: window.history, storage: window.sessionStorage });
  return createWebSocketCarrier({ url: () => ipcSocketUrl(window.location, token) });
}

let current: Api | null = null;

/** Installs the carrier the whole UI talks through; tests install a fake one. */
export function installApi(next: Api): void {
  current = next;
}

export function connectApi(): Api {
  const next = createApi(pickCarrier());
  installApi(next);
  return next;
}

export function getApi(): Api {
  if (!current) throw new Error('The IPC client is not installed yet');
  return current;
}

/** The typed client every part of the UI uses; it forwards to whichever carrier is installed. */
export const api: Api = {
  call: (name, input) => getApi().call(name, input),
  on: (name, handler) => getApi().on(name, handler),
  connectionState: () => getApi().connectionState(),
  onConnectionChange: (listener) => getApi().onConnectionChange(listener),
  onHostError: (listener) => getApi().onHostError(listener),
};
