import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Candil keeps its data. Matches Electron's `app.getPath('userData')` for the product
 * name "Candil", so the desktop app and the browser host share one history and one models folder.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CANDIL_DATA_DIR) return env.CANDIL_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Candil');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Candil');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Candil');
}
