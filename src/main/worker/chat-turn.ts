import type { ChatHistoryItem, LlamaChat, LLamaChatGenerateResponseOptions, Token } from 'node-llama-cpp';
import { AppError } from '../../shared/errors';
import type { GenerateParams, GenerateResult, StopReason } from '../../shared/worker-protocol';

export interface TurnHooks {
  signal: AbortSignal;
  onChunk(text: string, tokens: number): void;
}

/** What the engine knows about the sequence before the turn starts. */
export interface TurnContext {
  restored: boolean;
}

/** Thrown from the context-shift strategy: node-llama-cpp would otherwise drop history silently. */
class ContextFullSignal extends Error {}

/** The conversation as node-llama-cpp takes it, ending with the empty reply to write. */
export function toChatHistory(params: Pick<GenerateParams, 'systemPrompt' | 'history'>): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  if (params.systemPrompt.trim()) history.push({ type: 'system', text: params.systemPrompt });
  for (const turn of params.history) {
    history.push(turn.role === 'user' ? { type: 'user', text: turn.text } : { type: 'model', response: [turn.text] });
  }
  history.push({ type: 'model', response: [] });
  return history;
}

function renderTokens(chat: LlamaChat, history: ChatHistoryItem[]): Token[] {
  return chat.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(chat.model.tokenizer);
}

/**
 * The tokens every next turn of this conversation starts with: the history with the reply just
 * written, as the template renders it, up to where the next user message's text begins. Found
 * by rendering two different next messages and keeping what they share.
 */
export function nextTurnPrefix(chat: LlamaChat, params: Pick<GenerateParams, 'systemPrompt' | 'history'>, reply: string): Token[] {
  const base = toChatHistory({ ...params, history: [...params.history, { role: 'assistant', text: reply }] }).slice(0, -1);
  const a = renderTokens(chat, [...base, { type: 'user', text: 'a' }, { type: 'model', response: [] }]);
  const b = renderTokens(chat, [...base, { type: 'user', text: '7' }, { type: 'model', response: [] }]);
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared += 1;
  return a.slice(0, shared);
}

/**
 * One reply on one sequence. The prompt is rendered with the model's template and compared with
 * the tokens the sequence already holds, so only the new part is evaluated (node-llama-cpp does
 * the same comparison when it evaluates). A conversation that does not fit the window is refused
 * with the numbers, and a reply that reaches the end of the window stops there: nothing is ever
 * dropped from the history without the user knowing.
 */
export async function generateTurn(chat: LlamaChat, params: GenerateParams, hooks: TurnHooks, turn: TurnContext): Promise<GenerateResult> {
  const { sequence, context } = chat;
  const history = toChatHistory(params);
  const promptTokens = renderTokens(chat, history).length;
  const contextSize = context.contextSize;
  // One free cell is needed to generate anything at all.
  const room = contextSize - promptTokens - 1;
  if (room < 1) {
    throw new AppError(
      'CONTEXT_FULL',
      `This conversation needs ${promptTokens} tokens but the context window holds ${contextSize}.`,
      { promptTokens, contextSize },
    );
  }
  const s = params.sampling;
  const maxTokens = Math.min(s.maxTokens, room);
  const meter = sequence.tokenMeter;
  const inputBefore = meter.usedInputTokens;
  const started = performance.now();
  let firstTokenMs: number | null = null;
  let completionTokens = 0;
  let streamed = '';
  const options: LLamaChatGenerateResponseOptions = {
    signal: hooks.signal,
    stopOnAbortSignal: true,
    maxTokens,
    temperature: s.temperature,
    topK: s.topK,
    topP: s.topP,
    minP: s.minP,
    seed: s.seed ?? undefined,
    repeatPenalty: s.repeatPenalty === 1 ? false : { penalty: s.repeatPenalty, lastTokens: s.repeatLastN },
    contextShift: {
      strategy: () => {
        throw new ContextFullSignal();
      },
    },
    onResponseChunk(chunk) {
      completionTokens += chunk.tokens.length;
      firstTokenMs ??= performance.now() - started;
      // Thoughts of reasoning models arrive as segments; only the answer is streamed as the reply.
      if (chunk.type === undefined && chunk.text) {
        streamed += chunk.text;
        hooks.onChunk(chunk.text, chunk.tokens.length);
      }
    },
  };
  let text: string;
  let stopReason: StopReason;
  try {
    const response = await chat.generateResponse(history, options);
    text = response.response;
    stopReason = toStopReason(response.metadata.stopReason);
    if (stopReason === 'maxTokens' && maxTokens < s.maxTokens) stopReason = 'contextFull';
  } catch (cause) {
    if (!(cause instanceof ContextFullSignal)) throw new AppError('GENERATION_FAILED', (cause as Error).message);
    text = streamed;
    stopReason = 'contextFull';
  }
  // Every prompt token but the last is metered as input; the last one (its logits start the
  // reply) and each generated token are metered as output.
  const evaluatedTokens = Math.min(promptTokens, meter.usedInputTokens - inputBefore + 1);
  return {
    text,
    stopReason,
    promptTokens,
    evaluatedTokens,
    reusedTokens: promptTokens - evaluatedTokens,
    restored: turn.restored,
    completionTokens,
    firstTokenMs: firstTokenMs === null ? null : Math.round(firstTokenMs),
    durationMs: Math.round(performance.now() - started),
    // What the conversation now takes: the next turn carries every token of this reply.
    contextUsed: promptTokens + completionTokens,
    contextSize,
  };
}

function toStopReason(reason: string): StopReason {
  switch (reason) {
    case 'abort':
      return 'abort';
    case 'maxTokens':
      return 'maxTokens';
    case 'eogToken':
      return 'eog';
    default:
      return 'stopTrigger';
  }
}
