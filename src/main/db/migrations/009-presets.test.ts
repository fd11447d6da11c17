import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from './index';

describe('migration 9: presets, few-shot turns and sampling per chat', () => {
  it('gives existing chats no examples and no sampling of their own, and an empty preset table', () => {
    const db = new BetterSqlite3(':memory:');
    for (const m of migrations.filter((m) => m.version < 9)) m.up(db);
    db.prepare("INSERT INTO chats (id, title, system_prompt, model_path, created_at, updated_at) VALUES ('c1', 't', 'Sé breve.', NULL, 1, 1)").run();
    migrations.find((m) => m.version === 9)?.up(db);
    expect(db.prepare("SELECT system_prompt, few_shot, sampling FROM chats WHERE id = 'c1'").get()).toEqual({ system_prompt: 'Sé breve.', few_shot: '[]', sampling: '{}' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM presets').get()).toEqual({ n: 0 });
    db.close();
  });
});
