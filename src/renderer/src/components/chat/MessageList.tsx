import { useCallback, useContext, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Virtuoso, VirtuosoMockContext, type VirtuosoHandle } from 'react-virtuoso';
import { loadOlderMessages } from '../../store/actions';
import { hasOlderMessages } from '../../store/reducers';
import { useAppStore } from '../../store/state';
import { FewShotTurns } from './FewShotTurns';
import { MessageItem } from './MessageItem';

function itemKey(_index: number, id: string): string {
  return id;
}

function renderItem(_index: number, id: string): React.JSX.Element {
  return (
    <div className="message-row">
      <MessageItem id={id} />
    </div>
  );
}

/** Above the first message: the chat's examples, or, while older messages are still to load, a line that says so. */
function ListHeader(): React.JSX.Element | null {
  const { t } = useTranslation();
  const older = useAppStore(hasOlderMessages);
  // Its own formatting context: the margins inside count in the height the list measures.
  return <div className="list-header">{older ? <p className="older-messages">{t('chat.loadingOlder')}</p> : <FewShotTurns />}</div>;
}

const listComponents = { Header: ListHeader };

function loadOlder(): void {
  void loadOlderMessages();
}

/** New messages scroll into view, unless the user scrolled up to read. */
function follow(isAtBottom: boolean): 'auto' | false {
  return isAtBottom ? 'auto' : false;
}

/** How close to the end still counts as "at the bottom" (a streamed line or two). */
const bottomThresholdPx = 120;

/**
 * Virtualized so a long chat stays fast. It depends only on `messageIds`, which deltas
 * never touch, so streaming does not re-render the list.
 */
export function MessageList(): React.JSX.Element {
  const { t } = useTranslation();
  const ids = useAppStore((s) => s.messageIds);
  const firstItemIndex = useAppStore((s) => s.firstItemIndex);
  const chatId = useAppStore((s) => s.currentChatId);
  const virtuoso = useRef<VirtuosoHandle>(null);
  const atBottom = useRef(true);
  // Read from the scroller at each scroll, before the list re-measures: Virtuoso's own at-bottom
  // state comes later, so a jump to the top (Home, a search result) met a height change while it
  // still said "at the bottom", and the list was pulled back down.
  const scroller = useRef<HTMLElement | null>(null);
  const onScroll = useCallback(() => {
    const s = scroller.current;
    if (s) atBottom.current = s.scrollHeight - s.scrollTop - s.clientHeight <= bottomThresholdPx;
  }, []);
  const scrollerRef = useCallback(
    (element: HTMLElement | Window | null) => {
      scroller.current?.removeEventListener('scroll', onScroll);
      scroller.current = element instanceof HTMLElement ? element : null;
      scroller.current?.addEventListener('scroll', onScroll, { passive: true });
    },
    [onScroll],
  );
  // A search result to open the list at (see below).
  const focusId = useAppStore((s) => s.focusMessageId);
  const handledFocus = useRef<string | null>(null);
  const focusFrame = useRef(0);
  const pendingFocus = focusId !== null && focusId !== handledFocus.current ? ids.indexOf(focusId) : -1;
  // The search result a new list opened at: it is already scrolled there (a second scroll while
  // the list lands on it could leave the list hidden, as it is until it has landed).
  const openedAt = useRef<string | null>(null);
  // One list per chat, opening at its end (or at a search result) and following its reply until
  // the user scrolls up. A new chat that got its id with its first message is the same
  // conversation: its list stays.
  const shownChat = useRef(chatId);
  const listKey = useRef(chatId ?? 'draft');
  if (shownChat.current !== chatId) {
    if (shownChat.current !== null || chatId === null) {
      listKey.current = chatId ?? 'draft';
      atBottom.current = pendingFocus < 0;
      openedAt.current = pendingFocus >= 0 ? focusId : null;
    }
    shownChat.current = chatId;
  }
  // Tests without layout (jsdom) provide sizes through this context; there Virtuoso would wait
  // forever for the scroll that lands on the initial item, so they are scrolled after mounting.
  const withoutLayout = useContext(VirtuosoMockContext) !== undefined;

  // A search result that was opened: brought to the top of the view (the middle would draw the
  // messages above it first, and their sizes, unknown until drawn, would push it off screen), then
  // focused for screen readers — once: the list changing later does not bring it back.
  useEffect(() => () => cancelAnimationFrame(focusFrame.current), []);
  useEffect(() => {
    if (!focusId) {
      handledFocus.current = null;
      return;
    }
    const index = handledFocus.current === focusId ? -1 : ids.indexOf(focusId);
    if (index < 0) return;
    handledFocus.current = focusId;
    atBottom.current = false;
    if (openedAt.current !== focusId) virtuoso.current?.scrollToIndex({ index, align: 'start' });
    // Drawn within a few frames, and focusable only once the list shows it (it stays hidden until
    // it has scrolled there); a long chat may take a second to lay out.
    let tries = 0;
    const focus = () => {
      const element = document.getElementById(`message-${focusId}`);
      element?.focus({ preventScroll: true });
      if (document.activeElement !== element && ++tries < 120) focusFrame.current = requestAnimationFrame(focus);
    };
    focusFrame.current = requestAnimationFrame(focus);
  }, [focusId, ids]);

  // Home and End go to the chat's first and latest messages, whatever the list has measured (the
  // browser's own keys stop at the height it guessed for messages not drawn yet).
  const onKeyDown = (event: React.KeyboardEvent<HTMLElement>) => {
    if (event.target !== scroller.current || (event.key !== 'Home' && event.key !== 'End')) return;
    event.preventDefault();
    if (event.key === 'End') {
      atBottom.current = true;
      virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
    } else {
      virtuoso.current?.scrollToIndex({ index: 0, align: 'start' });
    }
  };

  useLayoutEffect(() => {
    if (withoutLayout) virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
  }, [chatId, withoutLayout]);

  return (
    // Not a live region: a streamed reply would be read as a hundred fragments, and scrolling the
    // virtualised list would read old messages again. Replies are announced by sentence instead
    // (see use-reply-announcer.ts).
    <section className="message-log" aria-label={t('chat.log')} onKeyDown={onKeyDown}>
      <Virtuoso
        // One list per chat, opened at its latest message: the list of the chat before would bring
        // its sizes and scroll position, and a jump to the end computed from sizes guessed for
        // messages not yet drawn falls short of it.
        key={listKey.current}
        // Read when the list mounts; an empty list has nothing to land on (and would stay hidden
        // until its first messages were measured).
        initialTopMostItemIndex={
          withoutLayout || ids.length === 0 ? undefined : pendingFocus >= 0 ? { index: pendingFocus, align: 'start' } : { index: 'LAST', align: 'end' }
        }
        ref={virtuoso}
        className="message-scroller"
        data={ids}
        // Older pages are added in front; counting down keeps the list where the user is reading.
        firstItemIndex={firstItemIndex}
        startReached={loadOlder}
        computeItemKey={itemKey}
        itemContent={renderItem}
        followOutput={follow}
        atBottomThreshold={bottomThresholdPx}
        scrollerRef={scrollerRef}
        // followOutput reacts to new items only; a streaming reply grows inside the last one.
        totalListHeightChanged={() => {
          if (atBottom.current) virtuoso.current?.scrollTo({ top: Number.MAX_SAFE_INTEGER });
        }}
        increaseViewportBy={{ top: 400, bottom: 400 }}
        components={listComponents}
      />
    </section>
  );
}
