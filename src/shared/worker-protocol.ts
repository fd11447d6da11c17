import type { ChatTemplate, SamplingParams } from './domain';
import type { ErrorPayload } from './errors';

/**
 * Messages between the main side and the inference worker. Bump the version on any
 * incompatible change: the handshake refuses a worker built from other sources.
 */
export const WORKER_PROTOCOL_VERSION = 5;

export interface LoadParams {
  modelPath: string;
  /** Tokens of context per sequence (each session gets a whole window). */
  contextSize: number;
  /** null: the engine picks it from the model's vocabulary size. */
  batchSize: number | null;
  /** null: every core llama.cpp computes on (one for tiny models). */
  threads: number | null;
  /** A custom Jinja template was checked by main before it got here (see `models/chat-template.ts`). */
  chatTemplate: ChatTemplate;
  /** Parallel sequences; null lets the engine choose from free memory and the model's KV size. */
  sequences: number | null;
}

/** Where sessions' KV snapshots go, and how many bytes they may take (0: no snapshots). */
export interface SnapshotConfig {
  dir: string;
  budgetBytes: number;
}

export interface LoadResult {
  modelPath: string;
  contextSize: number;
  trainedContextSize: number;
  threads: number;
  /** Sequences the context holds: how many sessions can generate at the same time. */
  sequences: number;
  batchSize: number;
  chatWrapper: string;
  loadMs: number;
}

export interface HistoryTurn {
  /** 'system' turns may appear anywhere (OpenAI's API allows it); the chat's own prompt comes first. */
  role: 'system' | 'user' | 'assistant';
  text: string;
  /** Functions an assistant turn called, with what they returned (OpenAI's tool calls and tool messages). */
  toolCalls?: ToolCallTurn[];
}

export interface ToolCallTurn {
  name: string;
  /** The call's arguments as JSON text, as the model wrote them. */
  arguments: string;
  /** What the function returned, as the program sent it back (JSON or plain text). */
  result: string;
}

/** A function the model may call (OpenAI's `tools`). */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: JsonSchema;
}

/** A function call the model made; the program runs it and sends the result in the next request. */
export interface ToolCall {
  name: string;
  /** JSON text. */
  arguments: string;
}

/** A JSON Schema, as a plain object; the engine turns it into a grammar (or refuses it with the reason). */
export type JsonSchema = { readonly [key: string]: unknown };

/** What a generation may add to the sampling settings (the local API uses these). */
export interface GenerateOptions {
  /** Texts that end the reply when written; they are not part of it. */
  stop?: string[];
  /** The reply is JSON: any object (`schema: null`), or one that matches the schema. */
  json?: { schema: JsonSchema | null };
  /** OpenAI-style penalties, subtracted from a token's logit once (presence) and per occurrence (frequency). */
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Functions the model may call instead of answering (chat only; not together with `json`). */
  tools?: ToolDefinition[];
  /** At most this many calls in one reply. */
  maxToolCalls?: number;
}

interface GenerateBase {
  /** A chat (or an API request): the engine keeps its evaluated state under this id. */
  sessionId: string;
  /** A one-off session (an API request): its state is never saved to disk. */
  ephemeral?: boolean;
  sampling: SamplingParams;
  options?: GenerateOptions;
}

/** A reply to a conversation, written with the model's chat template… */
export interface ChatGenerateParams extends GenerateBase {
  kind: 'chat';
  systemPrompt: string;
  history: HistoryTurn[];
  /** The last turn is a reply to go on writing (it stopped at its token limit, or was stopped). */
  continueReply?: boolean;
}

/** …or a raw text continued as it is (GPT4All's `generate`, OpenAI's `/v1/completions`). */
export interface CompletionGenerateParams extends GenerateBase {
  kind: 'completion';
  prompt: string;
}

export type GenerateParams = ChatGenerateParams | CompletionGenerateParams;

/**
 * `contextFull`: the reply reached the end of the context window (nothing was dropped to
 * continue); `toolCalls`: the model called functions (see `toolCalls` in the result).
 */
export type StopReason = 'eog' | 'maxTokens' | 'abort' | 'stopTrigger' | 'contextFull' | 'toolCalls';

export interface GenerateResult {
  text: string;
  stopReason: StopReason;
  /** The functions the model called, when it did. */
  toolCalls?: ToolCall[];
  /** Tokens of the prompt (system prompt + history) as the model saw it. */
  promptTokens: number;
  /** Prompt tokens evaluated for this reply… */
  evaluatedTokens: number;
  /** …and those reused from the session's cached state (in memory or restored from disk). */
  reusedTokens: number;
  /** The session's state was restored from a snapshot on disk for this reply. */
  restored: boolean;
  completionTokens: number;
  firstTokenMs: number | null;
  durationMs: number;
  contextUsed: number;
  contextSize: number;
}

export interface EmbedResult {
  /** One unit-length vector per text, in order. */
  vectors: number[][];
  /** Tokens read, over all texts. */
  tokens: number;
}

export interface WorkerMethods {
  /** Sent after every handshake and whenever the settings change; applies without a reload. */
  configure: { params: { snapshots: SnapshotConfig }; result: { configured: true } };
  load: { params: LoadParams; result: LoadResult };
  /** Saves bound sessions' snapshots, then frees the model. */
  unload: { params: Record<string, never>; result: { unloaded: boolean } };
  generate: { params: GenerateParams; result: GenerateResult };
  countTokens: { params: { text: string }; result: { tokens: number } };
  /** The tokens a prompt takes with the loaded model's tokenizer and template (nothing is evaluated). */
  measure: { params: GenerateParams; result: { tokens: number; contextSize: number; modelPath: string } };
  /** Saves the snapshot of every session held in memory (before the app quits). */
  saveSessions: { params: Record<string, never>; result: { saved: number } };
  /** Drops a session's state, in memory and on disk (its chat was deleted). */
  forgetSession: { params: { sessionId: string }; result: { forgotten: boolean } };
  /** Embeddings of texts with a model (the loaded one, or another kept beside it for embeddings). */
  embed: { params: { modelPath: string; texts: string[] }; result: EmbedResult };
}

export type WorkerMethod = keyof WorkerMethods;

export type WorkerRequest = {
  [M in WorkerMethod]: { type: 'request'; id: number; method: M; params: WorkerMethods[M]['params'] };
}[WorkerMethod];

export type ToWorker =
  | { type: 'hello'; version: number }
  | WorkerRequest
  | { type: 'cancel'; id: number }
  /** Answered at once by the worker's main thread: a worker that stops answering is hung. */
  | { type: 'ping'; id: number };

export type FromWorker =
  /** `mathCores`: llama.cpp's count of cores fit for inference (performance cores, no SMT siblings). */
  | { type: 'hello'; version: number; pid: number; mathCores: number }
  | { type: 'chunk'; id: number; text: string; tokens: number }
  | { type: 'result'; id: number; result: WorkerMethods[WorkerMethod]['result'] }
  | { type: 'error'; id: number; error: ErrorPayload }
  | { type: 'pong'; id: number }
  | { type: 'fatal'; error: ErrorPayload };

export function sameLoadParams(a: LoadParams, b: LoadParams): boolean {
  return (
    a.modelPath === b.modelPath &&
    a.contextSize === b.contextSize &&
    a.batchSize === b.batchSize &&
    a.threads === b.threads &&
    sameTemplate(a.chatTemplate, b.chatTemplate) &&
    a.sequences === b.sequences
  );
}

export function sameTemplate(a: ChatTemplate, b: ChatTemplate): boolean {
  return typeof a === 'string' || typeof b === 'string' ? a === b : a.jinja === b.jinja;
}
