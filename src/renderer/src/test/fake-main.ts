import type { ChatSummary, Message, Settings } from '../../../shared/domain';
import type { SendResult } from '../../../shared/ipc-contract';
import type { ScannedModel } from '../../../shared/models';
import { FakeCarrier } from './fake-carrier';
import { appInfo, chat as makeChat, message, settings as baseSettings, tinyModel, brokenModel, worker } from './fixtures';

export interface FakeMainOptions {
  settings?: Partial<Settings>;
  models?: ScannedModel[];
  chats?: { chat: ChatSummary; messages: Message[] }[];
}

/**
 * Default answers for a small but consistent main process: chats live in memory, a send
 * creates the two messages and a request id, and the test drives streaming by events.
 */
export interface FakeMain {
  /** What the last `chat.send` answered: the ids a test needs to stream into. */
  lastSend: () => SendResult;
}

export function fakeMain(carrier: FakeCarrier, options: FakeMainOptions = {}): FakeMain {
  const state = {
    settings: { ...baseSettings, ...options.settings },
    chats: new Map((options.chats ?? []).map((c) => [c.chat.id, c])),
    lastSend: null as SendResult | null,
  };
  let nextId = 1;
  const stored = (chatId: string) => {
    const entry = state.chats.get(chatId);
    if (!entry) throw new Error(`no chat ${chatId}`);
    return entry;
  };

  carrier
    .handle('app.info', () => appInfo)
    .handle('settings.get', () => state.settings)
    .handle('settings.update', (patch) => {
      const { sampling, ...rest } = patch;
      state.settings = { ...state.settings, ...rest, sampling: { ...state.settings.sampling, ...sampling } } as Settings;
      return state.settings;
    })
    .handle('worker.status', () => worker)
    .handle('worker.restart', () => ({ ...worker, state: 'starting' }))
    .handle('models.list', () => options.models ?? [tinyModel, brokenModel])
    .handle('models.select', ({ path }) => {
      state.settings = { ...state.settings, selectedModelPath: path };
      return state.settings;
    })
    .handle('chats.list', ({ query }) =>
      [...state.chats.values()].map((c) => c.chat).filter((c) => !query || c.title.toLowerCase().includes(query.toLowerCase())),
    )
    .handle('chats.create', () => {
      const created = makeChat({ id: `new-${nextId++}`, title: '' });
      state.chats.set(created.id, { chat: created, messages: [] });
      return created;
    })
    .handle('chats.get', ({ chatId }) => stored(chatId))
    .handle('chats.update', ({ chatId, ...patch }) => {
      const entry = stored(chatId);
      entry.chat = { ...entry.chat, ...patch };
      return entry.chat;
    })
    .handle('chats.delete', ({ chatId }) => ({ deleted: state.chats.delete(chatId) }))
    .handle('chat.send', ({ chatId, content }) => {
      const entry = stored(chatId);
      const position = entry.messages.length;
      const userMessage = message({ id: `u${nextId++}`, chatId, position, role: 'user', content });
      const assistantMessage = message({ id: `a${nextId++}`, chatId, position: position + 1, role: 'assistant', status: 'streaming' });
      entry.messages.push(userMessage, assistantMessage);
      state.lastSend = { requestId: `r${nextId++}`, userMessage, assistantMessage };
      return state.lastSend;
    })
    .handle('chat.stop', () => ({ stopped: true }));

  return {
    lastSend: () => {
      if (!state.lastSend) throw new Error('nothing was sent');
      return state.lastSend;
    },
  };
}
