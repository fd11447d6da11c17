import type { Migration } from './types';

/**
 * Whether a chat's title was written by the user, by the model, or is the first words of its
 * first message (`auto`: Candil may still replace it with one the model writes), and pinned
 * messages, which are still sent when the oldest turns are dropped to fit the window.
 * Chats that existed before keep their titles as they are ('user'): never renamed behind the
 * user's back; a chat with no title yet gets 'auto' with its first message.
 */
export const migration010ChatMeta: Migration = {
  version: 10,
  name: 'who wrote each chat title; pinned messages',
  up(db) {
    db.exec(`
      ALTER TABLE chats ADD COLUMN title_source TEXT NOT NULL DEFAULT 'user' CHECK (title_source IN ('auto', 'generated', 'user'));
      ALTER TABLE messages ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
