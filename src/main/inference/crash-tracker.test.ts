import { describe, expect, it } from 'vitest';
import { CrashTracker } from './crash-tracker';

describe('CrashTracker', () => {
  it('allows two restarts and refuses the third crash within five minutes', () => {
    let t = 0;
    const tracker = new CrashTracker(3, 300_000, () => t);
    expect(tracker.record()).toMatchObject({ mayRestart: true, recent: 1 });
    t += 1000;
    expect(tracker.record()).toMatchObject({ mayRestart: true, recent: 2 });
    t += 1000;
    expect(tracker.record()).toMatchObject({ mayRestart: false, recent: 3 });
  });

  it('forgets crashes older than the window and backs off exponentially', () => {
    let t = 0;
    const tracker = new CrashTracker(3, 300_000, () => t);
    const first = tracker.record();
    t += 200_000;
    const second = tracker.record();
    expect(second.backoffMs).toBeGreaterThan(first.backoffMs);
    t += 200_000;
    expect(tracker.record()).toMatchObject({ mayRestart: true, recent: 2 });
  });
});
