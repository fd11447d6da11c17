import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration001Chats } from './001-chats';

describe('migration 1: chats and messages', () => {
  it('creates chats, messages and settings, with cascading deletes and status checks', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migration001Chats.up(db);
    db.prepare("INSERT INTO chats VALUES ('c1', 't', '', NULL, 1, 1)").run();
    db.prepare("INSERT INTO messages (id, chat_id, position, role, content, status, created_at, updated_at) VALUES ('m1', 'c1', 0, 'user', 'hola', 'done', 1, 1)").run();
    expect(() =>
      db.prepare("INSERT INTO messages (id, chat_id, position, role, content, status, created_at, updated_at) VALUES ('m2', 'c1', 1, 'user', 'x', 'weird', 1, 1)").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO messages (id, chat_id, position, role, content, status, created_at, updated_at) VALUES ('m3', 'nope', 0, 'user', 'x', 'done', 1, 1)").run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM chats WHERE id = 'c1'").run();
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    db.close();
  });
});
