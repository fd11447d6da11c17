import { z } from 'zod';
import { densities, fontSizes, themes } from './domain';
import type {
  ApiRequestInfo,
  ApiStatus,
  AppInfo,
  ChatSummary,
  ChatWithMessages,
  ContextMeasure,
  GenerationStats,
  KvCacheInfo,
  Message,
  Preset,
  SearchMatch,
  Settings,
  UpdateStatus,
  WorkerStatus,
} from './domain';
import type { ErrorPayload } from './errors';
import type { CallName, EventName } from './ipc-names';
import { exportFormats, IMPORT_MAX_CHARS, type ExportedFile, type ImportResult } from './chat-transfer';
import type { CatalogEntry } from './catalog';
import type { DownloadInfo } from './downloads';
import type { CompatReport, Gpt4AllModels, HfGgufFile, HfModelQuery, HfRepoSummary, ModelRecommendation, ModelSettingsInfo, ScannedModel } from './models';
import { remoteServerKinds, type RemoteModel, type RemoteServer } from './remote';

const id = z.string().min(1).max(100);
const path = z.string().min(1).max(4096);
/** A folder Candil creates: a relative one would land wherever the process happened to start. */
const absolutePath = path.refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path');

export const samplingSchema = z.object({
  maxTokens: z.number().int().min(1).max(131072),
  temperature: z.number().min(0).max(5),
  topK: z.number().int().min(0).max(1000),
  topP: z.number().min(0).max(1),
  minP: z.number().min(0).max(1),
  repeatPenalty: z.number().min(0.5).max(3),
  repeatLastN: z.number().int().min(0).max(8192),
  seed: z.number().int().min(0).max(2 ** 32 - 1).nullable(),
});

export const fewShotSchema = z
  .array(z.object({ user: z.string().min(1).max(100_000), assistant: z.string().min(1).max(100_000) }).strict())
  .max(50);

export const settingsPatchSchema = z
  .object({
    modelsDir: absolutePath,
    threads: z.number().int().min(1).max(256).nullable(),
    contextSize: z.number().int().min(128).max(1_048_576),
    batchSize: z.number().int().min(1).max(65536).nullable(),
    chatTemplate: z.enum(['auto', 'raw']),
    sampling: samplingSchema.partial(),
    language: z.enum(['auto', 'es', 'en']),
    theme: z.enum(themes),
    fontSize: z.enum(fontSizes),
    density: z.enum(densities),
    hfEndpoint: z.url({ protocol: /^https?$/ }).max(2000),
    parallelReplies: z.number().int().min(1).max(16).nullable(),
    kvCacheBudgetMB: z.number().int().min(0).max(1_048_576),
    apiEnabled: z.boolean(),
    apiPort: z.number().int().min(1).max(65535),
    apiHost: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]),
    apiCorsOrigins: z.array(z.url({ protocol: /^https?$/ }).max(500)).max(50),
    checkForUpdates: z.boolean(),
    generatedTitles: z.boolean(),
  })
  .partial()
  .strict();

/** A Jinja chat template of the user's own (main renders a sample conversation with it before accepting it). */
export const jinjaTemplateSchema = z.string().min(1).max(100_000).refine((text) => text.trim() !== '', 'must not be blank');

/** A mode, or a Jinja chat template of the user's own that replaces the model's (per model only). */
export const chatTemplateSchema = z.union([z.enum(['auto', 'raw']), z.object({ jinja: jinjaTemplateSchema }).strict()]);
export type ChatTemplate = z.infer<typeof chatTemplateSchema>;

export const modelDefaultsSchema = z
  .object({
    contextSize: z.number().int().min(128).max(1_048_576),
    batchSize: z.number().int().min(1).max(65536),
    threads: z.number().int().min(1).max(256),
    chatTemplate: chatTemplateSchema,
    systemPrompt: z.string().max(100_000),
    sampling: samplingSchema.partial(),
  })
  .partial()
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
export type ModelDefaults = z.infer<typeof modelDefaultsSchema>;

/** The conversation a template preview renders (system, user, assistant, user), in the UI's language. */
export const templateSampleSchema = z
  .object({ system: z.string().min(1).max(2000), user: z.string().min(1).max(2000), reply: z.string().min(1).max(2000), followUp: z.string().min(1).max(2000) })
  .strict();
