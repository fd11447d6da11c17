import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import type { Gpt4AllModels } from '../../shared/models';

/** What the paths depend on; tests pass a fake home and environment. */
export interface Gpt4AllEnv {
  platform: NodeJS.Platform;
  home: string;
  env: Record<string, string | undefined>;
}

export function currentGpt4AllEnv(): Gpt4AllEnv {
  return { platform: process.platform, home: homedir(), env: process.env };
}

/**
 * Where GPT4All keeps things, per OS. From GPT4All's source (gpt4all-chat/src/mysettings.cpp):
 * the default models folder (`defaultLocalModelsPath`) is Qt's `AppLocalDataLocation` for
 * organisation "nomic.ai", application "GPT4All" — also what its settings documentation lists
 * as the default Download Path — and the settings are a `QSettings` in Ini format, whose file
 * is `<config>/nomic.ai/GPT4All.ini`, holding the user's choice under the key `modelPath`.
 */
export function gpt4allPaths({ platform, home, env }: Gpt4AllEnv): { defaultFolder: string; settingsFile: string } {
  if (platform === 'win32') {
    const local = env['LOCALAPPDATA'] || win32.join(home, 'AppData', 'Local');
    const roaming = env['APPDATA'] || win32.join(home, 'AppData', 'Roaming');
    return { defaultFolder: win32.join(local, 'nomic.ai', 'GPT4All'), settingsFile: win32.join(roaming, 'nomic.ai', 'GPT4All.ini') };
  }
  // Qt's Ini format uses ~/.config on macOS as well, not ~/Library/Preferences.
  const config = (platform === 'darwin' ? undefined : env['XDG_CONFIG_HOME']) || posix.join(home, '.config');
  const settingsFile = posix.join(config, 'nomic.ai', 'GPT4All.ini');
  if (platform === 'darwin') return { defaultFolder: posix.join(home, 'Library', 'Application Support', 'nomic.ai', 'GPT4All'), settingsFile };
  const data = env['XDG_DATA_HOME'] || posix.join(home, '.local', 'share');
  return { defaultFolder: posix.join(data, 'nomic.ai', 'GPT4All'), settingsFile };
}

/** `modelPath` from GPT4All.ini (section [General] or none), or null when it is not set. */
export function parseGpt4AllModelPath(ini: string): string | null {
  let section = 'General';
  for (const raw of ini.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) section = header[1];
    const entry = /^modelPath\s*=\s*(.*)$/.exec(line);
    if (section === 'General' && entry?.[1]) {
      // Qt quotes a value holding special characters; its paths use forward slashes on every OS.
      const value = entry[1].replace(/^"(.*)"$/, '$1').trim();
      return value || null;
    }
  }
  return null;
}

/** GPT4All writes a download under this prefix until it completes: not a model yet. */
const INCOMPLETE_PREFIX = 'incomplete-';

/**
 * The first GPT4All models folder holding `.gguf` files — the one its settings name, then its
 * default — with those files; null when there is none (GPT4All never used here, or no models).
 */
export async function findGpt4AllModels(gpt4allEnv: Gpt4AllEnv = currentGpt4AllEnv()): Promise<Gpt4AllModels | null> {
  const { defaultFolder, settingsFile } = gpt4allPaths(gpt4allEnv);
  const configured = await readFile(settingsFile, 'utf8').then(parseGpt4AllModelPath, () => null);
  const folders = [...new Set([configured, defaultFolder].filter((f): f is string => f !== null).map(withoutTrailingSlash))];
  for (const folder of folders) {
    const files = await ggufFiles(folder);
    if (files.length > 0) return { folder, files };
  }
  return null;
}

function withoutTrailingSlash(folder: string): string {
  return folder.length > 1 ? folder.replace(/[/\\]+$/, '') : folder;
}

async function ggufFiles(folder: string): Promise<Gpt4AllModels['files']> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const files: Gpt4AllModels['files'] = [];
  for (const name of names.sort()) {
    if (!name.toLowerCase().endsWith('.gguf') || name.startsWith(INCOMPLETE_PREFIX)) continue;
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) files.push({ path, size: info.size });
  }
  return files;
}
