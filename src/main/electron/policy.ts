/**
 * Decisions of the Electron shell, as plain functions of plain inputs so they are tested without
 * Electron; main-window.ts and index.ts only call them.
 */

/** Writing to the clipboard (the Copy buttons) is the only permission the page ever gets. */
export function isPermissionAllowed(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/**
 * A link the user clicked that leaves the app: the address to hand to the system browser, or null
 * when it is not plain http(s) (file:, javascript:, custom schemes that launch other programs).
 */
export function externalLinkTarget(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    if (parsed.username || parsed.password) return null;
    return parsed.href;
  } catch {
    return null;
  }
}

/** The dev server's address, honoured only in an unpackaged run: an installed app ignores it. */
export function devServerUrl(isPackaged: boolean, env: Record<string, string | undefined>): string | null {
  if (isPackaged) return null;
  return env['ELECTRON_RENDERER_URL'] || null;
}
