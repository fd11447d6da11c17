import type { ChatTemplateMode, SamplingParams } from './domain';
import type { ErrorPayload } from './errors';

/**
 * Messages between the main side and the inference worker. Bump the version on any
 * incompatible change: the handshake refuses a worker built from other sources.
 */
export const WORKER_PROTOCOL_VERSION = 1;

export interface LoadParams {
  modelPath: string;
  contextSize: number;
  batchSize: number;
  threads: number;
  chatTemplate: ChatTemplateMode;
}

export interface LoadResult {
  modelPath: string;
  contextSize: number;
  trainedContextSize: number;
  threads: number;
  chatWrapper: string;
  loadMs: number;
}

export interface HistoryTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface GenerateParams {
  systemPrompt: string;
  history: HistoryTurn[];
  sampling: SamplingParams;
}

export type StopReason = 'eog' | 'maxTokens' | 'abort' | 'stopTrigger';

export interface GenerateResult {
  text: string;
  stopReason: StopReason;
  promptTokens: number;
  completionTokens: number;
  firstTokenMs: number | null;
  durationMs: number;
  contextUsed: number;
  contextSize: number;
}

export interface WorkerMethods {
  load: { params: LoadParams; result: LoadResult };
  unload: { params: Record<string, never>; result: { unloaded: boolean } };
  generate: { params: GenerateParams; result: GenerateResult };
  countTokens: { params: { text: string }; result: { tokens: number } };
}

export type WorkerMethod = keyof WorkerMethods;

export type WorkerRequest = {
  [M in WorkerMethod]: { type: 'request'; id: number; method: M; params: WorkerMethods[M]['params'] };
}[WorkerMethod];

export type ToWorker =
  | { type: 'hello'; version: number }
  | WorkerRequest
  | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'hello'; version: number; pid: number }
  | { type: 'chunk'; id: number; text: string; tokens: number }
  | { type: 'result'; id: number; result: WorkerMethods[WorkerMethod]['result'] }
  | { type: 'error'; id: number; error: ErrorPayload }
  | { type: 'fatal'; error: ErrorPayload };

export function sameLoadParams(a: LoadParams, b: LoadParams): boolean {
  return (
    a.modelPath === b.modelPath &&
    a.contextSize === b.contextSize &&
    a.batchSize === b.batchSize &&
    a.threads === b.threads &&
    a.chatTemplate === b.chatTemplate
  );
}
