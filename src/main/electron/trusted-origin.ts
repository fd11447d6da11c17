/**
 * A frame may call main only if it shows Candil's own renderer: exactly the packaged file, or a
 * page of the dev server's origin. Any other file (say, a downloaded folder that also has a
 * renderer/index.html) is a stranger.
 */
export function isTrustedRendererUrl(url: string, rendererFileUrl: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (devServerUrl) return parsed.origin === new URL(devServerUrl).origin;
  return parsed.protocol === 'file:' && withoutQuery(parsed) === withoutQuery(new URL(rendererFileUrl));
}

/** file: URLs have the opaque origin "null", so compare scheme, host and path instead. */
function withoutQuery(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
