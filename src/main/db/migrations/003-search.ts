import type { Migration } from './types';

/**
 * Full-text search over chat titles and messages. unicode61 with remove_diacritics folds accents,
 * so "conversacion" finds "conversación" — most of Candil's users write Spanish.
 */
export const migration003Search: Migration = {
  version: 3,
  name: 'full-text search of chats and messages',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.rowid, new.content);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
        INSERT INTO messages_fts(rowid, content) VALUES (new.rowid, new.content);
      END;
      INSERT INTO messages_fts(rowid, content) SELECT rowid, content FROM messages;

      CREATE VIRTUAL TABLE chats_fts USING fts5(
        title, content='chats', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER chats_fts_insert AFTER INSERT ON chats BEGIN
        INSERT INTO chats_fts(rowid, title) VALUES (new.rowid, new.title);
      END;
      CREATE TRIGGER chats_fts_delete AFTER DELETE ON chats BEGIN
        INSERT INTO chats_fts(chats_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
      END;
      CREATE TRIGGER chats_fts_update AFTER UPDATE OF title ON chats BEGIN
        INSERT INTO chats_fts(chats_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
        INSERT INTO chats_fts(rowid, title) VALUES (new.rowid, new.title);
      END;
      INSERT INTO chats_fts(rowid, title) SELECT rowid, title FROM chats;
    `);
  },
};
