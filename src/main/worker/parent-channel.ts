import type { FromWorker, ToWorker } from '../../shared/worker-protocol';

/** The worker's side of its link to main: Electron's parentPort, or Node's IPC channel under fork. */
export interface ParentChannel {
  send(message: FromWorker): void;
  onMessage(listener: (message: ToWorker) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToParent(): ParentChannel {
  const parentPort = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToWorker)),
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('The inference worker must be started by Candil (no parent channel).');
  return {
    send: (message) => void send(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
  };
}
