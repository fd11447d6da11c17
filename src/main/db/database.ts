import { existsSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { Migration } from './migrations/types';
import { migrations as allMigrations } from './migrations';
import { keepDamagedCopy, moveDamagedAside } from './damaged-file';

export type { Database };

/**
 * Opens (creating if needed) the history database and brings its schema up to date.
 * Every pending migration runs in one transaction, so a failure leaves the file as it was.
 * A damaged file is never written to: a copy is kept aside and DB_CORRUPT names it.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = allMigrations): Database {
  let db: Database;
  try {
    db = new BetterSqlite3(file);
  } catch (cause) {
    throw new AppError('DB_OPEN_FAILED', `Cannot open the history database ${file}: ${(cause as Error).message}`, {
      reason: 'cannotOpen',
      path: file,
      detail: (cause as Error).message,
    });
  }
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Before anything writes: a migration on a damaged file could spread the damage.
    const problem = damage(db);
    if (problem) throw new CorruptDatabase(problem);
    migrate(db, migrations, file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (cause) {
    db.close();
    if (cause instanceof AppError) throw cause;
    const message = (cause as Error).message;
    if (cause instanceof CorruptDatabase || isCorruption(cause)) throw corrupt(file, message);
    if (/readonly|read-only/i.test(message)) {
      throw new AppError('DB_READ_ONLY', `The history database ${file} is read-only; Candil needs to write to it.`, { reason: 'readOnly', path: file });
    }
    throw new AppError('DB_OPEN_FAILED', `Cannot open the history database ${file}: ${message}`, { reason: 'cannotOpen', path: file, detail: message });
  }
}

/**
 * The user's choice after DB_CORRUPT: the damaged file (with its WAL) is moved into `damaged/`,
 * never deleted, and the next `openDatabase` creates an empty history. Refuses a healthy file, so
 * a stray call can never set a good history aside. Returns where the damaged file went.
 */
export function startFresh(file: string): string {
  if (!existsSync(file)) throw new AppError('BAD_REQUEST', `There is no history database at ${file}.`, { reason: 'noDatabase', path: file });
  const db = new BetterSqlite3(file, { readonly: true });
  let problem: string | null;
  try {
    problem = damage(db);
  } catch (cause) {
    problem = isCorruption(cause) ? (cause as Error).message : null;
  } finally {
    db.close();
  }
  if (!problem) throw new AppError('BAD_REQUEST', `The history database ${file} is not damaged; it was left as it is.`, { reason: 'notDamaged', path: file });
  return moveDamagedAside(file);
}

export function latestSchemaVersion(migrations: readonly Migration[] = allMigrations): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

class CorruptDatabase extends Error {}

/**
 * SQLite's quick check: every page and B-tree readable, without the slower index-content
 * comparison of integrity_check. Null when healthy; a file that is not a database throws NOTADB.
 */
function damage(db: Database): string | null {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  return problems.length > 0 ? problems.slice(0, 3).join('; ') : null;
}

function isCorruption(cause: unknown): boolean {
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

function corrupt(file: string, reason: string): AppError {
  let copy: string;
  try {
    copy = keepDamagedCopy(file);
  } catch (error) {
    // Without a copy, say so: the user must not be offered to start fresh on the only copy blindly.
    return new AppError(
      'DB_CORRUPT',
      `The history database ${file} is damaged (${reason}) and no copy could be kept (${(error as Error).message}); it was not changed.`,
      { reason: 'damagedNoCopy', path: file, detail: (error as Error).message },
    );
  }
  return new AppError(
    'DB_CORRUPT',
    `The history database ${file} is damaged (${reason}). A copy was kept at ${copy}; the file was not changed.`,
    { reason: 'damaged', path: file, copy },
  );
}

function migrate(db: Database, migrations: readonly Migration[], file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestSchemaVersion(migrations);
  if (current > latest) {
    throw new AppError(
      'DB_TOO_NEW',
      `The history database ${file} was written by a newer Candil (schema ${current}, this version knows ${latest}). Update Candil; the file was not changed.`,
      { reason: 'tooNew', path: file, version: current, known: latest },
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
