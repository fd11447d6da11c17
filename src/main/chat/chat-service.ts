import { randomUUID } from 'node:crypto';
import { MESSAGE_PAGE, type ChatSummary, type ChatWithMessages, type ContextMeasure, type GenerationStats, type Message, type SamplingParams, type Settings } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { SendResult } from '../../shared/ipc-contract';
import type { GenerateParams, GenerateResult, HistoryTurn } from '../../shared/worker-protocol';
import type { EventBus } from '../api/event-bus';
import type { GenerationQueue } from '../inference/generation-queue';
import type { InferenceClient } from '../inference/inference-client';
import { effectiveSettings, loadParamsFor } from '../settings/effective-settings';
import type { SettingsStore } from '../settings/settings-store';
import type { RemoteChatResult } from '../remote/remote-client';
import type { RemoteServers } from '../remote/remote-servers';
import { parseModelRef } from '../../shared/model-ref';
import type { ChatRepository, FinishedReply } from './chat-repository';
import { ChatNamer } from './chat-namer';
import { titleFrom } from './chat-title';
import { ReplyStream } from './reply-stream';
import { sentMessages } from './sent-messages';

export interface ChatServiceOptions {
  repo: ChatRepository;
  settings: SettingsStore;
  inference: InferenceClient;
  queue: GenerationQueue;
  remote: RemoteServers;
  events: EventBus;
  /** Whether the model file ships a chat template (models without one are base models: they continue text, not follow requests). */
  hasChatTemplate?: (modelPath: string) => Promise<boolean>;
  checkpointMs?: number;
  deltaIntervalMs?: number;
}

interface ActiveReply {
  requestId: string;
  chatId: string;
  messageId: string;
  /** 0 while generating, 1… while waiting in the queue. */
  position: number;
  stopRequested: boolean;
  cancel: () => void;
  finished: Promise<void>;
}

const SUMMARY_TOKENS = 512;
const SUMMARY_INSTRUCTIONS =
  'Summarize the conversation you are given for someone who will continue it: who is talking about what, the facts, names, numbers, decisions and open questions. Write in the language of the conversation, in a few short paragraphs.';

/** Stand-ins for what a new chat and an unsent message are, to measure them like the real ones. */
const EMPTY_CHAT: ChatSummary = {
  id: 'draft',
  title: '',
  systemPrompt: '',
  modelPath: null,
  pinned: false,
  deletedAt: null,
  mode: 'chat',
  fewShot: [],
  sampling: {},
  contextFromId: null,
  createdAt: 0,
  updatedAt: 0,
};
const DRAFT_MESSAGE: Message = {
  id: 'draft',
  chatId: 'draft',
  parentId: null,
  versionIds: ['draft'],
  position: Number.MAX_SAFE_INTEGER,
  role: 'user',
  content: '',
  status: 'done',
  error: null,
  modelPath: null,
  sampling: null,
  promptTokens: null,
  completionTokens: null,
  firstTokenMs: null,
  durationMs: null,
  contextSize: null,
  evaluatedTokens: null,
  reusedTokens: null,
  pinned: false,
  createdAt: 0,
  updatedAt: 0,
};

/** Without the model's tokenizer at hand: about four characters a token, as most vocabularies. */
function estimateTokens(params: GenerateParams): number {
  const text = params.kind === 'completion' ? params.prompt : params.systemPrompt + params.history.map((t) => t.text).join('');
  const turns = params.kind === 'chat' ? params.history.length : 0;
  return Math.ceil(text.length / 4) + turns * 4 + 8;
}

/**
 * Turns "send a message" into a stored exchange and a streamed reply. The reply is written to
 * SQLite when it starts, at checkpoints while it streams, and when it ends — never per token.
 */
export class ChatService {
  /** Replies on their way, keyed by request id; at most one per chat. */
  private readonly active = new Map<string, ActiveReply>();
  private readonly namer: ChatNamer;

