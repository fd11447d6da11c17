/** More parallel replies than this gain nothing on a CPU: they share the same cores. */
export const MAX_AUTO_SEQUENCES = 4;

/**
 * How many sequences (chats that keep their evaluated state side by side, and replies that can
 * stream at once) a context gets when the user has not chosen: as many as fit in a quarter of the
 * free memory at the model's KV-cache cost per sequence, between 1 and {@link MAX_AUTO_SEQUENCES}.
 */
export function autoSequenceCount(bytesPerSequence: number, freeMemoryBytes: number): number {
  if (!(bytesPerSequence > 0)) return MAX_AUTO_SEQUENCES;
  const fit = Math.floor((freeMemoryBytes * 0.25) / bytesPerSequence);
  return Math.max(1, Math.min(MAX_AUTO_SEQUENCES, fit));
}
