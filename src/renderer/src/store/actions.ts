import { MESSAGE_PAGE, type ChatMode, type ChatSummary, type FewShotTurn, type SamplingParams, type Settings } from '../../../shared/domain';
import type { ErrorPayload } from '../../../shared/errors';
import type { CallInput, SettingsPatch } from '../../../shared/ipc-contract';
import type { RemoteServer } from '../../../shared/remote';
import { IMPORT_MAX_CHARS, importLimitText, type ExportFormat, type ImportResult } from '../../../shared/chat-transfer';
import type { Language } from '../i18n';
import { api, toErrorPayload } from '../ipc';
import { saveFile } from '../save-file';
import { applyActiveReply, applyLoadedChat, applyOlderMessages, applySendResult, hasOlderMessages, replaceChat, sortChats, sortDownloads, streamingRequestOf, upsertChat } from './reducers';
import { FIRST_ITEM_INDEX, useAppStore, type Announcement, type ModelsTab } from './state';

const { getState, setState } = useAppStore;

let toastId = 0;
let announcementId = 0;

export function reportError(error: unknown): ErrorPayload {
  const payload = toErrorPayload(error);
  // The banner already says why nothing works; a toast per failed call would only add noise.
  if (getState().connection === 'refused') return payload;
  const id = ++toastId;
  setState((s) => ({ toasts: [...s.toasts, { id, error: payload }].slice(-4) }));
  announceError('live.error', payload);
  return payload;
}

export function dismissToast(id: number): void {
  setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

export function announce(key: Announcement['key'], message?: string, params?: Announcement['params']): void {
  setState({ announcement: { id: ++announcementId, key, message, params } });
}

export function announceError(key: Announcement['key'], error: ErrorPayload | null | undefined): void {
  setState({ announcement: { id: ++announcementId, key, ...(error ? { error } : {}) } });
}

/** Runs a call and turns its failure into a toast; resolves to undefined when it failed. */
export async function attempt<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    reportError(error);
    return undefined;
  }
}

// ---------------------------------------------------------------- loading

export async function loadAll(): Promise<void> {
  await Promise.all([
    attempt(async () => setState({ appInfo: await api.call('app.info', {}) })),
    attempt(async () => setState({ settings: await api.call('settings.get', {}) })),
    attempt(async () => setState({ worker: await api.call('worker.status', {}) })),
    attempt(async () => setState({ update: await api.call('updates.status', {}) })),
    loadModels(false),
    refreshChats(),
    attempt(async () => setState({ downloads: sortDownloads(await api.call('downloads.list', {})) })),
    loadRemoteServers(),
    loadPresets(),
  ]);
}

/** First load: everything, then the most recent chat, then the page says it is ready. */
export async function loadInitial(): Promise<void> {
  await loadAll();
  const mostRecent = getState().chats[0];
  if (mostRecent && !getState().currentChatId) await openChat(mostRecent.id);
  setState({ ready: true });
}

/** After a reconnect, events may have been missed: reload what they would have changed. */
export async function resync(): Promise<void> {
  await loadAll();
  const { currentChatId } = getState();
  if (currentChatId) await openChat(currentChatId);
}

export async function loadModels(rescan: boolean): Promise<void> {
  if (rescan) setState({ rescanning: true });
  try {
    const models = await api.call('models.list', rescan ? { rescan: true } : {});
    setState({ models, modelsLoaded: true });
  } catch (error) {
    reportError(error);
  } finally {
    if (rescan) setState({ rescanning: false });
  }
}

// ---------------------------------------------------------------- screens

export function showChat(): void {
  setState({ view: 'chat' });
}

export function showModels(tab?: ModelsTab): void {
  setState((s) => ({ view: 'models', modelsTab: tab ?? s.modelsTab }));
}

// ---------------------------------------------------------------- chats

let chatsRequest = 0;

export async function refreshChats(): Promise<void> {
  const request = ++chatsRequest;
  const query = getState().chatQuery.trim();
  const [chats, matches] = await Promise.all([
    attempt(() => api.call('chats.list', query ? { query } : {})),
    query ? attempt(() => api.call('chats.matches', { query })) : Promise.resolve([]),
  ]);
  // A newer search may have been typed meanwhile.
  if (chats && request === chatsRequest) {
    setState({ chats: sortChats(chats), matches: Object.fromEntries((matches ?? []).map((m) => [m.chatId, m])) });
  }
}

export async function searchChats(query: string): Promise<void> {
  setState({ chatQuery: query });
  await refreshChats();
}

