import { join } from 'node:path';
import { BrowserWindow, shell } from 'electron';
import { externalLinkTarget } from './policy';
import { APP_START_URL, isTrustedRendererUrl } from './trusted-origin';

/** devServer: the dev server's address in an unpackaged run (policy.devServerUrl), else null. */
export function createMainWindow(here: string, devServer: string | null): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Candil',
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      // Dictionaries are downloaded from Google's servers: a privacy leak for a private app.
      spellcheck: false,
      // A middle click would ask for a new window outside the window-open handler's reach.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  // Links in replies open in the system browser (http(s) only); the app never opens windows.
  win.webContents.setWindowOpenHandler(({ url }) => {
    const target = externalLinkTarget(url);
    if (target) void shell.openExternal(target);
    return { action: 'deny' };
  });
  // The window and its frames never leave Candil's own pages, by link, script or redirect.
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isTrustedRendererUrl(url, devServer)) event.preventDefault();
  };
  win.webContents.on('will-navigate', stayHome);
  win.webContents.on('will-frame-navigate', (event) => stayHome(event, event.url));
  win.webContents.on('will-redirect', stayHome);
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void win.loadURL(devServer ?? APP_START_URL);
  return win;
}
