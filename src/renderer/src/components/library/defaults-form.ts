import type { ChatTemplateMode, ModelDefaults } from '../../../../shared/domain';
import { parseNumber, type FieldError, type NumericField } from '../settings/settings-form';

/** The per-model fields the defaults dialog offers; empty means "use the general setting". */
export const defaultsNumberFields = ['contextSize', 'threads', 'temperature', 'topK', 'topP', 'minP', 'repeatPenalty', 'maxTokens'] as const;
export type DefaultsNumberField = (typeof defaultsNumberFields)[number] & NumericField;

type SamplingField = Exclude<DefaultsNumberField, 'contextSize' | 'threads'>;

export interface DefaultsDraft extends Record<DefaultsNumberField, string> {
  chatTemplate: ChatTemplateMode | '';
  systemPrompt: string;
}

export function draftFromDefaults(defaults: ModelDefaults | undefined): DefaultsDraft {
  const show = (value: number | undefined) => (value === undefined ? '' : String(value));
  const s = defaults?.sampling ?? {};
  return {
    contextSize: show(defaults?.contextSize),
    threads: show(defaults?.threads),
    temperature: show(s.temperature),
    topK: show(s.topK),
    topP: show(s.topP),
    minP: show(s.minP),
    repeatPenalty: show(s.repeatPenalty),
    maxTokens: show(s.maxTokens),
    chatTemplate: defaults?.chatTemplate ?? '',
    systemPrompt: defaults?.systemPrompt ?? '',
  };
}

export interface ParsedDefaults {
  defaults: ModelDefaults;
  errors: Partial<Record<DefaultsNumberField, FieldError>>;
}

/** The whole set of defaults the model will have (main replaces the previous set with it). */
export function parseDefaults(draft: DefaultsDraft): ParsedDefaults {
  const errors: ParsedDefaults['errors'] = {};
  const defaults: ModelDefaults = {};
  const sampling: NonNullable<ModelDefaults['sampling']> = {};
  for (const field of defaultsNumberFields) {
    const parsed = parseNumber(draft[field], field, true);
    if ('error' in parsed) {
      errors[field] = parsed.error;
      continue;
    }
    if (parsed.value === null) continue;
    if (field === 'contextSize' || field === 'threads') defaults[field] = parsed.value;
    else sampling[field as SamplingField] = parsed.value;
  }
  if (Object.keys(sampling).length > 0) defaults.sampling = sampling;
  if (draft.chatTemplate) defaults.chatTemplate = draft.chatTemplate;
  if (draft.systemPrompt.trim()) defaults.systemPrompt = draft.systemPrompt;
  return { defaults, errors };
}
