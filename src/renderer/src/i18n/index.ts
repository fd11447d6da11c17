import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Settings } from '../../../shared/domain';
import { formatBytes } from '../format';
import en from './en.json';
import es from './es.json';

export type Language = 'en' | 'es';

export const resources = { en: { translation: en }, es: { translation: es } } as const;

/** The setting wins; 'auto' follows the system, and anything but Spanish falls back to English. */
export function resolveLanguage(setting: Settings['language'] | undefined, systemLanguage: string | undefined): Language {
  if (setting === 'es' || setting === 'en') return setting;
  return systemLanguage?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** Synchronous, so the first render is already translated. */
export function initI18n(language: Language): i18n {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources,
      lng: language,
      fallbackLng: 'en',
      initAsync: false,
      // React escapes what it renders.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    // `{{size, bytes}}` in a translation: a byte count as the UI's language writes it ("1,5 GB").
    i18next.services.formatter?.add('bytes', (value: number, lng) => formatBytes(value, lng ?? language));
  } else if (i18next.language !== language) {
    void i18next.changeLanguage(language);
  }
  document.documentElement.lang = language;
  return i18next;
}

export function setLanguage(language: Language): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export { i18next };
