/**
 * Retry-After (RFC 9110 §10.2.3) as a delay in ms from `now`: delay-seconds, or an HTTP-date (one
 * in the past means now). Null for anything else, so a garbled header falls back to our own backoff.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  const text = value?.trim() ?? '';
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  // All three HTTP-date forms start with the day's name; Date.parse alone would take "-5" for a year.
  if (!/^[A-Za-z]{3}/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
