import { describe, expect, it } from 'vitest';
import { chooseSlot, type SlotState } from './session-slots';

const slot = (sessionId: string | null, lastUsedAt: number, busy = false): SlotState & { name: string } => ({
  name: sessionId ?? `empty@${lastUsedAt}`,
  sessionId,
  lastUsedAt,
  busy,
});

describe('chooseSlot', () => {
  it("returns the session's own sequence when it still holds one", () => {
    const slots = [slot('a', 1), slot('b', 2)];
    expect(chooseSlot(slots, 'b')).toEqual({ kind: 'bound', slot: slots[1] });
  });

  it('prefers an empty sequence over evicting a session', () => {
    const slots = [slot('a', 1), slot(null, 0)];
    expect(chooseSlot(slots, 'c')).toEqual({ kind: 'free', slot: slots[1], evicts: null });
  });

  it('evicts the idle session used longest ago', () => {
    const slots = [slot('a', 5), slot('b', 2, true), slot('c', 3)];
    expect(chooseSlot(slots, 'd')).toEqual({ kind: 'free', slot: slots[2], evicts: 'c' });
  });

  it('prefers the idle sequence that already holds the start of the new prompt', () => {
    const slots = [slot('a', 1), slot(null, 0), slot('b', 5), slot('c', 9, true)];
    const shared = (s: SlotState) => ({ a: 10, b: 120, c: 500 })[s.sessionId ?? ''] ?? 0;
    expect(chooseSlot(slots, 'new', shared)).toEqual({ kind: 'free', slot: slots[2], evicts: 'b' });
    // A few shared tokens are not worth evicting a chat for.
    expect(chooseSlot(slots, 'new', (s) => (s.sessionId === 'b' ? 8 : 0))).toEqual({ kind: 'free', slot: slots[1], evicts: null });
  });

  it('finds nothing when every sequence is busy, or the session is already generating', () => {
    expect(chooseSlot([slot('a', 1, true)], 'b')).toEqual({ kind: 'none' });
    expect(chooseSlot([slot('a', 1, true), slot(null, 0)], 'a')).toEqual({ kind: 'none' });
  });
});
