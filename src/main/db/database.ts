import BetterSqlite3, { type Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { Migration } from './migrations/types';
import { migrations as allMigrations } from './migrations';

export type { Database };

/**
 * Opens (creating if needed) the history database and brings its schema up to date.
 * Every pending migration runs in one transaction, so a failure leaves the file as it was.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = allMigrations): Database {
  let db: Database;
  try {
    db = new BetterSqlite3(file);
  } catch (cause) {
    throw new AppError('DB_OPEN_FAILED', `Cannot open the history database ${file}: ${(cause as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (cause) {
    db.close();
    if (cause instanceof AppError) throw cause;
    const message = (cause as Error).message;
    if (/readonly|read-only/i.test(message)) {
      throw new AppError('DB_READ_ONLY', `The history database ${file} is read-only; Candil needs to write to it.`);
    }
    throw new AppError('DB_OPEN_FAILED', `Cannot open the history database ${file}: ${message}`);
  }
}

export function latestSchemaVersion(migrations: readonly Migration[] = allMigrations): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

function migrate(db: Database, migrations: readonly Migration[], file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestSchemaVersion(migrations);
  if (current > latest) {
    throw new AppError(
      'DB_TOO_NEW',
      `The history database ${file} was written by a newer Candil (schema ${current}, this version knows ${latest}). Update Candil; the file was not changed.`,
    );
  }
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
}
