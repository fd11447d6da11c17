import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from './index';

describe('migration 10: title source and pinned messages', () => {
  it('keeps existing titles as the user’s and leaves existing messages unpinned', () => {
    const db = new BetterSqlite3(':memory:');
    for (const m of migrations.filter((m) => m.version < 10)) m.up(db);
    db.prepare("INSERT INTO chats (id, title, system_prompt, model_path, created_at, updated_at) VALUES ('c1', 'Viaje a Lisboa', '', NULL, 1, 1)").run();
    db.prepare("INSERT INTO messages (id, chat_id, parent_id, position, role, content, status, created_at, updated_at) VALUES ('m1', 'c1', NULL, 0, 'user', 'Hola', 'done', 1, 1)").run();
    migrations.find((m) => m.version === 10)?.up(db);
    expect(db.prepare("SELECT title, title_source FROM chats WHERE id = 'c1'").get()).toEqual({ title: 'Viaje a Lisboa', title_source: 'user' });
    expect(db.prepare("SELECT pinned FROM messages WHERE id = 'm1'").get()).toEqual({ pinned: 0 });
    expect(() => db.prepare("UPDATE chats SET title_source = 'someone' WHERE id = 'c1'").run()).toThrow(/CHECK/);
    db.close();
  });
});