export type TemplateSample = z.infer<typeof templateSampleSchema>;

const empty = z.object({}).strict();

/** Input schema of every call; main validates each payload against it before anything runs. */
export const callSchemas = {
  'app.info': empty,
  'settings.get': empty,
  'settings.update': settingsPatchSchema,
  'models.list': z.object({ rescan: z.boolean().optional() }).strict(),
  'models.select': z.object({ path }).strict(),
  'chats.list': z.object({ query: z.string().max(500).optional() }).strict(),
  /** For a search: the latest matching message of each chat, with the words found marked. */
  'chats.matches': z.object({ query: z.string().max(500) }).strict(),
  'chats.create': z
    .object({
      title: z.string().max(200).optional(),
      systemPrompt: z.string().max(100_000).optional(),
      mode: z.enum(['chat', 'completion']).optional(),
      fewShot: fewShotSchema.optional(),
      sampling: samplingSchema.partial().strict().optional(),
    })
    .strict(),
  /**
   * `from`: a message the window has loaded, or a search result; it gets the branch from there on
   * (else its latest messages), and `before` messages more above it.
   */
  'chats.get': z.object({ chatId: id, from: id.optional(), before: z.number().int().min(0).max(1000).optional() }).strict(),
  /** The messages before `beforeId` on its branch, at most `limit`. */
  'chats.olderMessages': z.object({ chatId: id, beforeId: id, limit: z.number().int().min(1).max(1000) }).strict(),
  'chats.update': z
    .object({
      chatId: id,
      title: z.string().min(1).max(200).optional(),
      systemPrompt: z.string().max(100_000).optional(),
      pinned: z.boolean().optional(),
      fewShot: fewShotSchema.optional(),
      /** Replaces the chat's own settings: a field left out follows the defaults again. */
      sampling: samplingSchema.partial().strict().optional(),
    })
    .strict(),
  /** Moves the chat to the trash (restorable for 30 days). */
  'chats.delete': z.object({ chatId: id }).strict(),
  'chats.duplicate': z.object({ chatId: id, title: z.string().min(1).max(200).optional() }).strict(),
  'chats.trash': empty,
  'chats.restore': z.object({ chatId: id }).strict(),
  /** Deletes chats in the trash for good: one, or all of them. */
  'chats.purge': z.object({ chatId: id.optional() }).strict(),
  'presets.list': empty,
  'presets.save': z
    .object({
      id: id.optional(),
      name: z.string().trim().min(1).max(100),
      systemPrompt: z.string().max(100_000),
      fewShot: fewShotSchema,
      sampling: samplingSchema.partial().strict(),
      modelPath: path.nullable(),
    })
    .strict(),
  'presets.delete': z.object({ id }).strict(),
  /** One chat (in the trash or not), or every chat not in the trash; `language` names Markdown's labels. */
  'chats.export': z.object({ chatId: id.optional(), format: z.enum(exportFormats), language: z.enum(['en', 'es']).optional() }).strict(),
  /** A Candil export (JSON v1) or ChatGPT's conversations.json; chats already here are skipped. */
  'chats.import': z.object({ text: z.string().min(1).max(IMPORT_MAX_CHARS) }).strict(),
  'chat.send': z.object({ chatId: id, content: z.string().min(1).max(1_000_000) }).strict(),
  'chat.stop': z.object({ requestId: id }).strict(),
  'chat.regenerate': z.object({ chatId: id }).strict(),
  'chat.edit': z.object({ messageId: id, content: z.string().min(1).max(1_000_000) }).strict(),
  'chat.continue': z.object({ chatId: id }).strict(),
  // These answer the chat as `chats.get` does, with `from` kept loaded.
  'chat.showVersion': z.object({ messageId: id, from: id.optional() }).strict(),
  'chat.deleteMessage': z.object({ messageId: id, from: id.optional() }).strict(),
  /** Pinned messages are still sent (with their question or reply) when the oldest turns are dropped. */
  'chat.pinMessage': z.object({ messageId: id, pinned: z.boolean(), from: id.optional() }).strict(),
  /** How much of the context the next message would take; chatId null: a chat not stored yet. */
  'chat.measure': z.object({ chatId: id.nullable(), draft: z.string().max(1_000_000) }).strict(),
  'chat.dropOldest': z.object({ chatId: id, draft: z.string().max(1_000_000), from: id.optional() }).strict(),
  'chat.sendAllTurns': z.object({ chatId: id }).strict(),
  /** A new chat that starts from the model's summary of this one, under `heading` in its system prompt. */
  'chat.summarize': z.object({ chatId: id, heading: z.string().min(1).max(200) }).strict(),
  'worker.status': empty,
  'worker.restart': empty,
  'kvCache.info': empty,
  'kvCache.clear': empty,
  'updates.status': empty,
  'updates.check': empty,
  'api.status': empty,
  'api.setKey': z.object({ key: z.string().min(8).max(500).nullable() }).strict(),
  'api.requests': empty,
  'api.stop': z.object({ id }).strict(),
  'remote.list': empty,
  'remote.save': z
    .object({
      id: id.optional(),
      name: z.string().trim().min(1).max(100),
      kind: z.enum(remoteServerKinds),
      baseUrl: z.url({ protocol: /^https?$/ }).max(2000),
      apiVersion: z.string().max(50).nullable(),
      models: z.array(z.string().min(1).max(300)).max(200),
      key: z.string().min(1).max(2000).nullable().optional(),
    })
    .strict(),
  'remote.delete': z.object({ id }).strict(),
  'remote.models': z.object({ id }).strict(),
  'catalog.list': empty,
  /** The one catalog model suggested at first start for this computer's memory and disk. */
  'catalog.recommend': empty,
  'hf.search': z
    .object({
      query: z.string().min(1).max(500),
      sort: z.enum(['downloads', 'likes', 'lastModified']).optional(),
      limit: z.number().int().min(1).max(100).optional(),
    })
    .strict(),
  'hf.files': z.object({ repo: z.string().min(3).max(200) }).strict(),
  'hf.setToken': z.object({ token: z.string().max(500).nullable() }).strict(),
  'models.check': z
    .object({ source: z.string().min(1).max(4096), fileSize: z.number().int().positive().optional(), contextSize: z.number().int().min(128).max(1_048_576).optional() })
    .strict(),
  'models.import': z.object({ path, mode: z.enum(['copy', 'reference']) }).strict(),
  /** GPT4All's models folder, when this computer has one with `.gguf` files in it. */
  'models.gpt4all': empty,
  'models.delete': z.object({ path }).strict(),
  /** Refused (BUSY) while the model writes a reply when the change needs it loaded again. */
  'models.setDefaults': z.object({ path, defaults: modelDefaultsSchema }).strict(),
  /** What the model settings dialog starts from: the trained context, the model's own template… */
  'models.settingsInfo': z.object({ path }).strict(),
  /** A custom template's rendering of the sample conversation, or BAD_REQUEST with the reason. */
  'models.previewTemplate': z.object({ path, template: jinjaTemplateSchema, sample: templateSampleSchema }).strict(),
  'downloads.list': empty,
  'downloads.start': z
    .object({
      url: z.url({ protocol: /^https?$/ }).max(4096),
      fileName: z.string().min(1).max(255).regex(/^[^/\\]+\.gguf$/i, 'must be a plain .gguf file name'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      size: z.number().int().positive().optional(),
    })
    .strict(),
  'downloads.pause': z.object({ id }).strict(),
  'downloads.resume': z.object({ id }).strict(),
  'downloads.cancel': z.object({ id }).strict(),
  'downloads.remove': z.object({ id }).strict(),
} satisfies Record<CallName, z.ZodType>;

export type CallInput<K extends CallName> = z.input<(typeof callSchemas)[K]>;

/** A reply is being generated: the two messages exist in the history before any token. */
export interface SendResult {
  requestId: string;
  userMessage: Message | null;
  assistantMessage: Message;
}

export interface CallOutputs {
  'app.info': AppInfo;
  'settings.get': Settings;
  'settings.update': Settings;
  'models.list': ScannedModel[];
  'models.select': Settings;
  'chats.list': ChatSummary[];
  'chats.matches': SearchMatch[];
  'chats.create': ChatSummary;
  'chats.get': ChatWithMessages;
  'chats.olderMessages': Message[];
  'chats.update': ChatSummary;
  'chats.delete': { deleted: boolean };
  'chats.duplicate': ChatSummary;
  'chats.trash': ChatSummary[];
  'chats.restore': ChatSummary;
  'chats.purge': { deleted: number };
  'presets.list': Preset[];
  'presets.save': Preset;
  'presets.delete': { deleted: boolean };
  'chats.export': ExportedFile;
  'chats.import': ImportResult;
  'chat.send': SendResult;
  'chat.stop': { stopped: boolean };
  'chat.regenerate': SendResult;
  'chat.edit': SendResult;
  'chat.continue': SendResult;
  'chat.showVersion': ChatWithMessages;
  'chat.deleteMessage': ChatWithMessages;
  'chat.pinMessage': ChatWithMessages;
  'chat.measure': ContextMeasure;
  'chat.dropOldest': ChatWithMessages;
  'chat.sendAllTurns': ChatSummary;
  'chat.summarize': ChatSummary;
  'worker.status': WorkerStatus;
  'worker.restart': WorkerStatus;
  'kvCache.info': KvCacheInfo;
  'kvCache.clear': KvCacheInfo;
  'updates.status': UpdateStatus;
  /** Asks GitHub now; fails (NETWORK) when it cannot tell, and is refused while checks are off. */
  'updates.check': UpdateStatus;
  'api.status': ApiStatus;
  'api.setKey': Settings;
  'api.requests': ApiRequestInfo[];
  'api.stop': { stopped: boolean };
  'remote.list': RemoteServer[];
  'remote.save': RemoteServer;
  'remote.delete': { deleted: boolean };
  'remote.models': RemoteModel[];
  'catalog.list': CatalogEntry[];
  /** Null when no catalog chat model fits this computer comfortably. */
  'catalog.recommend': ModelRecommendation | null;
  /** A keyword search lists repositories; an `owner/repo` or URL query also lists that repo's files. */
  'hf.search': { query: HfModelQuery; repos: HfRepoSummary[]; files: HfGgufFile[] };
  'hf.files': HfGgufFile[];
  'hf.setToken': Settings;
  'models.check': CompatReport;
  'models.import': ScannedModel;
  'models.gpt4all': Gpt4AllModels | null;
  'models.delete': { deleted: boolean; freedBytes: number };
  'models.setDefaults': Settings;
  'models.settingsInfo': ModelSettingsInfo;
  'models.previewTemplate': { prompt: string };
  'downloads.list': DownloadInfo[];
  'downloads.start': DownloadInfo;
  'downloads.pause': DownloadInfo;
  'downloads.resume': DownloadInfo;
  'downloads.cancel': DownloadInfo;
  'downloads.remove': { removed: boolean };
}

export type CallOutput<K extends CallName> = CallOutputs[K];

export interface EventPayloads {
  /** Text appended to a streaming reply since the previous delta; `seq` starts at 1 per request. */
  'chat.delta': { requestId: string; chatId: string; messageId: string; seq: number; text: string; tokens: number };
  /** The reply ended (done, stopped or error); `message` holds the whole text as stored. */
  'chat.done': { requestId: string; chatId: string; message: Message; stats: GenerationStats | null };
  /** The reply's place in the engine's queue changed: 0 once it is being generated, 1… while it waits. */
  'chat.queued': { requestId: string; chatId: string; messageId: string; position: number };
  'chats.changed': { chatId: string };
  'worker.status': WorkerStatus;
  'api.status': ApiStatus;
  /** The local API's requests, in flight and just finished (throttled). */
  'api.requests': ApiRequestInfo[];
  'models.changed': { models: ScannedModel[] };
  /** A download changed state or made progress (throttled to a few per second). */
  'downloads.changed': DownloadInfo;
  /** A check at start found a newer release (or the answer changed). */
  'updates.changed': UpdateStatus;
}

export type EventPayload<E extends EventName> = EventPayloads[E];

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** WebSocket frames: the same envelopes Electron's IPC carries, as JSON. */
export type ClientFrame = { type: 'call'; id: number; name: string; input: unknown };
export type ServerFrame =
  | { type: 'result'; id: number; result: CallResult<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
  | { type: 'error'; error: ErrorPayload };
