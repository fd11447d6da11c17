import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { createCore, type CandilCore } from '../core';
import { defaultDataDir } from '../data-paths';
import { forkWorkerLauncher } from '../inference/worker-port';
import { startupMessage } from '../startup-messages';
import { startBrowserHost } from './browser-host';

// `npm run serve`: Candil in a browser, for machines without Electron or a display.
const here = import.meta.dirname;
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.CANDIL_PORT ?? '4317' },
    'data-dir': { type: 'string', default: defaultDataDir() },
    'models-dir': { type: 'string', default: process.env.CANDIL_MODELS_DIR },
    // Turns on the OpenAI-compatible local API (the setting stays on, as if switched on in Settings).
    api: { type: 'boolean', default: false },
    'api-port': { type: 'string' },
    // The answer to a damaged history: move it into `damaged/` and start with an empty one.
    'start-fresh': { type: 'boolean', default: false },
  },
});

const rendererDir = join(here, '..', 'renderer');
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error(`The renderer is not built (${rendererDir}); run \`npm run build\` first.`);
  process.exit(1);
}

let core: CandilCore;
try {
  core = createCore({
    dataDir: values['data-dir'],
    host: 'browser',
    version: process.env.npm_package_version ?? '0.1.0',
    launchWorker: forkWorkerLauncher(join(here, 'worker.js')),
    modelsDir: values['models-dir'],
    startFreshIfDamaged: values['start-fresh'],
  });
} catch (error) {
  // A read-only, too-new or damaged database, an unwritable data folder: say what and where, touch nothing.
  const message = startupMessage(AppError.from(error), Intl.DateTimeFormat().resolvedOptions().locale);
  console.error(`${message.title}\n\n${message.text}`);
  if (message.startFresh) {
    console.error(`\nTo start fresh / Para empezar de cero: npm run serve -- ${message.startFresh.flag}`);
  }
  process.exit(1);
}
const host = await startBrowserHost({ dispatch: core.dispatch, events: core.events, rendererDir, port: Number(values.port) });

// Tests and scripts read this line to find the address; people click it.
console.log(`Candil is running at ${host.openUrl}`);
if (values.api) {
  const port = values['api-port'] ? Number(values['api-port']) : undefined;
  const enabled = await core.dispatch('settings.update', { apiEnabled: true, ...(port ? { apiPort: port } : {}) });
  const status = core.api.status;
  if (!enabled.ok || !status.running) console.error(`The local API did not start: ${status.error?.message ?? (enabled.ok ? 'unknown reason' : enabled.error.message)}`);
  else console.log(`OpenAI-compatible API at ${status.url}`);
}

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await host.close();
  await core.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
