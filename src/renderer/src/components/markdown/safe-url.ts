const allowed = /^(https?:|mailto:)/i;

/**
 * Model output is untrusted: only web and mail links survive. Everything else
 * (javascript:, data:, file:, relative paths into the app) becomes an empty href.
 */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  return allowed.test(trimmed) ? trimmed : '';
}
