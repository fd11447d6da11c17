import { describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/domain';
import { chat, download, message } from '../test/fixtures';
import { applyDelta, applyLoadedChat, applyOlderMessages, hasOlderMessages, applyDone, applySendResult, streamingRequestOf, upsertDownload } from './reducers';
import { summarizeDownloads } from './selectors';
import { FIRST_ITEM_INDEX, initialState, type AppState } from './state';

function stateWith(messages: Message[], patch: Partial<AppState> = {}): AppState {
  return {
    ...initialState,
    currentChatId: 'c1',
    messageIds: messages.map((m) => m.id),
    messages: Object.fromEntries(messages.map((m) => [m.id, m])),
    ...patch,
  };
}

const delta = (seq: number, text: string) => ({ requestId: 'r1', chatId: 'c1', messageId: 'a1', seq, text, tokens: seq });

describe('applyDelta', () => {
  it('appends in order and ignores duplicates and late arrivals', () => {
    let state = stateWith([]);
    for (const d of [delta(1, 'Ho'), delta(2, 'la'), delta(2, 'la'), delta(1, 'Ho'), delta(3, '!')]) {
      const patch = applyDelta(state, d);
      if (patch) state = { ...state, ...patch };
    }
    expect(state.streaming.a1).toMatchObject({ text: 'Hola!', seq: 3, requestId: 'r1' });
  });

  it('touches nothing but the streaming slice', () => {
    const state = stateWith([message({ id: 'u1', chatId: 'c1', position: 0, role: 'user' })]);
    expect(Object.keys(applyDelta(state, delta(1, 'x')) ?? {})).toEqual(['streaming']);
  });

  it('ignores deltas of a reply that already ended', () => {
    const state = stateWith([], { endedReplies: { r1: true } });
    expect(applyDelta(state, delta(7, 'late'))).toBeNull();
  });
});

describe('applyDone', () => {
  it('replaces the streaming text with the stored message and records context use', () => {
    const streaming = message({ id: 'a1', chatId: 'c1', position: 1, role: 'assistant', status: 'streaming' });
    const state = stateWith([streaming], { streaming: { a1: { requestId: 'r1', chatId: 'c1', text: 'Hol', seq: 2, tokens: 2 } } });
    const final = { ...streaming, status: 'done' as const, content: 'Hola' };
    const stats = { promptTokens: 10, evaluatedTokens: 4, reusedTokens: 6, restored: false, completionTokens: 2, firstTokenMs: 5, durationMs: 50, tokensPerSecond: 40, contextUsed: 12, contextSize: 4096 };
    const next = { ...state, ...applyDone(state, { requestId: 'r1', chatId: 'c1', message: final, stats }) };
    expect(next.streaming).toEqual({});
    expect(next.messages.a1).toEqual(final);
    expect(next.contextUsage.c1).toEqual({ used: 12, size: 4096 });
    expect(streamingRequestOf(next, 'c1')).toBeNull();
  });
});

describe('applySendResult', () => {
  const u1 = message({ id: 'u1', chatId: 'c1', position: 0, role: 'user', content: 'Hi' });
  const a1 = message({ id: 'a1', chatId: 'c1', parentId: 'u1', position: 1, role: 'assistant', content: 'Hello' });
  const u2 = message({ id: 'u2', chatId: 'c1', parentId: 'a1', position: 2, role: 'user', content: 'More' });
  const a2 = message({ id: 'a2', chatId: 'c1', parentId: 'u2', position: 3, role: 'assistant', content: 'Sure' });

  it('appends a sent message and its reply, and starts streaming', () => {
    const u3 = message({ id: 'u3', chatId: 'c1', parentId: 'a2', position: 4, role: 'user' });
    const a3 = message({ id: 'a3', chatId: 'c1', parentId: 'u3', position: 5, role: 'assistant', status: 'streaming' });
    const state = stateWith([u1, a1, u2, a2]);
    const next = { ...state, ...applySendResult(state, 'c1', { requestId: 'r9', userMessage: u3, assistantMessage: a3 }) };
    expect(next.messageIds).toEqual(['u1', 'a1', 'u2', 'a2', 'u3', 'a3']);
    expect(streamingRequestOf(next, 'c1')).toBe('r9');
  });

  it('regenerate shows the new version of the last reply in its place', () => {
    const a2b = message({ id: 'a2b', chatId: 'c1', parentId: 'u2', versionIds: ['a2', 'a2b'], position: 4, role: 'assistant', status: 'streaming' });
    const state = stateWith([u1, a1, u2, a2]);
    const next = applySendResult(state, 'c1', { requestId: 'r2', userMessage: null, assistantMessage: a2b });
    expect(next.messageIds).toEqual(['u1', 'a1', 'u2', 'a2b']);
  });

  it('edit shows the new branch from the edited message on', () => {
    const u1b = message({ id: 'u1b', chatId: 'c1', versionIds: ['u1', 'u1b'], position: 4, role: 'user', content: 'Hi again' });
    const a1b = message({ id: 'a1b', chatId: 'c1', parentId: 'u1b', position: 5, role: 'assistant', status: 'streaming' });
    const state = stateWith([u1, a1, u2, a2]);
    const next = applySendResult(state, 'c1', { requestId: 'r3', userMessage: u1b, assistantMessage: a1b });
    expect(next.messageIds).toEqual(['u1b', 'a1b']);
    expect(next.messages?.u1b?.content).toBe('Hi again');
    // Editing the second question keeps the first exchange.
    const u2b = message({ id: 'u2b', chatId: 'c1', parentId: 'a1', position: 6, role: 'user', content: 'Less' });
    const a2c = message({ id: 'a2c', chatId: 'c1', parentId: 'u2b', position: 7, role: 'assistant', status: 'streaming' });
    expect(applySendResult(state, 'c1', { requestId: 'r4', userMessage: u2b, assistantMessage: a2c }).messageIds).toEqual(['u1', 'a1', 'u2b', 'a2c']);
  });

  it('continue streams on from the text the reply already has, under a new request', () => {
    const ended = stateWith([u1, a1], { endedReplies: { r1: true } });
    const reopened = { ...a1, status: 'streaming' as const };
    let state = { ...ended, ...applySendResult(ended, 'c1', { requestId: 'r2', userMessage: null, assistantMessage: reopened }) };
    expect(state.messageIds).toEqual(['u1', 'a1']);
    expect(state.streaming.a1).toMatchObject({ requestId: 'r2', text: 'Hello' });
    state = { ...state, ...applyDelta(state, { requestId: 'r2', chatId: 'c1', messageId: 'a1', seq: 1, text: ' there', tokens: 1 }) };
    expect(state.streaming.a1?.text).toBe('Hello there');
  });

  it('keeps a reply that finished before the send result arrived', () => {
    const a3 = message({ id: 'a3', chatId: 'c1', parentId: 'u1', position: 1, role: 'assistant', status: 'streaming' });
    const finished = { ...a3, status: 'error' as const, error: { code: 'GENERATION_FAILED' as const, message: 'boom' } };
    let state = stateWith([u1]);
    state = { ...state, ...applyDone(state, { requestId: 'r1', chatId: 'c1', message: finished, stats: null }) };
    state = { ...state, ...applySendResult(state, 'c1', { requestId: 'r1', userMessage: u1, assistantMessage: a3 }) };
    expect(state.messages.a3?.status).toBe('error');
    expect(state.streaming).toEqual({});
  });

  it('only tracks streaming when the chat is no longer open', () => {
    const a3 = message({ id: 'a3', chatId: 'c2', position: 1, role: 'assistant', status: 'streaming' });
    const state = stateWith([u1, a1]);
    const patch = applySendResult(state, 'c2', { requestId: 'r5', userMessage: null, assistantMessage: a3 });
    expect(patch.messageIds).toBeUndefined();
    expect(patch.streaming?.a3?.chatId).toBe('c2');
  });
});

describe('applyLoadedChat', () => {
  it('drops streaming text of replies the reload shows finished', () => {
    const a1 = message({ id: 'a1', chatId: 'c1', position: 0, role: 'assistant', status: 'done', content: 'full' });
    const state = stateWith([], { streaming: { a1: { requestId: 'r', chatId: 'c1', text: 'fu', seq: 1, tokens: 1 } } });
    const next = applyLoadedChat(state, { chat: chat({ id: 'c1' }), messages: [a1], context: null, active: null, pinnedBeforeCut: false });
    expect(next.streaming).toEqual({});
    expect(next.messageIds).toEqual(['a1']);
  });
});

describe('older messages', () => {
  const m = (i: number) => message({ id: `m${i}`, chatId: 'c1', parentId: i === 0 ? null : `m${i - 1}`, position: i, role: i % 2 ? 'assistant' : 'user' });

  it('go before the first message shown, and the list numbers them below it', () => {
    const state = stateWith([m(2), m(3)], { firstItemIndex: 1000 });
    expect(hasOlderMessages(state)).toBe(true);
    const patch = applyOlderMessages(state, 'c1', 'm2', [m(0), m(1)]);
    expect(patch?.messageIds).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(patch?.firstItemIndex).toBe(998);
    expect(hasOlderMessages({ ...state, ...patch })).toBe(false);
  });

  it('a reload of the open chat that starts earlier or later keeps each message at its number', () => {
    const state = stateWith([m(2), m(3)], { firstItemIndex: 1000 });
    const loaded = (messages: Message[]) => ({ chat: chat({ id: 'c1' }), messages, context: null, active: null, pinnedBeforeCut: false });
    expect(applyLoadedChat(state, loaded([m(1), m(2), m(3)])).firstItemIndex).toBe(999);
    expect(applyLoadedChat(state, loaded([m(3)])).firstItemIndex).toBe(1001);
    // Another chat starts over.
    expect(applyLoadedChat({ ...state, currentChatId: 'c2' }, loaded([m(3)])).firstItemIndex).toBe(FIRST_ITEM_INDEX);
  });

  it('are ignored when the list changed while they were on their way', () => {
    const state = stateWith([m(2), m(3)]);
    // Another chat was opened, an older page already arrived, or they do not end before the first shown.
    expect(applyOlderMessages({ ...state, currentChatId: 'c2' }, 'c1', 'm2', [m(1)])).toBeNull();
    expect(applyOlderMessages(state, 'c1', 'm3', [m(1)])).toBeNull();
    expect(applyOlderMessages(state, 'c1', 'm2', [m(0)])).toBeNull();
    expect(applyOlderMessages(state, 'c1', 'm2', [])).toBeNull();
  });
});

describe('downloads', () => {
  it('replace by id, add new ones first, and never go back to an older copy', () => {
    const older = download({ id: 'd1', fileName: 'a.gguf', receivedBytes: 10 });
    const newer = download({ id: 'd2', fileName: 'b.gguf' });
    let list = upsertDownload([], older);
    list = upsertDownload(list, newer);
    expect(list.map((d) => d.id)).toEqual(['d2', 'd1']);
    list = upsertDownload(list, { ...older, receivedBytes: 20, updatedAt: older.updatedAt + 5 });
    expect(list.find((d) => d.id === 'd1')?.receivedBytes).toBe(20);
    expect(upsertDownload(list, older)).toBe(list);
  });

  it('sum only the active ones, over the sizes that are known', () => {
    const summary = summarizeDownloads([
      download({ id: 'a', fileName: 'a.gguf', receivedBytes: 300, totalBytes: 1000 }),
      download({ id: 'b', fileName: 'b.gguf', state: 'paused', receivedBytes: 700, totalBytes: 1000 }),
      download({ id: 'c', fileName: 'c.gguf', state: 'queued', receivedBytes: 0, totalBytes: null }),
      download({ id: 'd', fileName: 'd.gguf', state: 'completed', receivedBytes: 5000, totalBytes: 5000 }),
    ]);
    expect(summary).toEqual({ count: 3, receivedBytes: 1000, totalBytes: 2000, percent: 50 });
    expect(summarizeDownloads([download({ id: 'x', fileName: 'x.gguf', totalBytes: null })]).percent).toBeNull();
  });
});
