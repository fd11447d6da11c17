import type { Migration } from './types';

/**
 * Full-text search over chat titles and messages. unicode61 with remove_diacritics folds accents,
 * so "conversacion" finds "conversación" — most of Candil's users write Spanish. The index keeps
 * its own copy of the text keyed by the row's id: chats and messages have TEXT keys, whose
 * implicit rowids VACUUM may renumber, so an external-content index could drift out of step.
 */
export const migration003Search: Migration = {
  version: 3,
  name: 'full-text search of chats and messages',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE messages_fts USING fts5(content, message_id UNINDEXED, tokenize='unicode61 remove_diacritics 2');
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(content, message_id) VALUES (new.content, new.id);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        DELETE FROM messages_fts WHERE message_id = old.id;
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        DELETE FROM messages_fts WHERE message_id = old.id;
        INSERT INTO messages_fts(content, message_id) VALUES (new.content, new.id);
      END;
      INSERT INTO messages_fts(content, message_id) SELECT content, id FROM messages;

      CREATE VIRTUAL TABLE chats_fts USING fts5(title, chat_id UNINDEXED, tokenize='unicode61 remove_diacritics 2');
      CREATE TRIGGER chats_fts_insert AFTER INSERT ON chats BEGIN
        INSERT INTO chats_fts(title, chat_id) VALUES (new.title, new.id);
      END;
      CREATE TRIGGER chats_fts_delete AFTER DELETE ON chats BEGIN
        DELETE FROM chats_fts WHERE chat_id = old.id;
      END;
      CREATE TRIGGER chats_fts_update AFTER UPDATE OF title ON chats BEGIN
        DELETE FROM chats_fts WHERE chat_id = old.id;
        INSERT INTO chats_fts(title, chat_id) VALUES (new.title, new.id);
      END;
      INSERT INTO chats_fts(title, chat_id) SELECT title, id FROM chats;
    `);
  },
};
