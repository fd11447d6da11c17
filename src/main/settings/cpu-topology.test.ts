import { describe, expect, it } from 'vitest';
import { countLinuxCores, physicalCores } from './cpu-topology';

const twoCoresFourThreads = ['processor : 0', 'physical id : 0', 'core id : 0', '', 'processor : 1', 'physical id : 0', 'core id : 1', '', 'processor : 2', 'physical id : 0', 'core id : 0', '', 'processor : 3', 'physical id : 0', 'core id : 1'].join('\n');

describe('cpu topology', () => {
  it('counts physical cores, not hyper-threads', () => {
    expect(countLinuxCores(twoCoresFourThreads)).toBe(2);
  });

  it('counts processors when the kernel gives no core ids', () => {
    expect(countLinuxCores('processor : 0\n\nprocessor : 1\n')).toBe(2);
  });

  it('reads this machine', () => {
    expect(physicalCores()).toBeGreaterThanOrEqual(1);
  });
});
