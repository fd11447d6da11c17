/** What the engine tracks per sequence of its context, independent of node-llama-cpp's objects. */
export interface SlotState {
  /** The session whose evaluated tokens this sequence holds, if any. */
  sessionId: string | null;
  busy: boolean;
  lastUsedAt: number;
}

export type SlotChoice<S extends SlotState> =
  /** The session's own tokens are already in this sequence. */
  | { kind: 'bound'; slot: S }
  /** An empty sequence, or the least recently used one whose session must be set aside first. */
  | { kind: 'free'; slot: S; evicts: string | null }
  | { kind: 'none' };

/** Shared tokens worth taking a sequence for (a system prompt, few-shot examples…). */
export const MIN_SHARED_PREFIX = 32;

/**
 * Picks the sequence a session generates on: its own if it still holds one; else the idle one
 * whose tokens share the longest start with the new prompt (the same system prompt or few-shot
 * turns need not be evaluated again), if that is worth it; else an empty one; else the idle
 * sequence used longest ago (its session is then snapshotted and evicted).
 */
export function chooseSlot<S extends SlotState>(slots: readonly S[], sessionId: string, shared: (slot: S) => number = () => 0): SlotChoice<S> {
  const own = slots.find((s) => s.sessionId === sessionId);
  if (own) return own.busy ? { kind: 'none' } : { kind: 'bound', slot: own };
  const idle = slots.filter((s) => !s.busy);
  let closest: { slot: S; tokens: number } | null = null;
  for (const slot of idle) {
    const tokens = shared(slot);
    if (tokens >= MIN_SHARED_PREFIX && (closest === null || tokens > closest.tokens)) closest = { slot, tokens };
  }
  if (closest) return { kind: 'free', slot: closest.slot, evicts: closest.slot.sessionId };
  const empty = idle.find((s) => s.sessionId === null);
  if (empty) return { kind: 'free', slot: empty, evicts: null };
  const oldest = idle.reduce<S | null>((best, s) => (best === null || s.lastUsedAt < best.lastUsedAt ? s : best), null);
  return oldest ? { kind: 'free', slot: oldest, evicts: oldest.sessionId } : { kind: 'none' };
}
