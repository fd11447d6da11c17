import type { CatalogEntry } from '../../../shared/catalog';
import { MESSAGE_PAGE, type ApiRequestInfo, type ApiStatus, type ChatSummary, type ContextUsage, type Message, type Preset, type Settings, type UpdateStatus } from '../../../shared/domain';
import type { DownloadInfo } from '../../../shared/downloads';
import type { CallInput, CallOutput, SendResult } from '../../../shared/ipc-contract';
import type { CompatReport, Gpt4AllModels, HfGgufFile, HfRepoSummary, ModelRecommendation, ModelSettingsInfo, ScannedModel } from '../../../shared/models';
import type { ErrorPayload } from '../../../shared/errors';
import type { RemoteServer } from '../../../shared/remote';
import { FakeCarrier, FakeFailure } from './fake-carrier';
import {
  appInfo,
  brokenModel,
  compatReport,
  download as makeDownload,
  chat as makeChat,
  message,
  settings as baseSettings,
  storiesEntry,
  coderEntry,
  modelSettingsInfo,
  tinyModel,
  worker,
} from './fixtures';

export interface FakeMainOptions {
  settings?: Partial<Settings>;
  apiRequests?: ApiRequestInfo[];
  remoteServers?: RemoteServer[];
  /** Model ids each remote server lists, by server id. */
  remoteModels?: Record<string, string[]>;
  models?: ScannedModel[];
  chats?: { chat: ChatSummary; messages: Message[]; context?: ContextUsage }[];
  catalog?: CatalogEntry[];
  downloads?: DownloadInfo[];
  /** What `models.check` answers; a report that fits by default. */
  check?: (input: CallInput<'models.check'>) => CompatReport;
  hfRepos?: HfRepoSummary[];
  hfFiles?: Record<string, HfGgufFile[]>;
  /** What `catalog.recommend` answers; the stories model on a 24 GB computer by default. */
  recommendation?: ModelRecommendation | null;
  /** What `models.gpt4all` answers; no GPT4All by default. */
  gpt4all?: Gpt4AllModels | null;
  /** `models.import` refuses these paths with these errors, as main does a corrupt header. */
  importRefusals?: Record<string, ErrorPayload>;
  /** What the update check knows at start; nothing checked by default. */
  update?: UpdateStatus;
  /** What `updates.check` answers: a status, or a failure; nothing newer by default. */
  checkUpdates?: () => UpdateStatus;
  /** What `models.settingsInfo` answers; a 2,048-token model with a ChatML template by default. */
  modelSettingsInfo?: ModelSettingsInfo;
  /** How `models.previewTemplate` answers: the rendered prompt, or main's refusal. */
  previewTemplate?: (input: CallInput<'models.previewTemplate'>) => string | ErrorPayload;
  /** `models.setDefaults` refuses the next save with this error (a reply being written, say). */
  refuseDefaults?: ErrorPayload;
}

/**
 * Default answers for a small but consistent main process: chats live in memory, a send
 * creates the two messages and a request id, and the test drives streaming by events.
 */
export interface FakeMain {
  /** What the last `chat.send` answered: the ids a test needs to stream into. */
  lastSend: () => SendResult;
  /** The download as main holds it now. */
  download: (id: string) => DownloadInfo;
  /** Replaces what `models.list` answers (a download that completed, say). */
  setModels: (models: ScannedModel[]) => void;
}

