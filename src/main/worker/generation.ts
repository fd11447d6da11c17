import {
  LlamaCompletion,
  type ChatHistoryItem,
  type ChatModelFunctionCall,
  type ChatModelFunctions,
  type GbnfJsonSchema,
  type LlamaChat,
  type LlamaGrammar,
  type LLamaContextualRepeatPenalty,
  type Token,
} from 'node-llama-cpp';
import { AppError } from '../../shared/errors';
import type {
  ChatGenerateParams,
  CompletionGenerateParams,
  GenerateParams,
  GenerateResult,
  StopReason,
  ToolCallTurn,
} from '../../shared/worker-protocol';

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

type Conversation = Pick<ChatGenerateParams, 'systemPrompt' | 'history' | 'continueReply'>;

/**
 * The conversation as node-llama-cpp takes it, ending with the reply to write: an empty one, or
 * the last reply itself when it is continued (node-llama-cpp goes on from a model turn's text).
 */
export function toChatHistory(params: Conversation): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  if (params.systemPrompt.trim()) history.push({ type: 'system', text: params.systemPrompt });
  for (const turn of params.history) {
    if (turn.role !== 'assistant') history.push({ type: turn.role, text: turn.text });
    else history.push({ type: 'model', response: [...(turn.text ? [turn.text] : []), ...(turn.toolCalls ?? []).map(toFunctionCall)] });
  }
  if (!(params.continueReply && params.history.at(-1)?.role === 'assistant')) history.push({ type: 'model', response: [] });
  return history;
}

function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toFunctionCall(call: ToolCallTurn): ChatModelFunctionCall {
  return { type: 'functionCall', name: call.name, params: parseLoose(call.arguments), result: parseLoose(call.result) };
}

function toFunctions(params: GenerateParams): ChatModelFunctions | undefined {
  const tools = params.options?.tools;
  if (!tools?.length) return undefined;
  return Object.fromEntries(
    tools.map((tool) => [tool.name, { description: tool.description, params: tool.parameters as ChatModelFunctions[string]['params'] }]),
  );
}

function renderTokens(chat: LlamaChat, history: ChatHistoryItem[], functions?: ChatModelFunctions): Token[] {
  return chat.chatWrapper
    .generateContextState({ chatHistory: history, availableFunctions: functions })
    .contextText.tokenize(chat.model.tokenizer);
}

/**
 * The tokens every next turn of this conversation starts with: the history with the reply just
 * written, as the template renders it, up to where the next user message's text begins. Found
 * by rendering two different next messages and keeping what they share.
 */
export function nextTurnPrefix(chat: LlamaChat, params: Conversation, reply: string): Token[] {
  // A continued reply is one turn: its earlier text and what was just written.
  const earlier = params.continueReply ? params.history.slice(0, -1) : params.history;
  const whole = params.continueReply ? (params.history.at(-1)?.text ?? '') + reply : reply;
  const base = toChatHistory({ systemPrompt: params.systemPrompt, history: [...earlier, { role: 'assistant', text: whole }] }).slice(0, -1);
  const a = renderTokens(chat, [...base, { type: 'user', text: 'a' }, { type: 'model', response: [] }]);
  const b = renderTokens(chat, [...base, { type: 'user', text: '7' }, { type: 'model', response: [] }]);
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared += 1;
  return a.slice(0, shared);
}

async function grammarFor(chat: LlamaChat, params: GenerateParams): Promise<LlamaGrammar | undefined> {
  const json = params.options?.json;
  if (!json) return undefined;
  const llama = chat.model.llama;
  if (json.schema === null) return llama.getGrammarFor('json');
  try {
    // Any JSON object reaches here; node-llama-cpp checks it and says what it does not support.
    return await llama.createGrammarForJsonSchema<GbnfJsonSchema>(json.schema as GbnfJsonSchema);
  } catch (cause) {
    throw new AppError('BAD_REQUEST', `This JSON schema cannot be enforced: ${(cause as Error).message}`, {
      reason: 'schemaUnsupported',
      detail: (cause as Error).message,
    });
  }
}

