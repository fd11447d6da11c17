import { fork } from 'node:child_process';
import type { FromWorker, ToWorker } from '../../shared/worker-protocol';
import { workerEnv } from './worker-env';

export interface WorkerExit {
  code: number | null;
  signal: string | null;
}

/** Main's side of one worker process: the seam between Electron's utilityProcess and Node's fork. */
export interface WorkerPort {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  onExit(listener: (exit: WorkerExit) => void): void;
  kill(): void;
}

export type WorkerLauncher = () => WorkerPort;

/** Node carrier, used by the browser host, the tests and the benchmark. */
export function forkWorkerLauncher(entry: string): WorkerLauncher {
  return () => {
    const child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: workerEnv() });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as FromWorker)),
      onExit: (listener) => child.once('exit', (code, signal) => listener({ code, signal })),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}
