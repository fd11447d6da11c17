import type { ChatGenerateParams, LoadParams } from '../../shared/worker-protocol';
import type { EventBus } from '../api/event-bus';
import type { GenerationQueue, QueuedGeneration } from '../inference/generation-queue';
import type { ChatRepository } from './chat-repository';
import { cleanTitle, TITLE_INSTRUCTION, TITLE_TOKENS } from './chat-title';

/**
 * Asks the model to name a chat, as one more turn of the chat's own session: the engine already
 * holds the conversation, so only the question and a few words are evaluated, and the next
 * message reuses it all. A background job: it waits for every other job and stops for any;
 * stopped, the chat keeps its first words and can be named after its next reply.
 */
export class ChatNamer {
  /** Keyed by chat id. */
  private readonly jobs = new Map<string, QueuedGeneration>();

  constructor(private readonly o: { repo: ChatRepository; queue: GenerationQueue; events: EventBus }) {}

  isNaming(chatId: string): boolean {
    return this.jobs.has(chatId);
  }

  /** `params`: what the chat's next reply would be sent, without a new message. */
  name(chatId: string, load: LoadParams, params: ChatGenerateParams): void {
    const job = this.o.queue.submit({
      load,
      params: {
        ...params,
        history: [...params.history, { role: 'user', text: TITLE_INSTRUCTION }],
        sampling: { ...params.sampling, temperature: 0.2, maxTokens: TITLE_TOKENS },
      },
      onChunk: () => undefined,
      background: true,
    });
    this.jobs.set(chatId, job);
    job.result
      .then(
        // Stopped (null or 'abort'): asked again after the next reply. Failed or unusable: the first words stay.
        (result) => (result === null || result.stopReason === 'abort' ? null : cleanTitle(result.text)),
        (error: unknown) => {
          console.warn(`[candil] the model did not name the chat: ${(error as Error).message}`);
          return '';
        },
      )
      .then((title) => title !== null && this.titled(chatId, title))
      .catch((error: unknown) => console.warn(`[candil] chat title not saved: ${(error as Error).message}`))
      .finally(() => {
        if (this.jobs.get(chatId) === job) this.jobs.delete(chatId);
      });
  }

  /** A reply is starting in this chat: the title would hold its session, so it gives way. */
  yieldTo(chatId: string): void {
    this.jobs.get(chatId)?.cancel();
  }

  /** Resolves once the chat's title job, if any, has stopped. */
  async stop(chatId: string): Promise<void> {
    const job = this.jobs.get(chatId);
    job?.cancel();
    await job?.result.catch(() => null);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.jobs.keys()].map((chatId) => this.stop(chatId)));
  }

  /** `title` empty: the model gave nothing usable; the chat keeps its first words and is not asked again. */
  private titled(chatId: string, title: string): void {
    if (this.o.repo.setGeneratedTitle(chatId, title || null)) this.o.events.emit('chats.changed', { chatId });
  }
}