function repeatPenalty(params: GenerateParams): LLamaContextualRepeatPenalty | false {
  const { sampling: s, options } = params;
  // OpenAI allows negative penalties (to encourage repetition); llama.cpp's sampler takes them as they are.
  const presencePenalty = options?.presencePenalty ?? 0;
  const frequencyPenalty = options?.frequencyPenalty ?? 0;
  if (s.repeatPenalty === 1 && presencePenalty === 0 && frequencyPenalty === 0) return false;
  return { penalty: s.repeatPenalty, lastTokens: s.repeatLastN, presencePenalty, frequencyPenalty };
}

/** The prompt's tokens as the engine will evaluate them (to pick the sequence that shares most of them). */
export function promptTokensOf(chat: LlamaChat, params: GenerateParams): Token[] {
  if (params.kind === 'completion') return chat.model.tokenize(params.prompt, false);
  return renderTokens(chat, toChatHistory(params), toFunctions(params));
}

/** How many tokens at the start of `prompt` the sequence already holds. */
export function sharedPrefix(held: readonly Token[], prompt: readonly Token[]): number {
  let shared = 0;
  while (shared < held.length && shared < prompt.length && held[shared] === prompt[shared]) shared += 1;
  return shared;
}

/**
 * One reply on one sequence: a chat turn, rendered with the model's template, or a raw text
 * continued as it is. The prompt is compared with the tokens the sequence already holds, so
 * only the new part is evaluated (node-llama-cpp does the same comparison when it evaluates). A
 * prompt that does not fit the window is refused with the numbers, and a reply that reaches the
 * end of the window stops there: nothing is dropped from the history without the user knowing.
 */
