import type { PresetLanguage } from '../../../../shared/builtin-presets';

/** Built-in presets are written in Spanish and English; any other UI language gets English. */
export function presetLanguage(language: string): PresetLanguage {
  return language.startsWith('es') ? 'es' : 'en';
}
