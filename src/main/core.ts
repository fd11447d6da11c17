import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AppInfo } from '../shared/domain';
import { EventBus } from './api/event-bus';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { ChatRepository } from './chat/chat-repository';
import { ChatService } from './chat/chat-service';
import { openDatabase } from './db/database';
import { InferenceClient } from './inference/inference-client';
import type { WorkerLauncher } from './inference/worker-port';
import { ModelLibrary } from './models/model-library';
import { defaultThreads, physicalCores } from './settings/cpu-topology';
import { SettingsStore } from './settings/settings-store';

export interface CoreOptions {
  dataDir: string;
  host: AppInfo['host'];
  version: string;
  launchWorker: WorkerLauncher;
  /** Overrides the stored models folder (tests, `CANDIL_MODELS_DIR`). */
  modelsDir?: string;
  checkpointMs?: number;
}

export interface CandilCore {
  dispatch: Dispatch;
  events: EventBus;
  chats: ChatService;
  inference: InferenceClient;
  db: Database;
  close(): Promise<void>;
}

/** Wires the services every host shares: the Electron app, the browser host, tests and benchmarks. */
export function createCore(o: CoreOptions): CandilCore {
  mkdirSync(o.dataDir, { recursive: true });
  const dbPath = join(o.dataDir, 'candil.db');
  const db = openDatabase(dbPath);
  const events = new EventBus();
  const settings = new SettingsStore(db, { modelsDir: join(o.dataDir, 'models') });
  if (o.modelsDir) settings.update({ modelsDir: o.modelsDir });
  mkdirSync(settings.get().modelsDir, { recursive: true });
  const repo = new ChatRepository(db);
  const inference = new InferenceClient(o.launchWorker, { onStatus: (status) => events.emit('worker.status', status) });
  const cores = physicalCores();
  const threads = defaultThreads(cores);
  const chats = new ChatService({ repo, settings, inference, events, defaultThreads: threads, checkpointMs: o.checkpointMs });
  const models = new ModelLibrary(() => settings.get().modelsDir, events);

  const dispatch = createDispatcher({
    'app.info': () => ({
      version: o.version,
      host: o.host,
      dataDir: o.dataDir,
      dbPath,
      defaultThreads: threads,
      physicalCores: cores,
      logicalCores: availableParallelism(),
    }),
    'settings.get': () => settings.get(),
    'settings.update': async (patch) => {
      const next = settings.update(patch);
      if (patch.modelsDir) {
        mkdirSync(patch.modelsDir, { recursive: true });
        await models.list(true);
      }
      return next;
    },
    'models.list': ({ rescan }) => models.list(rescan),
    'models.select': async ({ path }) => {
      const model = await models.requireUsable(path);
      return settings.update({ selectedModelPath: model.path });
    },
    'chats.list': ({ query }) => repo.listChats(query),
    'chats.create': (input) => repo.createChat(input),
    'chats.get': ({ chatId }) => chats.getChat(chatId),
    'chats.update': ({ chatId, ...patch }) => repo.updateChat(chatId, patch),
    'chats.delete': async ({ chatId }) => ({ deleted: await chats.deleteChat(chatId) }),
    'chat.send': ({ chatId, content }) => chats.send(chatId, content),
    'chat.stop': ({ requestId }) => ({ stopped: chats.stop(requestId) }),
    'chat.regenerate': ({ chatId }) => chats.regenerate(chatId),
    'chat.edit': ({ messageId, content }) => chats.edit(messageId, content),
    'worker.status': () => inference.status,
    'worker.restart': () => inference.restart(),
  });

  // Start the engine early so the first message does not wait for the process to boot.
  inference.start().catch(() => undefined);

  return {
    dispatch,
    events,
    chats,
    inference,
    db,
    async close() {
      await chats.stopAll();
      await inference.close();
      db.close();
    },
  };
}
