import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { ChatRepository, toMatchQuery } from './chat-repository';

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

  it('treats FTS syntax in a search as plain words', () => {
    const chat = repo.createChat({ title: 'NEAR "quotes" OR stars*' });
    expect(() => repo.listChats('"unbalanced')).not.toThrow();
    expect(repo.listChats('NEAR OR').map((c) => c.id)).toEqual([chat.id]);
    expect(toMatchQuery('a "b" c*')).toBe('"a"* "b"* "c*"*');
    expect(repo.listChats('*** ---')).toHaveLength(1);
  });

  it('follows edits and deletions', () => {
    const chat = repo.createChat({ title: 'x' });
    const message = repo.addMessage({ chatId: chat.id, role: 'user', content: 'manzana', status: 'done' });
    repo.rewriteFrom(message, 'pera');
    expect(repo.listChats('manzana')).toEqual([]);
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
    expect(copied.map(({ id: _id, chatId: _chat, updatedAt: _u, ...rest }) => rest)).toEqual(
      original.map(({ id: _id, chatId: _chat, updatedAt: _u, ...rest }) => rest),
    );
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
