import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { ChatRepository, TRASH_DAYS, toMatchQuery } from './chat-repository';

let dir: string;
let db: Database;
let repo: ChatRepository;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candil-repo-'));
  db = openDatabase(join(dir, 'candil.db'));
  repo = new ChatRepository(db);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('chat search', () => {
  it('finds chats by title or message, ignoring accents and case, by word prefixes', () => {
    const paella = repo.createChat({ title: 'Receta de paella' });
    const viaje = repo.createChat({ title: 'Viaje' });
    repo.addMessage({ chatId: viaje.id, role: 'user', content: 'Una conversación sobre Córdoba', status: 'done' });
    expect(repo.listChats('paella').map((c) => c.id)).toEqual([paella.id]);
    expect(repo.listChats('conversacion').map((c) => c.id)).toEqual([viaje.id]);
    expect(repo.listChats('CORDO').map((c) => c.id)).toEqual([viaje.id]);
    expect(repo.listChats('receta viaje')).toEqual([]);
    expect(repo.listChats('   ')).toHaveLength(2);
  });

  it('gives the latest matching message of each chat with the words found marked, never from the trash', () => {
    const viaje = repo.createChat({ title: 'Viaje' });
    const earlier = repo.addMessage({ chatId: viaje.id, role: 'user', content: 'Quiero ir a Córdoba en primavera, cuando florecen los patios.', status: 'done' });
    const found = repo.addMessage({ chatId: viaje.id, role: 'assistant', content: 'En Córdoba, los patios de mayo son famosos.', status: 'done' });
    const otro = repo.createChat({ title: 'Otro' });
    repo.addMessage({ chatId: otro.id, role: 'user', content: 'nada que ver', status: 'done' });
    const matches = repo.searchMessages('cordoba patios mayo');
    expect(matches).toEqual([{ chatId: viaje.id, messageId: found.id, snippet: 'En \uE000Córdoba\uE001, los \uE000patios\uE001 de \uE000mayo\uE001 son famosos.' }]);
    // Both match "córdoba": the later one, once per chat.
    expect(repo.searchMessages('córdoba').map((m) => m.messageId)).toEqual([found.id]);
    expect(repo.searchMessages('primavera').map((m) => m.messageId)).toEqual([earlier.id]);
    expect(repo.searchMessages('"')).toEqual([]);
    repo.trashChat(viaje.id);
    expect(repo.searchMessages('cordoba')).toEqual([]);
  });

  it('treats FTS syntax in a search as plain words', () => {
    const chat = repo.createChat({ title: 'NEAR "quotes" OR stars*' });
    expect(() => repo.listChats('"unbalanced')).not.toThrow();
    expect(repo.listChats('NEAR OR').map((c) => c.id)).toEqual([chat.id]);
    expect(toMatchQuery('a "b" c*')).toBe('"a"* "b"* "c*"*');
    expect(repo.listChats('*** ---')).toHaveLength(1);
  });

  it('follows edits and deletions, and leaves chats in the trash out', () => {
    const chat = repo.createChat({ title: 'x' });
    const message = repo.addMessage({ chatId: chat.id, role: 'user', content: 'manzana', status: 'done' });
    repo.addMessage({ chatId: chat.id, role: 'user', content: 'pera', status: 'done' });
    repo.deleteMessage(message.id);
    expect(repo.listChats('manzana')).toEqual([]);
    expect(repo.listChats('pera')).toHaveLength(1);
    repo.trashChat(chat.id);
    expect(repo.listChats('pera')).toEqual([]);
    repo.restoreChat(chat.id);
    expect(repo.listChats('pera')).toHaveLength(1);
    repo.deleteChat(chat.id);
    expect(repo.listChats('pera')).toEqual([]);
  });
});

