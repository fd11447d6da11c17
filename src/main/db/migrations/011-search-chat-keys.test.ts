import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from './index';

describe('migration 11: search keys know their chat', () => {
  it('fills the chat of indexed messages and keeps it for new ones', () => {
    const db = new BetterSqlite3(':memory:');
    for (const m of migrations.filter((m) => m.version < 11)) m.up(db);
    db.prepare("INSERT INTO chats (id, title, system_prompt, model_path, created_at, updated_at) VALUES ('c1', 'Viaje', '', NULL, 1, 1)").run();
    const message = db.prepare("INSERT INTO messages (id, chat_id, parent_id, position, role, content, status, created_at, updated_at) VALUES (?, 'c1', NULL, ?, 'user', ?, 'done', 1, 1)");
    message.run('m1', 0, 'Hola Lisboa');
    migrations.find((m) => m.version === 11)?.up(db);
    message.run('m2', 1, 'Adiós Lisboa');
    const found = db
      .prepare("SELECT k.message_id AS id, k.chat_id AS chat FROM messages_fts f JOIN message_fts_keys k ON k.fts_rowid = f.rowid WHERE messages_fts MATCH 'lisboa' ORDER BY id")
      .all();
    expect(found).toEqual([
      { id: 'm1', chat: 'c1' },
      { id: 'm2', chat: 'c1' },
    ]);
    db.close();
  });
});
