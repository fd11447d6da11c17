import type { Migration } from './types';

/**
 * Presets (saved starting points: system prompt, few-shot example turns, sampling, preferred
 * model) and, on each chat, the few-shot turns and sampling it was started with or given: the
 * chat keeps its own copy, so editing or deleting a preset never changes an existing chat.
 * `context_from_id`: when older turns were dropped to fit the window, the first one still sent.
 */
export const migration009Presets: Migration = {
  version: 9,
  name: 'presets; few-shot turns, sampling and where the context starts, per chat',
  up(db) {
    db.exec(`
      CREATE TABLE presets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        system_prompt TEXT NOT NULL DEFAULT '',
        few_shot TEXT NOT NULL DEFAULT '[]',
        sampling TEXT NOT NULL DEFAULT '{}',
        model_path TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      ALTER TABLE chats ADD COLUMN few_shot TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE chats ADD COLUMN sampling TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE chats ADD COLUMN context_from_id TEXT;
    `);
  },
};
