import type { Migration } from './types';

/**
 * Chats become trees: each message points at the one it answers or follows (`parent_id`), so a
 * regenerated reply or an edited question starts a branch and the earlier versions stay
 * reachable. The chat remembers which branch is shown by its last message (`leaf_id`).
 * `position` stays unique per chat and now counts insertions: along any branch it grows, so a
 * branch read by position is in order, and siblings sort by when they were written.
 * `shown_at` is when a message last ended the shown branch, so going back to a version brings
 * back the branch that was last read under it (not just the newest one).
 * Also: pinned chats, the trash (`deleted_at`), and completion-mode chats (`mode`).
 */
export const migration007Branches: Migration = {
  version: 7,
  name: 'branches, pinned chats, trash and completion mode',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN parent_id TEXT;
      UPDATE messages SET parent_id = (
        SELECT p.id FROM messages p WHERE p.chat_id = messages.chat_id AND p.position < messages.position
        ORDER BY p.position DESC LIMIT 1
      );
      CREATE INDEX messages_by_parent ON messages(parent_id);
      ALTER TABLE messages ADD COLUMN shown_at INTEGER;
      UPDATE messages SET shown_at = created_at;

      ALTER TABLE chats ADD COLUMN leaf_id TEXT;
      ALTER TABLE chats ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE chats ADD COLUMN deleted_at INTEGER;
      ALTER TABLE chats ADD COLUMN mode TEXT NOT NULL DEFAULT 'chat' CHECK (mode IN ('chat', 'completion'));
      UPDATE chats SET leaf_id = (SELECT m.id FROM messages m WHERE m.chat_id = chats.id ORDER BY m.position DESC LIMIT 1);
    `);
  },
};
