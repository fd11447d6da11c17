import type { TFunction } from 'i18next';
import type { ErrorPayload } from '../../../shared/errors';
import en from './en.json';

type DetailCode = keyof typeof en.errorDetails;

function hasDetail(code: string): code is DetailCode {
  return code in en.errorDetails;
}

/**
 * The sentence that explains an error, in the UI's language when main sent the numbers it is
 * made of; otherwise main's own message (English), which names what went wrong.
 */
export function errorText(t: TFunction, error: ErrorPayload, code: string = error.code): string {
  // One code, several explanations: `reason` picks `errorDetails.CODE_reason` when there is one.
  const reason = error.params?.reason;
  const variant = typeof reason === 'string' ? `${code}_${reason}` : null;
  if (error.params && variant && hasDetail(variant)) return t(`errorDetails.${variant}`, error.params);
  return error.params && hasDetail(code) ? t(`errorDetails.${code}`, error.params) : error.message;
}