  constructor(private readonly o: ChatServiceOptions) {
    this.namer = new ChatNamer(o);
    const interrupted = o.repo.markInterrupted({
      code: 'GENERATION_FAILED',
      message: 'Candil closed before this reply finished; the text up to that moment was kept.',
      params: { reason: 'interrupted' },
    });
    if (interrupted > 0) console.warn(`[candil] marked ${interrupted} interrupted repl${interrupted === 1 ? 'y' : 'ies'}`);
  }

  get hasActiveReplies(): boolean {
    return this.active.size > 0;
  }

  /**
   * The chat with the end of its shown branch: the last `MESSAGE_PAGE` messages, or from `from` on
   * when the window had loaded back to there, with `before` more above it (older ones come
   * through `olderMessages`).
   */
  getChat(chatId: string, from?: string, before = 0): ChatWithMessages {
    const messages = this.o.repo.listLatestMessages(chatId, MESSAGE_PAGE, from, before);
    const last = messages.findLast((m) => m.role === 'assistant' && m.contextSize !== null && m.promptTokens !== null);
    const context = last ? { used: (last.promptTokens ?? 0) + (last.completionTokens ?? 0), size: last.contextSize ?? 0 } : null;
    const reply = this.activeIn(chatId);
    const active = reply ? { requestId: reply.requestId, messageId: reply.messageId, position: reply.position } : null;
    const chat = this.o.repo.getChat(chatId);
    const pinnedBeforeCut = chat.contextFromId !== null && this.o.repo.hasPinnedBefore(chat.contextFromId);
    return { chat, messages, context, active, pinnedBeforeCut };
  }

  /** The messages before `beforeId` on its branch, for a window scrolling up a long chat. */
  olderMessages(chatId: string, beforeId: string, limit: number): Message[] {
    return this.o.repo.listOlderMessages(chatId, beforeId, limit);
  }

  // Each change below checks everything that can refuse it first, then writes the user's side
  // and the new reply in one transaction: a refused request leaves the history as it was.

  send(chatId: string, content: string): SendResult {
    this.assertIdle(chatId);
    const modelPath = this.requireModel(chatId);
    const chat = this.o.repo.getChat(chatId);
    if (chat.deletedAt !== null) throw new AppError('BAD_REQUEST', 'This chat is in the trash; restore it to write in it.', { reason: 'chatInTrash' });
    return this.o.repo.inTransaction(() => {
      const userMessage = this.o.repo.addMessage({ chatId, role: 'user', content, status: 'done' });
      if (!chat.title) this.o.repo.setFirstWordsTitle(chatId, titleFrom(content));
      return { ...this.startReply(chatId, modelPath), userMessage };
    });
  }

  /** A new version of the last reply, to the same question; the earlier versions stay reachable. */
  regenerate(chatId: string): SendResult {
    this.assertIdle(chatId);
    const modelPath = this.requireModel(chatId);
    const last = this.o.repo.listMessages(chatId).at(-1);
    if (!last) throw new AppError('BAD_REQUEST', 'This chat has no message to answer.', { reason: 'nothingToAnswer' });
    return this.o.repo.inTransaction(() => {
      if (last.role === 'assistant') {
        // A reply that failed or was stopped before its first word is not worth keeping as a version.
        if (last.content === '' && last.status !== 'done') this.o.repo.deleteMessage(last.id);
        else this.o.repo.endBranchAt(chatId, last.parentId);
      }
      return { ...this.startReply(chatId, modelPath), userMessage: null };
    });
  }

  /** A new version of one of the user's messages, answered again; the earlier branch stays reachable. */
  edit(messageId: string, content: string): SendResult {
    const message = this.o.repo.getMessage(messageId);
    this.assertIdle(message.chatId);
    const modelPath = this.requireModel(message.chatId);
    if (message.role !== 'user') throw new AppError('BAD_REQUEST', 'Only your own messages can be edited.', { reason: 'editOwnOnly' });
    return this.o.repo.inTransaction(() => {
      this.o.repo.endBranchAt(message.chatId, message.parentId);
      const userMessage = this.o.repo.addMessage({ chatId: message.chatId, parentId: message.parentId, role: 'user', content, status: 'done' });
      return { ...this.startReply(message.chatId, modelPath), userMessage };
    });
  }

