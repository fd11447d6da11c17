import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestSchemaVersion, openDatabase } from './database';
import { ChatRepository } from '../chat/chat-repository';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candil-db-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates the schema at the latest version with WAL and foreign keys', () => {
    const db = openDatabase(join(dir, 'candil.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a database written by a newer Candil and leaves it untouched', () => {
    const file = join(dir, 'candil.db');
    const future = new BetterSqlite3(file);
    future.exec('CREATE TABLE mystery (x); INSERT INTO mystery VALUES (42);');
    future.pragma(`user_version = ${latestSchemaVersion() + 5}`);
    future.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW', message: expect.stringContaining('newer Candil') }));
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('gives a clear error for a read-only database and changes nothing', () => {
    const file = join(dir, 'candil.db');
    const db = openDatabase(file);
    new ChatRepository(db).createChat({ title: 'keep me' });
    db.close();
    const root = process.getuid?.() === 0;
    chmodSync(file, 0o444);
    chmodSync(dir, 0o555);
    const mtime = statSync(file).mtimeMs;
    if (root) {
      // root ignores file modes; open the file read-only the way a locked-down install would.
      expect(() => openDatabase(`file:${file}?mode=ro`)).toThrow();
    }
    const opened = (() => {
      try {
        return openDatabase(file);
      } catch (error) {
        return error as { code: string; message: string };
      }
    })();
    if (!root) expect(opened).toMatchObject({ code: 'DB_READ_ONLY', message: expect.stringContaining('read-only') });
    else if ('close' in opened) (opened as { close(): void }).close();
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('rolls back every pending migration when one fails', () => {
    const file = join(dir, 'candil.db');
    const broken = [
      { version: 1, name: 'ok', up: (db: BetterSqlite3.Database) => db.exec('CREATE TABLE a (x)') },
      { version: 2, name: 'fails', up: () => { throw new Error('boom'); } },
    ];
    expect(() => openDatabase(file, broken)).toThrow(/boom/);
    const db = new BetterSqlite3(file);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
    db.close();
  });
});
