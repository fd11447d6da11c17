import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../db/migrations';
import { SettingsStore } from './settings-store';

function database(stored?: object): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:');
  for (const m of migrations) m.up(db);
  if (stored) db.prepare("INSERT INTO settings (key, value) VALUES ('settings', ?)").run(JSON.stringify(stored));
  return db;
}

const defaults = { modelsDir: '/models', hfEndpoint: 'https://huggingface.co' };

describe('SettingsStore', () => {
  it('starts with an automatic batch size, threads and parallel replies', () => {
    expect(new SettingsStore(database(), defaults).get()).toMatchObject({ batchSize: null, threads: null, parallelReplies: null, kvCacheBudgetMB: 4096 });
  });

  it('turns the old fixed batch size into automatic once, and keeps a choice made since', () => {
    expect(new SettingsStore(database({ batchSize: 512, contextSize: 4096 }), defaults).get()).toMatchObject({ batchSize: null, contextSize: 4096 });
    expect(new SettingsStore(database({ batchSize: 256 }), defaults).get().batchSize).toBe(256);
    const db = database({ batchSize: 512 });
    new SettingsStore(db, defaults).update({ batchSize: 512 });
    expect(new SettingsStore(db, defaults).get().batchSize).toBe(512);
    // The revision marker stays in the database, not in what the UI receives.
    expect(new SettingsStore(db, defaults).get()).not.toHaveProperty('revision');
  });
});
