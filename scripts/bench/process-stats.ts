import { readFileSync } from 'node:fs';

/** Readings of other processes for the benchmarks (Linux /proc; null elsewhere). */

export function rssOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system, all threads) a process has used, on Linux. */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Resolves once the process has used no CPU for 300 ms: Candil keeps working for a moment after a
 * reply (it prepares the chat's next turn), and another program must not be timed meanwhile.
 */
export async function quiet(pid: number | undefined): Promise<void> {
  let last = cpuSecondsOf(pid);
  let still = 0;
  while (last !== null && still < 3) {
    await new Promise((r) => setTimeout(r, 100));
    const now = cpuSecondsOf(pid);
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

/** The first child of a process (the host's engine), on Linux. */
export function childOf(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]) || undefined;
  } catch {
    return undefined;
  }
}