  /** Goes on writing the last reply where it stopped (its token limit, Stop, or an error). */
  continueReply(chatId: string): SendResult {
    this.assertIdle(chatId);
    const modelPath = this.requireModel(chatId);
    const last = this.o.repo.listMessages(chatId).at(-1);
    if (!last || last.role !== 'assistant' || last.content === '') throw new AppError('BAD_REQUEST', 'There is no reply to continue in this chat.', { reason: 'nothingToContinue' });
    // OpenAI-compatible servers answer a conversation; they cannot be asked to finish a reply.
    if (parseModelRef(modelPath).kind === 'remote') throw new AppError('BAD_REQUEST', 'Replies from a remote server cannot be continued; regenerate it instead.', { reason: 'remoteContinue' });
    return this.o.repo.inTransaction(() => ({ ...this.startReply(chatId, modelPath, last), userMessage: null }));
  }

  /** Shows the branch that goes through `messageId` (the arrows between versions). */
  showVersion(messageId: string, from?: string): ChatWithMessages {
    const message = this.o.repo.getMessage(messageId);
    this.assertNotWriting(message.chatId);
    this.o.repo.showBranch(messageId);
    return this.getChat(message.chatId, from);
  }

  /** Pinned messages are still sent, with their turn partners, when the oldest turns are dropped. */
  pinMessage(messageId: string, pinned: boolean, from?: string): ChatWithMessages {
    const message = this.o.repo.pinMessage(messageId, pinned);
    return this.getChat(message.chatId, from);
  }

  /** Deletes one message; what followed it stays, after the message before it. */
  deleteMessage(messageId: string, from?: string): ChatWithMessages {
    const message = this.o.repo.getMessage(messageId);
    this.assertNotWriting(message.chatId);
    this.o.repo.deleteMessage(messageId);
    return this.getChat(message.chatId, from);
  }

  /**
   * How much of the window the next message would take: measured with the loaded model's
   * tokenizer and template when the chosen model is loaded, estimated from the text otherwise.
   * `chatId` null: a new chat with nothing in it yet.
   */
  async measure(chatId: string | null, draft: string): Promise<ContextMeasure> {
    const modelPath = this.o.settings.get().selectedModelPath;
    if (!modelPath) throw new AppError('NO_MODEL', 'Choose a model before sending a message.', { reason: 'chooseModel' });
    const chat = chatId ? this.o.repo.getChat(chatId) : null;
    const history = chatId ? this.o.repo.listMessages(chatId) : [];
    return this.measureTurns(chat, history, draft, modelPath);
  }