let openRequest = 0;

const noMessages = { messageIds: [], messages: {}, firstItemIndex: FIRST_ITEM_INDEX, pinnedBeforeCut: false };

/**
 * Opens a chat at its latest messages, or with everything from `from` on (what the window had, or
 * a search result); `focus`: the message the list opens at.
 */
export async function openChat(chatId: string, { from, focus }: { from?: string; focus?: string } = {}): Promise<void> {
  const request = ++openRequest;
  // The open chat opened again keeps what the window had loaded.
  if (from === undefined && chatId === getState().currentChatId) from = getState().messageIds[0];
  try {
    // A message to show in the middle of the view gets a page above it, so the list does not start at it.
    const loaded = await api.call('chats.get', from ? { chatId, from, ...(focus ? { before: MESSAGE_PAGE } : {}) } : { chatId });
    if (request !== openRequest) return;
    setState((s) => ({ ...applyLoadedChat(s, loaded), currentChat: loaded.chat, focusMessageId: focus ?? s.focusMessageId }));
    setState((s) => ({
      ...applyActiveReply(s, chatId, loaded.active),
      // A reply finished in this session is fresher than what the history says.
      contextUsage: loaded.context && !s.contextUsage[chatId] ? { ...s.contextUsage, [chatId]: loaded.context } : s.contextUsage,
    }));
    setState((s) => replaceChat(s, loaded.chat));
  } catch (error) {
    if (request !== openRequest) return;
    reportError(error);
  }
}

let olderRequest: Promise<void> | null = null;

/** The page of messages before the first one the open chat shows (the list scrolled up to it). */
export function loadOlderMessages(): Promise<void> {
  const state = getState();
  const chatId = state.currentChatId;
  const beforeId = state.messageIds[0];
  if (olderRequest || !chatId || !beforeId || !hasOlderMessages(state)) return olderRequest ?? Promise.resolve();
  olderRequest = (async () => {
    const older = await attempt(() => api.call('chats.olderMessages', { chatId, beforeId, limit: MESSAGE_PAGE }));
    if (older) setState((s) => applyOlderMessages(s, chatId, beforeId, older) ?? {});
  })().finally(() => {
    olderRequest = null;
  });
  return olderRequest;
}

/** The first message the window has of the open chat: main answers changes with the branch from there on. */
function loadedFrom(except?: string): { from?: string } {
  const from = getState().messageIds.find((id) => id !== except);
  return from ? { from } : {};
}

/** Opens a search result: the chat, the branch that holds the message, and the message itself. */
export async function jumpToMessage(chatId: string, messageId: string): Promise<void> {
  showChat();
  setState({ focusMessageId: null });
  await openChat(chatId, { from: messageId, focus: messageId });
  if (getState().currentChatId !== chatId) return;
  // Not on the branch shown: the branch that holds it is shown, from it on.
  if (!getState().messageIds.includes(messageId)) await showVersion(messageId, messageId);
}

export function closeChat(): void {
  openRequest++;
  setState({ currentChatId: null, currentChat: null, ...noMessages });
}

/**
 * Opens an empty chat (or completion) to write in. Nothing is stored until its first message,
 * so "New chat" clicked ten times leaves nothing behind.
 */
export function startNewChat(mode: ChatMode = 'chat'): void {
  openRequest++;
  setState({ currentChatId: null, currentChat: null, draftMode: mode, ...noMessages, view: 'chat' });
}

/** What a chat starts with (its settings dialog, or a preset). */
export interface ChatSetup {
  systemPrompt: string;
  fewShot: FewShotTurn[];
  sampling: Partial<SamplingParams>;
}

/** Stores the chat being drafted, when its first message (or its settings) is sent. */
async function createDraftChat(input: Partial<ChatSetup> = {}): Promise<ChatSummary | null> {
  const chat = await attempt(() => api.call('chats.create', { mode: getState().draftMode, ...input }));
  if (!chat) return null;
  openRequest++;
  setState((s) => ({ chats: upsertChat(s.chats, chat), currentChatId: chat.id, currentChat: chat, ...noMessages }));
  return chat;
}

export async function renameChat(chatId: string, title: string): Promise<boolean> {
  const chat = await attempt(() => api.call('chats.update', { chatId, title }));
  if (chat) setState((s) => replaceChat(s, chat));
  return chat !== undefined;
}

