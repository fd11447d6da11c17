import type { ActiveReplyInfo, ChatSummary, ChatWithMessages, Message } from '../../../shared/domain';
import type { DownloadInfo } from '../../../shared/downloads';
import type { EventPayload, SendResult } from '../../../shared/ipc-contract';
import { FIRST_ITEM_INDEX, type AppState } from './state';

type Patch = Partial<AppState>;

function byPosition(messages: Record<string, Message>, ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => (messages[a]?.position ?? 0) - (messages[b]?.position ?? 0));
}

/** A final message (done/stopped/error) is never replaced by an older streaming copy of itself. */
function newer(existing: Message | undefined, incoming: Message): Message {
  if (existing && existing.status !== 'streaming' && incoming.status === 'streaming') return existing;
  return incoming;
}

export function sortChats(chats: ChatSummary[]): ChatSummary[] {
  return [...chats].sort((a, b) => b.updatedAt - a.updatedAt);
}

export function applyDelta(state: AppState, delta: EventPayload<'chat.delta'>): Patch | null {
  if (state.endedReplies[delta.requestId]) return null;
  const previous = state.streaming[delta.messageId];
  if (previous && delta.seq <= previous.seq) return null;
  const reply = {
    requestId: delta.requestId,
    chatId: delta.chatId,
    text: (previous?.text ?? '') + delta.text,
    seq: delta.seq,
    tokens: (previous?.tokens ?? 0) + delta.tokens,
  };
  return { streaming: { ...state.streaming, [delta.messageId]: reply } };
}

export function applyDone(state: AppState, done: EventPayload<'chat.done'>): Patch {
  const { message } = done;
  const { [message.id]: _finished, ...streaming } = state.streaming;
  const { [message.id]: _waited, ...queuePositions } = state.queuePositions;
  const patch: Patch = { streaming, queuePositions, endedReplies: { ...state.endedReplies, [done.requestId]: true } };
  if (done.stats) {
    patch.contextUsage = { ...state.contextUsage, [done.chatId]: { used: done.stats.contextUsed, size: done.stats.contextSize } };
  }
  if (message.chatId === state.currentChatId) {
    const messages = { ...state.messages, [message.id]: message };
    patch.messages = messages;
    if (!state.messages[message.id]) patch.messageIds = byPosition(messages, [...state.messageIds, message.id]);
  }
  return patch;
}

/**
 * Places the messages a send/regenerate/edit/continue returned. The first of them follows a
 * message of the shown branch (or is already in it, when a reply is continued): the branch is
 * kept up to there and the new messages end it. What came after belongs to another version now.
 */
export function applySendResult(state: AppState, chatId: string, result: SendResult): Patch {
  const fresh = [result.userMessage, result.assistantMessage].filter((m): m is Message => m !== null);
  const reply = result.assistantMessage;
  const streaming =
    state.endedReplies[result.requestId] || state.streaming[reply.id]?.requestId === result.requestId
      ? state.streaming
      : // A continued reply streams on from the text it has.
        { ...state.streaming, [reply.id]: { requestId: result.requestId, chatId, text: reply.content, seq: 0, tokens: 0 } };
  if (chatId !== state.currentChatId) return { streaming };

  const anchor = fresh[0] as Message;
  const at = state.messageIds.indexOf(anchor.id);
  const cut = at >= 0 ? at : anchor.parentId === null ? 0 : state.messageIds.indexOf(anchor.parentId) + 1;
  const kept = state.messageIds.slice(0, cut);
  const messages: Record<string, Message> = {};
  for (const id of kept) {
    const message = state.messages[id];
    if (message) messages[id] = message;
  }
  for (const message of fresh) {
    messages[message.id] = newer(state.messages[message.id], message);
    kept.push(message.id);
  }
  return { streaming, messages, messageIds: kept };
}

/** A reply's place in the queue: kept while it waits, dropped once it is being written. */
export function applyQueued(state: AppState, queued: EventPayload<'chat.queued'>): Patch | null {
  if (state.endedReplies[queued.requestId]) return null;
  const { [queued.messageId]: _old, ...rest } = state.queuePositions;
  return { queuePositions: queued.position > 0 ? { ...rest, [queued.messageId]: queued.position } : rest };
}

/**
 * A reply main is still writing when the chat is (re)loaded — after a page reload or a
 * reconnect — so the composer can stop it and the queue position shows again.
 */
