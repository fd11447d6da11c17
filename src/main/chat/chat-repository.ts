import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { ChatSummary, Message, MessageRole, MessageStatus, SamplingParams } from '../../shared/domain';
import { AppError, type ErrorPayload } from '../../shared/errors';

interface ChatRow {
  id: string;
  title: string;
  system_prompt: string;
  model_path: string | null;
  created_at: number;
  updated_at: number;
}

interface MessageRow {
  id: string;
  chat_id: string;
  position: number;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  error: string | null;
  model_path: string | null;
  sampling: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  first_token_ms: number | null;
  duration_ms: number | null;
  context_size: number | null;
  evaluated_tokens: number | null;
  reused_tokens: number | null;
  created_at: number;
  updated_at: number;
}

export interface NewMessage {
  chatId: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  modelPath?: string | null;
  sampling?: SamplingParams | null;
}

export interface FinishedReply {
  content: string;
  status: Exclude<MessageStatus, 'streaming'>;
  error: ErrorPayload | null;
  promptTokens: number | null;
  completionTokens: number | null;
  firstTokenMs: number | null;
  durationMs: number | null;
  contextSize: number | null;
  evaluatedTokens: number | null;
  reusedTokens: number | null;
}

/** Chats and messages in SQLite. Every statement is prepared once, when the repository opens. */
export class ChatRepository {
  private readonly s: Record<
    | 'insertChat'
    | 'getChat'
    | 'listChats'
    | 'searchChats'
    | 'updateChat'
    | 'touchChat'
    | 'deleteChat'
    | 'insertMessage'
    | 'getMessage'
    | 'listMessages'
    | 'nextPosition'
    | 'checkpoint'
    | 'finish'
    | 'editContent'
    | 'deleteFrom'
    | 'interrupted'
    | 'copyMessage',
    Statement
  >;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      insertChat: db.prepare(
        'INSERT INTO chats (id, title, system_prompt, model_path, created_at, updated_at) VALUES (@id, @title, @system_prompt, @model_path, @created_at, @updated_at)',
      ),
      getChat: db.prepare('SELECT * FROM chats WHERE id = ?'),
      listChats: db.prepare('SELECT * FROM chats ORDER BY updated_at DESC, created_at DESC'),
      searchChats: db.prepare(
        `SELECT * FROM chats WHERE id IN (SELECT k.chat_id FROM chats_fts f JOIN chat_fts_keys k ON k.fts_rowid = f.rowid WHERE chats_fts MATCH @q)
           OR id IN (SELECT m.chat_id FROM messages_fts f JOIN message_fts_keys k ON k.fts_rowid = f.rowid JOIN messages m ON m.id = k.message_id
                     WHERE messages_fts MATCH @q)
         ORDER BY updated_at DESC`,
      ),
      updateChat: db.prepare(
        'UPDATE chats SET title = @title, system_prompt = @system_prompt, model_path = @model_path, updated_at = @updated_at WHERE id = @id',
      ),
      touchChat: db.prepare('UPDATE chats SET updated_at = ? WHERE id = ?'),
      deleteChat: db.prepare('DELETE FROM chats WHERE id = ?'),
      insertMessage: db.prepare(
        `INSERT INTO messages (id, chat_id, position, role, content, status, model_path, sampling, created_at, updated_at)
         VALUES (@id, @chat_id, @position, @role, @content, @status, @model_path, @sampling, @created_at, @updated_at)`,
      ),
      getMessage: db.prepare('SELECT * FROM messages WHERE id = ?'),
      listMessages: db.prepare('SELECT * FROM messages WHERE chat_id = ? ORDER BY position'),
      nextPosition: db.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS next FROM messages WHERE chat_id = ?'),
      checkpoint: db.prepare("UPDATE messages SET content = ?, updated_at = ? WHERE id = ? AND status = 'streaming'"),
      finish: db.prepare(
        `UPDATE messages SET content = @content, status = @status, error = @error, prompt_tokens = @prompt_tokens,
           completion_tokens = @completion_tokens, first_token_ms = @first_token_ms, duration_ms = @duration_ms,
           context_size = @context_size, evaluated_tokens = @evaluated_tokens, reused_tokens = @reused_tokens,
           updated_at = @updated_at
         WHERE id = @id`,
      ),
      editContent: db.prepare('UPDATE messages SET content = ?, updated_at = ? WHERE id = ?'),
      deleteFrom: db.prepare('DELETE FROM messages WHERE chat_id = ? AND position >= ?'),
      interrupted: db.prepare(
        "UPDATE messages SET status = 'error', error = @error, updated_at = @updated_at WHERE status = 'streaming'",
      ),
      copyMessage: db.prepare(
        `INSERT INTO messages (id, chat_id, position, role, content, status, error, model_path, sampling, prompt_tokens,
           completion_tokens, first_token_ms, duration_ms, context_size, evaluated_tokens, reused_tokens, created_at, updated_at)
         VALUES (@id, @chat_id, @position, @role, @content, @status, @error, @model_path, @sampling, @prompt_tokens,
           @completion_tokens, @first_token_ms, @duration_ms, @context_size, @evaluated_tokens, @reused_tokens, @created_at, @updated_at)`,
      ),
    };
  }

  createChat(input: { title?: string; systemPrompt?: string; modelPath?: string | null }): ChatSummary {
    const t = this.now();
    const row: ChatRow = {
      id: randomUUID(),
      title: input.title?.trim() || '',
      system_prompt: input.systemPrompt ?? '',
      model_path: input.modelPath ?? null,
      created_at: t,
      updated_at: t,
    };
    this.s.insertChat.run(row);
    return toChat(row);
  }

  getChat(chatId: string): ChatSummary {
    const row = this.s.getChat.get(chatId) as ChatRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No chat with id ${chatId}.`);
    return toChat(row);
  }

  listChats(query?: string): ChatSummary[] {
    const q = query ? toMatchQuery(query) : '';
    const rows = q ? this.s.searchChats.all({ q }) : this.s.listChats.all();
    return (rows as ChatRow[]).map(toChat);
  }

  updateChat(chatId: string, patch: { title?: string; systemPrompt?: string; modelPath?: string | null }): ChatSummary {
    const chat = this.getChat(chatId);
    const row: ChatRow = {
      id: chat.id,
      title: patch.title ?? chat.title,
      system_prompt: patch.systemPrompt ?? chat.systemPrompt,
      model_path: patch.modelPath === undefined ? chat.modelPath : patch.modelPath,
      created_at: chat.createdAt,
      updated_at: this.now(),
    };
    this.s.updateChat.run(row);
    return toChat(row);
  }

  /** A new chat with the same title, system prompt and messages (the original is untouched). */
  duplicateChat(chatId: string, title?: string): ChatSummary {
    const source = this.getChat(chatId);
    return this.db.transaction(() => {
      const copy = this.createChat({ title: title ?? source.title, systemPrompt: source.systemPrompt, modelPath: source.modelPath });
      for (const row of this.s.listMessages.all(chatId) as MessageRow[]) {
        // A reply still being written is copied as it stands, marked stopped.
        const status = row.status === 'streaming' ? 'stopped' : row.status;
        this.s.copyMessage.run({ ...row, id: randomUUID(), chat_id: copy.id, status, updated_at: this.now() });
      }
      return copy;
    })();
  }

  deleteChat(chatId: string): boolean {
    return this.s.deleteChat.run(chatId).changes > 0;
  }

  addMessage(input: NewMessage): Message {
    const t = this.now();
    return this.db.transaction(() => {
      const { next } = this.s.nextPosition.get(input.chatId) as { next: number };
      const row: MessageRow = {
        id: randomUUID(),
        chat_id: input.chatId,
        position: next,
        role: input.role,
        content: input.content,
        status: input.status,
        error: null,
        model_path: input.modelPath ?? null,
        sampling: input.sampling ? JSON.stringify(input.sampling) : null,
        prompt_tokens: null,
        completion_tokens: null,
        first_token_ms: null,
        duration_ms: null,
        context_size: null,
        evaluated_tokens: null,
        reused_tokens: null,
        created_at: t,
        updated_at: t,
      };
      this.s.insertMessage.run(row);
      this.s.touchChat.run(t, input.chatId);
      return toMessage(row);
    })();
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). Never pass async work. */
  inTransaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMessage(messageId: string): Message {
    const row = this.s.getMessage.get(messageId) as MessageRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No message with id ${messageId}.`);
    return toMessage(row);
  }

  listMessages(chatId: string): Message[] {
    return (this.s.listMessages.all(chatId) as MessageRow[]).map(toMessage);
  }

  /** Saves the text a streaming reply has so far; a crash then loses at most one interval. */
  checkpoint(messageId: string, content: string): void {
    this.s.checkpoint.run(content, this.now(), messageId);
  }

  finishReply(messageId: string, reply: FinishedReply): Message {
    this.s.finish.run({
      id: messageId,
      content: reply.content,
      status: reply.status,
      error: reply.error ? JSON.stringify(reply.error) : null,
      prompt_tokens: reply.promptTokens,
      completion_tokens: reply.completionTokens,
      first_token_ms: reply.firstTokenMs,
      duration_ms: reply.durationMs,
      context_size: reply.contextSize,
      evaluated_tokens: reply.evaluatedTokens,
      reused_tokens: reply.reusedTokens,
      updated_at: this.now(),
    });
    return this.getMessage(messageId);
  }

  /** Replaces a message's text and forgets everything after it (edit, regenerate). */
  rewriteFrom(message: Message, content: string | null): void {
    this.db.transaction(() => {
      if (content !== null) this.s.editContent.run(content, this.now(), message.id);
      this.s.deleteFrom.run(message.chatId, message.position + (content === null ? 0 : 1));
    })();
  }

  /** At start-up: replies still "streaming" were cut off by a crash or a forced quit. */
  markInterrupted(error: ErrorPayload): number {
    return this.s.interrupted.run({ error: JSON.stringify(error), updated_at: this.now() }).changes;
  }
}

/**
 * Every word the user typed must appear, as a word or the start of one ("conver" finds
 * "conversación"). Words are quoted so FTS5 syntax in a search never becomes an operator.
 */
export function toMatchQuery(query: string): string {
  return query
    .split(/\s+/)
    .map((word) => word.replace(/"/g, ''))
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => `"${word}"*`)
    .join(' ');
}

function toChat(row: ChatRow): ChatSummary {
  return {
    id: row.id,
    title: row.title,
    systemPrompt: row.system_prompt,
    modelPath: row.model_path,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    chatId: row.chat_id,
    position: row.position,
    role: row.role,
    content: row.content,
    status: row.status,
    error: row.error ? (JSON.parse(row.error) as ErrorPayload) : null,
    modelPath: row.model_path,
    sampling: row.sampling ? (JSON.parse(row.sampling) as SamplingParams) : null,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    firstTokenMs: row.first_token_ms,
    durationMs: row.duration_ms,
    contextSize: row.context_size,
    evaluatedTokens: row.evaluated_tokens,
    reusedTokens: row.reused_tokens,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
