import type { Database, Statement } from 'better-sqlite3';
import { defaultSampling, type Settings } from '../../shared/domain';
import type { SettingsPatch } from '../../shared/ipc-contract';

/** Bumped when a stored default changes meaning (2: batch size became automatic). */
const SETTINGS_REVISION = 2;

/** The port GPT4All's API server uses, which its users' scripts already name. */
export const DEFAULT_API_PORT = 4891;

/** Saved chat states are a few MB to a few hundred MB each, by model and chat length. */
export const DEFAULT_KV_CACHE_BUDGET_MB = 4096;

/** Settings live in the history database, so one file holds all a user's state. */
export class SettingsStore {
  private readonly read: Statement;
  private readonly write: Statement;
  private cached: Settings;

  constructor(
    db: Database,
    private readonly defaults: Pick<Settings, 'modelsDir' | 'hfEndpoint'>,
    private readonly hasSecret: () => boolean = () => false,
    private readonly hasApiKey: () => boolean = () => false,
  ) {
    this.read = db.prepare("SELECT value FROM settings WHERE key = 'settings'");
    this.write = db.prepare(
      "INSERT INTO settings (key, value) VALUES ('settings', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    );
    this.cached = this.load();
  }

  get(): Settings {
    // CANDIL_HF_ENDPOINT (a mirror, or the tests' local Hub) wins over the stored address without replacing it.
    const hfEndpoint = process.env.CANDIL_HF_ENDPOINT ?? this.cached.hfEndpoint;
    return { ...structuredClone(this.cached), hfEndpoint, hasHfToken: this.hasSecret(), hasApiKey: this.hasApiKey() };
  }

  update(
    patch: SettingsPatch & Partial<Pick<Settings, 'selectedModelPath' | 'externalModels' | 'modelDefaults' | 'remoteServers'>>,
  ): Settings {
    const next: Settings = {
      ...this.cached,
      ...patch,
      sampling: { ...this.cached.sampling, ...patch.sampling },
    };
    this.write.run(JSON.stringify({ ...next, revision: SETTINGS_REVISION }));
    this.cached = next;
    return this.get();
  }

  private load(): Settings {
    const base: Settings = {
      modelsDir: this.defaults.modelsDir,
      externalModels: [],
      modelDefaults: {},
      hfEndpoint: this.defaults.hfEndpoint,
      hasHfToken: false,
      selectedModelPath: null,
      threads: null,
      contextSize: 2048,
      batchSize: null,
      chatTemplate: 'auto',
      sampling: { ...defaultSampling },
      language: 'auto',
      theme: 'system',
      fontSize: 'normal',
      density: 'comfortable',
      parallelReplies: null,
      kvCacheBudgetMB: DEFAULT_KV_CACHE_BUDGET_MB,
      apiEnabled: false,
      apiPort: DEFAULT_API_PORT,
      apiHost: '127.0.0.1',
      apiCorsOrigins: [],
      hasApiKey: false,
      generatedTitles: true,
      remoteServers: [],
      checkForUpdates: false,
    };
    const row = this.read.get() as { value: string } | undefined;
    if (!row) return base;
    try {
      const { revision = 1, ...stored } = JSON.parse(row.value) as Partial<Settings> & { revision?: number };
      // Before revision 2, 512 was the fixed default rather than a choice: make it automatic.
      if (revision < 2 && stored.batchSize === 512) stored.batchSize = null;
      return { ...base, ...stored, sampling: { ...base.sampling, ...stored.sampling } };
    } catch {
      return base;
    }
  }
}
