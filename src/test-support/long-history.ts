import { ChatRepository } from '../main/chat/chat-repository';
import { openDatabase } from '../main/db/database';

const words = ['hola', 'conversación', 'modelo', 'receta', 'paella', 'tokens', 'Córdoba', 'viaje', 'pregunta', 'respuesta', 'código', 'función'];

export interface LongChat {
  title: string;
  /** Every message of the chat starts with this mark and its position: `A0: `, `A1: `… */
  mark: string;
  count: number;
  /** Words added to one message, for a search to find it: `{ at: 10, text: 'zarzamora' }`. */
  note?: { at: number; text: string };
}

/**
 * Writes long chats straight into a database, as the app stores them (each message after the
 * one before, the chat ending at the last), in one transaction: a history of 100,000 messages
 * takes seconds instead of the hours sending them would. Replies vary in length, from a line to
 * several paragraphs, so a list that guesses the size of what it has not drawn is put to the test.
 */
export function writeLongChats(dbPath: string, chats: LongChat[]): void {
  const db = openDatabase(dbPath);
  const repo = new ChatRepository(db);
  const message = db.prepare(
    `INSERT INTO messages (id, chat_id, parent_id, position, role, content, status, created_at, updated_at, shown_at)
     VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?, ?)`,
  );
  const end = db.prepare('UPDATE chats SET leaf_id = ? WHERE id = ?');
  let seed = 7;
  const text = (n: number) =>
    Array.from({ length: n }, () => {
      // 32-bit arithmetic: in doubles the product loses its low bits and only three words came out.
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return words[(seed >>> 16) % words.length];
    }).join(' ');
  const reply = (i: number) => Array.from({ length: 1 + (i % 5) }, () => text(20 + (seed % 40))).join('\n\n');
  repo.inTransaction(() => {
    for (const { title, mark, count, note } of chats) {
      const { id } = repo.createChat({ title });
      let parent: string | null = null;
      for (let i = 0; i < count; i++) {
        const messageId = `${id}-${i}`;
        const content = `${mark}${i}: ${i % 2 ? reply(i) : text(15)}${note?.at === i ? ` ${note.text}` : ''}`;
        message.run(messageId, id, parent, i, i % 2 ? 'assistant' : 'user', content, i, i, i);
        parent = messageId;
      }
      end.run(parent, id);
    }
  });
  db.close();
}