  /**
   * Stops sending the oldest turns of the shown branch, just enough for the next message and
   * its reply to fit. The system prompt and the examples always stay; the turns stay in the chat.
   */
  async dropOldest(chatId: string, draft: string, from?: string): Promise<ChatWithMessages> {
    this.assertNotWriting(chatId);
    const modelPath = this.requireModel(chatId);
    const chat = this.o.repo.getChat(chatId);
    const history = this.o.repo.listMessages(chatId);
    // Cut only before one of the user's messages, so every turn sent starts with a question.
    const starts = history.map((m, i) => (m.role === 'user' ? i : -1)).filter((i) => i > 0);
    const fitsFrom = async (index: number) =>
      (await this.measureTurns({ ...chat, contextFromId: history[index]?.id ?? null }, history, draft, modelPath)).fits;
    // The fewest turns dropped: the first start from which the rest fits (binary search).
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (await fitsFrom(starts[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    const cut = starts[lo];
    // Nothing older to drop helps: the latest question alone is too long for this window.
    if (cut === undefined || !(await fitsFrom(cut))) {
      const measured = await this.measureTurns({ ...chat, contextFromId: history.at(-1)?.id ?? null }, history, draft, modelPath);
      throw new AppError('CONTEXT_FULL', `Even without earlier turns, this message needs ${measured.promptTokens + measured.replyTokens} tokens but the context window holds ${measured.contextSize}.`, {
        reason: 'messageTooLong',
        promptTokens: measured.promptTokens,
        contextSize: measured.contextSize,
      });
    }
    this.o.repo.setContextFrom(chatId, history[cut]?.id ?? null);
    return this.getChat(chatId, from);
  }

  /** Sends the whole branch again (undoes `dropOldest`). */
  sendAllTurns(chatId: string): ChatSummary {
    return this.o.repo.setContextFrom(chatId, null);
  }

  /**
   * A new chat that carries on from this one: the model summarizes the conversation (as much of
   * it as fits), and the summary follows the system prompt of the new chat under `heading`.
   */
  async summarizeInto(chatId: string, heading: string): Promise<ChatSummary> {
    const modelPath = this.requireModel(chatId);
    const chat = this.o.repo.getChat(chatId);
    const history = this.o.repo.listMessages(chatId).filter((m) => m.content.length > 0);
    const settings = effectiveSettings(this.o.settings.get(), modelPath);
    const transcript = (from: number) => history.slice(from).map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.content}`).join('\n\n');
    const params = (from: number): GenerateParams => ({
      kind: 'chat',
      sessionId: `summary:${chatId}`,
      ephemeral: true,
      systemPrompt: SUMMARY_INSTRUCTIONS,
      history: [{ role: 'user', text: transcript(from) }],
      sampling: { ...settings.sampling, temperature: 0.2, maxTokens: SUMMARY_TOKENS },
    });
    // The most recent part of the conversation that fits the window with room for the summary.
    let from = 0;
    while (from < history.length - 1) {
      const measured = await this.o.inference.measure(params(from));
      if (!measured || measured.tokens + SUMMARY_TOKENS <= measured.contextSize) break;
      from += 1;
    }
    const job = this.o.queue.submit({ load: loadParamsFor(modelPath, settings), params: params(from), onChunk: () => undefined, onPosition: () => undefined });
    const result = await job.result;
    const summary = result?.text.trim() ?? '';
    if (!summary) throw new AppError('GENERATION_FAILED', 'The model wrote no summary; try again, or drop the oldest turns instead.', { reason: 'noSummary' });
    const systemPrompt = [chat.systemPrompt, `${heading}\n${summary}`].filter(Boolean).join('\n\n');
    return this.o.repo.createChat({ title: chat.title, systemPrompt, fewShot: chat.fewShot, sampling: chat.sampling, modelPath: chat.modelPath });
  }

  private async measureTurns(chat: ChatSummary | null, history: Message[], draft: string, modelPath: string): Promise<ContextMeasure> {
    const settings = effectiveSettings(this.o.settings.get(), modelPath);
    const owner = chat ?? { ...EMPTY_CHAT, mode: 'chat' as const };
    const sampling = samplingFor(this.o.settings.get(), modelPath, owner);
    const pending: Message[] = draft ? [{ ...DRAFT_MESSAGE, chatId: owner.id, content: draft }] : [];
    const params = generateParamsFor(owner, [...history, ...pending], settings.systemPrompt, sampling, false);
    const measured = parseModelRef(modelPath).kind === 'local' ? await this.o.inference.measure(params).catch(() => null) : null;
    const exact = measured !== null && measured.modelPath === modelPath;
    const contextSize = exact ? measured.contextSize : settings.contextSize;
    const promptTokens = exact ? measured.tokens : estimateTokens(params);
    const replyTokens = Math.min(sampling.maxTokens, Math.floor(contextSize / 4));
    return { promptTokens, replyTokens, contextSize, exact, fits: promptTokens + replyTokens <= contextSize };
  }

  stop(requestId: string): boolean {
    const active = this.active.get(requestId);
    if (!active) return false;
    active.stopRequested = true;
    active.cancel();
    return true;
  }

  /** Moves a chat to the trash (a reply it is writing stops first, keeping its text). */
  async trashChat(chatId: string): Promise<boolean> {
    await this.stopIn(chatId);
    return this.o.repo.trashChat(chatId);
  }

  /** Deletes a chat for good, with the engine's cached state of it (in memory and on disk). */
  async purgeChat(chatId: string): Promise<boolean> {
    await this.stopIn(chatId);
    const deleted = this.o.repo.deleteChat(chatId);
    await this.o.inference.forgetSession(chatId).catch((error: unknown) => console.warn(`[candil] chat state not dropped: ${(error as Error).message}`));
    return deleted;
  }

  /** Chats in the trash longer than the repository keeps them are deleted for good. */
  async purgeExpiredTrash(): Promise<number> {
    const expired = this.o.repo.expiredTrash();
    for (const chatId of expired) await this.purgeChat(chatId);
    return expired.length;
  }

  private async stopIn(chatId: string): Promise<void> {
    const active = this.activeIn(chatId);
    if (active) {
      this.stop(active.requestId);
      await active.finished;
    }
    await this.namer.stop(chatId);
  }

  /** Resolves when no reply is streaming or waiting (used on shutdown so the last text is saved). */
  async idle(): Promise<void> {
    await Promise.all([...this.active.values()].map((a) => a.finished));
  }

  async stopAll(): Promise<void> {
    for (const active of this.active.values()) this.stop(active.requestId);
    await Promise.all([this.idle(), this.namer.stopAll()]);
  }

  private activeIn(chatId: string): ActiveReply | undefined {
    for (const active of this.active.values()) if (active.chatId === chatId) return active;
    return undefined;
  }

  private assertIdle(chatId: string): void {
    this.assertNotWriting(chatId);
    this.o.queue.assertRoom();
  }

  private assertNotWriting(chatId: string): void {
    if (this.activeIn(chatId)) throw new AppError('BUSY', 'This chat is still writing a reply; stop it or wait for it to finish.', { reason: 'chatBusy' });
  }

  private requireModel(chatId: string): string {
    const modelPath = this.o.settings.get().selectedModelPath;
    if (!modelPath) throw new AppError('NO_MODEL', 'Choose a model before sending a message.', { reason: 'chooseModel' });
    const ref = parseModelRef(modelPath);
    if (ref.kind === 'remote') {
      // A server removed since it was chosen cannot answer: say so before storing anything.
      this.o.remote.get(ref.serverId);
      if (this.o.repo.getChat(chatId).mode === 'completion') {
        throw new AppError('BAD_REQUEST', "Completion mode continues a text with this computer's models; choose a local model.", { reason: 'completionRemote' });
      }
    }
    return modelPath;
  }

  /**
   * Inserts the empty reply (or reopens the one to continue) and starts generating; runs inside
   * the caller's transaction.
   */
  private startReply(chatId: string, modelPath: string, continued?: Message): Omit<SendResult, 'userMessage'> {
    const sampling = samplingFor(this.o.settings.get(), modelPath, this.o.repo.getChat(chatId));
    const history = this.o.repo.listMessages(chatId);
    this.namer.yieldTo(chatId);
    const assistantMessage = continued
      ? this.o.repo.reopenReply(continued.id)
      : this.o.repo.addMessage({ chatId, role: 'assistant', content: '', status: 'streaming', modelPath, sampling });
    const requestId = randomUUID();
    const active: ActiveReply = {
      requestId,
      chatId,
      messageId: assistantMessage.id,
      position: -1,
      stopRequested: false,
      cancel: () => undefined,
      finished: Promise.resolve(),
    };
    this.active.set(requestId, active);
    // Generation starts after the transaction commits: runReply's first await comes before any write.
    active.finished = this.runReply(active, history, modelPath, assistantMessage, continued?.content ?? '')
      .catch((error: unknown) => console.error(`[candil] reply ${active.messageId} could not be finished: ${(error as Error).message}`))
      .finally(() => this.active.delete(requestId));
    queueMicrotask(() => this.o.events.emit('chats.changed', { chatId }));
    return { requestId, assistantMessage };
  }

  /** `before`: the text a continued reply already had; the new text is written after it. */
  private async runReply(active: ActiveReply, history: Message[], modelPath: string, started: Message, before: string): Promise<void> {
    const { repo, queue, events } = this.o;
    const settings = effectiveSettings(this.o.settings.get(), modelPath);
    const chat = repo.getChat(active.chatId);
    const sampling = samplingFor(this.o.settings.get(), modelPath, chat);
    const params = generateParamsFor(chat, history, settings.systemPrompt, sampling, before !== '');
    const stream = new ReplyStream(
      (delta) => events.emit('chat.delta', { requestId: active.requestId, chatId: active.chatId, messageId: active.messageId, ...delta }),
      this.o.deltaIntervalMs,
    );
    let saved = '';
    const checkpoint = setInterval(() => {
      if (stream.text === saved) return;
      try {
        repo.checkpoint(active.messageId, before + stream.text);
        saved = stream.text;
      } catch (error) {
        // A busy or full disk: keep streaming, the next checkpoint or the end tries again.
        console.warn(`[candil] checkpoint failed: ${(error as Error).message}`);
      }
    }, this.o.checkpointMs ?? 1000);
    let result: GenerateResult | null = null;
    let remote: RemoteChatResult | null = null;
    let failure: AppError | null = null;
    const ref = parseModelRef(modelPath);
    try {
      // Everything below runs after the caller's transaction has committed.
      await Promise.resolve();
      if (!active.stopRequested && ref.kind === 'remote') {
        // Sent to a server the user added; this computer's engine and queue are not involved.
        const controller = new AbortController();
        active.cancel = () => controller.abort();
        events.emit('chat.queued', { requestId: active.requestId, chatId: active.chatId, messageId: active.messageId, position: 0 });
        remote = await this.o.remote.chat(
          ref,
          { systemPrompt: params.kind === 'chat' ? params.systemPrompt : '', history: params.kind === 'chat' ? params.history : [], sampling },
          controller.signal,
          (text, tokens) => stream.push(text, tokens),
        );
      } else if (!active.stopRequested) {
        const job = queue.submit({
          load: loadParamsFor(modelPath, settings),
          params,
          onChunk: (text, tokens) => stream.push(text, tokens),
          onPosition: (position) => {
            active.position = position;
            events.emit('chat.queued', { requestId: active.requestId, chatId: active.chatId, messageId: active.messageId, position });
          },
        });
        active.cancel = job.cancel;
        if (active.stopRequested) job.cancel();
        result = await job.result;
      }
    } catch (error) {
      failure = AppError.from(error, 'GENERATION_FAILED');
    } finally {
      clearInterval(checkpoint);
      stream.flush();
    }
    // A reply that reached the end of the window stops there, and says so (nothing was dropped).
    const contextFull =
      result?.stopReason === 'contextFull'
        ? new AppError('CONTEXT_FULL', `The reply reached the end of the context window (${result.contextSize} tokens).`, {
            reason: 'replyEnded',
            contextSize: result.contextSize,
          })
        : null;
    const ended = result ?? remote;
    const reply: FinishedReply = {
      content: before + (ended?.text ?? stream.text),
      status: failure ? 'error' : ended && ended.stopReason !== 'abort' && !contextFull ? 'done' : 'stopped',
      error: (failure ?? contextFull)?.toPayload() ?? null,
      promptTokens: ended?.promptTokens ?? null,
      completionTokens: ended?.completionTokens ?? (stream.tokens || null),
      firstTokenMs: ended?.firstTokenMs ?? null,
      durationMs: ended?.durationMs ?? null,
      contextSize: result?.contextSize ?? null,
      evaluatedTokens: result?.evaluatedTokens ?? null,
      reusedTokens: result?.reusedTokens ?? null,
    };
    let message: Message;
    try {
      message = repo.finishReply(active.messageId, reply);
    } catch (error) {
      // The text could not be saved (disk full, database locked): the window still gets the whole
      // reply and the reason, and the row stays "streaming" so the next start marks it interrupted.
      const cause = AppError.from(error, 'INTERNAL');
      const unsaved = new AppError('INTERNAL', `The reply could not be saved: ${cause.message}`, { reason: 'replyNotSaved', detail: cause.message });
      message = { ...started, ...reply, status: 'error', error: unsaved.toPayload() };
    }
    // Free the chat before announcing, so a listener may send the next message at once.
    this.active.delete(active.requestId);
    events.emit('chat.done', { requestId: active.requestId, chatId: active.chatId, message, stats: result ? toStats(result) : null });
    events.emit('chats.changed', { chatId: active.chatId });
    if (message.status === 'done') void this.nameChat(active.chatId, modelPath).catch((error: unknown) => console.warn(`[candil] chat not named: ${(error as Error).message}`));
  }

  /**
   * After a reply, a chat still called by its first words is named by the model that wrote it
   * (see ChatNamer). Remote servers are not asked: a request the user did not make may cost them
   * money or rate limit, for a nicety. Nor are base models (no chat template, or the raw template
   * chosen): they would continue the text instead of naming it.
   */
  private async nameChat(chatId: string, modelPath: string): Promise<void> {
    const settings = this.o.settings.get();
    const effective = effectiveSettings(settings, modelPath);
    if (!settings.generatedTitles || parseModelRef(modelPath).kind !== 'local' || effective.chatTemplate === 'raw') return;
    if (!(await this.o.hasChatTemplate?.(modelPath))) return;
    // A reply started meanwhile: it goes first, and the chat is named after it.
    if (this.namer.isNaming(chatId) || this.activeIn(chatId)) return;
    const chat = this.o.repo.getChat(chatId);
    if (chat.mode !== 'chat' || chat.deletedAt !== null || this.o.repo.titleSource(chatId) !== 'auto') return;
    const params = generateParamsFor(chat, this.o.repo.listMessages(chatId), effective.systemPrompt, samplingFor(settings, modelPath, chat), false);
    if (params.kind === 'chat') this.namer.name(chatId, loadParamsFor(modelPath, effective), params);
  }
}

/**
 * What the engine is asked for a chat: few-shot examples first, as real turns (the model reads
 * them as earlier exchanges), then the shown branch from where the chat's context starts; or,
 * in completion mode, the prompt and what was written after it, as one text to go on with.
 */
function generateParamsFor(chat: ChatSummary, history: Message[], defaultSystemPrompt: string, sampling: SamplingParams, continueReply: boolean): GenerateParams {
  if (chat.mode === 'completion') return { kind: 'completion', sessionId: chat.id, prompt: history.map((m) => m.content).join(''), sampling };
  const from = chat.contextFromId ? Math.max(0, history.findIndex((m) => m.id === chat.contextFromId)) : 0;
  const examples = chat.fewShot.flatMap((turn): HistoryTurn[] => [
    { role: 'user', text: turn.user },
    { role: 'assistant', text: turn.assistant },
  ]);
  return {
    kind: 'chat',
    sessionId: chat.id,
    systemPrompt: chat.systemPrompt || defaultSystemPrompt,
    history: [...examples, ...toTurns(sentMessages(history, from))],
    continueReply,
    sampling,
  };
}

/** The global settings, then the model's defaults, then the chat's own: the last one set wins. */
function samplingFor(settings: Settings, modelPath: string, chat: ChatSummary): SamplingParams {
  return { ...effectiveSettings(settings, modelPath).sampling, ...chat.sampling };
}

function toTurns(messages: Message[]): HistoryTurn[] {
  return messages
    .filter((m) => m.role === 'user' || m.content.length > 0)
    .map((m) => ({ role: m.role, text: m.content }));
}

function toStats(result: GenerateResult): GenerationStats {
  const decodeMs = result.durationMs - (result.firstTokenMs ?? 0);
  return {
    promptTokens: result.promptTokens,
    evaluatedTokens: result.evaluatedTokens,
    reusedTokens: result.reusedTokens,
    restored: result.restored,
    completionTokens: result.completionTokens,
    firstTokenMs: result.firstTokenMs,
    durationMs: result.durationMs,
    tokensPerSecond: result.completionTokens > 1 && decodeMs > 0 ? ((result.completionTokens - 1) * 1000) / decodeMs : null,
    contextUsed: result.contextUsed,
    contextSize: result.contextSize,
  };
}
