import { join } from 'node:path';
import { app, BrowserWindow, dialog, safeStorage, session } from 'electron';
import { AppError } from '../shared/errors';
import { createCore, type CandilCore } from './core';
import { installIpcGateway } from './electron/ipc-gateway';
import { startupMessage } from './startup-messages';
import { createMainWindow } from './electron/main-window';
import { registerAppScheme, serveAppScheme } from './electron/app-protocol-handler';
import { devServerUrl, isPermissionAllowed } from './electron/policy';
import { utilityWorkerLauncher } from './electron/utility-worker';
import { desktopProxyResolver } from './electron/system-proxy';
import { useProxyResolver } from './net/http';

// Electron glue only: every service lives in core.ts and is shared with the browser host.
const here = import.meta.dirname;
let core: CandilCore | null = null;
// An installed app ignores ELECTRON_RENDERER_URL: only `electron-vite dev` may point it elsewhere.
const devServer = devServerUrl(app.isPackaged, process.env);

app.enableSandbox();
registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win?.isMinimized()) win.restore();
  win?.focus();
});

app.whenReady().then(() => {
  // The built renderer comes from app://candil/ with its CSP; the dev server sets its own.
  serveAppScheme(join(here, '../renderer'));
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(isPermissionAllowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => isPermissionAllowed(permission));
  // The window's own switch (main-window.ts) stops checking; this one keeps the session from ever
  // loading a dictionary, which Chromium would download from Google's servers.
  session.defaultSession.setSpellCheckerEnabled(false);
  // Downloads, Hub search and remote servers use the system proxy (per URL, PAC included), as the browser would.
  useProxyResolver(desktopProxyResolver(session.defaultSession));
  core = startCore(false);
  if (!core) {
    app.exit(1);
    return;
  }
  installIpcGateway(core.dispatch, core.events, () => BrowserWindow.getAllWindows(), devServer);
  createMainWindow(here, devServer);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(here, devServer);
  });
});

/**
 * The core, or null after telling the user why not. A damaged history offers a choice in English
 * and Spanish: quit (and restore a backup), or start fresh with the damaged file moved aside.
 */
function startCore(startFreshIfDamaged: boolean): CandilCore | null {
  try {
    return createCore({
      dataDir: process.env.CANDIL_DATA_DIR ?? app.getPath('userData'),
      host: 'electron',
      version: app.getVersion(),
      launchWorker: utilityWorkerLauncher(join(here, 'worker.js')),
      modelsDir: process.env.CANDIL_MODELS_DIR,
      secretCodec: safeStorage.isEncryptionAvailable()
        ? { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (data) => safeStorage.decryptString(data) }
        : undefined,
      startFreshIfDamaged,
    });
  } catch (error) {
    const message = startupMessage(AppError.from(error), app.getLocale());
    if (!message.startFresh || startFreshIfDamaged) {
      dialog.showErrorBox(message.title, message.text);
      return null;
    }
    const choice = dialog.showMessageBoxSync({
      type: 'error',
      title: message.title,
      message: message.title,
      detail: message.text,
      buttons: [message.quit, message.startFresh.button],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    return choice === 1 ? startCore(true) : null;
  }
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('will-quit', (event) => {
  if (quitting || !core) return;
  quitting = true;
  event.preventDefault();
  // Save the streaming reply and stop the worker before the process goes away — but never hang
  // on a model that is still loading or a stuck worker: after a few seconds, leave anyway.
  const giveUp = new Promise((resolve) => setTimeout(resolve, 5000));
  void Promise.race([core.close(), giveUp]).finally(() => {
    void core?.inference.close();
    app.exit(0);
  });
});
