import { useContext, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Virtuoso, VirtuosoMockContext, type VirtuosoHandle } from 'react-virtuoso';
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

const listComponents = { Header: FewShotTurns };

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
  const chatId = useAppStore((s) => s.currentChatId);
  const virtuoso = useRef<VirtuosoHandle>(null);
  const atBottom = useRef(true);
  // One list per chat, opening at its end and following its reply until the user scrolls up. A
  // new chat that got its id with its first message is the same conversation: its list stays.
  const shownChat = useRef(chatId);
  const listKey = useRef(chatId ?? 'draft');
  if (shownChat.current !== chatId) {
    if (shownChat.current !== null || chatId === null) {
      listKey.current = chatId ?? 'draft';
      atBottom.current = true;
    }
    shownChat.current = chatId;
  }
  // Tests without layout (jsdom) provide sizes through this context; there Virtuoso would wait
  // forever for the scroll that lands on the initial item, so they are scrolled after mounting.
  const withoutLayout = useContext(VirtuosoMockContext) !== undefined;

  // A search result that was opened: brought to the middle of the view, then focused for screen readers.
  const focusId = useAppStore((s) => s.focusMessageId);
  useEffect(() => {
    if (!focusId) return;
    const index = ids.indexOf(focusId);
    if (index < 0) return;
    atBottom.current = false;
    virtuoso.current?.scrollToIndex({ index, align: 'center' });
    let tries = 0;
    const focus = () => {
      const element = document.getElementById(`message-${focusId}`);
      if (element) element.focus();
      else if (++tries < 30) frame = requestAnimationFrame(focus);
    };
    let frame = requestAnimationFrame(focus);
    return () => cancelAnimationFrame(frame);
  }, [focusId, ids]);

  useLayoutEffect(() => {
    if (withoutLayout) virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
  }, [chatId, withoutLayout]);

  return (
    // Not a live region: a streamed reply would be read as a hundred fragments, and scrolling the
    // virtualised list would read old messages again. Replies are announced by sentence instead
    // (see use-reply-announcer.ts).
    <section className="message-log" aria-label={t('chat.log')}>
      <Virtuoso
        // One list per chat, opened at its latest message: the list of the chat before would bring
        // its sizes and scroll position, and a jump to the end computed from sizes guessed for
        // messages not yet drawn falls short of it.
        key={listKey.current}
        // Read when the list mounts; an empty list has nothing to land on (and would stay hidden
        // until its first messages were measured).
        initialTopMostItemIndex={withoutLayout || ids.length === 0 ? undefined : { index: 'LAST', align: 'end' }}
        ref={virtuoso}
        className="message-scroller"
        data={ids}
        computeItemKey={itemKey}
        itemContent={renderItem}
        followOutput={follow}
        atBottomThreshold={bottomThresholdPx}
        atBottomStateChange={(bottom) => {
          atBottom.current = bottom;
        }}
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