describe('duplicating a chat', () => {
  it('copies the title, system prompt and every message with its stats, under new ids', () => {
    const chat = repo.createChat({ title: 'Recetas', systemPrompt: 'Sé breve.' });
    repo.addMessage({ chatId: chat.id, role: 'user', content: '¿Cómo hago pan?', status: 'done' });
    const reply = repo.addMessage({ chatId: chat.id, role: 'assistant', content: 'Harina, agua', status: 'streaming' });
    repo.finishReply(reply.id, {
      content: 'Harina, agua y sal.',
      status: 'done',
      error: null,
      promptTokens: 12,
      completionTokens: 6,
      firstTokenMs: 40,
      durationMs: 300,
      contextSize: 2048,
      evaluatedTokens: 12,
      reusedTokens: 0,
    });
    const copy = repo.duplicateChat(chat.id, 'Recetas (copia)');
    expect(copy).toMatchObject({ title: 'Recetas (copia)', systemPrompt: 'Sé breve.' });
    const original = repo.listMessages(chat.id);
    const copied = repo.listMessages(copy.id);
    const comparable = ({ id: _id, chatId: _chat, parentId: _p, versionIds: _v, updatedAt: _u, ...rest }: (typeof original)[number]) => rest;
    expect(copied.map(comparable)).toEqual(original.map(comparable));
    expect(copied[1]?.parentId).toBe(copied[0]?.id);
    expect(copied.some((m) => original.some((o) => o.id === m.id))).toBe(false);
    // Found by search like any chat.
    expect(repo.listChats('harina').map((c) => c.id).sort()).toEqual([chat.id, copy.id].sort());
  });

  it('copies a reply still being written as stopped', () => {
    const chat = repo.createChat({});
    repo.addMessage({ chatId: chat.id, role: 'assistant', content: 'a medias', status: 'streaming' });
    const copy = repo.duplicateChat(chat.id);
    expect(repo.listMessages(copy.id)[0]).toMatchObject({ content: 'a medias', status: 'stopped' });
  });
});

