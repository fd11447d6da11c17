import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Physical cores: hyper-threads share one core's arithmetic units, so they add little to decode. */
export function physicalCores(): number {
  const logical = availableParallelism();
  try {
    if (process.platform === 'linux') return Math.min(logical, countLinuxCores(readFileSync('/proc/cpuinfo', 'utf8')) || logical);
    // Performance cores only on Apple silicon (efficiency cores slow every thread down to their pace).
    if (process.platform === 'darwin') return darwinCores() || logical;
  } catch {
    // Fall through to the estimate below.
  }
  return Math.max(1, Math.ceil(logical / 2));
}

export function countLinuxCores(cpuinfo: string): number {
  const cores = new Set<string>();
  let physicalId = '0';
  let processors = 0;
  for (const line of cpuinfo.split('\n')) {
    const [key, value] = line.split(':').map((s) => s.trim());
    if (key === 'processor') processors += 1;
    else if (key === 'physical id') physicalId = value ?? '0';
    else if (key === 'core id') cores.add(`${physicalId}:${value}`);
  }
  // Virtual machines and some ARM kernels omit core ids: each processor is then a core.
  return cores.size || processors;
}

function darwinCores(): number {
  for (const key of ['hw.perflevel0.physicalcpu', 'hw.physicalcpu']) {
    try {
      const value = Number(execFileSync('sysctl', ['-n', key], { encoding: 'utf8' }).trim());
      if (value > 0) return value;
    } catch {
      // Intel Macs have no perflevel keys.
    }
  }
  return 0;
}
