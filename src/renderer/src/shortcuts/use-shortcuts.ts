import { useEffect } from 'react';
import { groupChats } from '../components/sidebar/chat-groups';
import { fallbackFocusTarget } from '../focus/focus-rescue';
import { openChat, showChat, startNewChat, toggleTrash } from '../store/actions';
import { useAppStore } from '../store/state';
import { isTextField, matchShortcut, neighbourChat, type ShortcutId } from './shortcuts';

/** After the view changed: the message box exists only once React has drawn it. */
export function focusComposerSoon(): void {
  requestAnimationFrame(() => fallbackFocusTarget()?.focus());
}

function run(id: ShortcutId, openHelp: () => void): void {
  const state = useAppStore.getState();
  switch (id) {
    case 'help':
      openHelp();
      return;
    case 'newChat':
      startNewChat('chat');
      focusComposerSoon();
      return;
    case 'focusComposer':
      showChat();
      focusComposerSoon();
      return;
    case 'searchChats':
      void toggleTrash(false);
      requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-shortcut-target="search"]')?.focus());
      return;
    case 'previousChat':
    case 'nextChat': {
      const order = groupChats(state.chats, new Date()).flatMap((group) => group.chats.map((chat) => chat.id));
      const next = neighbourChat(order, state.currentChatId, id === 'nextChat' ? 1 : -1);
      if (!next) return;
      showChat();
      void openChat(next);
    }
  }
}

/** The shortcuts in shortcuts.ts, page-wide; a modal dialog keeps the keyboard to itself. */
export function useShortcuts(openHelp: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('[aria-modal="true"]')) return;
      const id = matchShortcut({
        key: event.key,
        code: event.code,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        shiftKey: event.shiftKey,
        inTextField: isTextField(event.target),
      });
      if (!id) return;
      event.preventDefault();
      run(id, openHelp);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openHelp]);
}
