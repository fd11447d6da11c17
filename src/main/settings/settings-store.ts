import type { Database, Statement } from 'better-sqlite3';
import { defaultSampling, type Settings } from '../../shared/domain';
import type { SettingsPatch } from '../../shared/ipc-contract';

/** Settings live in the history database, so one file holds all a user's state. */
export class SettingsStore {
  private readonly read: Statement;
  private readonly write: Statement;
  private cached: Settings;

  constructor(
    db: Database,
    private readonly defaults: Pick<Settings, 'modelsDir'>,
  ) {
    this.read = db.prepare("SELECT value FROM settings WHERE key = 'settings'");
    this.write = db.prepare(
      "INSERT INTO settings (key, value) VALUES ('settings', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    );
    this.cached = this.load();
  }

  get(): Settings {
    return structuredClone(this.cached);
  }

  update(patch: SettingsPatch & { selectedModelPath?: string | null }): Settings {
    const next: Settings = {
      ...this.cached,
      ...patch,
      sampling: { ...this.cached.sampling, ...patch.sampling },
    };
    this.write.run(JSON.stringify(next));
    this.cached = next;
    return this.get();
  }

  private load(): Settings {
    const base: Settings = {
      modelsDir: this.defaults.modelsDir,
      selectedModelPath: null,
      threads: null,
      contextSize: 2048,
      batchSize: 512,
      chatTemplate: 'auto',
      sampling: { ...defaultSampling },
      language: 'auto',
    };
    const row = this.read.get() as { value: string } | undefined;
    if (!row) return base;
    try {
      const stored = JSON.parse(row.value) as Partial<Settings>;
      return { ...base, ...stored, sampling: { ...base.sampling, ...stored.sampling } };
    } catch {
      return base;
    }
  }
}
