import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveTestModel, TEST_MODEL } from '../../test-support/test-model';
import { findGpt4AllModels, gpt4allPaths, parseGpt4AllModelPath, type Gpt4AllEnv } from './gpt4all-folder';

describe('gpt4allPaths', () => {
  it('uses ~/.local/share and ~/.config on Linux, or the XDG folders when set', () => {
    expect(gpt4allPaths({ platform: 'linux', home: '/home/ana', env: {} })).toEqual({
      defaultFolder: '/home/ana/.local/share/nomic.ai/GPT4All',
      settingsFile: '/home/ana/.config/nomic.ai/GPT4All.ini',
    });
    expect(gpt4allPaths({ platform: 'linux', home: '/home/ana', env: { XDG_DATA_HOME: '/data', XDG_CONFIG_HOME: '/conf' } })).toEqual({
      defaultFolder: '/data/nomic.ai/GPT4All',
      settingsFile: '/conf/nomic.ai/GPT4All.ini',
    });
  });

  it('uses Application Support on macOS, with the Ini settings under ~/.config', () => {
    expect(gpt4allPaths({ platform: 'darwin', home: '/Users/ana', env: { XDG_DATA_HOME: '/ignored' } })).toEqual({
      defaultFolder: '/Users/ana/Library/Application Support/nomic.ai/GPT4All',
      settingsFile: '/Users/ana/.config/nomic.ai/GPT4All.ini',
    });
  });

  it('uses %LOCALAPPDATA% and %APPDATA% on Windows, else their usual places under the profile', () => {
    expect(gpt4allPaths({ platform: 'win32', home: 'C:\\Users\\ana', env: { LOCALAPPDATA: 'D:\\Local', APPDATA: 'D:\\Roaming' } })).toEqual({
      defaultFolder: 'D:\\Local\\nomic.ai\\GPT4All',
      settingsFile: 'D:\\Roaming\\nomic.ai\\GPT4All.ini',
    });
    expect(gpt4allPaths({ platform: 'win32', home: 'C:\\Users\\ana', env: {} }).defaultFolder).toBe('C:\\Users\\ana\\AppData\\Local\\nomic.ai\\GPT4All');
  });
});

describe('parseGpt4AllModelPath', () => {
  it('reads modelPath from the General section, quoted or not', () => {
    expect(parseGpt4AllModelPath('[General]\nfontSize=Small\nmodelPath=/mnt/big/models/\n')).toBe('/mnt/big/models/');
    expect(parseGpt4AllModelPath('modelPath="C:/Users/ana/My Models"\r\n')).toBe('C:/Users/ana/My Models');
  });

  it('ignores the key in other sections, and an empty value', () => {
    expect(parseGpt4AllModelPath('[model-x]\nmodelPath=/elsewhere\n')).toBeNull();
    expect(parseGpt4AllModelPath('[General]\nmodelPath=\n')).toBeNull();
  });
});

describe('findGpt4AllModels', () => {
  let home: string;
  let env: Gpt4AllEnv;
  let modelPath: string;

  beforeEach(async () => {
    modelPath = await resolveTestModel();
    home = mkdtempSync(join(tmpdir(), 'candil-gpt4all-'));
    env = { platform: 'linux', home, env: {} };
  });

  afterEach(() => rmSync(home, { recursive: true, force: true }));

  function fillFolder(folder: string): void {
    mkdirSync(folder, { recursive: true });
    copyFileSync(modelPath, join(folder, TEST_MODEL.fileName));
    writeFileSync(join(folder, 'broken.gguf'), 'not a gguf file at all');
    // Not models: a download GPT4All has not finished, its model list, a folder named like a model.
    writeFileSync(join(folder, 'incomplete-half.gguf'), 'GGUF');
    writeFileSync(join(folder, 'models3.json'), '[]');
    mkdirSync(join(folder, 'dir.gguf'));
  }

  it('lists the .gguf files of the default folder with their sizes', async () => {
    const folder = join(home, '.local', 'share', 'nomic.ai', 'GPT4All');
    fillFolder(folder);
    expect(await findGpt4AllModels(env)).toEqual({
      folder,
      files: [
        { path: join(folder, 'broken.gguf'), size: 22 },
        { path: join(folder, TEST_MODEL.fileName), size: TEST_MODEL.sizeBytes },
      ],
    });
  });

  it('prefers the folder GPT4All.ini names', async () => {
    fillFolder(join(home, '.local', 'share', 'nomic.ai', 'GPT4All'));
    const chosen = join(home, 'llms');
    mkdirSync(chosen);
    copyFileSync(modelPath, join(chosen, 'mine.gguf'));
    mkdirSync(join(home, '.config', 'nomic.ai'), { recursive: true });
    writeFileSync(join(home, '.config', 'nomic.ai', 'GPT4All.ini'), `[General]\nmodelPath=${chosen}/\n`);
    expect(await findGpt4AllModels(env)).toEqual({ folder: chosen, files: [{ path: join(chosen, 'mine.gguf'), size: TEST_MODEL.sizeBytes }] });
  });

  it('finds nothing without GPT4All, or with a folder holding no model', async () => {
    expect(await findGpt4AllModels(env)).toBeNull();
    mkdirSync(join(home, '.local', 'share', 'nomic.ai', 'GPT4All'), { recursive: true });
    expect(await findGpt4AllModels(env)).toBeNull();
  });
});