export function applyActiveReply(state: AppState, chatId: string, active: ActiveReplyInfo | null): Patch {
  if (!active || state.endedReplies[active.requestId] || state.streaming[active.messageId]) return {};
  const streaming = { ...state.streaming, [active.messageId]: { requestId: active.requestId, chatId, text: '', seq: 0, tokens: 0 } };
  const queuePositions = active.position > 0 ? { ...state.queuePositions, [active.messageId]: active.position } : state.queuePositions;
  return { streaming, queuePositions };
}

/**
 * A (re)load of the open chat: on open, after a reconnect, or after a change main made to its
 * branch. The window gets the end of the branch (see MESSAGE_PAGE); older pages come later.
 */
export function applyLoadedChat(state: AppState, loaded: ChatWithMessages): Patch {
  const chatId = loaded.chat.id;
  const messages: Record<string, Message> = {};
  const keepLocal = chatId === state.currentChatId;
  for (const message of loaded.messages) messages[message.id] = keepLocal ? newer(state.messages[message.id], message) : message;
  // A reply that the load shows finished lost its `chat.done` while disconnected.
  let streaming = state.streaming;
  for (const message of loaded.messages) {
    if (message.status !== 'streaming' && streaming[message.id]) {
      const { [message.id]: _gone, ...rest } = streaming;
      streaming = rest;
    }
  }
  const messageIds = byPosition(messages, Object.keys(messages));
  return {
    currentChatId: chatId,
    messages,
    messageIds,
    streaming,
    pinnedBeforeCut: loaded.pinnedBeforeCut,
    // Another chat's list starts over; the open chat's keeps numbering each message as it did.
    firstItemIndex: keepLocal ? renumbered(state, messageIds) : FIRST_ITEM_INDEX,
  };
}

/**
 * The open chat's list numbers its messages so that one keeps its number across a reload that
 * starts earlier or later (the list would otherwise read it as messages added or removed at its
 * end, and jump).
 */
function renumbered(state: AppState, ids: string[]): number {
  const before = state.messageIds[0];
  const now = ids[0];
  if (before === undefined || now === undefined) return state.firstItemIndex;
  const earlier = ids.indexOf(before);
  if (earlier >= 0) return state.firstItemIndex - earlier;
  const later = state.messageIds.indexOf(now);
  return later >= 0 ? state.firstItemIndex + later : state.firstItemIndex;
}

/**
 * Older messages of the open chat, placed before the first one shown. Ignored unless they end
 * right before it: the branch may have changed while they were on their way.
 */
export function applyOlderMessages(state: AppState, chatId: string, beforeId: string, older: Message[]): Patch | null {
  const last = older.at(-1);
  if (chatId !== state.currentChatId || state.messageIds[0] !== beforeId || !last || state.messages[beforeId]?.parentId !== last.id) return null;
  const messages = { ...state.messages };
  for (const message of older) messages[message.id] = message;
  return {
    messages,
    messageIds: [...older.map((m) => m.id), ...state.messageIds],
    firstItemIndex: state.firstItemIndex - older.length,
  };
}

/** Whether the open chat has messages before the first one the window has (its first has a parent). */
export function hasOlderMessages(state: AppState): boolean {
  const first = state.messageIds[0];
  return first !== undefined && (state.messages[first]?.parentId ?? null) !== null;
}

/** A chat's summary changed: update it wherever it is shown, without adding it to a filtered list. */
export function replaceChat(state: AppState, chat: ChatSummary): Partial<AppState> {
  return {
    chats: sortChats(state.chats.map((c) => (c.id === chat.id ? chat : c))),
    currentChat: state.currentChatId === chat.id ? chat : state.currentChat,
  };
}

export function upsertChat(chats: ChatSummary[], chat: ChatSummary): ChatSummary[] {
  return sortChats([chat, ...chats.filter((c) => c.id !== chat.id)]);
}

/** The request to stop for a chat, as a primitive so the composer ignores deltas. */
export function streamingRequestOf(state: AppState, chatId: string | null): string | null {
  if (!chatId) return null;
  for (const reply of Object.values(state.streaming)) if (reply.chatId === chatId) return reply.requestId;
  return null;
}

// ---------------------------------------------------------------- downloads

export function sortDownloads(downloads: DownloadInfo[]): DownloadInfo[] {
  return [...downloads].sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Replaces a download by id (or adds it). A call's answer can arrive after a later event
 * about the same download, so an older copy never replaces a newer one.
 */
export function upsertDownload(downloads: DownloadInfo[], info: DownloadInfo): DownloadInfo[] {
  const existing = downloads.find((d) => d.id === info.id);
  if (!existing) return sortDownloads([info, ...downloads]);
  if (existing.updatedAt > info.updatedAt) return downloads;
  return downloads.map((d) => (d.id === info.id ? info : d));
}
