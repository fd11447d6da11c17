import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, networkInterfaces, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AppInfo } from '../shared/domain';
import { AppError } from '../shared/errors';
import { parseModelRef } from '../shared/model-ref';
import { sameLoadParams } from '../shared/worker-protocol';
import { isScannedModelOk } from '../shared/models';
import { EventBus } from './api/event-bus';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { ChatExporter } from './chat/chat-export';
import { ChatImporter } from './chat/chat-import';
import { ChatRepository } from './chat/chat-repository';
import { PresetRepository } from './chat/preset-repository';
import { ChatService } from './chat/chat-service';
import { acquireDataLock } from './data-lock';
import { DatabaseBackups } from './db/backups';
import { openDatabase, startFresh } from './db/database';
import { DownloadManager } from './downloads';
import { GenerationQueue } from './inference/generation-queue';
import { InferenceClient } from './inference/inference-client';
import { SnapshotStore } from './kv-snapshots/snapshot-store';
import { ApiService } from './openai/api-service';
import { RemoteServers } from './remote/remote-servers';
import { ApiRequestLog } from './openai/request-log';
import { effectiveSettings, loadParamsFor } from './settings/effective-settings';
import type { WorkerLauncher } from './inference/worker-port';
import { DEFAULT_HF_ENDPOINT } from './models/hf-client';
import { findGpt4AllModels, type Gpt4AllEnv } from './models/gpt4all-folder';
import { HubService } from './models/hub-service';
import { netFetch, proxyInEffect, routeGlobalFetch } from './net/http';
import { freeDiskSpace } from './models/compatibility';
import { recommendModel } from './models/recommend';
import { ModelLibrary } from './models/model-library';
import { checkModelDefaults, modelSettingsInfo, previewTemplate } from './models/model-settings';
import { OwnedModelFiles } from './models/owned-files';
import { physicalCores } from './settings/cpu-topology';
import { fileSecretStore, type SecretCodec } from './settings/secret-store';
import { SettingsStore } from './settings/settings-store';
import { CANDIL_REPOSITORY, latestReleaseUrl, type HttpGet } from './updates/release-feed';
import { UpdateService } from './updates/update-service';

export interface CoreOptions {
  dataDir: string;
  host: AppInfo['host'];
  version: string;
  launchWorker: WorkerLauncher;
  /** Overrides the stored models folder (tests, `CANDIL_MODELS_DIR`). */
  modelsDir?: string;
  checkpointMs?: number;
  /** The desktop app encrypts the Hugging Face token with the OS keychain. */
  secretCodec?: SecretCodec;
  /** Replies that may wait in the engine's queue (tests lower it to reach the limit). */
  maxWaitingReplies?: number;
  /**
   * The user's answer to DB_CORRUPT: a damaged history is moved into `damaged/` and an empty one
   * created. A healthy history is opened as usual, so passing this by habit loses nothing.
   */
  startFreshIfDamaged?: boolean;
  /** Where to look for GPT4All's models (tests give a fake home); this computer's by default. */
  gpt4allEnv?: Gpt4AllEnv;
  /** The update check's HTTP client; the app's own (proxy rules included) by default. */
  httpGet?: HttpGet;
  /** The latest-release address (tests point it at a local server); GitHub's for Candil's repository by default. */
  releasesUrl?: string;
}

export interface CandilCore {
  dispatch: Dispatch;
  events: EventBus;
  chats: ChatService;
  inference: InferenceClient;
  queue: GenerationQueue;
  api: ApiService;
  downloads: DownloadManager;
  db: Database;
  close(): Promise<void>;
}