export function fakeMain(carrier: FakeCarrier, options: FakeMainOptions = {}): FakeMain {
  const state = {
    settings: { ...baseSettings, ...options.settings },
    chats: new Map((options.chats ?? []).map((c) => [c.chat.id, c])),
    lastSend: null as SendResult | null,
    presets: [] as Preset[],
    models: options.models ?? [tinyModel, brokenModel],
    downloads: new Map((options.downloads ?? []).map((d) => [d.id, d])),
    kvCache: { dir: '/home/ana/.candil/kv-cache', files: 3, bytes: 150_000_000, budgetBytes: 4096 * 1024 * 1024 },
    apiStatus: { running: false, url: null, error: null } as ApiStatus,
    apiRequests: (options.apiRequests ?? []).map((r) => ({ ...r })),
    remoteServers: (options.remoteServers ?? []).map((s) => ({ ...s })),
  };
  let refuseDefaults = options.refuseDefaults;
  let nextId = 1;
  let clock = 1_800_000_000_000;
  const storedDownload = (id: string) => {
    const found = state.downloads.get(id);
    if (!found) throw new Error(`no download ${id}`);
    return found;
  };
  const changeDownload = (id: string, patch: Partial<DownloadInfo>): CallOutput<'downloads.pause'> => {
    const next = { ...storedDownload(id), ...patch, updatedAt: ++clock };
    state.downloads.set(id, next);
    return next;
  };
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
      // Like main: the API runs while it is switched on, at its host and port.
      state.apiStatus = state.settings.apiEnabled
        ? { running: true, url: `http://${state.settings.apiHost}:${state.settings.apiPort}/v1`, error: null }
        : { running: false, url: null, error: null };
      return state.settings;
    })
    .handle('updates.status', () => options.update ?? { current: appInfo.version, available: null, checkedAt: null })
    .handle('updates.check', () => options.checkUpdates?.() ?? { current: appInfo.version, available: null, checkedAt: 1_800_000_000_000 })
    .handle('worker.status', () => worker)
    .handle('worker.restart', () => ({ ...worker, state: 'starting' }))
    .handle('api.status', () => ({ ...state.apiStatus }))
    .handle('api.requests', () => [...state.apiRequests])
    .handle('api.setKey', ({ key }) => {
      state.settings = { ...state.settings, hasApiKey: key !== null };
      return state.settings;
    })
    .handle('api.stop', ({ id }) => {
      const request = state.apiRequests.find((r) => r.id === id);
      if (request) request.status = 'stopped';
      return { stopped: request !== undefined };
    })
    .handle('remote.list', () => state.remoteServers.map((s) => ({ ...s })))
    .handle('remote.save', ({ key, ...input }) => {
      const id = input.id ?? `srv-${nextId++}`;
      const existing = state.remoteServers.find((s) => s.id === id);
      const saved: RemoteServer = { ...input, id, apiVersion: input.apiVersion, hasKey: key === undefined ? (existing?.hasKey ?? false) : key !== null };
      state.remoteServers = existing ? state.remoteServers.map((s) => (s.id === id ? saved : s)) : [...state.remoteServers, saved];
      return saved;
    })
    .handle('remote.delete', ({ id }) => {
      const before = state.remoteServers.length;
      state.remoteServers = state.remoteServers.filter((s) => s.id !== id);
      return { deleted: state.remoteServers.length < before };
    })
    .handle('remote.models', ({ id }) => {
      const server = state.remoteServers.find((s) => s.id === id);
      if (!server) throw new FakeFailure({ code: 'NOT_FOUND', message: 'That remote server was removed.', params: { reason: 'serverRemoved' } });
      return (options.remoteModels?.[id] ?? []).map((model) => ({ serverId: id, serverName: server.name, id: model, ref: `remote:${id}:${model}` }));
    })
    .handle('kvCache.info', () => ({ ...state.kvCache }))
    .handle('kvCache.clear', () => {
      state.kvCache = { ...state.kvCache, files: 0, bytes: 0 };
      return { ...state.kvCache };
    })
    .handle('models.list', () => state.models)
    .handle('models.select', ({ path }) => {
      state.settings = { ...state.settings, selectedModelPath: path };
      return state.settings;
    })
    .handle('chats.list', ({ query }) =>
      [...state.chats.values()]
        .filter(({ chat: c, messages }) => {
          const q = query?.toLowerCase();
          return c.deletedAt === null && (!q || c.title.toLowerCase().includes(q) || messages.some((m) => m.content.toLowerCase().includes(q)));
        })
        .map((c) => c.chat),
    )
    .handle('chats.create', ({ mode, systemPrompt, fewShot, sampling }) => {
      const created = makeChat({ id: `new-${nextId++}`, title: '', mode: mode ?? 'chat', systemPrompt: systemPrompt ?? '', fewShot: fewShot ?? [], sampling: sampling ?? {} });
      state.chats.set(created.id, { chat: created, messages: [] });
      return created;
    })
    // Like main: the stored list is the shown branch, sent a page at a time from its end.
    .handle('chats.get', ({ chatId, from, before = 0 }) => {
      const { chat, messages, context } = stored(chatId);
      const at = from === undefined ? -1 : messages.findIndex((m) => m.id === from);
      const start = Math.max(0, Math.min(messages.length - MESSAGE_PAGE, at < 0 ? Infinity : at - before));
      return { chat, messages: messages.slice(start), context: context ?? null, active: null, pinnedBeforeCut: false };
    })
    .handle('chats.olderMessages', ({ chatId, beforeId, limit }) => {
      const { messages } = stored(chatId);
      const at = messages.findIndex((m) => m.id === beforeId);
      return at < 0 ? [] : messages.slice(Math.max(0, at - limit), at);
    })
    .handle('chats.update', ({ chatId, ...patch }) => {
      const entry = stored(chatId);
      entry.chat = { ...entry.chat, ...patch };
      return entry.chat;
    })
    .handle('chats.delete', ({ chatId }) => {
      const entry = stored(chatId);
      entry.chat = { ...entry.chat, deletedAt: Date.now() };
      return { deleted: true };
    })
    .handle('chats.matches', ({ query }) =>
      [...state.chats.values()].flatMap(({ chat: c, messages }) => {
        const hit = messages.find((m) => m.content.toLowerCase().includes(query.toLowerCase()));
        if (!hit) return [];
        const at = hit.content.toLowerCase().indexOf(query.toLowerCase());
        const snippet = `${hit.content.slice(0, at)}\uE000${hit.content.slice(at, at + query.length)}\uE001${hit.content.slice(at + query.length)}`;
        return [{ chatId: c.id, messageId: hit.id, snippet }];
      }),
    )
    .handle('chat.measure', () => ({ promptTokens: 10, replyTokens: 256, contextSize: 4096, exact: true, fits: true }))
    .handle('presets.list', () => [...state.presets])
    .handle('presets.save', ({ id, ...input }) => {
      const saved: Preset = { ...input, id: id && !id.startsWith('builtin:') ? id : `preset-${nextId++}`, builtin: false, createdAt: 1, updatedAt: 1 };
      state.presets = [...state.presets.filter((p) => p.id !== saved.id), saved];
      return saved;
    })
    .handle('presets.delete', ({ id }) => {
      const before = state.presets.length;
      state.presets = state.presets.filter((p) => p.id !== id);
      return { deleted: state.presets.length < before };
    })
    .handle('chats.trash', () => [...state.chats.values()].map((c) => c.chat).filter((c) => c.deletedAt !== null))
    .handle('chats.restore', ({ chatId }) => {
      const entry = stored(chatId);
      entry.chat = { ...entry.chat, deletedAt: null };
      return entry.chat;
    })
    .handle('chats.purge', ({ chatId }) => {
      const ids = [...state.chats.values()].filter((c) => c.chat.deletedAt !== null && (!chatId || c.chat.id === chatId)).map((c) => c.chat.id);
      for (const id of ids) state.chats.delete(id);
      return { deleted: ids.length };
    })
    .handle('chats.export', ({ chatId, format }) => {
      const chats = [...state.chats.values()].filter((c) => (chatId ? c.chat.id === chatId : c.chat.deletedAt === null));
      const text =
        format === 'json'
          ? JSON.stringify({ format: 'candil-chats', version: 1, chats: chats.map((c) => ({ ...c.chat, messages: c.messages })) })
          : chats.map((c) => `# ${c.chat.title}`).join('\n\n');
      const base = chatId ? `candil-${chatId}` : 'candil-chats';
      return { fileName: `${base}.${format === 'json' ? 'json' : 'md'}`, mimeType: format === 'json' ? 'application/json' : 'text/markdown', text };
    })
    // Adds the chats of a file made by the fake's own export, skipping ids it has; anything else is refused like main.
    .handle('chats.import', ({ text }) => {
      let parsed: { format?: unknown; chats?: (ChatSummary & { messages: Message[] })[] };
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        throw new FakeFailure({ code: 'IMPORT_INVALID', message: 'The file is not JSON.', params: { reason: 'notJson' } });
      }
      if (parsed.format !== 'candil-chats' || !Array.isArray(parsed.chats)) {
        throw new FakeFailure({ code: 'IMPORT_INVALID', message: 'Unknown format.', params: { reason: 'unknownFormat' } });
      }
      let imported = 0;
      for (const { messages, ...summary } of parsed.chats) {
        if (state.chats.has(summary.id)) continue;
        state.chats.set(summary.id, { chat: summary, messages });
        imported += 1;
      }
      return { imported, skipped: parsed.chats.length - imported };
    })
    .handle('chat.send', ({ chatId, content }) => {
      const entry = stored(chatId);
      const position = entry.messages.length;
      const userMessage = message({ id: `u${nextId++}`, chatId, position, role: 'user', content });
      const assistantMessage = message({ id: `a${nextId++}`, chatId, position: position + 1, role: 'assistant', status: 'streaming' });
      entry.messages.push(userMessage, assistantMessage);
      state.lastSend = { requestId: `r${nextId++}`, userMessage, assistantMessage };
      return state.lastSend;
    })
    .handle('chat.stop', () => ({ stopped: true }))
    .handle('catalog.list', () => options.catalog ?? [storiesEntry, coderEntry])
    .handle('models.check', (input) => options.check?.(input) ?? compatReport())
    .handle('models.delete', ({ path }) => {
      const model = state.models.find((m) => m.path === path);
      state.models = state.models.filter((m) => m.path !== path);
      return { deleted: model !== undefined, freedBytes: model?.sizeBytes ?? 0 };
    })
    .handle('catalog.recommend', () =>
      options.recommendation === undefined ? { entryId: storiesEntry.id, totalRamBytes: 24 * 1024 ** 3 } : options.recommendation,
    )
    .handle('models.gpt4all', () => options.gpt4all ?? null)
    .handle('models.import', ({ path }) => {
      const refusal = options.importRefusals?.[path];
      if (refusal) throw new FakeFailure(refusal);
      const fileName = path.split('/').pop() ?? path;
      const imported: ScannedModel = { ...tinyModel, path, fileName };
      state.models = [...state.models, imported];
      return imported;
    })
    .handle('models.setDefaults', ({ path, defaults }) => {
      if (refuseDefaults) {
        const error = refuseDefaults;
        refuseDefaults = undefined;
        throw new FakeFailure(error);
      }
      state.settings = { ...state.settings, modelDefaults: { ...state.settings.modelDefaults, [path]: defaults } } as Settings;
      return state.settings;
    })
    .handle('models.settingsInfo', () => options.modelSettingsInfo ?? modelSettingsInfo)
    .handle('models.previewTemplate', (input) => {
      const answer = options.previewTemplate?.(input) ?? [input.sample.system, input.sample.user, input.sample.reply, input.sample.followUp].join('\n');
      if (typeof answer !== 'string') throw new FakeFailure(answer);
      return { prompt: answer };
    })
    .handle('hf.search', ({ query }) => {
      const repo = /^[\w.-]+\/[\w.-]+$/.test(query) ? query : null;
      return repo
        ? { query: { kind: 'repo' as const, repo, file: null }, repos: [], files: options.hfFiles?.[repo] ?? [] }
        : { query: { kind: 'search' as const, query }, repos: options.hfRepos ?? [], files: [] };
    })
    .handle('hf.files', ({ repo }) => options.hfFiles?.[repo] ?? [])
    .handle('hf.setToken', ({ token }) => {
      state.settings = { ...state.settings, hasHfToken: token !== null };
      return state.settings;
    })
    .handle('downloads.list', () => [...state.downloads.values()])
    .handle('downloads.start', ({ url, fileName, sha256, size }) => {
      const created = makeDownload({
        id: `d${nextId++}`,
        url,
        fileName,
        state: 'queued',
        totalBytes: size ?? null,
        sha256: sha256 ?? null,
        createdAt: ++clock,
        updatedAt: clock,
      });
      state.downloads.set(created.id, created);
      return created;
    })
    .handle('downloads.pause', ({ id }) => changeDownload(id, { state: 'paused', pausedReason: 'user', bytesPerSecond: 0 }))
    .handle('downloads.resume', ({ id }) => changeDownload(id, { state: 'downloading', pausedReason: null, error: null }))
    .handle('downloads.cancel', ({ id }) => changeDownload(id, { state: 'cancelled', pausedReason: null }))
    .handle('downloads.remove', ({ id }) => ({ removed: state.downloads.delete(id) }));

  return {
    lastSend: () => {
      if (!state.lastSend) throw new Error('nothing was sent');
      return state.lastSend;
    },
    download: storedDownload,
    setModels: (models) => {
      state.models = models;
    },
  };
}
