import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../shared/errors';
import { Composer } from '../components/chat/Composer';
import { Sidebar } from '../components/sidebar/Sidebar';
import { useAppStore } from '../store/state';
import { settings } from '../test/fixtures';
import { useTestEnvironment } from '../test/setup';
import en from './en.json';
import es from './es.json';
import { resolveLanguage } from '.';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** Each `{{name}}` or `{{name, format}}`, so both languages format the same values the same way. */
const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*(?:,\s*(\w+)\s*)?}}/g)].map((m) => `${m[1]}:${m[2] ?? ''}`).sort();

describe('translations', () => {
  const english = flatten(en);
  const spanish = flatten(es);

  it('have exactly the same keys and no empty values', () => {
    expect([...spanish.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, value] of [...english, ...spanish]) expect(value.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, value] of english) expect(placeholders(spanish.get(key) ?? ''), key).toEqual(placeholders(value));
  });

  it('name every error code', () => {
    for (const code of errorCodes) {
      expect(english.has(`errors.${code}`), code).toBe(true);
      expect(spanish.has(`errors.${code}`), code).toBe(true);
    }
  });

  it('pick the setting, else Spanish for any Spanish system language, else English', () => {
    expect(resolveLanguage('en', 'es-ES')).toBe('en');
    expect(resolveLanguage('es', 'en-US')).toBe('es');
    expect(resolveLanguage('auto', 'es-AR')).toBe('es');
    expect(resolveLanguage('auto', 'ES')).toBe('es');
    expect(resolveLanguage('auto', 'ca-ES')).toBe('en');
    expect(resolveLanguage('auto', undefined)).toBe('en');
  });
});

describe('a render in Spanish', () => {
  useTestEnvironment('es');

  it('shows Spanish text and labels', () => {
    useAppStore.setState({ settings: { ...settings, selectedModelPath: null }, modelsLoaded: true, models: [] });
    render(
      <>
        <Sidebar />
        <Composer />
      </>,
    );
    expect(screen.getByRole('button', { name: 'Nuevo chat' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Buscar chats' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Mensaje' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Enviar' })).toBeTruthy();
    expect(screen.getByText(/Aún no hay modelos/)).toBeTruthy();
    expect(document.documentElement.lang).toBe('es');
  });
});

describe('plurals and numbers', () => {
  useTestEnvironment('es');

  it('agree with the count and write numbers the Spanish way', async () => {
    const { default: i18n } = await import('i18next');
    const { formatNumber, formatParameters } = await import('../format');
    expect(i18n.t('settings.threadsHint', { count: 1, threads: '1', cores: '1' })).toContain('1 hilo,');
    expect(i18n.t('settings.threadsHint', { count: 4, threads: '4', cores: '4' })).toContain('4 hilos,');
    expect(i18n.t('chat.statsTokens', { count: 1, value: '1' })).toBe('1 token');
    expect(i18n.t('chat.statsTokens', { count: 2_000_000, value: formatNumber(2_000_000, 'es') })).toBe('2.000.000 de tokens');
    expect(i18n.t('settings.range', { min: formatNumber(128, 'es'), max: formatNumber(1_048_576, 'es') })).toBe('Escribe un número entre 128 y 1.048.576.');
    expect(formatParameters('1.24B', 'en')).toBe('1.24B');
    expect(formatParameters('1.24B', 'es')).toBe('1240\u00a0M');
    expect(formatParameters('0.3M', 'es')).toBe('300\u00a0mil');
    expect(formatParameters('mystery', 'es')).toBe('mystery');
    expect(i18n.t('hf.downloads', { count: 1, value: '1' })).toBe('1 descarga');
    expect(i18n.t('hf.downloads', { count: 2_000_000, value: formatNumber(2_000_000, 'es') })).toBe('2.000.000 de descargas');
    expect(i18n.t('api.request', { count: 1, tokens: '1', model: 'tiny', endpoint: 'chat', status: 'hecho' })).toBe('tiny · chat · 1 token · hecho');
    // Numbers handed over as numbers are written by the translation, in the UI's language.
    expect(i18n.t('duration.hours', { h: 27_095, m: 20 })).toBe('27.095 h 20 min');
    expect(i18n.t('transfer.result', { imported: 12_345, skipped: 0 })).toBe('Chats importados: 12.345. Ya estaban, omitidos: 0.');
  });

  it('in English too', async () => {
    const { default: i18n } = await import('i18next');
    await i18n.changeLanguage('en');
    expect(i18n.t('hf.likes', { count: 1, value: '1' })).toBe('1 like');
    expect(i18n.t('hf.likes', { count: 3, value: '3' })).toBe('3 likes');
    expect(i18n.t('transfer.result', { imported: 12_345, skipped: 1 })).toBe('Chats imported: 12,345. Already here, skipped: 1.');
  });
});
