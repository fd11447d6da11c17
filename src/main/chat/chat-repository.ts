import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { ChatMode, ChatSummary, FewShotTurn, Message, MessageRole, MessageStatus, SamplingParams, SearchMatch } from '../../shared/domain';
import { AppError, type ErrorPayload } from '../../shared/errors';
import type { ChatRow, MessageRow, TitleSource } from './chat-rows';
import { searchTerms, snippetOf } from './search-snippet';

export interface NewMessage {
  chatId: string;
  /** The message this one follows; undefined: the end of the branch the chat shows. */
  parentId?: string | null;
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

/** Chats older than this in the trash are deleted for good when Candil starts. */
export const TRASH_DAYS = 30;

/**
 * Chats and messages in SQLite. Every statement is prepared once, when the repository opens.
 * A chat is a tree of messages; what the chat shows is the branch that ends at its `leaf_id`.
 */
export class ChatRepository {
  private readonly s: Record<
    | 'insertChat'
    | 'getChat'
    | 'listChats'
    | 'listTrash'
    | 'searchChats'
    | 'searchMessages'
    | 'updateChat'
    | 'touchChat'
    | 'setLeaf'
    | 'setContextFrom'
    | 'setFirstWordsTitle'
    | 'setGeneratedTitle'
    | 'markShown'
    | 'trashChat'
    | 'restoreChat'
    | 'deleteChat'
    | 'expiredTrash'
    | 'insertMessage'
    | 'getMessage'
    | 'branch'
    | 'branchIds'
    | 'messagesById'
    | 'olderMessages'
    | 'siblings'
    | 'pinnedBefore'
    | 'versionsUnder'
    | 'chatTree'
    | 'latestLeafUnder'
    | 'latestLeaf'
    | 'nextPosition'
    | 'checkpoint'
    | 'reopen'
    | 'finish'
    | 'reparent'
    | 'deleteMessage'
    | 'pinMessage'
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
        `INSERT INTO chats (id, title, title_source, system_prompt, model_path, leaf_id, pinned, deleted_at, mode, few_shot, sampling, created_at, updated_at)
         VALUES (@id, @title, @title_source, @system_prompt, @model_path, @leaf_id, @pinned, @deleted_at, @mode, @few_shot, @sampling, @created_at, @updated_at)`,
      ),
      getChat: db.prepare('SELECT * FROM chats WHERE id = ?'),
      listChats: db.prepare('SELECT * FROM chats WHERE deleted_at IS NULL ORDER BY pinned DESC, updated_at DESC, created_at DESC'),
      listTrash: db.prepare('SELECT * FROM chats WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC'),
      searchChats: db.prepare(
        `SELECT * FROM chats WHERE deleted_at IS NULL AND (
           id IN (SELECT k.chat_id FROM chats_fts f JOIN chat_fts_keys k ON k.fts_rowid = f.rowid WHERE chats_fts MATCH @q)
           OR id IN (SELECT k.chat_id FROM messages_fts f JOIN message_fts_keys k ON k.fts_rowid = f.rowid WHERE messages_fts MATCH @q))
         ORDER BY pinned DESC, updated_at DESC`,
      ),
      // The latest matching message of each chat: ranking every match (bm25) to pick the best
      // cost 60–80 ms for a common word in 100,000 messages; this walks the matches once.
      searchMessages: db.prepare(
        `SELECT g.chat_id AS chatId, k.message_id AS messageId, m.content AS content
         FROM (SELECT k.chat_id, max(f.rowid) AS fts_rowid FROM messages_fts f JOIN message_fts_keys k ON k.fts_rowid = f.rowid
               WHERE messages_fts MATCH @q GROUP BY k.chat_id) g
         JOIN chats c ON c.id = g.chat_id JOIN message_fts_keys k ON k.fts_rowid = g.fts_rowid JOIN messages m ON m.id = k.message_id
         WHERE c.deleted_at IS NULL`,
      ),
      updateChat: db.prepare(
        `UPDATE chats SET title = @title, title_source = @title_source, system_prompt = @system_prompt, model_path = @model_path, pinned = @pinned, few_shot = @few_shot,
           sampling = @sampling, updated_at = @updated_at WHERE id = @id`,
      ),
      touchChat: db.prepare('UPDATE chats SET updated_at = ? WHERE id = ?'),
      setLeaf: db.prepare('UPDATE chats SET leaf_id = ? WHERE id = ?'),
      setContextFrom: db.prepare('UPDATE chats SET context_from_id = ? WHERE id = ?'),
      // Guarded in SQL: a title the user typed meanwhile is never replaced.
      setFirstWordsTitle: db.prepare("UPDATE chats SET title = @title, title_source = 'auto' WHERE id = @id AND title = ''"),
      setGeneratedTitle: db.prepare(
        "UPDATE chats SET title = COALESCE(@title, title), title_source = 'generated' WHERE id = @id AND title_source = 'auto'",
      ),
      markShown: db.prepare('UPDATE messages SET shown_at = ? WHERE id = ?'),
      trashChat: db.prepare('UPDATE chats SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
      restoreChat: db.prepare('UPDATE chats SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL'),
      deleteChat: db.prepare('DELETE FROM chats WHERE id = ?'),
      expiredTrash: db.prepare('SELECT id FROM chats WHERE deleted_at IS NOT NULL AND deleted_at < ?'),
      insertMessage: db.prepare(
        `INSERT INTO messages (id, chat_id, parent_id, position, role, content, status, model_path, sampling, created_at, updated_at)
         VALUES (@id, @chat_id, @parent_id, @position, @role, @content, @status, @model_path, @sampling, @created_at, @updated_at)`,
      ),
      getMessage: db.prepare('SELECT * FROM messages WHERE id = ?'),
      // From the leaf up to the first message, by primary key: the cost is the branch's length.
      branch: db.prepare(
        `WITH RECURSIVE up(id) AS (
           SELECT leaf_id FROM chats WHERE id = @chatId
           UNION ALL SELECT m.parent_id FROM messages m JOIN up ON m.id = up.id WHERE m.parent_id IS NOT NULL
         )
         SELECT m.* FROM messages m JOIN up ON m.id = up.id ORDER BY m.position`,
      ),
      siblings: db.prepare('SELECT id FROM messages WHERE chat_id = @chatId AND parent_id IS @parentId ORDER BY position'),
      // Ids only, leaf first: cheap enough to walk a branch of thousands to pick a page of it.
      branchIds: db
        .prepare(
          `WITH RECURSIVE up(id) AS (
             SELECT leaf_id FROM chats WHERE id = @chatId
             UNION ALL SELECT m.parent_id FROM messages m JOIN up ON m.id = up.id WHERE m.parent_id IS NOT NULL
           )
           SELECT id FROM up WHERE id IS NOT NULL`,
        )
        .pluck(),
      messagesById: db.prepare('SELECT * FROM messages WHERE id IN (SELECT value FROM json_each(?)) ORDER BY position'),
      // Up from the message before `beforeId`, at most @limit: what precedes it where the window shows it.
      olderMessages: db.prepare(
        `WITH RECURSIVE up(id, n) AS (
           SELECT parent_id, 1 FROM messages WHERE id = @beforeId AND chat_id = @chatId AND parent_id IS NOT NULL
           UNION ALL SELECT m.parent_id, n + 1 FROM messages m JOIN up ON m.id = up.id WHERE m.parent_id IS NOT NULL AND n < @limit
         )
         SELECT m.* FROM messages m JOIN up ON m.id = up.id ORDER BY m.position`,
      ),
      pinnedBefore: db
        .prepare(
          `WITH RECURSIVE up(id) AS (
             SELECT parent_id FROM messages WHERE id = ? AND parent_id IS NOT NULL
             UNION ALL SELECT m.parent_id FROM messages m JOIN up ON m.id = up.id WHERE m.parent_id IS NOT NULL
           )
           SELECT EXISTS (SELECT 1 FROM messages m JOIN up ON m.id = up.id WHERE m.pinned = 1)`,
        )
        .pluck(),
      chatTree: db.prepare('SELECT id, parent_id FROM messages WHERE chat_id = ? ORDER BY position'),
      // The versions of a set of messages: every message under the same parents (by the parent index).
      versionsUnder: db.prepare(
        `SELECT id, parent_id FROM messages WHERE chat_id = @chatId
           AND (parent_id IN (SELECT value FROM json_each(@parents)) OR (@roots = 1 AND parent_id IS NULL))
         ORDER BY position`,
      ),
      latestLeafUnder: db.prepare(
        `WITH RECURSIVE down(id) AS (
           SELECT @messageId UNION ALL SELECT m.id FROM messages m JOIN down ON m.parent_id = down.id
         )
         SELECT m.id FROM messages m JOIN down ON m.id = down.id
         WHERE NOT EXISTS (SELECT 1 FROM messages c WHERE c.parent_id = m.id)
         ORDER BY m.shown_at DESC, m.position DESC LIMIT 1`,
      ),
      latestLeaf: db.prepare(
        `SELECT m.id FROM messages m WHERE m.chat_id = ? AND NOT EXISTS (SELECT 1 FROM messages c WHERE c.parent_id = m.id)
         ORDER BY m.position DESC LIMIT 1`,
      ),
      nextPosition: db.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS next FROM messages WHERE chat_id = ?'),
      checkpoint: db.prepare("UPDATE messages SET content = ?, updated_at = ? WHERE id = ? AND status = 'streaming'"),
      reopen: db.prepare("UPDATE messages SET status = 'streaming', error = NULL, updated_at = ? WHERE id = ?"),
      finish: db.prepare(
        `UPDATE messages SET content = @content, status = @status, error = @error, prompt_tokens = @prompt_tokens,
           completion_tokens = @completion_tokens, first_token_ms = @first_token_ms, duration_ms = @duration_ms,
           context_size = @context_size, evaluated_tokens = @evaluated_tokens, reused_tokens = @reused_tokens,
           updated_at = @updated_at
         WHERE id = @id`,
      ),
      reparent: db.prepare('UPDATE messages SET parent_id = @to WHERE chat_id = @chatId AND parent_id = @from'),
      deleteMessage: db.prepare('DELETE FROM messages WHERE id = ?'),
      pinMessage: db.prepare('UPDATE messages SET pinned = ? WHERE id = ?'),
      interrupted: db.prepare(
        "UPDATE messages SET status = 'error', error = @error, updated_at = @updated_at WHERE status = 'streaming'",
      ),
      copyMessage: db.prepare(
        `INSERT INTO messages (id, chat_id, parent_id, position, role, content, status, error, model_path, sampling, prompt_tokens,
           completion_tokens, first_token_ms, duration_ms, context_size, evaluated_tokens, reused_tokens, pinned, created_at, updated_at)
         VALUES (@id, @chat_id, @parent_id, @position, @role, @content, @status, @error, @model_path, @sampling, @prompt_tokens,
           @completion_tokens, @first_token_ms, @duration_ms, @context_size, @evaluated_tokens, @reused_tokens, @pinned, @created_at, @updated_at)`,
      ),
    };
  }

  createChat(input: {
    title?: string;
    systemPrompt?: string;
    modelPath?: string | null;
    mode?: ChatMode;
    fewShot?: FewShotTurn[];
    sampling?: Partial<SamplingParams>;
  }): ChatSummary {
    const t = this.now();
    const row: ChatRow = {
      id: randomUUID(),
      title: input.title?.trim() || '',
      // A chat given a name at creation keeps it; an unnamed one is named from its first exchange.
      title_source: input.title?.trim() ? 'user' : 'auto',
      system_prompt: input.systemPrompt ?? '',
      model_path: input.modelPath ?? null,
      leaf_id: null,
      pinned: 0,
      deleted_at: null,
      mode: input.mode ?? 'chat',
      few_shot: JSON.stringify(input.fewShot ?? []),
      sampling: JSON.stringify(input.sampling ?? {}),
      context_from_id: null,
      created_at: t,
      updated_at: t,
    };
    this.s.insertChat.run(row);
    return toChat(row);
  }

  /** A chat, in the trash or not. */
  getChat(chatId: string): ChatSummary {
    return toChat(this.chatRow(chatId));
  }

  listChats(query?: string): ChatSummary[] {
    const q = query ? toMatchQuery(query) : '';
    const rows = q ? this.s.searchChats.all({ q }) : this.s.listChats.all();
    return (rows as ChatRow[]).map(toChat);
  }

  /** The latest matching message of each chat, with the words found marked (see `SEARCH_MARK`). */
  searchMessages(query: string): SearchMatch[] {
    const q = toMatchQuery(query);
    if (!q) return [];
    const terms = searchTerms(query);
    return (this.s.searchMessages.all({ q }) as { chatId: string; messageId: string; content: string }[]).map(({ chatId, messageId, content }) => ({
      chatId,
      messageId,
      snippet: snippetOf(content, terms),
    }));
  }

  listTrash(): ChatSummary[] {
    return (this.s.listTrash.all() as ChatRow[]).map(toChat);
  }

  updateChat(
    chatId: string,
    patch: { title?: string; systemPrompt?: string; modelPath?: string | null; pinned?: boolean; fewShot?: FewShotTurn[]; sampling?: Partial<SamplingParams> },
  ): ChatSummary {
    const row = this.chatRow(chatId);
    const updated: ChatRow = {
      ...row,
      title: patch.title ?? row.title,
      title_source: patch.title === undefined ? row.title_source : 'user',
      system_prompt: patch.systemPrompt ?? row.system_prompt,
      model_path: patch.modelPath === undefined ? row.model_path : patch.modelPath,
      pinned: patch.pinned === undefined ? row.pinned : Number(patch.pinned),
      few_shot: patch.fewShot === undefined ? row.few_shot : JSON.stringify(patch.fewShot),
      sampling: patch.sampling === undefined ? row.sampling : JSON.stringify(patch.sampling),
      updated_at: this.now(),
    };
    this.s.updateChat.run(updated);
    return toChat(updated);
  }

  /** Names an unnamed chat after its first message (`auto`: the model may name it later). */
  setFirstWordsTitle(chatId: string, title: string): void {
    this.s.setFirstWordsTitle.run({ id: chatId, title });
  }

  /**
   * The model's name for the chat (null: it gave none; the first words stay), unless the user
   * named it meanwhile; false when nothing was written. The chat keeps its place in the list.
   */
  setGeneratedTitle(chatId: string, title: string | null): boolean {
    return this.s.setGeneratedTitle.run({ id: chatId, title }).changes > 0;
  }

  titleSource(chatId: string): TitleSource {
    return this.chatRow(chatId).title_source;
  }

  /** A new chat with the same title, system prompt and the branch the original shows (which is untouched). */
  duplicateChat(chatId: string, title?: string): ChatSummary {
    const source = this.getChat(chatId);
    return this.db.transaction(() => {
      const copy = this.createChat({
        title: title ?? source.title,
        systemPrompt: source.systemPrompt,
        modelPath: source.modelPath,
        mode: source.mode,
        fewShot: source.fewShot,
        sampling: source.sampling,
      });
      let parentId: string | null = null;
      let position = 0;
      for (const row of this.s.branch.all({ chatId }) as MessageRow[]) {
        const id = randomUUID();
        // A reply still being written is copied as it stands, marked stopped.
        const status = row.status === 'streaming' ? 'stopped' : row.status;
        this.s.copyMessage.run({ ...row, id, chat_id: copy.id, parent_id: parentId, position, status, updated_at: this.now() });
        parentId = id;
        position += 1;
      }
      this.setLeaf(copy.id, parentId);
      return this.getChat(copy.id);
    })();
  }

  /** Moves a chat to the trash; it keeps everything and can be restored for TRASH_DAYS days. */
  trashChat(chatId: string): boolean {
    return this.s.trashChat.run(this.now(), chatId).changes > 0;
  }

  restoreChat(chatId: string): ChatSummary {
    this.chatRow(chatId);
    this.s.restoreChat.run(chatId);
    return this.getChat(chatId);
  }

  /** Deletes a chat for good, with its messages. */
  deleteChat(chatId: string): boolean {
    return this.s.deleteChat.run(chatId).changes > 0;
  }

  /** Chats that have been in the trash longer than TRASH_DAYS. */
  expiredTrash(): string[] {
    const cutoff = this.now() - TRASH_DAYS * 24 * 60 * 60 * 1000;
    return (this.s.expiredTrash.all(cutoff) as { id: string }[]).map((r) => r.id);
  }

  /** Adds a message after `parentId` (default: the end of the shown branch) and shows its branch. */
  addMessage(input: NewMessage): Message {
    const t = this.now();
    return this.db.transaction(() => {
      const chat = this.chatRow(input.chatId);
      const { next } = this.s.nextPosition.get(input.chatId) as { next: number };
      const row: MessageRow = {
        id: randomUUID(),
        chat_id: input.chatId,
        parent_id: input.parentId === undefined ? chat.leaf_id : input.parentId,
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
        pinned: 0,
        created_at: t,
        updated_at: t,
      };
      this.s.insertMessage.run(row);
      this.setLeaf(input.chatId, row.id);
      this.s.touchChat.run(t, input.chatId);
      return this.withVersions(row);
    })();
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). Never pass async work. */
  inTransaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMessage(messageId: string): Message {
    return this.withVersions(this.messageRow(messageId));
  }

  /** The branch the chat shows, first message first, each with the versions next to it. */
  listMessages(chatId: string): Message[] {
    // The whole branch: the chat's whole tree in one read is cheaper than asking by parent (5,000 messages: 2 ms against 20).
    return attachVersions(this.s.branch.all({ chatId }) as MessageRow[], this.s.chatTree.all(chatId) as TreeRow[]);
  }

  /**
   * The end of the branch the chat shows: from `from` on when it is on the branch (so a window
   * keeps what it had loaded) and `before` more, and at least the last `limit` messages.
   */
  listLatestMessages(chatId: string, limit: number, from?: string, before = 0): Message[] {
    this.chatRow(chatId);
    // Leaf first: the end of the branch is the start of the list.
    const ids = this.s.branchIds.all({ chatId }) as string[];
    const at = from === undefined ? -1 : ids.indexOf(from);
    const count = Math.max(limit, at < 0 ? 0 : at + 1 + before);
    return this.withVersionsOf(chatId, this.s.messagesById.all(JSON.stringify(ids.slice(0, count))) as MessageRow[]);
  }

  /** Whether a message before this one on its branch is pinned (still sent above a context cut). */
  hasPinnedBefore(messageId: string): boolean {
    return this.s.pinnedBefore.get(messageId) === 1;
  }

  /** Up to `limit` messages that precede `beforeId` on its branch, first message first. */
  listOlderMessages(chatId: string, beforeId: string, limit: number): Message[] {
    return this.withVersionsOf(chatId, this.s.olderMessages.all({ chatId, beforeId, limit }) as MessageRow[]);
  }

  /** The model is sent the shown branch from `messageId` on (null: all of it). */
  setContextFrom(chatId: string, messageId: string | null): ChatSummary {
    this.chatRow(chatId);
    this.s.setContextFrom.run(messageId, chatId);
    return this.getChat(chatId);
  }

  /** The shown branch ends at `messageId` (null: nothing shown, before a new first message). */
  endBranchAt(chatId: string, messageId: string | null): void {
    this.setLeaf(chatId, messageId);
  }

  /** Shows the branch through `messageId`: down to the branch last shown under it (or the newest). */
  showBranch(messageId: string): void {
    const message = this.messageRow(messageId);
    const leaf = this.s.latestLeafUnder.get({ messageId }) as { id: string } | undefined;
    this.setLeaf(message.chat_id, leaf?.id ?? message.id);
  }

  /**
   * Removes one message; what followed it now follows its parent, so the rest of every branch
   * through it is kept. The chat keeps showing the same branch, without that message.
   */
  deleteMessage(messageId: string): void {
    const message = this.messageRow(messageId);
    this.db.transaction(() => {
      const chat = this.chatRow(message.chat_id);
      this.s.reparent.run({ chatId: message.chat_id, from: message.id, to: message.parent_id });
      this.s.deleteMessage.run(message.id);
      if (chat.leaf_id === message.id) {
        // The shown branch ended here: it now ends at the parent, or, when the first message of
        // the chat went, at the newest message left.
        const leaf = message.parent_id ?? (this.s.latestLeaf.get(message.chat_id) as { id: string } | undefined)?.id ?? null;
        this.setLeaf(message.chat_id, leaf);
      }
      this.s.touchChat.run(this.now(), message.chat_id);
    })();
  }

  /** A pinned message is still sent, with its turn partner, when older turns are dropped. */
  pinMessage(messageId: string, pinned: boolean): Message {
    const message = this.messageRow(messageId);
    this.db.transaction(() => {
      this.s.pinMessage.run(Number(pinned), messageId);
      // What the chat sends changed, as when a message is deleted.
      this.s.touchChat.run(this.now(), message.chat_id);
    })();
    return this.getMessage(messageId);
  }

  /** Saves the text a streaming reply has so far; a crash then loses at most one interval. */
  checkpoint(messageId: string, content: string): void {
    this.s.checkpoint.run(content, this.now(), messageId);
  }

  /** A reply that is being continued is streaming again until it ends. */
  reopenReply(messageId: string): Message {
    this.s.reopen.run(this.now(), messageId);
    return this.getMessage(messageId);
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

  /** At start-up: replies still "streaming" were cut off by a crash or a forced quit. */
  markInterrupted(error: ErrorPayload): number {
    return this.s.interrupted.run({ error: JSON.stringify(error), updated_at: this.now() }).changes;
  }

  private setLeaf(chatId: string, messageId: string | null): void {
    this.s.setLeaf.run(messageId, chatId);
    if (messageId !== null) this.s.markShown.run(this.now(), messageId);
  }

  private chatRow(chatId: string): ChatRow {
    const row = this.s.getChat.get(chatId) as ChatRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No chat with id ${chatId}.`, { reason: 'noChat', id: chatId });
    return row;
  }

  private messageRow(messageId: string): MessageRow {
    const row = this.s.getMessage.get(messageId) as MessageRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No message with id ${messageId}.`, { reason: 'noMessage', id: messageId });
    return row;
  }

  /** A page of a branch, with the versions of its messages (every message under the same parents). */
  private withVersionsOf(chatId: string, rows: MessageRow[]): Message[] {
    if (rows.length === 0) return [];
    const parents = rows.flatMap((r) => (r.parent_id === null ? [] : [r.parent_id]));
    const roots = rows.some((r) => r.parent_id === null) ? 1 : 0;
    return attachVersions(rows, this.s.versionsUnder.all({ chatId, parents: JSON.stringify(parents), roots }) as TreeRow[]);
  }

  private withVersions(row: MessageRow): Message {
    const ids = (this.s.siblings.all({ chatId: row.chat_id, parentId: row.parent_id }) as { id: string }[]).map((r) => r.id);
    return toMessage(row, ids);
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

type TreeRow = { id: string; parent_id: string | null };

/** Each message with the ids of its versions, found among `tree` (rows in position order). */
function attachVersions(rows: MessageRow[], tree: TreeRow[]): Message[] {
  const byParent = new Map<string | null, string[]>();
  for (const { id, parent_id } of tree) {
    const list = byParent.get(parent_id);
    if (list) list.push(id);
    else byParent.set(parent_id, [id]);
  }
  return rows.map((row) => toMessage(row, byParent.get(row.parent_id) ?? [row.id]));
}

function toChat(row: ChatRow): ChatSummary {
  return {
    id: row.id,
    title: row.title,
    systemPrompt: row.system_prompt,
    modelPath: row.model_path,
    pinned: row.pinned === 1,
    deletedAt: row.deleted_at,
    mode: row.mode,
    fewShot: JSON.parse(row.few_shot) as FewShotTurn[],
    sampling: JSON.parse(row.sampling) as Partial<SamplingParams>,
    contextFromId: row.context_from_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toMessage(row: MessageRow, versionIds: string[]): Message {
  return {
    id: row.id,
    chatId: row.chat_id,
    parentId: row.parent_id,
    versionIds,
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
    pinned: row.pinned === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
