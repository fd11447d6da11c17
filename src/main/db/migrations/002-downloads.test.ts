import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../database';
import { migration001Chats } from './001-chats';

describe('migration 002: downloads', () => {
  const dirs: string[] = [];
  const dbs: Database[] = [];
  const open = (file: string): Database => {
    const db = openDatabase(file);
    dbs.push(db);
    return db;
  };
  const tempFile = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'candil-mig2-'));
    dirs.push(dir);
    return join(dir, 'candil.db');
  };
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the downloads table with its columns, checks and index', () => {
    const db = open(tempFile());
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
    const columns = db.prepare<[], { name: string; notnull: number }>("SELECT name, \"notnull\" FROM pragma_table_info('downloads')").all();
    expect(columns.map((c) => c.name)).toEqual([
      'id', 'url', 'file_name', 'target_path', 'state', 'paused_reason', 'received_bytes', 'total_bytes',
      'requested_sha256', 'sha256', 'etag', 'validator', 'error_code', 'error_message', 'created_at', 'updated_at',
    ]);
    expect(columns.filter((c) => c.notnull === 1).map((c) => c.name)).toEqual([
      'url', 'file_name', 'target_path', 'state', 'received_bytes', 'created_at', 'updated_at',
    ]);
    const indexes = db.prepare<[], { name: string }>("SELECT name FROM pragma_index_list('downloads')").all();
    expect(indexes.map((i) => i.name)).toContain('downloads_by_state');

    const insert = db.prepare('INSERT INTO downloads (id, url, file_name, target_path, state, paused_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)');
    insert.run('a', 'http://x', 'a.gguf', '/m/a.gguf', 'paused', 'disk-full');
    expect(() => insert.run('b', 'http://x', 'b.gguf', '/m/b.gguf', 'exploded', null)).toThrow(/CHECK/);
    expect(() => insert.run('c', 'http://x', 'c.gguf', '/m/c.gguf', 'paused', 'bored')).toThrow(/CHECK/);
  });

  it('upgrades a version-1 database in place, keeping its chats', () => {
    const file = tempFile();
    const v1 = openDatabase(file, [migration001Chats]);
    v1.prepare("INSERT INTO chats (id, title, created_at, updated_at) VALUES ('c1', 'kept', 0, 0)").run();
    v1.close();
    const db = open(file);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
    expect(db.prepare('SELECT title FROM chats').pluck().get()).toBe('kept');
    expect(db.prepare('SELECT COUNT(*) FROM downloads').pluck().get()).toBe(0);
  });
});
