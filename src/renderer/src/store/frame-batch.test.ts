import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameBatch } from './frame-batch';

describe('frameBatch', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('hands on everything pushed within a frame once, in order', () => {
    const applied: number[][] = [];
    const batch = frameBatch<number>((items) => applied.push(items));
    for (let i = 1; i <= 5; i++) batch.push(i);
    expect(applied).toEqual([]);
    vi.advanceTimersToNextFrame();
    batch.push(6);
    vi.advanceTimersToNextFrame();
    vi.advanceTimersToNextFrame();
    expect(applied).toEqual([[1, 2, 3, 4, 5], [6]]);
  });

  it('does not wait longer than maxWaitMs when no frame is drawn', () => {
    // A hidden window draws no frames.
    vi.stubGlobal('requestAnimationFrame', () => 1);
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    try {
      const applied: string[][] = [];
      const batch = frameBatch<string>((items) => applied.push(items), 100);
      batch.push('a');
      batch.push('b');
      vi.advanceTimersByTime(99);
      expect(applied).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(applied).toEqual([['a', 'b']]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('flush hands on what waits at once and leaves nothing for the frame', () => {
    const applied: string[][] = [];
    const batch = frameBatch<string>((items) => applied.push(items));
    batch.push('a');
    batch.flush();
    batch.flush();
    vi.advanceTimersToNextFrame();
    expect(applied).toEqual([['a']]);
  });
});
