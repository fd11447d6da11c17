/**
 * Exponential backoff with a little jitter, so many clients that lost the same server don't
 * reconnect in lockstep. `attempt` starts at 1.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (1 + 0.2 * random()));
}
