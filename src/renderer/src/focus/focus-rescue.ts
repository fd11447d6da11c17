/** Where focus goes when nothing better is known: the message box, else the main area. */
export function fallbackFocusTarget(doc: Document = document): HTMLElement | null {
  const composer = doc.querySelector<HTMLTextAreaElement>('[data-focus-fallback]:not([disabled])');
  if (composer) return composer;
  const main = doc.querySelector<HTMLElement>('main');
  if (main && !main.hasAttribute('tabindex')) main.tabIndex = -1;
  return main;
}

function lost(doc: Document): boolean {
  return doc.activeElement === null || doc.activeElement === doc.body;
}

/**
 * Removing the focused element (a deleted message's button, the Stop button, a closed dialog's
 * control) leaves focus on <body>, where a keyboard or screen reader user starts over from the top.
 * Chromium (Electron and the browser host) reports the removal as a focusout with no next target;
 * once the components have had their turn to place focus, anything still lost goes to the fallback.
 */
export function installFocusRescue(doc: Document = document): () => void {
  const onFocusOut = (event: FocusEvent) => {
    if (event.relatedTarget !== null || !(event.target instanceof Node)) return;
    const target = event.target;
    requestAnimationFrame(() => {
      if (target.isConnected || !lost(doc)) return;
      fallbackFocusTarget(doc)?.focus();
    });
  };
  doc.addEventListener('focusout', onFocusOut);
  return () => doc.removeEventListener('focusout', onFocusOut);
}

/** For components that know where focus belongs after they changed the page: only if it was lost. */
export function focusIfLost(element: HTMLElement | null | undefined, doc: Document = document): void {
  if (element && lost(doc)) element.focus();
}