describe('branches', () => {
  // Every step a millisecond later, as a user's clicks are.
  beforeEach(() => {
    let t = 0;
    repo = new ChatRepository(db, () => ++t);
  });

  function reply(chatId: string, content: string, parentId?: string | null) {
    return repo.addMessage({ chatId, parentId, role: 'assistant', content, status: 'done' });
  }

  it('keeps every version of a reply and of a question, and shows one branch at a time', () => {
    const chat = repo.createChat({});
    const q1 = repo.addMessage({ chatId: chat.id, role: 'user', content: 'Hola', status: 'done' });
    const a1 = reply(chat.id, 'Hola, ¿qué tal?');
    // Regenerate: a sibling of the first answer.
    repo.endBranchAt(chat.id, q1.id);
    const a2 = reply(chat.id, 'Buenas.');
    expect(repo.listMessages(chat.id).map((m) => m.content)).toEqual(['Hola', 'Buenas.']);
    expect(repo.listMessages(chat.id)[1]?.versionIds).toEqual([a1.id, a2.id]);
    const q2 = repo.addMessage({ chatId: chat.id, role: 'user', content: '¿Y tú?', status: 'done' });
    reply(chat.id, 'Bien.');
    // Edit the first question: a sibling of it, with its own answer.
    repo.endBranchAt(chat.id, null);
    const q1b = repo.addMessage({ chatId: chat.id, parentId: null, role: 'user', content: 'Buenos días', status: 'done' });
    reply(chat.id, 'Buenos días a ti.');
    expect(repo.listMessages(chat.id).map((m) => m.content)).toEqual(['Buenos días', 'Buenos días a ti.']);
    expect(repo.listMessages(chat.id)[0]?.versionIds).toEqual([q1.id, q1b.id]);

    // Back to the first question: its newest branch comes back whole.
    repo.showBranch(q1.id);
    expect(repo.listMessages(chat.id).map((m) => m.content)).toEqual(['Hola', 'Buenas.', '¿Y tú?', 'Bien.']);
    // The first answer had nothing after it.
    repo.showBranch(a1.id);
    expect(repo.listMessages(chat.id).map((m) => m.content)).toEqual(['Hola', 'Hola, ¿qué tal?']);
    // Going to the edited question and back returns to the branch last read there.
    repo.showBranch(q1b.id);
    repo.showBranch(q1.id);
    expect(repo.listMessages(chat.id).map((m) => m.content)).toEqual(['Hola', 'Hola, ¿qué tal?']);
    repo.showBranch(q2.id);
    expect(repo.listMessages(chat.id).map((m) => m.content)).toEqual(['Hola', 'Buenas.', '¿Y tú?', 'Bien.']);
    // Nothing was lost along the way: all seven messages are in the chat.
    expect(db.prepare('SELECT COUNT(*) AS n FROM messages WHERE chat_id = ?').get(chat.id)).toEqual({ n: 7 });
  });

  it('deleting a message keeps what followed it, after the message before it', () => {
    const chat = repo.createChat({});
    const q = repo.addMessage({ chatId: chat.id, role: 'user', content: 'uno', status: 'done' });
    const a = reply(chat.id, 'dos');
    const last = repo.addMessage({ chatId: chat.id, role: 'user', content: 'tres', status: 'done' });
    repo.deleteMessage(a.id);
    expect(repo.listMessages(chat.id).map((m) => m.content)).toEqual(['uno', 'tres']);
    expect(repo.getMessage(last.id).parentId).toBe(q.id);
    // The last message: the branch ends at the one before.
    repo.deleteMessage(last.id);
    expect(repo.listMessages(chat.id).map((m) => m.content)).toEqual(['uno']);
    repo.deleteMessage(q.id);
    expect(repo.listMessages(chat.id)).toEqual([]);
    expect(() => repo.deleteMessage(q.id)).toThrow(/No message/);
  });

  it('reads a branch of 5,000 messages in one query per chat', () => {
    const chat = repo.createChat({});
    repo.inTransaction(() => {
      for (let i = 0; i < 5000; i += 1) repo.addMessage({ chatId: chat.id, role: i % 2 ? 'assistant' : 'user', content: `m${i}`, status: 'done' });
    });
    const messages = repo.listMessages(chat.id);
    expect(messages).toHaveLength(5000);
    expect(messages.at(-1)?.content).toBe('m4999');
    expect(messages.every((m, i) => i === 0 || m.parentId === messages[i - 1]?.id)).toBe(true);
  });

  it('gives a long branch a page at a time: the latest, then older pages that join up, with their versions', () => {
    const chat = repo.createChat({});
    repo.inTransaction(() => {
      for (let i = 0; i < 250; i += 1) repo.addMessage({ chatId: chat.id, role: i % 2 ? 'assistant' : 'user', content: `m${i}`, status: 'done' });
    });
    const all = repo.listMessages(chat.id);
    // A second version of m201, on another branch: both pages list it next to m201.
    repo.endBranchAt(chat.id, all[200]?.id ?? null);
    const other = reply(chat.id, 'other m201');
    repo.showBranch(all[201]?.id ?? '');

    const latest = repo.listLatestMessages(chat.id, 100);
    expect(latest.map((m) => m.content)).toEqual(all.slice(150).map((m) => m.content));
    expect(latest.find((m) => m.content === 'm201')?.versionIds).toEqual([all[201]?.id, other.id]);
    // What a window had loaded stays loaded: from there on, even past a page.
    expect(repo.listLatestMessages(chat.id, 100, all[20]?.id)).toHaveLength(230);
    // A search result, with some of what came before it.
    expect(repo.listLatestMessages(chat.id, 100, all[20]?.id, 15)[0]?.content).toBe('m5');
    expect(repo.listLatestMessages(chat.id, 100, all[20]?.id, 50)[0]?.content).toBe('m0');
    // A message that is not on the branch shown (any more): the latest page.
    expect(repo.listLatestMessages(chat.id, 100, other.id)).toHaveLength(100);

    const older = repo.listOlderMessages(chat.id, latest[0]?.id ?? '', 100);
    expect(older.map((m) => m.content)).toEqual(all.slice(50, 150).map((m) => m.content));
    expect(repo.listOlderMessages(chat.id, older[0]?.id ?? '', 100).map((m) => m.content)).toEqual(all.slice(0, 50).map((m) => m.content));
    expect(repo.listOlderMessages(chat.id, all[0]?.id ?? '', 100)).toEqual([]);
    // Only within the chat named.
    expect(repo.listOlderMessages(repo.createChat({}).id, latest[0]?.id ?? '', 100)).toEqual([]);
    expect(() => repo.listLatestMessages('nope', 100)).toThrow(/No chat/);

    // Pinned messages above a message, however far up.
    expect(repo.hasPinnedBefore(all[240]?.id ?? '')).toBe(false);
    repo.pinMessage(all[3]?.id ?? '', true);
    expect(repo.hasPinnedBefore(all[240]?.id ?? '')).toBe(true);
    expect(repo.hasPinnedBefore(all[3]?.id ?? '')).toBe(false);
  });
});