export async function generateTurn(chat: LlamaChat, params: GenerateParams, hooks: TurnHooks, turn: TurnContext): Promise<GenerateResult> {
  const { sequence, context } = chat;
  const history = params.kind === 'chat' ? toChatHistory(params) : null;
  const functions = toFunctions(params);
  if (functions && params.options?.json) throw new AppError('BAD_REQUEST', 'Tools and a JSON response format cannot be used together.', { reason: 'toolsWithJson' });
  // A raw prompt may get a beginning-of-text token in front: counted, to refuse rather than overflow.
  const promptTokens = history ? renderTokens(chat, history, functions).length : chat.model.tokenize((params as CompletionGenerateParams).prompt, false).length + 1;
  const contextSize = context.contextSize;
  // One free cell is needed to generate anything at all.
  const room = contextSize - promptTokens - 1;
  if (room < 1) {
    throw new AppError('CONTEXT_FULL', `This conversation needs ${promptTokens} tokens but the context window holds ${contextSize}.`, {
      reason: 'promptTooLong',
      promptTokens,
      contextSize,
    });
  }
  const s = params.sampling;
  const maxTokens = Math.min(s.maxTokens, room);
  const grammar = await grammarFor(chat, params);
  const inputBefore = sequence.tokenMeter.usedInputTokens;
  const outputBefore = sequence.tokenMeter.usedOutputTokens;
  const started = performance.now();
  let firstTokenMs: number | null = null;
  let completionTokens = 0;
  let streamed = '';
  // Tokens are counted as they are generated and reported with the next piece of text (text
  // comes once a character is whole; a function call's tokens come with no text at all).
  let pendingTokens = 0;
  // Text the reply goes on from (a raw prompt, or a reply being continued): the first new
  // tokens are spelled as they read after it (see `spacingAfter`).
  const before = params.kind === 'completion' ? params.prompt : params.continueReply ? (params.history.at(-1)?.text ?? '') : '';
  let leading: string | null = before ? null : '';
  const firstTokens: Token[] = [];
  const onTokens = (tokens: readonly Token[]) => {
    if (leading === null) firstTokens.push(...tokens);
    completionTokens += tokens.length;
    pendingTokens += tokens.length;
    firstTokenMs ??= performance.now() - started;
  };
  const onText = (chunk: string) => {
    if (!chunk) return;
    leading ??= spacingAfter(chat, before, firstTokens);
    const text = streamed === '' ? leading + chunk : chunk;
    streamed += text;
    hooks.onChunk(text, pendingTokens);
    pendingTokens = 0;
  };
  const common = {
    signal: hooks.signal,
    stopOnAbortSignal: true,
    maxTokens,
    temperature: s.temperature,
    topK: s.topK,
    topP: s.topP,
    minP: s.minP,
    seed: s.seed ?? undefined,
    repeatPenalty: repeatPenalty(params),
    customStopTriggers: params.options?.stop?.filter((stop) => stop.length > 0),
    grammar,
  };
  let text: string;
  let stopReason: StopReason;
  let toolCalls: GenerateResult['toolCalls'];
  try {
    if (history) {
      const { grammar: _grammar, ...withoutGrammar } = common;
      const response = await chat.generateResponse(history, {
        ...(functions ? { ...withoutGrammar, functions, maxParallelFunctionCalls: params.options?.maxToolCalls } : common),
        contextShift: {
          strategy: () => {
            throw new ContextFullSignal();
          },
        },
        onToken: onTokens,
        onResponseChunk(chunk) {
          // Thoughts of reasoning models arrive as segments; only the answer is streamed as the reply.
          if (chunk.type === undefined) onText(chunk.text);
        },
      });
      text = (leading ?? '') + response.response;
      stopReason = toStopReason(response.metadata.stopReason);
      if (response.functionCalls?.length) {
        toolCalls = response.functionCalls.map((call) => ({ name: call.functionName, arguments: JSON.stringify(call.params ?? {}) }));
      }
    } else {
      const completion = new LlamaCompletion({ contextSequence: sequence });
      try {
        const response = await completion.generateCompletionWithMeta((params as CompletionGenerateParams).prompt, {
          ...common,
          disableContextShift: true,
          onToken: onTokens,
          onTextChunk: onText,
        });
        text = (leading ?? '') + response.response;
        stopReason = toStopReason(response.metadata.stopReason);
      } finally {
        completion.dispose({ disposeSequence: false });
      }
    }
    if (stopReason === 'maxTokens' && maxTokens < s.maxTokens) stopReason = 'contextFull';
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    if (!(cause instanceof ContextFullSignal)) throw new AppError('GENERATION_FAILED', (cause as Error).message, { reason: 'failed', detail: (cause as Error).message });
    text = streamed;
    stopReason = 'contextFull';
  }
  // Every prompt token but the last is metered as input; the last one (its logits start the
  // reply) and each generated token are metered as output.
  const evaluatedTokens = Math.min(promptTokens, sequence.tokenMeter.usedInputTokens - inputBefore + 1);
  // node-llama-cpp reports no tokens for a function call as it writes it; the meter saw them.
  if (toolCalls) completionTokens = Math.max(completionTokens, sequence.tokenMeter.usedOutputTokens - outputBefore - 1);
  return {
    text,
    stopReason,
    ...(toolCalls ? { toolCalls } : {}),
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

/**
 * What a text continued from `before` is missing at its start. SentencePiece vocabularies carry
 * a word's space inside its token ("▁named"), and node-llama-cpp spells the first new tokens on
 * their own, where that space is dropped: "girl" + "named". Spelled after the end of `before`,
 * they read " named".
 */
function spacingAfter(chat: LlamaChat, before: string, tokens: readonly Token[]): string {
  if (tokens.length === 0) return '';
  const alone = chat.model.detokenize(tokens);
  const after = chat.model.detokenize(tokens, false, chat.model.tokenize(before.slice(-64), false));
  return after.length > alone.length && after.endsWith(alone) ? after.slice(0, after.length - alone.length) : '';
}

function toStopReason(reason: string): StopReason {
  switch (reason) {
    case 'abort':
      return 'abort';
    case 'maxTokens':
      return 'maxTokens';
    case 'eogToken':
      return 'eog';
    case 'functionCalls':
      return 'toolCalls';
    default:
      return 'stopTrigger';
  }
}