/** Wires the services every host shares: the Electron app, the browser host, tests and benchmarks. */
export function createCore(o: CoreOptions): CandilCore {
  // Libraries that call the global fetch (node-llama-cpp's GGUF reader) follow the same proxy rules.
  routeGlobalFetch();
  mkdirSync(o.dataDir, { recursive: true });
  const releaseLock = acquireDataLock(o.dataDir);
  const dbPath = join(o.dataDir, 'candil.db');
  let db: Database;
  try {
    db = openHistory(dbPath, o.startFreshIfDamaged === true);
  } catch (error) {
    releaseLock();
    throw error;
  }
  const backups = new DatabaseBackups(db, join(o.dataDir, 'backups'));
  backups.start();
  const events = new EventBus();
  const token = fileSecretStore(join(o.dataDir, o.secretCodec ? 'hf-token.enc' : 'hf-token'), o.secretCodec);
  const apiKey = fileSecretStore(join(o.dataDir, o.secretCodec ? 'api-key.enc' : 'api-key'), o.secretCodec);
  const remoteKeys = fileSecretStore(join(o.dataDir, o.secretCodec ? 'remote-keys.enc' : 'remote-keys'), o.secretCodec);
  const ownModelsDir = join(o.dataDir, 'models');
  const settings = new SettingsStore(
    db,
    { modelsDir: ownModelsDir, hfEndpoint: DEFAULT_HF_ENDPOINT },
    () => token.get() !== null,
    () => apiKey.get() !== null,
  );
  if (o.modelsDir) settings.update({ modelsDir: o.modelsDir });
  mkdirSync(settings.get().modelsDir, { recursive: true });
  const repo = new ChatRepository(db);
  const presets = new PresetRepository(db);
  const exporter = new ChatExporter(db);
  const importer = new ChatImporter(db);
  const kvCache = new SnapshotStore(join(o.dataDir, 'kv-cache'), () => settings.get().kvCacheBudgetMB * 1024 * 1024);
  const inference = new InferenceClient(o.launchWorker, {
    onStatus: (status) => events.emit('worker.status', status),
    snapshots: () => ({ dir: kvCache.dir, budgetBytes: settings.get().kvCacheBudgetMB * 1024 * 1024 }),
  });
  const queue = new GenerationQueue(inference, o.maxWaitingReplies);
  // llama.cpp's own count once the engine has reported it; our estimate until then.
  const cores = () => inference.mathCores ?? physicalCores();
  const remote = new RemoteServers(settings, remoteKeys);
  const chats = new ChatService({
    repo,
    settings,
    inference,
    queue,
    remote,
    events,
    // The library scans each file once; this reads what it found.
    hasChatTemplate: async (path) => (await models.list()).some((m) => resolve(m.path) === resolve(path) && isScannedModelOk(m) && m.summary.hasChatTemplate),
    checkpointMs: o.checkpointMs,
  });
  void chats.purgeExpiredTrash().catch((error: unknown) => console.warn(`[candil] trash not emptied: ${(error as Error).message}`));
  const apiRequests = new ApiRequestLog((list) => events.emit('api.requests', list));
  const api = new ApiService(
    () => settings.get(),
    () => apiKey.get(),
    {
      version: o.version,
      models: async () =>
        (await models.list()).filter(isScannedModelOk).map((m) => ({
          id: m.fileName.replace(/\.gguf$/i, ''),
          path: m.path,
          created: Math.floor(m.modifiedAt / 1000),
        })),
      settingsFor: (path) => {
        const effective = effectiveSettings(settings.get(), path);
        return { ...effective, load: loadParamsFor(path, effective) };
      },
      submit: (job) => queue.submit(job),
      requests: apiRequests,
      embed: (path, texts) => inference.embed(path, texts),
    },
    (status) => events.emit('api.status', status),
  );
  const kvCacheInfo = async () => ({ dir: kvCache.dir, ...(await kvCache.stats()), budgetBytes: settings.get().kvCacheBudgetMB * 1024 * 1024 });
  const ownedModels = new OwnedModelFiles(db, ownModelsDir);
  const models = new ModelLibrary(settings, events, ownedModels);
  const hub = new HubService(settings, token);
  const downloads = new DownloadManager({
    db,
    modelsDir: () => settings.get().modelsDir,
    authHeader: (url) => hub.authHeader(url),
    onChange: (info) => {
      events.emit('downloads.changed', info);
      // Recorded here too: the downloads list may later forget the row, not Candil the file.
      if (info.state === 'completed') ownedModels.add(info.targetPath);
      if (info.state === 'completed') models.list(true).catch((error: unknown) => console.warn(`[candil] rescan failed: ${(error as Error).message}`));
    },
  });
  // Resumes downloads that were running when Candil last closed or crashed.
  const downloadsStarted = downloads.start().catch((error: unknown) => console.warn(`[candil] downloads could not resume: ${(error as Error).message}`));

  const updates = new UpdateService({
    http: o.httpGet ?? netFetch,
    url: o.releasesUrl ?? latestReleaseUrl(CANDIL_REPOSITORY),
    currentVersion: o.version,
    enabled: () => settings.get().checkForUpdates,
    onChange: (status) => events.emit('updates.changed', status),
  });

  const dispatch = createDispatcher({
    'app.info': async () => {
      // The engine's handshake reports llama.cpp's core count; wait for it briefly.
      await inference.start().catch(() => undefined);
      return {
        version: o.version,
        host: o.host,
        dataDir: o.dataDir,
        dbPath,
        defaultThreads: cores(),
        physicalCores: cores(),
        logicalCores: availableParallelism(),
        networkAddresses: Object.values(networkInterfaces())
          .flat()
          .flatMap((a) => (a && !a.internal && a.family === 'IPv4' ? [a.address] : [])),
        proxy: await proxyInEffect(settings.get().hfEndpoint),
      };
    },
    'settings.get': () => settings.get(),
    'settings.update': async (patch) => {
      // Made before the setting changes: a folder that cannot exist must not become the models folder.
      if (patch.modelsDir) makeModelsFolder(patch.modelsDir);
      const next = settings.update(patch);
      if (patch.modelsDir) await models.list(true);
      if (patch.apiEnabled !== undefined || patch.apiPort !== undefined || patch.apiHost !== undefined || patch.apiCorsOrigins !== undefined) {
        await api.apply();
      }
      if (patch.kvCacheBudgetMB !== undefined) {
        await kvCache.prune();
        await inference.configure().catch((error: unknown) => console.warn(`[candil] engine not reconfigured: ${(error as Error).message}`));
      }
      return next;
    },
    'models.list': ({ rescan }) => models.list(rescan),
    'models.select': async ({ path }) => {
      const ref = parseModelRef(path);
      if (ref.kind === 'remote') {
        remote.get(ref.serverId);
        return settings.update({ selectedModelPath: path });
      }
      const model = await models.requireUsable(path);
      return settings.update({ selectedModelPath: model.path });
    },
    'remote.list': () => remote.list(),
    'remote.save': (input) => remote.save(input),
    'remote.delete': ({ id }) => ({ deleted: remote.remove(id) }),
    'remote.models': ({ id }) => remote.models(id),
    'models.check': (input) => hub.check(input),
    'models.import': ({ path, mode }) => models.import(path, mode),
    'models.gpt4all': () => findGpt4AllModels(o.gpt4allEnv),
    'models.delete': async ({ path }) => {
      // A refused deletion must not unload the model either.
      await models.deletion(path);
      const loaded = inference.status.modelPath;
      if (loaded && resolve(loaded) === resolve(path)) {
        if (chats.hasActiveReplies) throw new AppError('BUSY', 'This model is writing a reply; stop it first.', { reason: 'modelBusy' });
        await inference.unload();
      }
      const deleted = await models.delete(path);
      await kvCache.forgetModel(resolve(path));
      return deleted;
    },
    'models.setDefaults': async ({ path, defaults }) => {
      await checkModelDefaults(path, defaults);
      const before = settings.get();
      const loaded = inference.loadedModel;
      const next = { ...before, modelDefaults: { ...before.modelDefaults, [path]: defaults } };
      const load = loadParamsFor(path, effectiveSettings(next, path));
      // A loaded model takes the new settings now, so the context meter and the next reply agree with them.
      const reload = loaded !== null && loaded.params.modelPath === path && !sameLoadParams(loaded.params, load);
      if (reload && (queue.size.running > 0 || queue.size.waiting > 0)) {
        throw new AppError('BUSY', 'The model is writing a reply; its settings can change once it has finished.', { reason: 'modelSettings' });
      }
      const saved = settings.update({ modelDefaults: next.modelDefaults });
      if (!reload) return saved;
      try {
        await queue.reload(load);
      } catch (error) {
        // Settings the model cannot be loaded with are not kept.
        settings.update({ modelDefaults: before.modelDefaults });
        throw error;
      }
      return saved;
    },
    // Only files listed as models are read.
    'models.settingsInfo': async ({ path }) => modelSettingsInfo((await models.requireUsable(path)).path),
    'models.previewTemplate': async ({ path, template, sample }) => ({
      prompt: await previewTemplate((await models.requireUsable(path)).path, template, sample),
    }),
    'catalog.list': () => hub.listCatalog(),
    'catalog.recommend': async () => {
      // From the catalog's own RAM figures: no network, and the same thresholds as `models.check`.
      const [catalog, freeDiskBytes] = await Promise.all([hub.listCatalog(), freeDiskSpace(settings.get().modelsDir)]);
      const totalRamBytes = totalmem();
      const entry = recommendModel(catalog, { totalRamBytes, freeDiskBytes });
      return entry ? { entryId: entry.id, totalRamBytes } : null;
    },
    'hf.search': (input) => hub.search(input),
    'hf.files': ({ repo }) => hub.listFiles(repo),
    'hf.setToken': ({ token: value }) => {
      token.set(value?.trim() || null);
      return settings.get();
    },
    'downloads.list': () => downloads.list(),
    // The manager refuses a file the models folder already has.
    'downloads.start': (request) => downloads.enqueue(request),
    'downloads.pause': ({ id }) => downloads.pause(id),
    'downloads.resume': ({ id }) => downloads.resume(id),
    'downloads.cancel': ({ id }) => downloads.cancel(id),
    'downloads.remove': async ({ id }) => {
      await downloads.remove(id);
      return { removed: true };
    },
    'chats.list': ({ query }) => repo.listChats(query),
    'chats.matches': ({ query }) => repo.searchMessages(query),
    'chats.create': (input) => repo.createChat(input),
    'chats.get': ({ chatId, from, before }) => chats.getChat(chatId, from, before),
    'chats.olderMessages': ({ chatId, beforeId, limit }) => chats.olderMessages(chatId, beforeId, limit),
    'chats.update': ({ chatId, ...patch }) => repo.updateChat(chatId, patch),
    'chats.delete': async ({ chatId }) => ({ deleted: await chats.trashChat(chatId) }),
    'chats.duplicate': ({ chatId, title }) => repo.duplicateChat(chatId, title),
    'chats.trash': () => repo.listTrash(),
    'presets.list': () => presets.list(),
    'presets.save': (input) => presets.save(input),
    'presets.delete': ({ id }) => ({ deleted: presets.delete(id) }),
    'chats.restore': ({ chatId }) => repo.restoreChat(chatId),
    'chats.purge': async ({ chatId }) => {
      const ids = chatId ? [chatId] : repo.listTrash().map((c) => c.id);
      let deleted = 0;
      for (const id of ids) if (repo.getChat(id).deletedAt !== null && (await chats.purgeChat(id))) deleted += 1;
      return { deleted };
    },
    'chats.export': (input) => exporter.export(input),
    'chats.import': ({ text }) => importer.import(text),
    'chat.send': ({ chatId, content }) => chats.send(chatId, content),
    'chat.stop': ({ requestId }) => ({ stopped: chats.stop(requestId) }),
    'chat.regenerate': ({ chatId }) => chats.regenerate(chatId),
    'chat.edit': ({ messageId, content }) => chats.edit(messageId, content),
    'chat.continue': ({ chatId }) => chats.continueReply(chatId),
    'chat.showVersion': ({ messageId, from }) => chats.showVersion(messageId, from),
    'chat.deleteMessage': ({ messageId, from }) => chats.deleteMessage(messageId, from),
    'chat.pinMessage': ({ messageId, pinned, from }) => chats.pinMessage(messageId, pinned, from),
    'chat.measure': ({ chatId, draft }) => chats.measure(chatId, draft),
    'chat.dropOldest': ({ chatId, draft, from }) => chats.dropOldest(chatId, draft, from),
    'chat.sendAllTurns': ({ chatId }) => chats.sendAllTurns(chatId),
    'chat.summarize': ({ chatId, heading }) => chats.summarizeInto(chatId, heading),
    'worker.status': () => inference.status,
    'worker.restart': () => inference.restart(),
    'api.status': () => api.status,
    'api.requests': () => apiRequests.list(),
    'api.stop': ({ id }) => ({ stopped: apiRequests.stop(id) }),
    'api.setKey': async ({ key }) => {
      apiKey.set(key);
      await api.apply();
      return settings.get();
    },
    'updates.status': () => updates.status(),
    'updates.check': () => updates.check(),
    'kvCache.info': () => kvCacheInfo(),
    'kvCache.clear': async () => {
      // Sessions held in the engine's memory stay; only what is on disk goes.
      await kvCache.clear();
      return kvCacheInfo();
    },
  });

  // Start the engine early so the first message does not wait for the process to boot.
  inference.start().catch(() => undefined);
  void api.apply();
  // Off by default: with the setting off this asks nothing (privacy.test.ts counts connections).
  void updates.checkOncePerStart();

  return {
    dispatch,
    events,
    chats,
    inference,
    queue,
    api,
    downloads,
    db,
    /** Every step runs even if an earlier one fails, so the database is always closed. */
    async close() {
      const steps: (() => Promise<unknown> | unknown)[] = [
        () => api.close(),
        () => apiRequests.close(),
        () => chats.stopAll(),
        // Long chats continue at the next start without evaluating their history again. Bounded:
        // the desktop app gives the whole shutdown 5 s; a snapshot cut short is never published.
        () => withTimeout(inference.saveSessions(), 3_000),
        () => downloadsStarted,
        () => downloads.close(),
        () => models.idle(),
        () => inference.close(),
        () => backups.stop(),
        () => db.close(),
        () => releaseLock(),
      ];
      for (const step of steps) {
        try {
          await step();
        } catch (error) {
          console.warn(`[candil] shutdown step failed: ${(error as Error).message}`);
        }
      }
    },
  };
}

function makeModelsFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOSPC' ? 'DISK_FULL' : 'BAD_REQUEST', `Cannot use ${dir} as the models folder: ${(error as Error).message}`, {
      reason: 'modelsDirUnusable',
      path: dir,
      detail: (error as Error).message,
    });
  }
}

function openHistory(dbPath: string, startFreshIfDamaged: boolean): Database {
  try {
    return openDatabase(dbPath);
  } catch (error) {
    if (!(startFreshIfDamaged && error instanceof AppError && error.code === 'DB_CORRUPT')) throw error;
    const moved = startFresh(dbPath);
    // The copy openDatabase kept a moment ago duplicates the file now moved aside, byte for byte.
    const copy = error.params?.copy;
    if (typeof copy === 'string' && copy) for (const f of [copy, `${copy}-wal`]) rmSync(f, { force: true });
    console.warn(`[candil] the damaged history was moved to ${moved}; starting with an empty one`);
    return openDatabase(dbPath);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
