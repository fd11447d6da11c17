import type { Database, Statement } from 'better-sqlite3';
import { CHAT_ARCHIVE_FORMAT, CHAT_ARCHIVE_VERSION, type ArchivedChat, type ArchivedMessage, type ChatArchive } from '../../shared/chat-archive';
import type { ExportedFile, ExportFormat } from '../../shared/chat-transfer';
import { isErrorPayload } from '../../shared/errors';
import { fewShotSchema, samplingSchema } from '../../shared/ipc-contract';
import { AppError } from '../../shared/errors';
import type { ChatRow, MessageRow } from './chat-rows';
import { chatToMarkdown, chatsToMarkdown, type MarkdownLanguage } from './chat-markdown';

/**
 * Writes chats as Candil JSON v1 or as Markdown. Two statements whatever the size of the
 * history (the chats, then all their messages in one ordered scan), never one per chat or message.
 */
export class ChatExporter {
  private readonly s: Record<'chat' | 'chats' | 'chatMessages' | 'allMessages', Statement>;

  constructor(
    db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.s = {
      chat: db.prepare('SELECT * FROM chats WHERE id = ?'),
      chats: db.prepare('SELECT * FROM chats WHERE deleted_at IS NULL ORDER BY pinned DESC, updated_at DESC, created_at DESC'),
      chatMessages: db.prepare('SELECT * FROM messages WHERE chat_id = ? ORDER BY position'),
      allMessages: db.prepare(
        'SELECT m.* FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.deleted_at IS NULL ORDER BY m.chat_id, m.position',
      ),
    };
  }

  /** One chat (even from the trash), or every chat that is not in the trash. */
  archive(chatId?: string): ChatArchive {
    let chats: ChatRow[];
    let messages: Iterable<MessageRow>;
    if (chatId === undefined) {
      chats = this.s.chats.all() as ChatRow[];
      messages = this.s.allMessages.iterate() as Iterable<MessageRow>;
    } else {
      const row = this.s.chat.get(chatId) as ChatRow | undefined;
      if (!row) throw new AppError('NOT_FOUND', `No chat with id ${chatId}.`, { reason: 'noChat', id: chatId });
      chats = [row];
      messages = this.s.chatMessages.iterate(chatId) as Iterable<MessageRow>;
    }
    const byChat = new Map<string, ArchivedMessage[]>(chats.map((c) => [c.id, []]));
    for (const row of messages) byChat.get(row.chat_id)?.push(toArchivedMessage(row));
    return {
      format: CHAT_ARCHIVE_FORMAT,
      version: CHAT_ARCHIVE_VERSION,
      exportedAt: this.now().toISOString(),
      chats: chats.map((row) => toArchivedChat(row, byChat.get(row.id) ?? [])),
    };
  }

  export(input: { chatId?: string; format: ExportFormat; language?: MarkdownLanguage }): ExportedFile {
    const archive = this.archive(input.chatId);
    const date = archive.exportedAt.slice(0, 10);
    const single = input.chatId !== undefined ? archive.chats[0] : undefined;
    const base = single ? fileBase(single.title) : `candil-chats-${date}`;
    if (input.format === 'json') {
      return { fileName: `${base}.json`, mimeType: 'application/json', text: `${JSON.stringify(archive, null, 2)}\n` };
    }
    const language = input.language ?? 'en';
    const text = single ? chatToMarkdown(single, language) : chatsToMarkdown(archive.chats, date, language);
    return { fileName: `${base}.md`, mimeType: 'text/markdown', text };
  }
}

function toArchivedChat(row: ChatRow, messages: ArchivedMessage[]): ArchivedChat {
  return {
    id: row.id,
    // Titles are short in the app; the format's limit must hold whatever an older version stored.
    title: row.title.slice(0, 1000),
    systemPrompt: row.system_prompt.slice(0, 100_000),
    mode: row.mode,
    pinned: row.pinned === 1,
    modelPath: row.model_path,
    fewShot: fewShotSchema.catch([]).parse(parseJson(row.few_shot)),
    sampling: samplingSchema.partial().strict().catch({}).parse(parseJson(row.sampling)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    leafId: row.leaf_id,
    messages,
  };
}

function toArchivedMessage(row: MessageRow): ArchivedMessage {
  return {
    id: row.id,
    parentId: row.parent_id,
    role: row.role,
    content: row.content,
    // A reply still being written is exported as it stands, like a stopped one.
    status: row.status === 'streaming' ? 'stopped' : row.status,
    error: storedError(row.error),
    modelPath: row.model_path,
    sampling: storedSampling(row.sampling),
    ...(row.pinned === 1 ? { pinned: true } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    stats: {
      promptTokens: row.prompt_tokens,
      completionTokens: row.completion_tokens,
      firstTokenMs: row.first_token_ms,
      durationMs: row.duration_ms,
      contextSize: row.context_size,
      evaluatedTokens: row.evaluated_tokens,
      reusedTokens: row.reused_tokens,
    },
  };
}

/** What an older version stored may not fit today's schema; it is left out, so the file still imports. */
function storedError(text: string | null): ArchivedMessage['error'] {
  const parsed = parseJson(text);
  if (!isErrorPayload(parsed)) return null;
  const { code, message, params } = parsed;
  const fits = params && Object.entries(params).every(([key, value]) => key.length <= 100 && (typeof value === 'number' || value.length <= 10_000));
  return fits ? { code, message: message.slice(0, 10_000), params } : { code, message: message.slice(0, 10_000) };
}

function storedSampling(text: string | null): ArchivedMessage['sampling'] {
  const parsed = samplingSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A file name that every file system accepts, from the chat's title. */
export function fileBase(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug ? `candil-${slug}` : 'candil-chat';
}
