import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often a running Candil asks whether a day has passed (a laptop may sleep through a timer). */
const CHECK_EVERY_MS = 60 * 60 * 1000;
const NAME = /^candil-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z\.db$/;

export interface BackupOptions {
  /** Copies kept; older ones are deleted once a new one is complete. */
  keep?: number;
  intervalMs?: number;
  now?: () => number;
  log?: (message: string) => void;
}

/**
 * Rolling copies of the history in `<data folder>/backups/`: at start when the newest copy is a
 * day old, then once a day while Candil runs. SQLite's online backup API copies the live database
 * a few pages per turn of the event loop, so chats keep streaming while it runs, and the copy is a
 * consistent snapshot. A copy is written under a `.partial` name and renamed when complete, so a
 * crash never leaves a half copy that looks like a backup.
 */
export class DatabaseBackups {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<string | null> | null = null;
  private readonly keep: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly db: Database,
    readonly dir: string,
    options: BackupOptions = {},
  ) {
    this.keep = Math.max(1, options.keep ?? 5);
    this.intervalMs = options.intervalMs ?? DAY_MS;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((m) => console.warn(m));
  }

  /** Backup files, newest first. */
  list(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    return names.filter((n) => NAME.test(n)).sort().reverse();
  }

  /** Writes a copy when the newest is older than the interval; resolves with its path, or null. */
  backupIfDue(): Promise<string | null> {
    this.running ??= this.runIfDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Checks now and then every hour; failures are logged, never thrown (a backup is a safety net). */
  start(): void {
    const check = () => void this.backupIfDue().catch((error: unknown) => this.log(`[candil] backup failed: ${(error as Error).message}`));
    check();
    this.timer = setInterval(check, CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** Stops the schedule and waits for a copy in progress, so the database can be closed after. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async runIfDue(): Promise<string | null> {
    const newest = this.list()[0];
    const newestAt = newest ? takenAt(newest) : null;
    if (newestAt !== null && this.now() - newestAt < this.intervalMs) return null;
    mkdirSync(this.dir, { recursive: true });
    const name = `candil-${new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')}.db`;
    const file = join(this.dir, name);
    const partial = `${file}.partial`;
    this.removeLeftovers();
    try {
      await this.db.backup(partial);
      renameSync(partial, file);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
    for (const old of this.list().slice(this.keep)) rmSync(join(this.dir, old), { force: true });
    return file;
  }

  /** Half copies left by a crash or a full disk; only names this class writes. */
  private removeLeftovers(): void {
    for (const name of readdirSync(this.dir)) {
      if (name.endsWith('.partial') && NAME.test(name.slice(0, -'.partial'.length))) rmSync(join(this.dir, name), { force: true });
    }
  }
}

function takenAt(name: string): number | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const [, date, h, m, s] = match;
  return Date.parse(`${date}T${h}:${m}:${s}Z`);
}
