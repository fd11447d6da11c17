import type { Migration } from './types';

const tokenize = "tokenize='unicode61 remove_diacritics 2'";

/**
 * The search index of migration 3 found its rows by an UNINDEXED text column, so every edit and
 * every streaming checkpoint (once a second) scanned the whole index: 43 ms per checkpoint and a
 * minute to delete a 1,000-message chat with 100,000 messages. Each indexed row now has an integer
 * key of its own, an explicit INTEGER PRIMARY KEY in a key table that VACUUM never renumbers
 * (unlike the implicit rowids of the TEXT-keyed chats and messages), and the FTS row uses that key
 * as its rowid: triggers reach it with one B-tree lookup. Tokenizer and text are unchanged, so
 * search finds exactly what it found before.
 */
export const migration006SearchKeys: Migration = {
  version: 6,
  name: 'search index keyed by integer',
  up(db) {
    db.exec(`
      DROP TRIGGER messages_fts_insert;
      DROP TRIGGER messages_fts_delete;
      DROP TRIGGER messages_fts_update;
      DROP TABLE messages_fts;
      DROP TRIGGER chats_fts_insert;
      DROP TRIGGER chats_fts_delete;
      DROP TRIGGER chats_fts_update;
      DROP TABLE chats_fts;

      CREATE TABLE message_fts_keys (fts_rowid INTEGER PRIMARY KEY, message_id TEXT NOT NULL UNIQUE);
      INSERT INTO message_fts_keys (message_id) SELECT id FROM messages ORDER BY rowid;
      CREATE VIRTUAL TABLE messages_fts USING fts5(content, ${tokenize});
      INSERT INTO messages_fts (rowid, content) SELECT k.fts_rowid, m.content FROM message_fts_keys k JOIN messages m ON m.id = k.message_id;
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO message_fts_keys (message_id) VALUES (new.id);
        INSERT INTO messages_fts (rowid, content) SELECT fts_rowid, new.content FROM message_fts_keys WHERE message_id = new.id;
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        DELETE FROM messages_fts WHERE rowid = (SELECT fts_rowid FROM message_fts_keys WHERE message_id = old.id);
        DELETE FROM message_fts_keys WHERE message_id = old.id;
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        UPDATE messages_fts SET content = new.content WHERE rowid = (SELECT fts_rowid FROM message_fts_keys WHERE message_id = new.id);
      END;

      CREATE TABLE chat_fts_keys (fts_rowid INTEGER PRIMARY KEY, chat_id TEXT NOT NULL UNIQUE);
      INSERT INTO chat_fts_keys (chat_id) SELECT id FROM chats ORDER BY rowid;
      CREATE VIRTUAL TABLE chats_fts USING fts5(title, ${tokenize});
      INSERT INTO chats_fts (rowid, title) SELECT k.fts_rowid, c.title FROM chat_fts_keys k JOIN chats c ON c.id = k.chat_id;
      CREATE TRIGGER chats_fts_insert AFTER INSERT ON chats BEGIN
        INSERT INTO chat_fts_keys (chat_id) VALUES (new.id);
        INSERT INTO chats_fts (rowid, title) SELECT fts_rowid, new.title FROM chat_fts_keys WHERE chat_id = new.id;
      END;
      CREATE TRIGGER chats_fts_delete AFTER DELETE ON chats BEGIN
        DELETE FROM chats_fts WHERE rowid = (SELECT fts_rowid FROM chat_fts_keys WHERE chat_id = old.id);
        DELETE FROM chat_fts_keys WHERE chat_id = old.id;
      END;
      CREATE TRIGGER chats_fts_update AFTER UPDATE OF title ON chats BEGIN
        UPDATE chats_fts SET title = new.title WHERE rowid = (SELECT fts_rowid FROM chat_fts_keys WHERE chat_id = new.id);
      END;
    `);
  },
};
