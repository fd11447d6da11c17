import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../api/event-bus';
import { openDatabase, type Database } from '../db/database';
import { SettingsStore } from '../settings/settings-store';
import { resolveTestModel } from '../../test-support/test-model';
import { ModelLibrary } from './model-library';
import { OwnedModelFiles } from './owned-files';

const modelPath = await resolveTestModel();
let root: string;
let db: Database;
let settings: SettingsStore;
let owned: OwnedModelFiles;
let library: ModelLibrary;
/** Candil's own models folder, inside its data folder. */
let defaultFolder: string;
/** A folder of the user's, with a model Candil never touched. */
let home: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'candil-library-'));
  const dataDir = join(root, 'data');
  defaultFolder = join(dataDir, 'models');
  home = join(root, 'home');
  mkdirSync(defaultFolder, { recursive: true });
  mkdirSync(join(home, 'Downloads'), { recursive: true });
  copyFileSync(modelPath, join(home, 'Downloads', 'theirs.gguf'));
  db = openDatabase(join(dataDir, 'candil.db'));
  settings = new SettingsStore(db, { modelsDir: defaultFolder, hfEndpoint: 'http://127.0.0.1:1' });
  owned = new OwnedModelFiles(db, defaultFolder);
  library = new ModelLibrary(settings, new EventBus(), owned);
});

afterEach(async () => {
  await library.idle();
  db.close();
  rmSync(root, { recursive: true, force: true });
});

const refusal = (path: string) => library.delete(path).then(() => 'deleted', (error: { code: string }) => error.code);

describe('deleting models', () => {
  it('with the models folder set to a home folder, refuses a .gguf Candil did not put there, which stays', async () => {
    settings.update({ modelsDir: home });
    const theirs = join(home, 'Downloads', 'theirs.gguf');
    // The scanner lists it (Candil can use it) …
    expect((await library.list(true)).map((m) => m.path)).toEqual([theirs]);
    // … but never deletes it.
    expect(await refusal(theirs)).toBe('MODEL_NOT_DELETABLE');
    expect(existsSync(theirs)).toBe(true);
    expect(await refusal(join(home, 'Downloads', '..', 'Downloads', 'theirs.gguf'))).toBe('MODEL_NOT_DELETABLE');
    expect(existsSync(theirs)).toBe(true);
  });

  it('refuses paths it does not list, however they are spelled', async () => {
    expect(await refusal(join(home, 'Downloads', 'theirs.gguf'))).toBe('NOT_FOUND');
    expect(await refusal(join(defaultFolder, '..', '..', 'home', 'Downloads', 'theirs.gguf'))).toBe('NOT_FOUND');
    expect(existsSync(join(home, 'Downloads', 'theirs.gguf'))).toBe(true);
  });

  it('does not follow a symlink in the models folder to delete its target', async () => {
    const link = join(defaultFolder, 'link.gguf');
    const target = join(home, 'Downloads', 'theirs.gguf');
    symlinkSync(target, link);
    expect((await library.list(true)).map((m) => m.path)).toEqual([link]);
    expect(await refusal(link)).toBe('MODEL_NOT_DELETABLE');
    expect(existsSync(target)).toBe(true);
    expect(existsSync(link)).toBe(true);
  });

  it('deletes what it copied into any models folder, and what is in its own folder', async () => {
    settings.update({ modelsDir: join(home, 'models') });
    mkdirSync(join(home, 'models'));
    const copied = await library.import(join(home, 'Downloads', 'theirs.gguf'), 'copy');
    expect(await library.delete(copied.path)).toMatchObject({ deleted: true });
    expect(existsSync(copied.path)).toBe(false);
    expect(existsSync(join(home, 'Downloads', 'theirs.gguf'))).toBe(true);

    settings.update({ modelsDir: defaultFolder });
    copyFileSync(modelPath, join(defaultFolder, 'placed.gguf'));
    expect(await library.delete(join(defaultFolder, 'placed.gguf'))).toMatchObject({ deleted: true });
    expect(existsSync(join(defaultFolder, 'placed.gguf'))).toBe(false);
  });

  it('deletes a file a download wrote into a chosen folder', async () => {
    const folder = join(home, 'models');
    settings.update({ modelsDir: folder });
    mkdirSync(folder);
    copyFileSync(modelPath, join(folder, 'downloaded.gguf'));
    owned.add(join(folder, 'downloaded.gguf'));
    expect(await library.delete(join(folder, 'downloaded.gguf'))).toMatchObject({ deleted: true });
    expect(existsSync(join(folder, 'downloaded.gguf'))).toBe(false);
  });

  it('only forgets a model used in place', async () => {
    const theirs = join(home, 'Downloads', 'theirs.gguf');
    await library.import(theirs, 'reference');
    expect(await library.delete(theirs)).toEqual({ deleted: true, freedBytes: 0 });
    expect(existsSync(theirs)).toBe(true);
    expect(await library.list(true)).toEqual([]);
  });
});
