import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinPresets } from '../../shared/builtin-presets';
import { openDatabase, type Database } from '../db/database';
import { ChatRepository } from './chat-repository';
import { PresetRepository } from './preset-repository';

let dir: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candil-presets-'));
  db = openDatabase(join(dir, 'candil.db'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('presets', () => {
  it('saves, edits, lists by name and deletes the user’s presets; a built-in one is copied, never changed', () => {
    const presets = new PresetRepository(db);
    const tutor = presets.save({ name: 'Tutor', systemPrompt: 'Da pistas.', fewShot: [{ user: '¿2+2?', assistant: '¿Y 2+1?' }], sampling: { temperature: 0.3 }, modelPath: null });
    const edited = presets.save({ ...tutor, name: 'Tutor de mates' });
    expect(edited).toMatchObject({ id: tutor.id, name: 'Tutor de mates', fewShot: [{ user: '¿2+2?', assistant: '¿Y 2+1?' }], sampling: { temperature: 0.3 } });
    const yoda = builtinPresets('es').find((p) => p.id === 'builtin:yoda');
    const copy = presets.save({ ...(yoda ?? tutor), name: 'Mi Yoda' });
    expect(copy.id).not.toBe('builtin:yoda');
    expect(presets.list().map((p) => p.name)).toEqual(['Mi Yoda', 'Tutor de mates']);
    expect(() => presets.save({ ...tutor, id: 'missing' })).toThrow(/No preset/);
    expect(presets.delete(tutor.id)).toBe(true);
    expect(presets.delete(tutor.id)).toBe(false);
  });

  it('a chat keeps its own copy of the examples and settings it was started with', () => {
    const repo = new ChatRepository(db);
    const chat = repo.createChat({ systemPrompt: 'Traduce.', fewShot: [{ user: 'Hola', assistant: 'Hello' }], sampling: { temperature: 0.1, seed: 7 } });
    expect(repo.getChat(chat.id)).toMatchObject({ fewShot: [{ user: 'Hola', assistant: 'Hello' }], sampling: { temperature: 0.1, seed: 7 } });
    expect(repo.updateChat(chat.id, { sampling: {} }).sampling).toEqual({});
    expect(repo.duplicateChat(chat.id).fewShot).toEqual([{ user: 'Hola', assistant: 'Hello' }]);
  });

  it('has every built-in preset in both languages', () => {
    const es = builtinPresets('es');
    const en = builtinPresets('en');
    expect(es.map((p) => p.id)).toEqual(en.map((p) => p.id));
    for (const p of [...es, ...en]) expect(p.name && p.systemPrompt).toBeTruthy();
    expect(es.find((p) => p.id === 'builtin:yoda')?.name).toBe('Actúa como Yoda');
  });
});
