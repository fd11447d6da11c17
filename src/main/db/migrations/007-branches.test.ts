import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration001Chats } from './001-chats';
import { migration007Branches } from './007-branches';

describe('migration 7: branches, pinned chats, trash, completion mode', () => {
  it('links each existing message to the one before it and ends each chat at its last message', () => {
    const db = new BetterSqlite3(':memory:');
    migration001Chats.up(db);
    db.prepare("INSERT INTO chats VALUES ('c1', 't', '', NULL, 1, 1)").run();
    db.prepare("INSERT INTO chats VALUES ('c2', 'empty', '', NULL, 1, 1)").run();
    const insert = db.prepare("INSERT INTO messages (id, chat_id, position, role, content, status, created_at, updated_at) VALUES (?, 'c1', ?, ?, ?, 'done', 1, 1)");
    insert.run('m0', 0, 'user', 'hola');
    insert.run('m1', 1, 'assistant', 'buenas');
    insert.run('m2', 2, 'user', 'adiós');
    migration007Branches.up(db);
    expect(db.prepare('SELECT id, parent_id, shown_at FROM messages ORDER BY position').all()).toEqual([
      { id: 'm0', parent_id: null, shown_at: 1 },
      { id: 'm1', parent_id: 'm0', shown_at: 1 },
      { id: 'm2', parent_id: 'm1', shown_at: 1 },
    ]);
    expect(db.prepare('SELECT id, leaf_id, pinned, deleted_at, mode FROM chats ORDER BY id').all()).toEqual([
      { id: 'c1', leaf_id: 'm2', pinned: 0, deleted_at: null, mode: 'chat' },
      { id: 'c2', leaf_id: null, pinned: 0, deleted_at: null, mode: 'chat' },
    ]);
    db.close();
  });
});
