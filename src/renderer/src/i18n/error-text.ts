import type { TFunction } from 'i18next';
import type { ErrorPayload, ErrorParams } from '../../../shared/errors';
import en from './en.json';

type DetailKey = keyof typeof en.errorDetails;
type Settings = typeof en.settings;
/** The settings keys that are labels (strings), not groups of options. */
type SettingsLabel = { [K in keyof Settings]: Settings[K] extends string ? K : never }[keyof Settings];

/** `CODE_reason`, or its plural forms (`_one`/`_other`) when the sentence counts something. */
function detailKey(key: string): DetailKey | null {
  if (key in en.errorDetails) return key as DetailKey;
  return `${key}_other` in en.errorDetails ? (key as DetailKey) : null;
}

/** A settings field ("sampling.temperature") by the label the Settings dialog gives it. */
function fieldLabel(t: TFunction, field: string): string {
  const last = field.split('.').pop() ?? field;
  return isSettingsLabel(last) ? t(`settings.${last}`) : field;
}

function isSettingsLabel(key: string): key is SettingsLabel {
  return typeof (en.settings as Record<string, unknown>)[key] === 'string';
}

/**
 * The sentence that explains an error in the UI's language: `errorDetails.CODE_reason`, filled
 * with the numbers and names main sent. An error without a known reason (stored by an older
 * Candil) gets its code's title, still in the UI's language; main's English message never shows.
 */
export function errorText(t: TFunction, error: ErrorPayload): string {
  const params: ErrorParams | undefined = error.params;
  const reason = params?.reason;
  const key = typeof reason === 'string' ? detailKey(`${error.code}_${reason}`) : null;
  if (!params || !key) return t(`errors.${error.code}`);
  const field = params.field;
  return t(`errorDetails.${key}`, typeof field === 'string' ? { ...params, field: fieldLabel(t, field) } : params);
}
