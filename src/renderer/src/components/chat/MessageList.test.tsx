import { act, render, screen } from '@testing-library/react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../../store/state';
import { message } from '../../test/fixtures';
import { useTestEnvironment } from '../../test/setup';
import { MessageList } from './MessageList';

const renders = vi.hoisted(() => ({ list: 0, items: {} as Record<string, number>, streaming: 0 }));

// Each wrapper calls the real component as a function, so it owns the real hooks and
// re-renders exactly when the real component would.
vi.mock('./MessageItem', async (importOriginal) => {
  const real = await importOriginal<typeof import('./MessageItem')>();
  return {
    MessageItem: (props: { id: string }) => {
      renders.items[props.id] = (renders.items[props.id] ?? 0) + 1;
      return real.MessageItem(props);
    },
  };
});
vi.mock('./ReplyBody', async (importOriginal) => {
  const real = await importOriginal<typeof import('./ReplyBody')>();
  return {
    ReplyBody: (props: { messageId: string; stored: string; streaming: boolean }) => {
      renders.streaming++;
      return real.ReplyBody(props);
    },
  };
});

function CountedList(): React.JSX.Element {
  renders.list++;
  return MessageList();
}

describe('MessageList while a reply streams', () => {
  const env = useTestEnvironment();
  beforeEach(() => vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] }));
  afterEach(() => vi.useRealTimers());

  it('re-renders only the streaming text per delta, then swaps in the final message', () => {
    const history = Array.from({ length: 6 }, (_, i) =>
      message({ id: `m${i}`, chatId: 'c1', position: i, role: i % 2 ? 'assistant' : 'user', content: `old ${i}` }),
    );
    const reply = message({ id: 'a9', chatId: 'c1', position: 6, role: 'assistant', status: 'streaming' });
    useAppStore.setState({
      currentChatId: 'c1',
      messageIds: [...history.map((m) => m.id), 'a9'],
      messages: Object.fromEntries([...history, reply].map((m) => [m.id, m])),
    });

    render(
      <VirtuosoMockContext.Provider value={{ viewportHeight: 4000, itemHeight: 80 }}>
        <CountedList />
      </VirtuosoMockContext.Provider>,
    );
    // A region, not a live one: streaming and scrolling must not be read out as they happen.
    const list = screen.getByRole('region', { name: 'Messages' });
    expect(list.getAttribute('aria-live')).toBeNull();
    expect(list.querySelector('[aria-live], [role="log"], [role="status"]')).toBeNull();
    const before = { list: renders.list, items: { ...renders.items }, streaming: renders.streaming };
    expect(before.items.m0).toBeGreaterThan(0);

    const words = ['Una', ' respuesta', ' que', ' llega', ' poco', ' a', ' poco', '.'];
    const emit = (seq: number, text: string) => env.carrier().emit('chat.delta', { requestId: 'r1', chatId: 'c1', messageId: 'a9', seq, text, tokens: 1 });
    // Half the words arrive one per frame, the other half all within one frame.
    words.slice(0, 4).forEach((text, i) => {
      act(() => emit(i + 1, text));
      act(() => vi.advanceTimersToNextFrame());
    });
    const beforeBurst = renders.streaming;
    act(() => words.slice(4).forEach((text, i) => emit(i + 5, text)));
    // A repeated and a stale delta change nothing.
    act(() => emit(8, '.'));
    act(() => emit(3, 'X'));
    expect(renders.streaming).toBe(beforeBurst);
    act(() => vi.advanceTimersToNextFrame());
    // Six deltas in one frame: drawn once (React renders twice or three times for the deferred value).
    expect(renders.streaming - beforeBurst).toBeGreaterThanOrEqual(1);
    expect(renders.streaming - beforeBurst).toBeLessThanOrEqual(3);

    expect(renders.list).toBe(before.list);
    expect(renders.items).toEqual(before.items);
    expect(useAppStore.getState().streaming.a9?.tokens).toBe(8);
    const article = document.querySelector('[data-status="streaming"]');
    expect(article?.textContent).toContain('Una respuesta que llega poco a poco.');

    act(() =>
      env.carrier().emit('chat.done', {
        requestId: 'r1',
        chatId: 'c1',
        message: { ...reply, status: 'done', content: 'Una respuesta **final**.', completionTokens: 8, durationMs: 400 },
        stats: null,
      }),
    );
    expect(renders.list).toBe(before.list);
    expect(renders.items.a9).toBe((before.items.a9 ?? 0) + 1);
    expect(renders.items.m0).toBe(before.items.m0);
    const done = [...document.querySelectorAll('[data-status="done"]')].at(-1);
    expect(done?.querySelector('strong')?.textContent).toBe('final');
    expect(document.querySelector('[data-status="streaming"]')).toBeNull();
  });
});
