import type { ChatTemplateMode, ModelDefaults } from '../../../../shared/domain';
import { parseNumber, type FieldError, type NumericField } from '../settings/settings-form';

/** The per-model fields the defaults dialog offers; empty means "use the general setting". */
export const defaultsNumberFields = ['contextSize', 'batchSize', 'threads', 'temperature', 'topK', 'topP', 'minP', 'repeatPenalty', 'maxTokens'] as const;
export type DefaultsNumberField = (typeof defaultsNumberFields)[number] & NumericField;

type EngineField = 'contextSize' | 'batchSize' | 'threads';
type SamplingField = Exclude<DefaultsNumberField, EngineField>;

/** '' follows the general setting; 'custom' is a Jinja template of the user's own. */
export type TemplateChoice = ChatTemplateMode | '' | 'custom';

export interface DefaultsDraft extends Record<DefaultsNumberField, string> {
  chatTemplate: TemplateChoice;
  /** The custom template's text (kept while another choice is shown, so switching back loses nothing). */
  jinja: string;
  systemPrompt: string;
}


export function draftFromDefaults(defaults: ModelDefaults | undefined): DefaultsDraft {
  const show = (value: number | undefined) => (value === undefined ? '' : String(value));
  const s = defaults?.sampling ?? {};
  const template = defaults?.chatTemplate;
  return {
    contextSize: show(defaults?.contextSize),
    batchSize: show(defaults?.batchSize),
    threads: show(defaults?.threads),
    temperature: show(s.temperature),
    topK: show(s.topK),
    topP: show(s.topP),
    minP: show(s.minP),
    repeatPenalty: show(s.repeatPenalty),
    maxTokens: show(s.maxTokens),
    chatTemplate: typeof template === 'object' ? 'custom' : (template ?? ''),
    jinja: typeof template === 'object' ? template.jinja : '',
    systemPrompt: defaults?.systemPrompt ?? '',
  };
}

export interface ParsedDefaults {
  defaults: ModelDefaults;
  errors: Partial<Record<DefaultsNumberField, FieldError>>;
  /** A template of one's own was chosen, but none was written. */
  templateMissing: boolean;
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
    if (field === 'contextSize' || field === 'batchSize' || field === 'threads') defaults[field] = parsed.value;
    else sampling[field as SamplingField] = parsed.value;
  }
  if (Object.keys(sampling).length > 0) defaults.sampling = sampling;
  const templateMissing = draft.chatTemplate === 'custom' && !draft.jinja.trim();
  if (draft.chatTemplate === 'custom') {
    if (!templateMissing) defaults.chatTemplate = { jinja: draft.jinja };
  } else if (draft.chatTemplate) defaults.chatTemplate = draft.chatTemplate;
  if (draft.systemPrompt.trim()) defaults.systemPrompt = draft.systemPrompt;
  return { defaults, errors, templateMissing };
}
