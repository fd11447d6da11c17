import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatRepository } from '../../chat/chat-repository';
import { openDatabase, type Database } from '../database';
import { migrations } from '.';

let dir: string;
const opened: Database[] = [];
const open = (file: string, steps = migrations): Database => {
  const db = openDatabase(file, steps);
  opened.push(db);
  return db;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candil-mig6-'));
});
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The statements each search trigger runs, with `old.x`/`new.x` as literals so they can be planned. */
function triggerStatements(db: Database, table: string): { trigger: string; statement: string }[] {
  const triggers = db
    .prepare<[string], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%fts%'")
    .all(table);
  return triggers.flatMap(({ name, sql }) => {
    const body = sql.slice(sql.search(/\bBEGIN\b/i) + 5, sql.search(/\bEND\s*$/i));
    return body
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((statement) => ({ trigger: name, statement: statement.replace(/\b(old|new)\.\w+/g, "'x'") }));
  });
}

/**
 * A plan line that reads a whole table: a plain `SCAN t`, or a virtual table scanned with an empty
 * index string (FTS5 writes `=` for a rowid lookup and `M…` for a MATCH).
 */
const fullScan = (detail: string): boolean => /^SCAN \S+$/.test(detail) || /^SCAN \S+ VIRTUAL TABLE INDEX \d+:$/.test(detail);

describe('migration 6: search index keyed by integer', () => {
  it('keeps the index in step without ever scanning it: every trigger reaches its FTS row by key', () => {
    const db = open(join(dir, 'candil.db'));
    const statements = [...triggerStatements(db, 'messages'), ...triggerStatements(db, 'chats')];
    expect(statements.length).toBeGreaterThanOrEqual(6);
    const scans = statements.flatMap(({ trigger, statement }) =>
      db
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${statement}`)
        .all()
        .filter((row) => fullScan(row.detail))
        .map((row) => `${trigger}: ${statement} → ${row.detail}`),
    );
    expect(scans).toEqual([]);
  });

  it('carries an existing index over: same results, accent folding and prefixes, and it survives VACUUM', () => {
    const file = join(dir, 'candil.db');
    const v5 = open(file, migrations.filter((m) => m.version <= 5));
    v5.exec(`
      INSERT INTO chats VALUES ('c1', 'Receta de paella', '', NULL, 1, 1), ('c2', 'Viaje', '', NULL, 2, 2), ('c3', 'Otro', '', NULL, 3, 3);
      INSERT INTO messages (id, chat_id, position, role, content, status, created_at, updated_at) VALUES
        ('m1', 'c2', 0, 'user', 'Una conversación sobre Córdoba', 'done', 1, 1),
        ('m2', 'c3', 0, 'user', 'manzana', 'done', 1, 1),
        ('m3', 'c3', 1, 'assistant', 'pera', 'streaming', 1, 1);
    `);
    v5.close();

    const db = open(file);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(6);
    const repo = new ChatRepository(db);
    const ids = (q: string) => repo.listChats(q).map((c) => c.id).sort();
    expect(ids('paella')).toEqual(['c1']);
    expect(ids('conversacion')).toEqual(['c2']);
    expect(ids('CORDO')).toEqual(['c2']);
    expect(ids('receta viaje')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM messages_fts').pluck().get()).toBe(3);

    // Keys are explicit INTEGER PRIMARY KEYs, so VACUUM cannot renumber them under the index.
    db.exec("DELETE FROM chats WHERE id = 'c1'; VACUUM");
    expect(ids('paella')).toEqual([]);
    expect(ids('conversacion')).toEqual(['c2']);
    repo.checkpoint('m3', 'ciruela');
    expect(ids('pera')).toEqual([]);
    expect(ids('ciru')).toEqual(['c3']);
    repo.updateChat('c2', { title: 'Excursión' });
    expect(ids('excursion')).toEqual(['c2']);
    expect(ids('viaje')).toEqual([]);
    const added = repo.createChat({ title: 'Nuevo' });
    repo.addMessage({ chatId: added.id, role: 'user', content: 'limón', status: 'done' });
    expect(ids('limon')).toEqual([added.id]);
    repo.deleteChat('c3');
    expect(ids('manzana')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM messages_fts').pluck().get()).toBe(2);
    expect(db.prepare('SELECT count(*) FROM message_fts_keys').pluck().get()).toBe(2);
    expect(db.prepare('SELECT count(*) FROM chat_fts_keys').pluck().get()).toBe(2);
  });
});
