import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

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
    plugins: [react()],
  },
});