/** Saves a chat's system prompt, examples and own settings (storing a drafted chat first). */
export async function updateChatSetup(chatId: string | null, setup: ChatSetup): Promise<boolean> {
  const chat = chatId === null ? await createDraftChat(setup) : await attempt(() => api.call('chats.update', { chatId, ...setup }));
  if (!chat) return false;
  setState((s) => replaceChat(s, chat));
  announce('live.chatSettingsSaved');
  return true;
}

/** Starts the open (empty) chat, or a new one, from a preset; its preferred model is chosen when installed. */
export async function startFromPreset(preset: ChatSetup & { modelPath: string | null }): Promise<void> {
  const { currentChatId, messageIds, models } = getState();
  const setup = { systemPrompt: preset.systemPrompt, fewShot: preset.fewShot, sampling: preset.sampling };
  await updateChatSetup(currentChatId !== null && messageIds.length === 0 ? currentChatId : null, setup);
  if (preset.modelPath && models.some((m) => m.path === preset.modelPath)) await selectModel(preset.modelPath);
}

export async function loadPresets(): Promise<void> {
  const presets = await attempt(() => api.call('presets.list', {}));
  if (presets) setState({ presets });
}

export async function savePreset(input: CallInput<'presets.save'>): Promise<boolean> {
  const saved = await attempt(() => api.call('presets.save', input));
  if (!saved) return false;
  await loadPresets();
  announce('live.presetSaved', saved.name);
  return true;
}

export async function deletePreset(id: string, name: string): Promise<void> {
  const result = await attempt(() => api.call('presets.delete', { id }));
  if (!result) return;
  await loadPresets();
  announce('live.presetDeleted', name);
}

export async function setPinned(chatId: string, pinned: boolean): Promise<void> {
  const chat = await attempt(() => api.call('chats.update', { chatId, pinned }));
  if (chat) setState((s) => replaceChat(s, chat));
}

/** Moves a chat to the trash; the notice that says so offers to undo it. */
export async function deleteChat(chatId: string): Promise<void> {
  const title = getState().chats.find((c) => c.id === chatId)?.title ?? '';
  const result = await attempt(() => api.call('chats.delete', { chatId }));
  if (!result) return;
  setState((s) => ({ chats: s.chats.filter((c) => c.id !== chatId), undo: { chatId, title } }));
  announce('live.chatTrashed', title);
  if (getState().currentChatId === chatId) startNewChat();
  if (getState().trashOpen) await loadTrash();
}

export async function restoreChat(chatId: string): Promise<void> {
  const chat = await attempt(() => api.call('chats.restore', { chatId }));
  if (!chat) return;
  setState((s) => ({ undo: s.undo?.chatId === chatId ? null : s.undo, trash: s.trash.filter((c) => c.id !== chatId) }));
  announce('live.chatRestored', chat.title);
  await refreshChats();
}

export function dismissUndo(): void {
  setState({ undo: null });
}

export async function loadTrash(): Promise<void> {
  const trash = await attempt(() => api.call('chats.trash', {}));
  if (trash) setState({ trash });
}

export async function toggleTrash(open: boolean): Promise<void> {
  setState({ trashOpen: open });
  if (open) await loadTrash();
}

/** Deletes for good one chat of the trash, or all of them. */
export async function purgeTrash(chatId?: string): Promise<void> {
  const result = await attempt(() => api.call('chats.purge', chatId ? { chatId } : {}));
  if (!result) return;
  announce('live.chatsPurged', String(result.deleted));
  await loadTrash();
}

/** `chats.changed`: titles and prompts may have changed; messages arrive through their own events. */
export async function onChatChanged(chatId: string): Promise<void> {
  await refreshChats();
  if (chatId !== getState().currentChatId) return;
  try {
    const { chat } = await api.call('chats.get', { chatId });
    setState((s) => replaceChat(s, chat));
  } catch {
    // The open chat was deleted elsewhere.
    if (getState().currentChatId === chatId) closeChat();
  }
}

// ---------------------------------------------------------------- export and import

/** Saves one chat, or every chat not in the trash, as a file main writes (Markdown in `language`). */
export async function exportChats(input: { format: ExportFormat; language: Language; chatId?: string }): Promise<boolean> {
  const file = await attempt(() => api.call('chats.export', input));
  if (!file) return false;
  saveFile(file);
  announce('live.chatsExported', file.fileName);
  return true;
}

