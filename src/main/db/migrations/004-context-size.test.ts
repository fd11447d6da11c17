import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration001Chats } from './001-chats';
import { migration004ContextSize } from './004-context-size';

describe('migration 4: context size of each reply', () => {
  it('adds a nullable context_size to existing messages', () => {
    const db = new BetterSqlite3(':memory:');
    migration001Chats.up(db);
    db.prepare("INSERT INTO chats VALUES ('c1', 't', '', NULL, 1, 1)").run();
    db.prepare(
      "INSERT INTO messages (id, chat_id, position, role, content, status, created_at, updated_at) VALUES ('m1', 'c1', 0, 'assistant', 'hola', 'done', 1, 1)",
    ).run();
    migration004ContextSize.up(db);
    expect(db.prepare("SELECT context_size FROM messages WHERE id = 'm1'").get()).toEqual({ context_size: null });
    db.prepare("UPDATE messages SET context_size = 2048 WHERE id = 'm1'").run();
    expect(db.prepare("SELECT context_size FROM messages WHERE id = 'm1'").get()).toEqual({ context_size: 2048 });
    db.close();
  });
});
