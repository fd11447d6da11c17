import { describe, expect, it } from 'vitest';
import { autoThreads } from './thread-count';

describe('autoThreads', () => {
  it('uses every core for a realistic model and one for a tiny one', () => {
    expect(autoThreads(8, 350e6)).toBe(8);
    expect(autoThreads(2, 4e9)).toBe(2);
    expect(autoThreads(8, 1.2e6)).toBe(1);
    expect(autoThreads(0, 350e6)).toBe(1);
  });
});
