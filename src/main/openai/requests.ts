import { defaultSampling, type SamplingParams } from '../../shared/domain';
import type { GenerateOptions, HistoryTurn } from '../../shared/worker-protocol';
import type { EffectiveSettings } from '../settings/effective-settings';
import { ApiError } from './errors';
import type { ChatCompletionRequest, ChatMessage, CompletionRequest } from './schemas';

/** What Candil cannot do yet must say so: a field that would change the answer is never ignored. */
function refuseUnsupported(request: ChatCompletionRequest | CompletionRequest): void {
  if ((request.n ?? 1) !== 1) throw ApiError.invalid('Only n=1 is supported: Candil writes one choice per request.', 'n');
  if (request.logprobs) throw ApiError.invalid('logprobs are not supported.', 'logprobs');
}

/** Sampling for a request: the model's settings in Candil, with what the request sets laid over. */
export function samplingFor(request: ChatCompletionRequest | CompletionRequest, settings: EffectiveSettings, maxTokens: number | null | undefined): SamplingParams {
  return {
    ...defaultSampling,
    ...settings.sampling,
    // An API client that sets no limit gets what the context window leaves, as with OpenAI.
    maxTokens: maxTokens ?? 131072,
    temperature: request.temperature ?? settings.sampling.temperature,
    topP: request.top_p ?? settings.sampling.topP,
    topK: request.top_k ?? settings.sampling.topK,
    minP: request.min_p ?? settings.sampling.minP,
    repeatPenalty: request.repeat_penalty ?? settings.sampling.repeatPenalty,
    repeatLastN: request.repeat_last_n ?? settings.sampling.repeatLastN,
    seed: request.seed ?? settings.sampling.seed,
  };
}

function optionsFor(request: ChatCompletionRequest | CompletionRequest, format?: ChatCompletionRequest['response_format']): GenerateOptions {
  const stop = request.stop === undefined || request.stop === null ? [] : Array.isArray(request.stop) ? request.stop : [request.stop];
  const options: GenerateOptions = {};
  if (stop.length > 0) options.stop = stop;
  if (request.presence_penalty) options.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty) options.frequencyPenalty = request.frequency_penalty;
  if (format?.type === 'json_object') options.json = { schema: null };
  else if (format?.type === 'json_schema') options.json = { schema: format.json_schema.schema ?? null };
  return options;
}

function textOf(message: ChatMessage, index: number): string {
  const content = message.content;
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part, part_index) => {
      if (part.type !== 'text' || typeof part.text !== 'string') {
        throw ApiError.invalid(`Only text content is supported (found "${part.type}").`, `messages.${index}.content.${part_index}.type`);
      }
      return part.text;
    })
    .join('');
}

export interface ChatRequestPlan {
  history: HistoryTurn[];
  sampling: SamplingParams;
  options: GenerateOptions;
  stream: boolean;
  includeUsage: boolean;
}

/** A chat completion request as the engine's generation parameters. */
/**
 * OpenAI's messages as the engine's turns: an assistant message's tool calls travel with the
 * results the following `tool` messages carry (matched by call id).
 */
function toTurns(messages: ChatMessage[]): HistoryTurn[] {
  const results = new Map<string, string>();
  messages.forEach((message, index) => {
    if (message.role === 'tool') results.set(message.tool_call_id, textOf(message, index));
  });
  const answered = new Set<string>();
  const turns: HistoryTurn[] = [];
  messages.forEach((message, index) => {
    if (message.role === 'tool') {
      if (!answered.has(message.tool_call_id)) {
        throw ApiError.invalid(`No earlier assistant message called a tool with id "${message.tool_call_id}".`, `messages.${index}.tool_call_id`);
      }
      return;
    }
    const role = message.role === 'developer' ? 'system' : message.role;
    const turn: HistoryTurn = { role, text: textOf(message, index) };
    if (message.role === 'assistant' && message.tool_calls?.length) {
      turn.toolCalls = message.tool_calls.map((call, callIndex) => {
        const result = results.get(call.id);
        if (result === undefined) {
          throw ApiError.invalid(`The tool call "${call.id}" has no tool message with its result.`, `messages.${index}.tool_calls.${callIndex}`);
        }
        answered.add(call.id);
        return { name: call.function.name, arguments: call.function.arguments, result };
      });
    }
    turns.push(turn);
  });
  return turns;
}

function toolOptions(request: ChatCompletionRequest): Pick<GenerateOptions, 'tools' | 'maxToolCalls'> {
  const choice = request.tool_choice ?? 'auto';
  if (!request.tools?.length || choice === 'none') return {};
  if (choice !== 'auto') {
    throw ApiError.invalid(
      'Only tool_choice "auto" and "none" are supported: Candil lets the model decide whether to call a tool.',
      'tool_choice',
    );
  }
  if (request.response_format && request.response_format.type !== 'text') {
    throw ApiError.invalid('tools and a JSON response_format cannot be used together.', 'response_format');
  }
  return {
    tools: request.tools.map((tool) => ({
      name: tool.function.name,
      ...(tool.function.description ? { description: tool.function.description } : {}),
      ...(tool.function.parameters ? { parameters: tool.function.parameters } : {}),
    })),
    ...(request.parallel_tool_calls === false ? { maxToolCalls: 1 } : {}),
  };
}

export function planChat(request: ChatCompletionRequest, settings: EffectiveSettings): ChatRequestPlan {
  refuseUnsupported(request);
  if (request.top_logprobs) throw ApiError.invalid('top_logprobs is not supported.', 'top_logprobs');
  return {
    history: toTurns(request.messages),
    sampling: samplingFor(request, settings, request.max_completion_tokens ?? request.max_tokens),
    options: { ...optionsFor(request, request.response_format), ...toolOptions(request) },
    stream: request.stream ?? false,
    includeUsage: request.stream_options?.include_usage ?? false,
  };
}

export interface CompletionRequestPlan {
  prompt: string;
  sampling: SamplingParams;
  options: GenerateOptions;
  stream: boolean;
  includeUsage: boolean;
}

/** A raw completion request (GPT4All's `generate`) as the engine's generation parameters. */
export function planCompletion(request: CompletionRequest, settings: EffectiveSettings): CompletionRequestPlan {
  refuseUnsupported(request);
  if (request.best_of && request.best_of !== 1) throw ApiError.invalid('best_of is not supported.', 'best_of');
  if (request.suffix) throw ApiError.invalid('suffix (fill-in-the-middle) is not supported.', 'suffix');
  if (request.echo) throw ApiError.invalid('echo is not supported.', 'echo');
  const prompt = Array.isArray(request.prompt) ? request.prompt[0]! : request.prompt;
  return {
    prompt,
    sampling: samplingFor(request, settings, request.max_tokens),
    options: optionsFor(request),
    stream: request.stream ?? false,
    includeUsage: request.stream_options?.include_usage ?? false,
  };
}