describe('pinned chats and the trash', () => {
  it('lists pinned chats first, keeps trashed chats apart, and finds those past 30 days', () => {
    let t = 1_000_000;
    const timed = new ChatRepository(db, () => t);
    const a = timed.createChat({ title: 'a' });
    t += 1;
    const b = timed.createChat({ title: 'b' });
    expect(timed.listChats().map((c) => c.title)).toEqual(['b', 'a']);
    timed.updateChat(a.id, { pinned: true });
    expect(timed.listChats().map((c) => [c.title, c.pinned])).toEqual([['a', true], ['b', false]]);
    expect(timed.trashChat(b.id)).toBe(true);
    expect(timed.trashChat(b.id)).toBe(false);
    expect(timed.listChats().map((c) => c.title)).toEqual(['a']);
    expect(timed.listTrash()).toMatchObject([{ title: 'b', deletedAt: t }]);
    expect(timed.expiredTrash()).toEqual([]);
    t += TRASH_DAYS * 24 * 60 * 60 * 1000 + 1;
    expect(timed.expiredTrash()).toEqual([b.id]);
    expect(timed.restoreChat(b.id).deletedAt).toBeNull();
    expect(timed.expiredTrash()).toEqual([]);
  });
});

describe('chat titles and pinned messages', () => {
  it('names a chat by its first words, lets the model rename it once, and never over the user’s title', () => {
    const chat = repo.createChat({});
    expect(repo.titleSource(chat.id)).toBe('auto');
    repo.setFirstWordsTitle(chat.id, '¿Qué visitar en Lisboa?');
    // Only an unnamed chat gets the first words.
    repo.setFirstWordsTitle(chat.id, 'Otra cosa');
    expect(repo.getChat(chat.id).title).toBe('¿Qué visitar en Lisboa?');
    expect(repo.setGeneratedTitle(chat.id, 'Viaje a Lisboa')).toBe(true);
    expect([repo.getChat(chat.id).title, repo.titleSource(chat.id)]).toEqual(['Viaje a Lisboa', 'generated']);
    expect(repo.setGeneratedTitle(chat.id, 'Lisboa en tres días')).toBe(false);

    const renamed = repo.createChat({});
    repo.setFirstWordsTitle(renamed.id, 'hola');
    repo.updateChat(renamed.id, { title: 'Mis notas' });
    expect(repo.titleSource(renamed.id)).toBe('user');
    expect(repo.setGeneratedTitle(renamed.id, 'Saludo')).toBe(false);
    expect(repo.getChat(renamed.id).title).toBe('Mis notas');
    // Pinning or changing the system prompt is not a rename.
    const other = repo.createChat({});
    repo.updateChat(other.id, { pinned: true, systemPrompt: 'Sé breve.' });
    expect(repo.titleSource(other.id)).toBe('auto');
    expect(repo.titleSource(repo.createChat({ title: 'Con nombre' }).id)).toBe('user');
  });

  it('keeps the first words when the model gave no title, and asks no more', () => {
    const chat = repo.createChat({});
    repo.setFirstWordsTitle(chat.id, 'hola');
    expect(repo.setGeneratedTitle(chat.id, null)).toBe(true);
    expect([repo.getChat(chat.id).title, repo.titleSource(chat.id)]).toEqual(['hola', 'generated']);
  });

  it('pins and unpins a message, and a copy of the chat keeps its pins', () => {
    const chat = repo.createChat({ title: 'Notas' });
    const question = repo.addMessage({ chatId: chat.id, role: 'user', content: 'Mi nombre es Ana.', status: 'done' });
    repo.addMessage({ chatId: chat.id, role: 'assistant', content: 'Encantado, Ana.', status: 'done' });
    expect(question.pinned).toBe(false);
    expect(repo.pinMessage(question.id, true).pinned).toBe(true);
    expect(repo.listMessages(chat.id).map((m) => m.pinned)).toEqual([true, false]);
    expect(repo.listMessages(repo.duplicateChat(chat.id).id).map((m) => m.pinned)).toEqual([true, false]);
    expect(repo.pinMessage(question.id, false).pinned).toBe(false);
    expect(() => repo.pinMessage('missing', true)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
