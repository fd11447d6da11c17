import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration001Chats } from './001-chats';
import { migration004ContextSize } from './004-context-size';
import { migration005PromptReuse } from './005-prompt-reuse';

describe('migration 5: evaluated and reused prompt tokens', () => {
  it('adds two nullable counts to existing messages', () => {
    const db = new BetterSqlite3(':memory:');
    migration001Chats.up(db);
    migration004ContextSize.up(db);
    db.prepare("INSERT INTO chats VALUES ('c1', 't', '', NULL, 1, 1)").run();
    db.prepare(
      "INSERT INTO messages (id, chat_id, position, role, content, status, created_at, updated_at) VALUES ('m1', 'c1', 0, 'assistant', 'hola', 'done', 1, 1)",
    ).run();
    migration005PromptReuse.up(db);
    expect(db.prepare("SELECT evaluated_tokens, reused_tokens FROM messages WHERE id = 'm1'").get()).toEqual({ evaluated_tokens: null, reused_tokens: null });
    db.prepare("UPDATE messages SET evaluated_tokens = 12, reused_tokens = 3900 WHERE id = 'm1'").run();
    expect(db.prepare("SELECT evaluated_tokens, reused_tokens FROM messages WHERE id = 'm1'").get()).toEqual({ evaluated_tokens: 12, reused_tokens: 3900 });
    db.close();
  });
});
