import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * The dev server injects an inline React Refresh script and talks to the page over its own
 * WebSocket; the strict CSP of the built app would block both. Only `electron-vite dev` relaxes it.
 */
function devCsp(): Plugin {
  return {
    name: 'candil-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: http:"),
  };
}

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          // Electron's main process.
          index: resolve('src/main/index.ts'),
          // The inference worker: utilityProcess.fork in the app, child_process.fork elsewhere.
          worker: resolve('src/main/worker/index.ts'),
          // The browser host (`npm run serve`): the same services without Electron.
          serve: resolve('src/main/host/serve.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: {
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react(), devCsp()],
  },
});
