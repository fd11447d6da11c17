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

const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

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