/** Imports a Candil or ChatGPT export; resolves to what was added, or undefined when it was refused. */
export async function importChats(file: File): Promise<ImportResult | undefined> {
  if (file.size > IMPORT_MAX_CHARS) {
    reportError({ code: 'IMPORT_INVALID', message: `The file is larger than ${importLimitText}.`, params: { reason: 'tooLarge', limit: importLimitText } });
    return undefined;
  }
  const result = await attempt(async () => api.call('chats.import', { text: await file.text() }));
  if (!result) return undefined;
  announce('live.chatsImported', undefined, { ...result });
  await refreshChats();
  return result;
}

// ---------------------------------------------------------------- replies

/** Sends a message, creating a chat first when none is open. Resolves true once main accepted it. */
export async function sendMessage(content: string): Promise<boolean> {
  const chatId = getState().currentChatId ?? (await createDraftChat())?.id;
  if (!chatId) return false;
  setState({ sending: true });
  try {
    const result = await api.call('chat.send', { chatId, content });
    setState((s) => applySendResult(s, chatId, result));
    return true;
  } catch (error) {
    reportError(error);
    return false;
  } finally {
    setState({ sending: false });
  }
}

export async function regenerate(): Promise<void> {
  const chatId = getState().currentChatId;
  if (!chatId) return;
  setState({ sending: true });
  const result = await attempt(() => api.call('chat.regenerate', { chatId }));
  if (result) setState((s) => applySendResult(s, chatId, result));
  setState({ sending: false });
}

export async function editMessage(messageId: string, content: string): Promise<boolean> {
  const chatId = getState().currentChatId;
  if (!chatId) return false;
  setState({ sending: true });
  const result = await attempt(() => api.call('chat.edit', { messageId, content }));
  if (result) setState((s) => applySendResult(s, chatId, result));
  setState({ sending: false });
  return result !== undefined;
}

/** Stops sending the oldest turns, just enough for the draft and its reply to fit. */
export async function dropOldestTurns(chatId: string, draft: string): Promise<void> {
  setState({ contextWork: 'dropping' });
  const loaded = await attempt(() => api.call('chat.dropOldest', { chatId, draft, ...loadedFrom() }));
  setState({ contextWork: null });
  if (!loaded) return;
  setState((s) => ({ ...replaceChat(s, loaded.chat), ...(loaded.chat.id === s.currentChatId ? applyLoadedChat(s, loaded) : {}) }));
  announce('live.turnsDropped');
}

export async function sendAllTurns(chatId: string): Promise<void> {
  const chat = await attempt(() => api.call('chat.sendAllTurns', { chatId }));
  if (chat) setState((s) => ({ ...replaceChat(s, chat), pinnedBeforeCut: s.currentChatId === chatId ? false : s.pinnedBeforeCut }));
}

/** A new chat that starts from the model's summary of this one; the draft stays in the composer. */
export async function summarizeIntoNewChat(chatId: string, heading: string): Promise<void> {
  setState({ contextWork: 'summarizing' });
  const chat = await attempt(() => api.call('chat.summarize', { chatId, heading }));
  setState({ contextWork: null });
  if (!chat) return;
  setState((s) => ({ chats: upsertChat(s.chats, chat) }));
  await openChat(chat.id);
  announce('live.summaryReady', chat.title);
}

/** Goes on writing the last reply (or a completion's text) where it stopped. */
export async function continueReply(): Promise<void> {
  const chatId = getState().currentChatId;
  if (!chatId) return;
  setState({ sending: true });
  const result = await attempt(() => api.call('chat.continue', { chatId }));
  if (result) setState((s) => applySendResult(s, chatId, result));
  setState({ sending: false });
}

/** Shows another version of a message (and the branch that follows it), keeping loaded what was, or from `from` on. */
export async function showVersion(messageId: string, from?: string): Promise<void> {
  const { messageIds, messages } = getState();
  // The first message loaded stays loaded, unless it is one of the versions being switched.
  const first = messageIds[0];
  const keep = from ?? (first && messages[first]?.versionIds.includes(messageId) ? messageId : first);
  const loaded = await attempt(() => api.call('chat.showVersion', keep ? { messageId, from: keep } : { messageId }));
  if (loaded && loaded.chat.id === getState().currentChatId) setState((s) => applyLoadedChat(s, loaded));
}

export async function deleteMessage(messageId: string): Promise<void> {
  const loaded = await attempt(() => api.call('chat.deleteMessage', { messageId, ...loadedFrom(messageId) }));
  if (!loaded) return;
  if (loaded.chat.id === getState().currentChatId) setState((s) => applyLoadedChat(s, loaded));
  announce('live.messageDeleted');
}

