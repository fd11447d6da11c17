import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestSchemaVersion, openDatabase, startFresh } from './database';
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

/** A real history with enough chats to span many pages. */
function realHistory(file: string): Buffer {
  const db = openDatabase(file);
  const repo = new ChatRepository(db);
  for (let i = 0; i < 100; i++) {
    const chat = repo.createChat({ title: `chat ${i}` });
    repo.addMessage({ chatId: chat.id, role: 'user', content: 'hola '.repeat(200), status: 'done' });
  }
  db.close();
  return readFileSync(file);
}

function openError(file: string): { code: string; message: string; params?: Record<string, string | number> } {
  try {
    openDatabase(file).close();
  } catch (error) {
    return error as { code: string; message: string; params?: Record<string, string | number> };
  }
  throw new Error('the database opened');
}

describe('a damaged database', () => {
  const damaged: [string, (file: string) => Buffer][] = [
    ['a file of garbage bytes', (file) => {
      const bytes = Buffer.from('These are my notes, not a database. '.repeat(200));
      writeFileSync(file, bytes);
      return bytes;
    }],
    ['a real history cut short', (file) => {
      const bytes = realHistory(file).subarray(0, 400_000);
      writeFileSync(file, bytes);
      return bytes;
    }],
    ['a real history with overwritten pages', (file) => {
      const bytes = Buffer.from(realHistory(file));
      bytes.fill(0x5a, 8192, 8192 + 3 * 4096);
      writeFileSync(file, bytes);
      return bytes;
    }],
  ];

  it.each(damaged)('%s is refused as DB_CORRUPT with a kept copy, and left untouched byte for byte', (_name, damage) => {
    const file = join(dir, 'candil.db');
    const bytes = damage(file);
    const error = openError(file);
    expect(error).toMatchObject({ code: 'DB_CORRUPT', params: { path: file } });
    const copy = String(error.params?.copy);
    expect(copy.startsWith(join(dir, 'damaged'))).toBe(true);
    expect(error.message).toContain(copy);
    expect(readFileSync(copy).equals(bytes)).toBe(true);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['candil.db', 'damaged']);
    // Asked again, it keeps another copy rather than overwriting the first.
    const again = openError(file);
    expect(again.params?.copy).not.toBe(copy);
    expect(readFileSync(copy).equals(bytes)).toBe(true);
  });

  it('starting fresh moves the damaged file aside and opens an empty history', () => {
    const file = join(dir, 'candil.db');
    const bytes = Buffer.from('garbage '.repeat(500));
    writeFileSync(file, bytes);
    writeFileSync(`${file}-wal`, 'its journal');
    const moved = startFresh(file);
    expect(readFileSync(moved).equals(bytes)).toBe(true);
    expect(readFileSync(`${moved}-wal`, 'utf8')).toBe('its journal');
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = openDatabase(file);
    expect(new ChatRepository(db).listChats()).toEqual([]);
    db.close();
  });

  it('starting fresh never touches a healthy database', () => {
    const file = join(dir, 'candil.db');
    const bytes = realHistory(file);
    expect(() => startFresh(file)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});
