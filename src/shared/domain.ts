import type { ErrorPayload } from './errors';
import type { ModelDefaults } from './ipc-contract';
import type { RemoteServerConfig } from './remote';

export type MessageRole = 'user' | 'assistant';
export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** The sampling settings GPT4All users know, stored with every reply that used them. */
export interface SamplingParams {
  maxTokens: number;
  temperature: number;
  topK: number;
  topP: number;
  minP: number;
  repeatPenalty: number;
  repeatLastN: number;
  /** null: a new random seed for every reply. */
  seed: number | null;
}

export const defaultSampling: SamplingParams = {
  maxTokens: 1024,
  temperature: 0.7,
  topK: 40,
  topP: 0.9,
  minP: 0.05,
  repeatPenalty: 1.1,
  repeatLastN: 64,
  seed: null,
};

/** 'auto' uses the model's own template; 'raw' feeds the text as is (for base models without one). */
export type ChatTemplateMode = 'auto' | 'raw';

export type { ChatTemplate } from './ipc-contract';

/** An example exchange sent before the conversation, as real user and assistant turns. */
export interface FewShotTurn {
  user: string;
  assistant: string;
}

/** A saved starting point for chats. Built-in ones (ids `builtin:…`) live in code, in both languages. */
export interface Preset {
  id: string;
  name: string;
  systemPrompt: string;
  fewShot: FewShotTurn[];
  /** Only the settings the preset sets; the rest come from the model's and the global defaults. */
  sampling: Partial<SamplingParams>;
  /** The model it prefers, when installed. */
  modelPath: string | null;
  builtin: boolean;
  createdAt: number;
  updatedAt: number;
}

/** 'chat' takes turns; 'completion' continues a plain text or code prompt as it is. */
export type ChatMode = 'chat' | 'completion';

