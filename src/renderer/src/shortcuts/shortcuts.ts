export type ShortcutId = 'newChat' | 'searchChats' | 'focusComposer' | 'previousChat' | 'nextChat' | 'help';

export interface KeyInput {
  key: string;
  /** Physical key: Alt+N types "˜" on a Mac keyboard, but its code is still KeyN. */
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** Typing in a field: single keys ("/", "?") belong to the text then. */
  inTextField: boolean;
}

/**
 * The app's shortcuts, chosen to stay clear of the browser's own: Ctrl+N, Ctrl+T and Ctrl+Shift+O
 * (bookmarks) are Chromium's, so a new chat is Alt+N. Command stands for Ctrl on a Mac.
 */
export function matchShortcut(e: KeyInput): ShortcutId | null {
  const command = e.ctrlKey || e.metaKey;
  if (e.altKey && !command && !e.shiftKey) {
    if (e.code === 'KeyN') return 'newChat';
    if (e.key === 'ArrowUp') return 'previousChat';
    if (e.key === 'ArrowDown') return 'nextChat';
    return null;
  }
  if (command && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') return 'searchChats';
  if (command && !e.altKey && (e.key === '/' || e.code === 'Slash')) return 'help';
  if (e.key === 'Escape' && e.shiftKey && !command && !e.altKey) return 'focusComposer';
  if (e.inTextField || command || e.altKey) return null;
  if (e.key === '/') return 'focusComposer';
  if (e.key === '?') return 'help';
  return null;
}

/** The next or previous chat in the order the sidebar shows; wraps around at the ends. */
export function neighbourChat(order: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (order.length === 0) return null;
  const index = current === null ? -1 : order.indexOf(current);
  if (index === -1) return step === 1 ? (order[0] ?? null) : (order[order.length - 1] ?? null);
  return order[(index + step + order.length) % order.length] ?? null;
}

export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'file'].includes(target.type);
}
