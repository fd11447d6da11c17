import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { z } from 'zod';
import { CHAT_ARCHIVE_FORMAT, chatArchiveSchema, type ArchivedChat, type ArchivedMessage } from '../../shared/chat-archive';
import { IMPORT_MAX_CHARS, importLimitText, type ImportRefusal, type ImportResult } from '../../shared/chat-transfer';
import { AppError } from '../../shared/errors';
import { BrokenTreeError, chatGptExportSchema, chatGptToChats } from './chatgpt-import';

/**
 * Reads a Candil export (JSON v1) or ChatGPT's conversations.json into the history. The whole
 * file is checked before anything is written, and everything is written in one transaction:
 * a refused or failing file changes nothing.
 * A chat whose id is already in the history (the trash included) is skipped, so importing the
 * same file twice adds nothing the second time.
 */
export class ChatImporter {
  private readonly s: Record<'chatExists' | 'insertChat' | 'insertMessage' | 'setLeaf', Statement>;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      chatExists: db.prepare('SELECT 1 FROM chats WHERE id = ?'),
      setLeaf: db.prepare('UPDATE chats SET leaf_id = ? WHERE id = ?'),
      insertChat: db.prepare(
        `INSERT INTO chats (id, title, system_prompt, model_path, leaf_id, pinned, deleted_at, mode, few_shot, sampling, created_at, updated_at)
         VALUES (@id, @title, @system_prompt, @model_path, @leaf_id, @pinned, NULL, @mode, @few_shot, @sampling, @created_at, @updated_at)`,
      ),
      // OR IGNORE: a message id another chat already uses is given a new one (see `insertTree`).
      insertMessage: db.prepare(
        `INSERT OR IGNORE INTO messages (id, chat_id, parent_id, position, role, content, status, error, model_path, sampling,
           prompt_tokens, completion_tokens, first_token_ms, duration_ms, context_size, evaluated_tokens, reused_tokens,
           pinned, shown_at, created_at, updated_at)
         VALUES (@id, @chat_id, @parent_id, @position, @role, @content, @status, @error, @model_path, @sampling,
           @prompt_tokens, @completion_tokens, @first_token_ms, @duration_ms, @context_size, @evaluated_tokens, @reused_tokens,
           @pinned, @shown_at, @created_at, @updated_at)`,
      ),
    };
  }

  import(text: string): ImportResult {
    const chats = readChats(text);
    const ordered = chats.map((chat) => ({ chat, order: treeOrder(chat) }));
    return this.db.transaction(() => {
      const result: ImportResult = { imported: 0, skipped: 0 };
      for (const { chat, order } of ordered) {
        if (this.s.chatExists.get(chat.id)) {
          result.skipped += 1;
          continue;
        }
        this.insertTree(chat, order);
        result.imported += 1;
      }
      return result;
    })();
  }

  private insertTree(chat: ArchivedChat, order: ArchivedMessage[]): void {
    // The leaf is set once its message exists; chats.leaf_id has no foreign key, but a chat must never point nowhere.
    this.s.insertChat.run({
      id: chat.id,
      title: chat.title,
      system_prompt: chat.systemPrompt,
      model_path: chat.modelPath ?? null,
      leaf_id: null,
      pinned: Number(chat.pinned),
      mode: chat.mode,
      few_shot: JSON.stringify(chat.fewShot ?? []),
      sampling: JSON.stringify(chat.sampling ?? {}),
      created_at: chat.createdAt,
      updated_at: chat.updatedAt,
    });
    const ids = new Map<string, string>();
    const shownAt = this.now();
    order.forEach((message, position) => {
      const row = {
        id: message.id,
        chat_id: chat.id,
        parent_id: message.parentId === null ? null : (ids.get(message.parentId) ?? null),
        position,
        role: message.role,
        content: message.content,
        status: message.status,
        error: message.error ? JSON.stringify(message.error) : null,
        model_path: message.modelPath ?? null,
        sampling: message.sampling ? JSON.stringify(message.sampling) : null,
        prompt_tokens: message.stats?.promptTokens ?? null,
        completion_tokens: message.stats?.completionTokens ?? null,
        first_token_ms: message.stats?.firstTokenMs ?? null,
        duration_ms: message.stats?.durationMs ?? null,
        context_size: message.stats?.contextSize ?? null,
        evaluated_tokens: message.stats?.evaluatedTokens ?? null,
        reused_tokens: message.stats?.reusedTokens ?? null,
        pinned: message.pinned ? 1 : 0,
        // The shown branch is the one "last read", so going back to its versions finds it again.
        shown_at: message.id === chat.leafId ? shownAt : message.createdAt,
        created_at: message.createdAt,
        updated_at: message.updatedAt,
      };
      if (this.s.insertMessage.run(row).changes === 0) {
        // Another chat already has a message with this id (a copy of this one, or a hand-made file).
        row.id = randomUUID();
        this.s.insertMessage.run(row);
      }
      ids.set(message.id, row.id);
    });
    if (chat.leafId !== null) this.s.setLeaf.run(ids.get(chat.leafId) ?? null, chat.id);
  }
}

