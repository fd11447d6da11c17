/**
 * Copies text in both carriers. The Clipboard API needs a secure context and focus (the browser
 * host on a LAN address is not secure, and some Electron setups deny the permission); the old
 * selection-and-execCommand way still works there.
 */
export async function copyText(text: string, doc: Document = document): Promise<void> {
  const clipboard = doc.defaultView?.navigator.clipboard;
  if (clipboard && doc.defaultView?.isSecureContext !== false) {
    try {
      await clipboard.writeText(text);
      return;
    } catch {
      // Denied or unavailable: try the fallback below before giving up.
    }
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  const previous = doc.activeElement instanceof HTMLElement ? doc.activeElement : null;
  doc.body.append(area);
  area.focus();
  area.select();
  let copied: boolean;
  try {
    copied = doc.execCommand('copy');
  } finally {
    area.remove();
    // The copy button keeps focus: the hidden field must not leave it on <body>.
    previous?.focus();
  }
  if (!copied) throw new Error('The clipboard is not available here.');
}
