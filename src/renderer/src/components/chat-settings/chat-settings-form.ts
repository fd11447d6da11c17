import type { FewShotTurn, Preset, SamplingParams } from '../../../../shared/domain';
import { parseNumber, samplingKeys, type FieldError } from '../settings/settings-form';

type SamplingKey = keyof SamplingParams;

/** The chat settings form: what a chat (or a preset) starts with, as the fields show it. */
export interface ChatSettingsDraft {
  systemPrompt: string;
  fewShot: FewShotTurn[];
  /** Empty: follow the model's and the global default. */
  sampling: Record<SamplingKey, string>;
}

export interface ChatSettingsValue {
  systemPrompt: string;
  fewShot: FewShotTurn[];
  sampling: Partial<SamplingParams>;
}

export function draftOf(value: Pick<Preset, 'systemPrompt' | 'fewShot' | 'sampling'>): ChatSettingsDraft {
  const sampling = Object.fromEntries(
    samplingKeys.map((key) => {
      const v = value.sampling[key];
      return [key, v === undefined || v === null ? '' : String(v)];
    }),
  ) as Record<SamplingKey, string>;
  return { systemPrompt: value.systemPrompt, fewShot: value.fewShot.map((turn) => ({ ...turn })), sampling };
}

/**
 * The form as main takes it, or the fields that are wrong. A field left empty is left out, so
 * it follows the defaults; an example with an empty side is an error rather than dropped.
 */
export function parseChatSettings(draft: ChatSettingsDraft): { value: ChatSettingsValue } | { errors: Partial<Record<SamplingKey | `fewShot.${number}`, FieldError>> } {
  const errors: Partial<Record<SamplingKey | `fewShot.${number}`, FieldError>> = {};
  const sampling: Partial<SamplingParams> = {};
  for (const key of samplingKeys) {
    if (draft.sampling[key].trim() === '') continue;
    const parsed = parseNumber(draft.sampling[key], key, false);
    if ('error' in parsed) errors[key] = parsed.error;
    else if (parsed.value !== null) sampling[key] = parsed.value;
  }
  draft.fewShot.forEach((turn, i) => {
    if (!turn.user.trim() || !turn.assistant.trim()) errors[`fewShot.${i}`] = { key: 'settings.required' };
  });
  if (Object.keys(errors).length > 0) return { errors };
  return { value: { systemPrompt: draft.systemPrompt, fewShot: draft.fewShot, sampling } };
}