export interface ChatSummary {
  id: string;
  title: string;
  systemPrompt: string;
  modelPath: string | null;
  /** Pinned chats stay at the top of the list. */
  pinned: boolean;
  /** When it went to the trash (null: not in the trash). */
  deletedAt: number | null;
  mode: ChatMode;
  /** Example exchanges sent before the conversation (shown collapsed). */
  fewShot: FewShotTurn[];
  /** This chat's own generation settings, over the model's and the global ones. */
  sampling: Partial<SamplingParams>;
  /** The model is sent the shown branch from this message on (older turns were dropped to fit); null: all of it. */
  contextFromId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Message {
  id: string;
  chatId: string;
  /** The message this one follows (null: the chat's first). */
  parentId: string | null;
  /** This message and its other versions (regenerated replies, edited questions), oldest first. */
  versionIds: string[];
  /** Grows with every message written in the chat; along a branch, messages are in this order. */
  position: number;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  error: ErrorPayload | null;
  modelPath: string | null;
  sampling: SamplingParams | null;
  promptTokens: number | null;
  completionTokens: number | null;
  firstTokenMs: number | null;
  durationMs: number | null;
  /** The context window the reply was written in (tokens). */
  contextSize: number | null;
  /** Prompt tokens the engine evaluated for this reply, and those it reused from its cache. */
  evaluatedTokens: number | null;
  reusedTokens: number | null;
  /** Still sent (with its question or reply) when the oldest turns are dropped to fit the window. */
  pinned: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Where a search found its words in a chat: one message, and the text around them. */
export interface SearchMatch {
  chatId: string;
  messageId: string;
  /** Found words sit between SEARCH_MARK.start and SEARCH_MARK.end. */
  snippet: string;
}

export const SEARCH_MARK = { start: '\uE000', end: '\uE001' } as const;

/** How much of the context window the next message would take (measured before sending). */
export interface ContextMeasure {
  /** System prompt, examples, history and the draft, as the model's template renders them. */
  promptTokens: number;
  /** Room kept for the reply: its maximum length, up to a quarter of the window. */
  replyTokens: number;
  contextSize: number;
  /** Counted with the loaded model's tokenizer; false: estimated from the text's length. */
  exact: boolean;
  fits: boolean;
}

export interface ContextUsage {
  used: number;
  size: number;
}

/**
 * How many messages of a chat's branch a window gets at once: the latest ones when it opens a
 * chat, then as many older ones each time it scrolls up to the first it has.
 */
export const MESSAGE_PAGE = 100;

export interface ChatWithMessages {
  chat: ChatSummary;
  /** The end of the shown branch (see MESSAGE_PAGE); the first one's `parentId` says whether older ones exist. */
  messages: Message[];
  /** Whether a message above the context cut is pinned (and so still sent), loaded or not. */
  pinnedBeforeCut: boolean;
  /** How full the context was after the last reply, when known. */
  context: ContextUsage | null;
  /** The reply this chat is writing or waiting to write, so a reloaded window can show and stop it. */
  active: ActiveReplyInfo | null;
}

export interface ActiveReplyInfo {
  requestId: string;
  messageId: string;
  /** 0 while generating, 1… while waiting its turn in the engine's queue. */
  position: number;
}

/** Per-model defaults; each field, when set, wins over the global setting for that model. */
export type { ModelDefaults } from './ipc-contract';

export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];
export const fontSizes = ['small', 'normal', 'large'] as const;
export type FontSize = (typeof fontSizes)[number];
export const densities = ['comfortable', 'compact'] as const;
export type Density = (typeof densities)[number];

export interface Settings {
  modelsDir: string;
  /** Models imported "in place": files outside the models folder that Candil lists too. */
  externalModels: string[];
  /** Keyed by the model file's absolute path. */
  modelDefaults: Record<string, ModelDefaults>;
  /** Hugging Face (or mirror) address; `CANDIL_HF_ENDPOINT` overrides it. */
  hfEndpoint: string;
  /** Whether a Hugging Face token is stored; the token itself never goes to the renderer. */
  hasHfToken: boolean;
  selectedModelPath: string | null;
  /** null: every core llama.cpp computes on, one for tiny models (the engine decides, see `worker/thread-count.ts`). */
  threads: number | null;
  contextSize: number;
  /** Tokens evaluated per step; null: chosen from the model's vocabulary size (see the engine). */
  batchSize: number | null;
  chatTemplate: ChatTemplateMode;
  sampling: SamplingParams;
  language: 'auto' | 'es' | 'en';
  /** 'system' follows the operating system's light or dark preference as it changes. */
  theme: Theme;
  fontSize: FontSize;
  density: Density;
  /** Replies that can be written at the same time (sequences of the engine's context); null: from free memory. */
  parallelReplies: number | null;
  /** Disk the chats' saved engine state may take, in MB (0: never saved). */
  kvCacheBudgetMB: number;
  /** The OpenAI-compatible local API: off by default. */
  apiEnabled: boolean;
  apiPort: number;
  /** 127.0.0.1, or an address of this computer on the network (then a key is required). */
  apiHost: string;
  /** Web origins allowed to call the API from a browser page. */
  apiCorsOrigins: string[];
  /** Whether an API key is set; the key itself never goes to the renderer. */
  hasApiKey: boolean;
  /** After a chat's first reply, the model names the chat (local models only; see `chat-title.ts`). */
  generatedTitles: boolean;
  /** OpenAI-compatible servers chats may be sent to (their keys are kept apart). */
  remoteServers: RemoteServerConfig[];
  /** Ask GitHub for the latest release once per start: off by default, Candil calls nowhere unasked. */
  checkForUpdates: boolean;
}

/** One request to the local API, as Settings lists it. */
export interface ApiRequestInfo {
  id: string;
  model: string;
  endpoint: 'chat' | 'completion' | 'embeddings';
  status: 'queued' | 'running' | 'done' | 'stopped' | 'error';
  /** Place in the engine's queue while it waits. */
  position: number | null;
  tokens: number;
  startedAt: number;
  endedAt: number | null;
}

export interface ApiStatus {
  running: boolean;
  /** The base URL clients use (ends in /v1) while it runs. */
  url: string | null;
  error: ErrorPayload | null;
}

export type WorkerStateName = 'starting' | 'idle' | 'loading' | 'ready' | 'generating' | 'restarting' | 'down';

export interface WorkerStatus {
  state: WorkerStateName;
  modelPath: string | null;
  /** The loaded model's context: its size per reply, how many replies it writes at once, and threads. */
  loaded: { contextSize: number; sequences: number; threads: number; batchSize: number } | null;
  /** Crashes counted toward the restart limit (3 in 5 minutes). */
  recentCrashes: number;
  lastError: ErrorPayload | null;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser';
  dataDir: string;
  dbPath: string;
  defaultThreads: number;
  /** Cores llama.cpp computes on (performance cores, one per physical core). */
  physicalCores: number;
  logicalCores: number;
  /** This computer's addresses on its networks, for serving the local API beyond it (opt-in). */
  networkAddresses: string[];
  proxy: ProxyInfo;
}

/** The proxy in effect for the Hugging Face Hub, as Candil resolved it (read-only in the UI). */
export interface ProxyInfo {
  /** Where the rules come from: HTTPS_PROXY / NO_PROXY, or the desktop's system settings. */
  source: 'environment' | 'system';
  /** `host:port` of the proxy the Hub is reached through (never credentials); null when direct. */
  hubProxy: string | null;
}

/** What the update check knows: this version, and a newer release once a check found one. */
export interface UpdateStatus {
  current: string;
  /** The newest release, when it is newer than this one; its page is on GitHub. */
  available: { version: string; url: string } | null;
  /** When a check last got an answer (ms since the epoch); null: none this session. */
  checkedAt: number | null;
}

/** The engine's saved chat states on disk (Settings → Engine). */
export interface KvCacheInfo {
  dir: string;
  files: number;
  bytes: number;
  budgetBytes: number;
}

/** Stats the UI shows under a finished reply and in the composer. */
export interface GenerationStats {
  promptTokens: number;
  evaluatedTokens: number;
  reusedTokens: number;
  /** The session's state came back from a snapshot on disk. */
  restored: boolean;
  completionTokens: number;
  firstTokenMs: number | null;
  durationMs: number;
  tokensPerSecond: number | null;
  contextUsed: number;
  contextSize: number;
}
