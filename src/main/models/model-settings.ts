import { totalmem } from 'node:os';
import type { GgufFileInfo, GgufInsights } from 'node-llama-cpp';
import { AppError } from '../../shared/errors';
import type { ModelDefaults, TemplateSample } from '../../shared/ipc-contract';
import type { ModelSettingsInfo } from '../../shared/models';
import { autoBatchSize } from '../worker/batch-size';
import { renderTemplateSample, type SpecialTokenTexts } from './chat-template';
import { RAM_TIGHT_FRACTION } from './compatibility';
import { inspectGgufDetailed } from './gguf-inspect';
import { estimateCpuRam } from './ram-estimate';

/** The smallest context a model may be given (the settings schema's lower bound). */
const MIN_CONTEXT = 128;
/** …and the largest (its upper bound), for a model whose header names no trained context. */
const MAX_CONTEXT = 1_048_576;

/** What the settings dialog offers for a model: its trained context, what fits in RAM, its own template. */
export async function modelSettingsInfo(path: string, totalRamBytes = totalmem()): Promise<ModelSettingsInfo> {
  const { info, insights, summary } = await inspectGgufDetailed(path);
  const batch = autoBatchSize(vocabularySize(info));
  return {
    trainedContextSize: summary.contextLength,
    maxContextSize: await largestContextInRam(insights, summary.contextLength ?? insights.trainContextSize ?? MAX_CONTEXT, batch, totalRamBytes),
    autoBatchSize: batch,
    ownTemplate: ownTemplate(info),
  };
}

/** The custom template's rendering of the sample, with this model's special tokens spelled as it spells them. */
export async function previewTemplate(path: string, template: string, sample: TemplateSample): Promise<string> {
  const { info } = await inspectGgufDetailed(path);
  return renderTemplateSample(template, sample, specialTokenTexts(info));
}

/**
 * Refuses per-model settings the model cannot run with, before they are stored: a template that
 * does not render a conversation, a context beyond the trained one or beyond this computer's
 * memory. BAD_REQUEST with `reason` and the numbers, for the UI to say in its language.
 */
export async function checkModelDefaults(path: string, defaults: ModelDefaults, totalRamBytes = totalmem()): Promise<void> {
  if (typeof defaults.chatTemplate === 'object') renderTemplateSample(defaults.chatTemplate.jinja);
  const contextSize = defaults.contextSize;
  if (contextSize === undefined) return;
  const { insights, summary, info } = await inspectGgufDetailed(path);
  const trained = summary.contextLength;
  if (trained !== null && contextSize > trained) {
    throw new AppError('BAD_REQUEST', `This model was trained with a context of ${trained} tokens; ${contextSize} is more than it can use.`, {
      reason: 'contextAboveTrained',
      contextSize,
      trained,
    });
  }
  const batch = defaults.batchSize ?? autoBatchSize(vocabularySize(info));
  const max = await largestContextInRam(insights, contextSize, batch, totalRamBytes);
  if (contextSize > max) {
    throw new AppError('BAD_REQUEST', `A context of ${contextSize} tokens does not fit in this computer's memory; at most ${max} does.`, {
      reason: 'contextAboveRam',
      contextSize,
      max,
    });
  }
}

/**
 * The largest context up to `upTo` whose model and KV cache stay within the "tight" share of
 * RAM (the compatibility check's limit), to the nearest 256 tokens; found by halving the range.
 */
async function largestContextInRam(insights: GgufInsights, upTo: number, batchSize: number, totalRamBytes: number): Promise<number> {
  const limit = totalRamBytes * RAM_TIGHT_FRACTION;
  const fits = async (contextSize: number) => (await estimateCpuRam(insights, contextSize, Math.min(batchSize, contextSize))).totalBytes <= limit;
  if (await fits(upTo)) return upTo;
  let low = MIN_CONTEXT;
  let high = upTo;
  while (high - low > 256) {
    const middle = Math.floor((low + high) / 2);
    if (await fits(middle)) low = middle;
    else high = middle;
  }
  return Math.max(MIN_CONTEXT, low - (low % 256));
}

function vocabularySize(info: GgufFileInfo): number {
  return Number(info.tensorInfo?.find((t) => t.name === 'token_embd.weight')?.dimensions[1] ?? 0);
}

function ownTemplate(info: GgufFileInfo): string | null {
  const template: unknown = info.metadata.tokenizer?.chat_template;
  return typeof template === 'string' && template.trim() !== '' ? template : null;
}

function specialTokenTexts(info: GgufFileInfo): SpecialTokenTexts {
  const ggml = info.metadata.tokenizer?.ggml;
  const tokens: unknown = ggml?.tokens;
  if (!ggml || !Array.isArray(tokens)) return {};
  const text = (id: unknown) => (typeof id === 'number' && typeof tokens[id] === 'string' ? (tokens[id] as string) : undefined);
  const eot: unknown = (ggml as Record<string, unknown>)['eot_token_id'];
  return { BOS: text(ggml.bos_token_id), EOS: text(ggml.eos_token_id), EOT: text(eot) };
}
