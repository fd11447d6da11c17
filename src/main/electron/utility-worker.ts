import { utilityProcess } from 'electron';
import type { FromWorker } from '../../shared/worker-protocol';
import { workerEnv } from '../inference/worker-env';
import type { WorkerLauncher } from '../inference/worker-port';

/** Electron carrier for the inference worker: a named utility process, killed with the app. */
export function utilityWorkerLauncher(entry: string): WorkerLauncher {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Candil inference', stdio: 'inherit', env: workerEnv() });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromWorker)),
      onExit: (listener) => child.once('exit', (code: number) => listener({ code, signal: code === 0 ? null : 'crash' })),
      kill: () => void child.kill(),
    };
  };
}
