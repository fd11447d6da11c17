import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DownloadInfo } from '../shared/downloads';
import { openDatabase, type Database } from '../main/db/database';
import { startFakeHfHost, type FakeHfHost, type FakeRepoSpec } from './fake-hf-host';
import { DownloadManager, type DownloadManagerOptions } from '../main/downloads/manager';

/** Test-only wiring: a temp dir, a real database, a fake hub and managers that record every event. */
export interface Harness {
  dir: string;
  modelsDir: string;
  dbPath: string;
  db: Database;
  host: FakeHfHost;
  events: EventLog;
  manager(overrides?: Partial<DownloadManagerOptions>): DownloadManager;
  cleanup(): Promise<void>;
}

export const fastTimings = {
  stallTimeoutMs: 1_000,
  maxRetries: 3,
  retryBaseDelayMs: 5,
  retryMaxDelayMs: 40,
  diskMarginBytes: 0,
} satisfies Partial<DownloadManagerOptions>;

export async function createHarness(repos: FakeRepoSpec[], modelsDir?: string): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'candil-dl-'));
  const dbPath = join(dir, 'candil.db');
  const db = openDatabase(dbPath);
  const host = await startFakeHfHost({ repos, tokens: ['hf_test'] });
  const events = new EventLog();
  const managers: DownloadManager[] = [];
  const models = modelsDir ?? join(dir, 'models');
  return {
    dir,
    modelsDir: models,
    dbPath,
    db,
    host,
    events,
    manager(overrides = {}) {
      const manager = new DownloadManager({ db, modelsDir: models, ...fastTimings, onChange: (info) => events.push(info), ...overrides });
      managers.push(manager);
      return manager;
    },
    async cleanup() {
      await Promise.all(managers.map((m) => m.close()));
      await host.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every onChange event, with waits that resolve on the event itself (no sleeps). */
export class EventLog {
  readonly all: DownloadInfo[] = [];
  private waiters: Array<{ test: (info: DownloadInfo) => boolean; resolve: (info: DownloadInfo) => void }> = [];

  push(info: DownloadInfo): void {
    this.all.push(info);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(info)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(info);
      }
    }
  }

  /** Resolves with the first event (past or future) that passes `test`. */
  waitFor(test: (info: DownloadInfo) => boolean, timeoutMs = 10_000): Promise<DownloadInfo> {
    const seen = this.all.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const last = this.all.at(-1);
        reject(new Error(`timed out waiting for a download event; last: ${last ? `${last.state} ${last.receivedBytes} ${last.error?.message ?? ''}` : 'none'}`));
      }, timeoutMs);
      this.waiters.push({
        test,
        resolve: (info) => {
          clearTimeout(timer);
          resolve(info);
        },
      });
    });
  }

  /** Waits for a state that ends a run: completed, failed, cancelled, or paused. */
  settled(id: string, from = 0): Promise<DownloadInfo> {
    return this.waitFor((e) => e.id === id && this.all.indexOf(e) >= from && ['completed', 'failed', 'cancelled', 'paused'].includes(e.state));
  }

  of(id: string): DownloadInfo[] {
    return this.all.filter((e) => e.id === id);
  }
}

export function writeRandomFile(dir: string, name: string, size: number): { path: string; sha256: string; bytes: Buffer } {
  const bytes = randomBytes(size);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, sha256: sha256(bytes), bytes };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function fileSha256(path: string): string {
  return sha256(readFileSync(path));
}

export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Range headers the CDN saw, in order. */
export function cdnRanges(host: FakeHfHost): Array<string | null> {
  return host.requests.filter((r) => r.method === 'GET' && r.url.startsWith('/cdn/')).map((r) => r.range);
}
