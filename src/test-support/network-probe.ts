import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface ConnectionAttempt {
  pid: number;
  /** `loaded` marks a child process whose probe is running. */
  kind: 'tcp' | 'ipc' | 'dns' | 'udp' | 'loaded';
  host: string;
  port: number | null;
  loopback: boolean;
}

interface ProbeModule {
  attempts: ConnectionAttempt[];
  install(): void;
  uninstall(): void;
}

export const PROBE_FILE = join(import.meta.dirname, 'network-probe.cjs');

const probe = createRequire(import.meta.url)(PROBE_FILE) as ProbeModule;

/**
 * Counts this process's outbound connections and lookups (and refuses those off this computer)
 * until `stop()`; child processes started meanwhile (the engine worker) log theirs to `logFile`.
 */
export function startNetworkProbe(logFile: string): {
  /** This process's attempts since the probe started. */
  main(): ConnectionAttempt[];
  /** Every child process's attempts and `loaded` lines, as logged so far. */
  children(): ConnectionAttempt[];
  stop(): void;
} {
  writeFileSync(logFile, '');
  const from = probe.attempts.length;
  const saved = { options: process.env.NODE_OPTIONS, log: process.env.CANDIL_NET_PROBE_LOG };
  // The engine worker is forked with a copy of this environment (worker-env.ts).
  process.env.NODE_OPTIONS = `${saved.options ?? ''} --require ${JSON.stringify(PROBE_FILE)}`.trim();
  process.env.CANDIL_NET_PROBE_LOG = logFile;
  probe.install();
  return {
    main: () => probe.attempts.slice(from),
    children: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as ConnectionAttempt)
        : [],
    stop() {
      probe.uninstall();
      restore('NODE_OPTIONS', saved.options);
      restore('CANDIL_NET_PROBE_LOG', saved.log);
    },
  };
}

function restore(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}

/** Attempts that would have left this computer. */
export function offLoopback(attempts: ConnectionAttempt[]): ConnectionAttempt[] {
  return attempts.filter((a) => a.kind !== 'loaded' && !a.loopback);
}