/** The chats a file holds, or IMPORT_INVALID saying why it cannot be read. */
export function readChats(text: string): ArchivedChat[] {
  if (text.length > IMPORT_MAX_CHARS) refuse('tooLarge', `The file is larger than ${IMPORT_MAX_CHARS} characters.`, { limit: importLimitText });
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch {
    return refuse('notJson', 'The file is not JSON.');
  }
  if (Array.isArray(data)) {
    const conversations = checked(chatGptExportSchema, data);
    try {
      return chatGptToChats(conversations);
    } catch (error) {
      if (error instanceof BrokenTreeError) refuse('tree', error.message);
      throw error;
    }
  }
  if (typeof data !== 'object' || data === null || !Object.hasOwn(data, 'format') || (data as { format: unknown }).format !== CHAT_ARCHIVE_FORMAT) {
    return refuse('unknownFormat', "The file is neither a Candil export nor ChatGPT's conversations.json.");
  }
  const version = Object.hasOwn(data, 'version') ? (data as { version: unknown }).version : undefined;
  if (version !== 1) refuse('version', `Candil reads version 1 of its export format; this file says ${JSON.stringify(version) ?? 'nothing'}.`, { version: String(version) });
  return checked(chatArchiveSchema, data).chats;
}

function checked<T>(schema: z.ZodType<T>, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(top)';
  const detail = `${where}: ${issue?.message ?? 'invalid'}`.slice(0, 300);
  return refuse('fields', `The file does not have the expected fields (${detail}).`, { detail });
}

/**
 * Parents before their children, siblings in the file's order (the order their versions were
 * written). Refuses a tree with an unknown parent, a loop, a repeated id or a leaf it lacks.
 * No recursion: a branch 100,000 messages long is walked like a short one.
 */
function treeOrder(chat: ArchivedChat): ArchivedMessage[] {
  const byId = new Map<string, ArchivedMessage>();
  const children = new Map<string | null, ArchivedMessage[]>();
  for (const message of chat.messages) {
    if (byId.has(message.id)) refuse('tree', `The message id ${message.id} appears twice in chat ${chat.id}.`);
    byId.set(message.id, message);
  }
  for (const message of chat.messages) {
    if (message.parentId !== null && !byId.has(message.parentId)) refuse('tree', `A message in chat ${chat.id} follows a message the file lacks.`);
    const list = children.get(message.parentId);
    if (list) list.push(message);
    else children.set(message.parentId, [message]);
  }
  if (chat.leafId !== null && !byId.has(chat.leafId)) refuse('tree', `Chat ${chat.id} shows a message the file lacks.`);
  const order: ArchivedMessage[] = [];
  const queue = [...(children.get(null) ?? [])];
  for (let i = 0; i < queue.length; i++) {
    const message = queue[i] as ArchivedMessage;
    order.push(message);
    for (const child of children.get(message.id) ?? []) queue.push(child);
  }
  if (order.length !== chat.messages.length) refuse('tree', `Messages in chat ${chat.id} follow each other in a loop.`);
  return order;
}

function refuse(reason: ImportRefusal, message: string, params: Record<string, string> = {}): never {
  throw new AppError('IMPORT_INVALID', message, { reason, ...params });
}
