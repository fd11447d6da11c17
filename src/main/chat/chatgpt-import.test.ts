import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { openDatabase, type Database } from '../db/database';
import { ChatImporter } from './chat-import';
import { ChatRepository } from './chat-repository';
import { stableId } from './chatgpt-import';

let dir: string;
let db: Database;
let repo: ChatRepository;
let importer: ChatImporter;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candil-chatgpt-'));
  db = openDatabase(join(dir, 'candil.db'));
  repo = new ChatRepository(db);
  importer = new ChatImporter(db);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const T = 1_700_000_000;

function node(id: string, parent: string | null, children: string[], message: Record<string, unknown> | null) {
  return { id, message: message && { id, status: 'finished_successfully', weight: 1, end_turn: true, metadata: {}, recipient: 'all', ...message }, parent, children };
}

function text(role: string, parts: unknown[], createTime: number, extra: Record<string, unknown> = {}) {
  return { author: { role, name: null, metadata: {} }, create_time: createTime, update_time: null, content: { content_type: 'text', parts }, ...extra };
}

/**
 * What ChatGPT's export holds for a conversation whose first question was edited: the hidden
 * system message, a tool call and its output, an image in a reply and a question that was only
 * an image. `current_node` is the end of the edited branch.
 */
function conversationsJson(): string {
  const lamps = {
    title: 'Candil lamps',
    create_time: T,
    update_time: T + 500,
    conversation_id: '6650a1b2-0000-4000-8000-000000000001',
    id: '6650a1b2-0000-4000-8000-000000000001',
    current_node: 'a3',
    moderation_results: [],
    is_archived: false,
    mapping: {
      'client-created-root': node('client-created-root', null, ['sys'], null),
      sys: node('sys', 'client-created-root', ['u1', 'u1b'], text('system', [''], T, { metadata: { is_visually_hidden_from_conversation: true } })),
      u1: node('u1', 'sys', ['a1'], text('user', ['What is a candil?'], T + 1)),
      a1: node('a1', 'u1', [], text('assistant', ['An oil lamp.'], T + 2)),
      u1b: node('u1b', 'sys', ['call'], text('user', ['What is a candil, in old Spanish homes?'], T + 100)),
      call: node('call', 'u1b', ['out'], {
        author: { role: 'assistant' },
        create_time: T + 101,
        recipient: 'python',
        content: { content_type: 'code', language: 'python', text: 'print(1)' },
      }),
      out: node('out', 'call', ['a2'], { author: { role: 'tool', name: 'python' }, create_time: T + 102, content: { content_type: 'execution_output', text: '1' } }),
      a2: node('a2', 'out', ['u3'], {
        ...text('assistant', ['An oil lamp that hung on the wall.', { content_type: 'image_asset_pointer', asset_pointer: 'file-service://file-abc', width: 512 }, 'It burned olive oil.'], T + 103),
        content: {
          content_type: 'multimodal_text',
          parts: ['An oil lamp that hung on the wall.', { content_type: 'image_asset_pointer', asset_pointer: 'file-service://file-abc', width: 512 }, 'It burned olive oil.'],
        },
      }),
      u3: node('u3', 'a2', ['a3'], {
        ...text('user', [], T + 200),
        content: { content_type: 'multimodal_text', parts: [{ content_type: 'image_asset_pointer', asset_pointer: 'file-service://file-def' }] },
      }),
      a3: node('a3', 'u3', [], text('assistant', ['That photo shows one.'], T + 201)),
    },
  };
  const onlySystem = {
    title: 'Nothing to keep',
    create_time: T,
    update_time: T,
    conversation_id: '6650a1b2-0000-4000-8000-000000000002',
    current_node: 's',
    mapping: { s: node('s', null, [], text('system', ['You are ChatGPT.'], T)) },
  };
  // A node keyed "__proto__" and a message whose parent is missing: neither breaks the import.
  const odd = `{"title":"Odd keys","create_time":${T},"update_time":${T},"conversation_id":"6650a1b2-0000-4000-8000-000000000003","current_node":"x",
    "mapping":{"__proto__":{"message":null,"parent":null,"children":["x"]},"x":${JSON.stringify(node('x', '__proto__', [], text('user', ['hola'], T)))}}}`;
  return `[${JSON.stringify(lamps)},${JSON.stringify(onlySystem)},${odd}]`;
}

describe("ChatGPT's conversations.json", () => {
  it('maps the tree: edited question as a version, the current node as the shown branch, only user and assistant text', () => {
    expect(importer.import(conversationsJson())).toEqual({ imported: 2, skipped: 0 });
    const chatId = stableId('chatgpt:6650a1b2-0000-4000-8000-000000000001');
    const chat = repo.getChat(chatId);
    expect(chat).toMatchObject({ title: 'Candil lamps', mode: 'chat', pinned: false, systemPrompt: '', createdAt: T * 1000, updatedAt: (T + 500) * 1000 });
    const shown = repo.listMessages(chatId);
    expect(shown.map((m) => [m.role, m.content])).toEqual([
      ['user', 'What is a candil, in old Spanish homes?'],
      ['assistant', 'An oil lamp that hung on the wall.\nIt burned olive oil.'],
      ['assistant', 'That photo shows one.'],
    ]);
    expect(shown[0]?.versionIds).toHaveLength(2);
    expect(shown[0]?.createdAt).toBe((T + 100) * 1000);
    // The first version, with its own reply, one click away.
    repo.showBranch(shown[0]?.versionIds[0] ?? '');
    expect(repo.listMessages(chatId).map((m) => m.content)).toEqual(['What is a candil?', 'An oil lamp.']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM messages WHERE chat_id = ?').get(chatId)).toEqual({ n: 5 });

    expect(repo.listMessages(stableId('chatgpt:6650a1b2-0000-4000-8000-000000000003')).map((m) => m.content)).toEqual(['hola']);
    expect(repo.listChats().map((c) => c.title).sort()).toEqual(['Candil lamps', 'Odd keys']);
    expect(({} as Record<string, unknown>).message).toBeUndefined();
  });

  it('importing the same export again adds nothing', () => {
    importer.import(conversationsJson());
    const count = () => db.prepare('SELECT (SELECT COUNT(*) FROM chats) AS c, (SELECT COUNT(*) FROM messages) AS m').get();
    const before = count();
    expect(importer.import(conversationsJson())).toEqual({ imported: 0, skipped: 2 });
    expect(count()).toEqual(before);
  });

  it('refuses a conversation without a mapping, or whose parent links loop, and stores none of the file', () => {
    const loop = JSON.stringify([
      { title: 'fine', conversation_id: 'c-ok', mapping: { a: node('a', null, [], text('user', ['hi'], T)) } },
      { title: 'loop', conversation_id: 'c-loop', mapping: { a: node('a', 'b', ['b'], text('user', ['a'], T)), b: node('b', 'a', ['a'], text('assistant', ['b'], T)) } },
    ]);
    for (const [file, reason] of [
      [loop, 'tree'],
      [JSON.stringify([{ title: 'no mapping' }]), 'fields'],
      [JSON.stringify([{ mapping: { a: { message: { author: {}, content: {} } } } }]), 'fields'],
    ] as const) {
      let caught: unknown;
      try {
        importer.import(file);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).params?.reason).toBe(reason);
    }
    expect(repo.listChats()).toEqual([]);
  });
});
