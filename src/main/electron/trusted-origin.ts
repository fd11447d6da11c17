/** The built renderer is served from this origin by the app protocol (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'candil';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * A frame may call main only if it shows Candil's own renderer: a page of app://candil, or, in
 * development only, a page of the dev server's origin. file: pages, other hosts and look-alikes
 * are strangers.
 */
export function isTrustedRendererUrl(url: string, devServerUrl: string | null = null): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (devServerUrl) {
    const dev = parse(devServerUrl);
    return dev !== null && parsed.protocol === dev.protocol && parsed.host === dev.host;
  }
  // Node gives custom schemes the opaque origin "null", so compare scheme and host instead.
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
