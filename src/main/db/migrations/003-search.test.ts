import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration001Chats } from './001-chats';
import { migration003Search } from './003-search';

describe('migration 3: full-text search', () => {
  it('indexes existing rows and keeps the index in step with inserts, edits and deletes', () => {
    const db = new BetterSqlite3(':memory:');
    migration001Chats.up(db);
    db.prepare("INSERT INTO chats VALUES ('c1', 'Receta de paella', '', NULL, 1, 1)").run();
    db.prepare(
      "INSERT INTO messages (id, chat_id, position, role, content, status, created_at, updated_at) VALUES ('m1', 'c1', 0, 'user', 'Una conversación larga', 'done', 1, 1)",
    ).run();
    migration003Search.up(db);
    const find = (q: string) => db.prepare('SELECT message_id FROM messages_fts WHERE messages_fts MATCH ?').all(q).length;
    expect(find('conversacion')).toBe(1);
    expect(db.prepare("SELECT chat_id FROM chats_fts WHERE chats_fts MATCH 'receta'").all()).toEqual([{ chat_id: 'c1' }]);
    // The index is keyed by id, so renumbered rowids cannot mislead it.
    db.exec('VACUUM');
    expect(find('conversacion')).toBe(1);
    db.prepare("UPDATE messages SET content = 'otra cosa' WHERE id = 'm1'").run();
    expect(find('conversacion')).toBe(0);
    expect(find('cosa')).toBe(1);
    db.prepare("DELETE FROM messages WHERE id = 'm1'").run();
    expect(find('cosa')).toBe(0);
    db.close();
  });
});