/** Pinned messages are still sent (with their question or reply) when the oldest turns are dropped. */
export async function pinMessage(messageId: string, pinned: boolean): Promise<void> {
  const loaded = await attempt(() => api.call('chat.pinMessage', { messageId, pinned, ...loadedFrom() }));
  if (!loaded) return;
  // The chat changed too (what it sends): the context meter measures again.
  setState((s) => ({ ...replaceChat(s, loaded.chat), ...(loaded.chat.id === s.currentChatId ? applyLoadedChat(s, loaded) : {}) }));
  announce(pinned ? 'live.messagePinned' : 'live.messageUnpinned');
}

export async function stopReply(): Promise<void> {
  const requestId = streamingRequestOf(getState(), getState().currentChatId);
  if (requestId) await attempt(() => api.call('chat.stop', { requestId }));
}

// ---------------------------------------------------------------- models, settings, worker

export async function selectModel(path: string): Promise<void> {
  const settings = await attempt(() => api.call('models.select', { path }));
  if (settings) setState({ settings });
}

export async function updateSettings(patch: SettingsPatch): Promise<Settings | undefined> {
  const before = getState().settings;
  const settings = await attempt(() => api.call('settings.update', patch));
  if (!settings) return undefined;
  setState({ settings });
  if (Object.keys(patch).some((key) => key.startsWith('api'))) await loadApiState();
  if (patch.modelsDir !== undefined && patch.modelsDir !== before?.modelsDir) await loadModels(true);
  return settings;
}

/** Settings' "Check now": null once answered, else why it could not tell (said there, not in a toast). */
export async function checkForUpdatesNow(): Promise<ErrorPayload | null> {
  try {
    setState({ update: await api.call('updates.check', {}) });
    return null;
  } catch (error) {
    return toErrorPayload(error);
  }
}

// ---------------------------------------------------------------- local API

export async function loadApiState(): Promise<void> {
  await Promise.all([
    attempt(async () => setState({ apiStatus: await api.call('api.status', {}) })),
    attempt(async () => setState({ apiRequests: await api.call('api.requests', {}) })),
  ]);
}

/** Sets or removes the API key (it is never shown again: main keeps it outside the database). */
export async function setApiKey(key: string | null): Promise<boolean> {
  const settings = await attempt(() => api.call('api.setKey', { key }));
  if (!settings) return false;
  setState({ settings });
  announce(key ? 'live.apiKeySaved' : 'live.apiKeyRemoved');
  await loadApiState();
  return true;
}

export async function stopApiRequest(id: string): Promise<void> {
  await attempt(() => api.call('api.stop', { id }));
}

// ---------------------------------------------------------------- remote servers

export async function loadRemoteServers(): Promise<void> {
  const servers = await attempt(() => api.call('remote.list', {}));
  if (servers) setState({ remoteServers: servers, remoteServersLoaded: true });
}

export async function loadRemoteModels(serverId: string): Promise<void> {
  setState((s) => ({ remoteModels: { ...s.remoteModels, [serverId]: { status: 'loading' } } }));
  try {
    const models = await api.call('remote.models', { id: serverId });
    setState((s) => ({ remoteModels: { ...s.remoteModels, [serverId]: { status: 'done', models } } }));
  } catch (error) {
    setState((s) => ({ remoteModels: { ...s.remoteModels, [serverId]: { status: 'failed', error: toErrorPayload(error) } } }));
  }
}

export async function saveRemoteServer(input: CallInput<'remote.save'>): Promise<RemoteServer | undefined> {
  const saved = await attempt(() => api.call('remote.save', input));
  if (!saved) return undefined;
  await loadRemoteServers();
  announce('live.remoteSaved', saved.name);
  void loadRemoteModels(saved.id);
  return saved;
}

export async function deleteRemoteServer(server: RemoteServer): Promise<void> {
  const result = await attempt(() => api.call('remote.delete', { id: server.id }));
  if (!result) return;
  setState((s) => {
    const { [server.id]: _gone, ...remoteModels } = s.remoteModels;
    return { remoteModels };
  });
  await loadRemoteServers();
  // Choosing a model of that server was undone by main.
  await attempt(async () => setState({ settings: await api.call('settings.get', {}) }));
  announce('live.remoteDeleted', server.name);
}

export async function restartWorker(): Promise<void> {
  const worker = await attempt(() => api.call('worker.restart', {}));
  if (worker) setState({ worker });
}
