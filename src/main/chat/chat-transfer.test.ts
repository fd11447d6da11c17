import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatArchiveSchema, type ChatArchive } from '../../shared/chat-archive';
import { IMPORT_MAX_CHARS } from '../../shared/chat-transfer';
import { AppError } from '../../shared/errors';
import { openDatabase, type Database } from '../db/database';
import { ChatExporter } from './chat-export';
import { ChatImporter } from './chat-import';
import { ChatRepository } from './chat-repository';

interface History {
  db: Database;
  repo: ChatRepository;
  exporter: ChatExporter;
  importer: ChatImporter;
}

let dir: string;
let opened: History[];

function history(): History {
  const db = openDatabase(join(dir, `candil-${opened.length}.db`));
  const h = { db, repo: new ChatRepository(db), exporter: new ChatExporter(db), importer: new ChatImporter(db) };
  opened.push(h);
  return h;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candil-transfer-'));
  opened = [];
});

afterEach(() => {
  for (const h of opened) h.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A chat with an edited question (two branches), a regenerated reply and the first branch shown. */
function seed(h: History) {
  const { repo } = h;
  const chat = repo.createChat({
    title: 'Lámparas de aceite',
    systemPrompt: 'Answer briefly.',
    fewShot: [{ user: 'Hola', assistant: 'Hello' }],
    sampling: { temperature: 0.2, seed: 7 },
  });
  const q1 = repo.addMessage({ chatId: chat.id, role: 'user', content: '¿Qué es un candil?', status: 'done' });
  const a1 = repo.addMessage({ chatId: chat.id, role: 'assistant', content: 'Una lámpara de aceite.', status: 'done', modelPath: '/m/tiny.gguf' });
  repo.finishReply(a1.id, {
    content: 'Una lámpara de aceite.',
    status: 'done',
    error: null,
    promptTokens: 12,
    completionTokens: 6,
    firstTokenMs: 80,
    durationMs: 400,
    contextSize: 2048,
    evaluatedTokens: 12,
    reusedTokens: 0,
  });
  // Regenerated: a second version of the reply.
  repo.addMessage({ chatId: chat.id, parentId: q1.id, role: 'assistant', content: 'A small oil lamp.', status: 'stopped' });
  // Edited question: a branch from the start, with its own reply.
  const q2 = repo.addMessage({ chatId: chat.id, parentId: null, role: 'user', content: 'What is a candil?', status: 'done' });
  repo.addMessage({ chatId: chat.id, parentId: q2.id, role: 'assistant', content: 'An oil lamp.', status: 'done' });
  repo.showBranch(a1.id);
  repo.updateChat(chat.id, { pinned: true });
  repo.pinMessage(q1.id, true);
  const completion = repo.createChat({ title: 'Story', mode: 'completion' });
  repo.addMessage({ chatId: completion.id, role: 'user', content: 'Once upon a time', status: 'done' });
  repo.addMessage({ chatId: completion.id, role: 'assistant', content: ' there was a lamp.', status: 'done' });
  const trashed = repo.createChat({ title: 'Old' });
  repo.addMessage({ chatId: trashed.id, role: 'user', content: 'bye', status: 'done' });
  repo.trashChat(trashed.id);
  return { chat, completion, trashed, a1 };
}

/** Everything a chat is, without positions (an import may number them differently). */
function snapshot(repo: ChatRepository, chatId: string) {
  const { id, title, systemPrompt, pinned, mode, deletedAt, fewShot, sampling } = repo.getChat(chatId);
  const shown = repo.listMessages(chatId).map((m) => ({
    id: m.id,
    parentId: m.parentId,
    versionIds: m.versionIds,
    role: m.role,
    content: m.content,
    status: m.status,
    pinned: m.pinned,
    stats: [m.promptTokens, m.completionTokens, m.firstTokenMs, m.durationMs, m.contextSize],
  }));
  const versions = repo.listMessages(chatId).flatMap((m) => m.versionIds.map((v) => repo.getMessage(v).content));
  return { id, title, systemPrompt, pinned, mode, deletedAt, fewShot, sampling, shown, versions };
}

function refusal(run: () => unknown): { reason: unknown; code: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { code: (error as AppError).code, reason: (error as AppError).params?.reason };
  }
  throw new Error('expected the import to be refused');
}

describe('export and import (Candil JSON v1)', () => {
  it('round trip: a fresh history gets the same trees, versions, leaf, pinned and mode; trash stays out', () => {
    const a = history();
    const { chat, completion, trashed } = seed(a);
    const file = a.exporter.export({ format: 'json' });
    expect(file.mimeType).toBe('application/json');
    expect(file.fileName).toMatch(/^candil-chats-\d{4}-\d{2}-\d{2}\.json$/);
    const archive = chatArchiveSchema.parse(JSON.parse(file.text));
    expect(archive.chats.map((c) => c.id).sort()).toEqual([chat.id, completion.id].sort());
    expect(archive.chats.find((c) => c.id === chat.id)?.messages).toHaveLength(5);

    const b = history();
    expect(b.importer.import(file.text)).toEqual({ imported: 2, skipped: 0 });
    expect(snapshot(b.repo, chat.id)).toEqual(snapshot(a.repo, chat.id));
    expect(snapshot(b.repo, completion.id)).toEqual(snapshot(a.repo, completion.id));
    expect(snapshot(b.repo, chat.id).pinned).toBe(true);
    expect(snapshot(b.repo, chat.id).shown.map((m) => m.pinned)).toEqual([true, false]);
    expect(snapshot(b.repo, completion.id).mode).toBe('completion');
    expect(() => b.repo.getChat(trashed.id)).toThrow();
    // The other branch is there too: showing the edited question brings its own reply.
    const edited = archive.chats.find((c) => c.id === chat.id)?.messages.find((m) => m.content === 'What is a candil?');
    b.repo.showBranch(edited?.id ?? '');
    expect(b.repo.listMessages(chat.id).map((m) => m.content)).toEqual(['What is a candil?', 'An oil lamp.']);
    // Imported messages are found by search like any other.
    expect(b.repo.listChats('lamp').map((c) => c.id).sort()).toEqual([chat.id, completion.id].sort());
  });

  it('keeps a failed reply’s error with its reason, so the UI still says it in its own language', () => {
    const a = history();
    const chat = a.repo.createChat({ title: 'Crash' });
    a.repo.addMessage({ chatId: chat.id, role: 'user', content: 'Hola', status: 'done' });
    const reply = a.repo.addMessage({ chatId: chat.id, role: 'assistant', content: '', status: 'streaming' });
    const error = new AppError('WORKER_CRASHED', 'The inference engine stopped unexpectedly (exit code 139).', { reason: 'exitCode', exitCode: 139 }).toPayload();
    a.repo.finishReply(reply.id, {
      content: 'Hola, soy',
      status: 'error',
      error,
      promptTokens: 3,
      completionTokens: 2,
      firstTokenMs: 80,
      durationMs: 100,
      contextSize: 2048,
      evaluatedTokens: 3,
      reusedTokens: 0,
    });
    const b = history();
    b.importer.import(a.exporter.export({ format: 'json' }).text);
    expect(b.repo.listMessages(chat.id).at(-1)?.error).toEqual(error);
  });

  it('importing the same file twice adds nothing the second time, and a chat in the trash counts as present', () => {
    const a = history();
    const { chat } = seed(a);
    const file = a.exporter.export({ format: 'json' }).text;
    expect(a.importer.import(file)).toEqual({ imported: 0, skipped: 2 });
    const b = history();
    b.importer.import(file);
    const count = () => b.db.prepare('SELECT (SELECT COUNT(*) FROM chats) AS chats, (SELECT COUNT(*) FROM messages) AS messages').get();
    const before = count();
    expect(b.importer.import(file)).toEqual({ imported: 0, skipped: 2 });
    expect(count()).toEqual(before);
    b.repo.trashChat(chat.id);
    expect(b.importer.import(file)).toEqual({ imported: 0, skipped: 2 });
  });

  it('exports one chat, even from the trash, and gives a new chat new message ids when its ids are taken', () => {
    const a = history();
    const { chat, trashed } = seed(a);
    const one = a.exporter.export({ chatId: trashed.id, format: 'json' });
    expect(one.fileName).toBe('candil-old.json');
    expect(chatArchiveSchema.parse(JSON.parse(one.text)).chats.map((c) => c.id)).toEqual([trashed.id]);
    // The same messages under another chat id: a copy, not a conflict.
    const copy = JSON.parse(a.exporter.export({ chatId: chat.id, format: 'json' }).text) as ChatArchive;
    const original = copy.chats[0];
    if (!original) throw new Error('no chat');
    original.id = 'copy-of-lamps';
    expect(a.importer.import(JSON.stringify(copy))).toEqual({ imported: 1, skipped: 0 });
    expect(snapshot(a.repo, 'copy-of-lamps').shown.map((m) => m.content)).toEqual(snapshot(a.repo, chat.id).shown.map((m) => m.content));
    expect(a.repo.listMessages(chat.id)).toHaveLength(2);
  });

  it('refuses malformed, oversized and hostile files with IMPORT_INVALID and changes nothing', () => {
    const a = history();
    const { chat } = seed(a);
    const good = JSON.parse(a.exporter.export({ format: 'json' }).text) as ChatArchive;
    const fresh = { ...good, chats: good.chats.map((c) => ({ ...c, id: `new-${c.id}` })) };
    const with_ = (patch: (archive: ChatArchive) => void) => {
      const copy = structuredClone(fresh);
      patch(copy);
      return JSON.stringify(copy);
    };
    const state = () => a.db.prepare('SELECT (SELECT COUNT(*) FROM chats) AS c, (SELECT COUNT(*) FROM messages) AS m').get();
    const before = state();
    const cases: [string, string][] = [
      ['not json {', 'notJson'],
      ['{"hello": 1}', 'unknownFormat'],
      ['"a string"', 'unknownFormat'],
      [JSON.stringify({ ...fresh, version: 2 }), 'version'],
      [with_((x) => Reflect.deleteProperty(x.chats[0] ?? {}, 'messages')), 'fields'],
      [with_((x) => Object.assign(x.chats[0]?.messages[0] ?? {}, { role: 'system' })), 'fields'],
      // A valid first chat and a broken second one: the first is not stored either.
      [with_((x) => Object.assign(x.chats[1]?.messages[1] ?? {}, { parentId: 'nowhere' })), 'tree'],
      [with_((x) => Object.assign(x.chats[0] ?? {}, { leafId: 'nowhere' })), 'tree'],
      // Two messages that follow each other: no first message.
      [
        with_((x) => {
          const [m0, m1] = x.chats[1]?.messages ?? [];
          if (m0 && m1) [m0.parentId, m1.parentId] = [m1.id, m0.id];
        }),
        'tree',
      ],
      [with_((x) => x.chats[0]?.messages.push({ ...(x.chats[0]?.messages[0] as ChatArchive['chats'][0]['messages'][0]) })), 'tree'],
      // Fields smuggled through __proto__ are not fields.
      [`{"__proto__": ${JSON.stringify(fresh)}}`, 'unknownFormat'],
      [`{"format": "candil-chats", "__proto__": {"version": 1}, "exportedAt": "${fresh.exportedAt}", "chats": []}`, 'version'],
      [with_((x) => Object.assign(x, { chats: [JSON.parse(`{"__proto__": ${JSON.stringify(x.chats[0])}}`) as object] })), 'fields'],
      // 100,000 levels of nesting where a chat belongs.
      [`{"format":"candil-chats","version":1,"exportedAt":"${fresh.exportedAt}","chats":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'fields'],
      ['x'.repeat(IMPORT_MAX_CHARS + 1), 'tooLarge'],
    ];
    for (const [text, reason] of cases) {
      expect({ text: text.slice(0, 80), ...refusal(() => a.importer.import(text)) }).toEqual({ text: text.slice(0, 80), code: 'IMPORT_INVALID', reason });
    }
    expect(state()).toEqual(before);
    expect(({} as Record<string, unknown>).version).toBeUndefined();
    expect(a.repo.getChat(chat.id).title).toBe('Lámparas de aceite');
  });

  it('imports a branch 10,000 messages long without recursion', () => {
    const a = history();
    const messages = Array.from({ length: 10_000 }, (_, i) => ({
      id: `m${i}`,
      parentId: i === 0 ? null : `m${i - 1}`,
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: `turn ${i}`,
      status: 'done' as const,
      createdAt: i,
      updatedAt: i,
    }));
    // Children before their parents in the file: the import orders them.
    const archive: ChatArchive = {
      format: 'candil-chats',
      version: 1,
      exportedAt: new Date(0).toISOString(),
      chats: [{ id: 'long', title: 'Long', systemPrompt: '', mode: 'chat', pinned: false, createdAt: 0, updatedAt: 0, leafId: 'm9999', messages: messages.reverse() }],
    };
    expect(a.importer.import(JSON.stringify(archive))).toEqual({ imported: 1, skipped: 0 });
    const shown = a.repo.listMessages('long');
    expect(shown).toHaveLength(10_000);
    expect(shown[0]?.content).toBe('turn 0');
    expect(shown.at(-1)?.content).toBe('turn 9999');
    expect(a.exporter.export({ chatId: 'long', format: 'markdown' }).text).toContain('turn 9999');
  });
});

describe('the documented format', () => {
  it("README's example is a valid version 1 file that imports", () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    const example = /#### The Candil JSON format[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const archive = chatArchiveSchema.parse(JSON.parse(example));
    const h = history();
    expect(h.importer.import(example)).toEqual({ imported: 1, skipped: 0 });
    const chatId = archive.chats[0]?.id ?? '';
    expect(h.repo.listMessages(chatId).map((m) => [m.content, m.versionIds.length])).toEqual([
      ['¿Qué es un candil?', 1],
      ['An oil lamp.', 2],
    ]);
  });
});

describe('Markdown export', () => {
  it('reads as the shown branch with You / Assistant turns, a footer for the other versions, and nothing the title can inject', () => {
    const a = history();
    const { chat, completion, a1 } = seed(a);
    a.repo.updateChat(chat.id, { title: 'Lamps\n# injected <img src=x onerror=alert(1)>' });
    a.repo.finishReply(a1.id, {
      content: 'Here:\n```js\nconst lamp = 1;\n',
      status: 'stopped',
      error: null,
      promptTokens: null,
      completionTokens: null,
      firstTokenMs: null,
      durationMs: null,
      contextSize: null,
      evaluatedTokens: null,
      reusedTokens: null,
    });
    const md = a.exporter.export({ chatId: chat.id, format: 'markdown' });
    expect(md.mimeType).toBe('text/markdown');
    expect(md.fileName).toBe('candil-lamps-injected-img-src-x-onerror-alert-1.md');
    expect(md.text).toBe(
      [
        '# Lamps \\# injected \\<img src=x onerror=alert(1)\\>',
        '**System prompt**',
        '```text\nAnswer briefly.\n```',
        '**You**',
        '¿Qué es un candil?',
        '**Assistant**',
        // A reply cut off inside a code block gets its block closed.
        'Here:\n```js\nconst lamp = 1;\n```',
        '---\n\n*3 more messages are in other versions of this chat, not shown here; the JSON export keeps every version.*',
      ].join('\n\n') + '\n',
    );
    expect(md.text.split('\n').filter((line) => line.startsWith('#'))).toHaveLength(1);

    const story = a.exporter.export({ chatId: completion.id, format: 'markdown', language: 'es' }).text;
    expect(story).toBe('# Story\n\n*Completado de texto*\n\n```text\nOnce upon a time there was a lamp.\n```\n');

    const all = a.exporter.export({ format: 'markdown', language: 'es' }).text;
    expect(all).toMatch(/^# Candil\n\n\*Chats exportados desde Candil el \d{4}-\d{2}-\d{2}\.\*\n/);
    expect(all).toContain('## Lamps');
    expect(all).toContain('**Tú**\n\n¿Qué es un candil?');
    expect(all).toContain('## Story');
    expect(all).not.toContain('Old');
  });

  it('fences a completion whose text has backticks with a longer fence', () => {
    const a = history();
    const c = a.repo.createChat({ title: 'Code', mode: 'completion' });
    a.repo.addMessage({ chatId: c.id, role: 'user', content: 'x = """\n```\n', status: 'done' });
    expect(a.exporter.export({ chatId: c.id, format: 'markdown' }).text).toContain('````text\nx = """\n```\n\n````');
  });
});
