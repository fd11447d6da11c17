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
  return error.params && hasDetail(code) ? t(`errorDetails.${code}`, error.params) : error.message;
}
