import { createHash } from 'node:crypto';
import { freemem } from 'node:os';
import { basename } from 'node:path';
import {
  getLlama,
  LlamaChat,
  LlamaLogLevel,
  type ChatWrapper,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
} from 'node-llama-cpp';
import { AppError } from '../../shared/errors';
import {
  sameLoadParams,
  type ChatGenerateParams,
  type EmbedResult,
  type GenerateParams,
  type GenerateResult,
  type LoadParams,
  type LoadResult,
  type SnapshotConfig,
} from '../../shared/worker-protocol';
import { snapshotKey, SnapshotStore, type SnapshotKey } from '../kv-snapshots/snapshot-store';
import { generateTurn, nextTurnPrefix, promptTokensOf, sharedPrefix, type TurnHooks } from './generation';
import { jinjaChatWrapper } from '../models/chat-template';
import { RawChatWrapper } from './raw-chat-wrapper';
import { autoBatchSize } from './batch-size';
import { Embedder } from './embedder';
import { autoSequenceCount } from './sequence-count';
import { autoThreads } from './thread-count';
import { chooseSlot, type SlotState } from './session-slots';

interface Slot extends SlotState {
  sequence: LlamaContextSequence;
  chat: LlamaChat;
  /** The session's state is never saved to disk (an API request). */
  ephemeral: boolean;
  /** Tokens the sequence held when its snapshot was last saved or restored (skip unchanged saves). */
  snapshotTokens: number;
  /** Work on this sequence after a reply (see `prepareNextTurn`); anything else stops it and waits for it. */
  settling: Promise<void>;
  prep: Prep | null;
}

/** A next-turn preparation in progress; `stop` ends it between two chunks. */
interface Prep {
  stopped: boolean;
  wake: () => void;
}

/** Tokens a preparation evaluates at a time: small enough to step aside quickly for a reply. */
const PREP_CHUNK = 64;

interface Loaded {
  params: LoadParams;
  model: LlamaModel;
  context: LlamaContext;
  slots: Slot[];
  key: SnapshotKey;
  result: LoadResult;
}

/**
 * Owns node-llama-cpp inside the worker: one model, one context with several sequences, and the
 * sessions (chats, API requests) bound to them. A session keeps its evaluated tokens in its
 * sequence between replies; when its sequence is needed by another session, or the model
 * unloads, its state is saved to disk and restored when it comes back.
 */
export class LlamaEngine {
  private llama: Promise<Llama> | null = null;
  private loaded: Loaded | null = null;
  private snapshots: SnapshotStore | null = null;
  private snapshotBudget = 0;
  /** Replies being generated right now, and preparations waiting for them to end. */
  private generating = 0;
  private quietWaiters: (() => void)[] = [];
  private readonly embedder = new Embedder();

  private getLlama(): Promise<Llama> {
    // CPU only and never a source build: users must not need a compiler. maxThreads 0 makes
    // the context's `threads` the exact count instead of a hint capped by the library's guess.
    this.llama ??= getLlama({ gpu: false, build: 'never', maxThreads: 0, logLevel: LlamaLogLevel.error });
    return this.llama;
  }

  /** llama.cpp's own count of cores worth computing on (no SMT siblings, no efficiency cores). */
  async mathCores(): Promise<number> {
    return Math.max(1, (await this.getLlama()).cpuMathCores);
  }

  configure(config: { snapshots: SnapshotConfig }): void {
    this.snapshotBudget = config.snapshots.budgetBytes;
    if (this.snapshots?.dir !== config.snapshots.dir) this.snapshots = new SnapshotStore(config.snapshots.dir, () => this.snapshotBudget);
  }

  async load(params: LoadParams): Promise<LoadResult> {
    if (this.loaded && sameLoadParams(this.loaded.params, params)) return this.loaded.result;
    await this.unload();
    const started = performance.now();
    const llama = await this.getLlama();
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: params.modelPath, useMmap: true });
    } catch (cause) {
      throw new AppError('MODEL_LOAD_FAILED', `${basename(params.modelPath)}: ${(cause as Error).message}`, {
        reason: 'loadFailed',
        file: basename(params.modelPath),
        detail: (cause as Error).message,
      });
    }
    try {
      const trained = model.trainContextSize;
      const contextSize = Math.min(params.contextSize, trained);
      const vocabulary = Number(model.fileInfo.tensorInfo?.find((t) => t.name === 'token_embd.weight')?.dimensions[1] ?? 0);
      const batchSize = params.batchSize ?? autoBatchSize(vocabulary);
      const threads = params.threads ?? autoThreads(llama.cpuMathCores, model.fileInsights.modelSize);
      const sequences = params.sequences ?? (await this.chooseSequences(model, contextSize, batchSize));
      const context = await model.createContext({
        contextSize,
        sequences,
        batchSize,
        threads,
        // llama.cpp's own tools enable it on CPU; it saves compute on long contexts.
        flashAttention: 'auto',
      });
      const slots: Slot[] = [];
      for (let i = 0; i < sequences; i++) {
        const sequence = context.getSequence();
        const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: chatWrapperFor(model, params.chatTemplate) });
        slots.push({ sequence, chat, sessionId: null, ephemeral: false, busy: false, lastUsedAt: 0, snapshotTokens: 0, settling: Promise.resolve(), prep: null });
      }
      const result: LoadResult = {
        modelPath: params.modelPath,
        contextSize: context.contextSize,
        trainedContextSize: trained,
        threads,
        sequences,
        batchSize,
        chatWrapper: slots[0]!.chat.chatWrapper.wrapperName,
        loadMs: Math.round(performance.now() - started),
      };
      const release = llama.llamaCppRelease;
      // A session's tokens are its conversation as one template renders it: another template's snapshot is of no use.
      const key = await snapshotKey(
        `${release.repo}@${release.release}/${llama.buildType}/fa-auto${templateTag(params.chatTemplate)}`,
        params.modelPath,
        context.contextSize,
      );
      this.loaded = { params, model, context, slots, key, result };
      return result;
    } catch (cause) {
      await model.dispose();
      throw new AppError('MODEL_LOAD_FAILED', `${basename(params.modelPath)}: ${(cause as Error).message}`, {
        reason: 'loadFailed',
        file: basename(params.modelPath),
        detail: (cause as Error).message,
      });
    }
  }

  private async chooseSequences(model: LlamaModel, contextSize: number, batchSize: number): Promise<number> {
    const estimate = (sequences: number) =>
      model.fileInsights.estimateContextResourceRequirementsV2({ contextSize, batchSize, sequences, modelGpuLayers: 0, flashAttention: true });
    const [one, two] = await Promise.all([estimate(1), estimate(2)]);
    return autoSequenceCount(two.cpuRam - one.cpuRam, freemem());
  }

  async unload(): Promise<boolean> {
    const loaded = this.loaded;
    // An embedding context may live on the chat model; it goes first (a separate embedding model reloads on demand).
    await this.embedder.dispose();
    if (!loaded) return false;
    await this.saveSessions().catch(() => 0);
    this.loaded = null;
    for (const slot of loaded.slots) slot.chat.dispose();
    await loaded.context.dispose();
    await loaded.model.dispose();
    return true;
  }

  async embed(modelPath: string, texts: string[]): Promise<EmbedResult> {
    const loaded = this.loaded?.params.modelPath === modelPath ? this.loaded.model : null;
    return this.embedder.embed(await this.getLlama(), modelPath, loaded, texts);
  }

  countTokens(text: string): number {
    return this.requireLoaded().model.tokenize(text).length;
  }

  measure(params: GenerateParams): { tokens: number; contextSize: number; modelPath: string } {
    const loaded = this.requireLoaded();
    // Counted as `generateTurn` counts it: a raw prompt may get a beginning-of-text token.
    const tokens = promptTokensOf(loaded.slots[0]!.chat, params).length + (params.kind === 'completion' ? 1 : 0);
    return { tokens, contextSize: loaded.context.contextSize, modelPath: loaded.params.modelPath };
  }

  async generate(params: GenerateParams, hooks: TurnHooks): Promise<GenerateResult> {
    const loaded = this.requireLoaded();
    // A session new to the engine goes where the start of its prompt already is, if anywhere.
    const bound = loaded.slots.some((s) => s.sessionId === params.sessionId);
    const prompt = bound ? [] : promptTokensOf(loaded.slots[0]!.chat, params);
    const choice = chooseSlot(loaded.slots, params.sessionId, (slot) => sharedPrefix(slot.sequence.contextTokens, prompt));
    if (choice.kind === 'none') throw new AppError('BUSY', 'Every sequence of the engine is busy.', { reason: 'allSequencesBusy' });
    const slot = choice.slot;
    slot.busy = true;
    this.generating += 1;
    try {
      await this.settle(slot);
      let restored = false;
      if (choice.kind === 'free') {
        if (choice.evicts !== null) await this.saveSlot(loaded, slot);
        // The tokens stay: the new prompt is compared with them, and what it shares is kept.
        slot.sessionId = params.sessionId;
        slot.ephemeral = params.ephemeral ?? false;
        slot.snapshotTokens = 0;
        restored = !slot.ephemeral && (await this.restore(loaded, slot));
      }
      const result = await generateTurn(slot.chat, params, hooks, { restored });
      // One-off API requests rarely have a next turn: their sequence is not prepared for one.
      if (params.kind === 'chat' && !params.ephemeral && result.text) {
        // Created now, so a message that arrives before it starts can still stop it.
        const prep: Prep = { stopped: false, wake: () => undefined };
        slot.prep = prep;
        // After the reply has been handed back: its render must not delay the result.
        slot.settling = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.prepareNextTurn(slot, prep, params, result.text));
      }
      return result;
    } finally {
      slot.busy = false;
      slot.lastUsedAt = Date.now();
      this.generating -= 1;
      if (this.generating === 0) for (const wake of this.quietWaiters.splice(0)) wake();
    }
  }

  /** Stops the slot's preparation (what it evaluated so far stays) and waits for it to let go. */
  private async settle(slot: Slot): Promise<void> {
    if (slot.prep) {
      slot.prep.stopped = true;
      slot.prep.wake();
    }
    await slot.settling;
  }

  /**
   * Right after a reply, while the user reads it: brings the sequence to the tokens the next
   * turn will start with. A reply's text does not always tokenize back to the tokens the model
   * wrote (BPE has many spellings of one text; the template adds its end-of-turn markers), and
   * the next prompt is compared token by token with what the sequence holds: evaluating the
   * difference now keeps the next turn's first token as fast as a continuation.
   */
  private async prepareNextTurn(slot: Slot, prep: Prep, params: ChatGenerateParams, reply: string): Promise<void> {
    try {
      if (prep.stopped) return;
      const prefix = nextTurnPrefix(slot.chat, params, reply);
      if (prefix.length === 0 || prefix.length >= slot.chat.context.contextSize) return;
      await slot.sequence.adaptStateToTokens(prefix, false);
      while (!prep.stopped) {
        const missing = prefix.slice(slot.sequence.nextTokenIndex);
        if (missing.length === 0) return;
        // Never at the expense of a reply being written in another chat: wait for it to end.
        if (this.generating > 0) {
          await new Promise<void>((resolve) => {
            prep.wake = resolve;
            this.quietWaiters.push(resolve);
          });
          continue;
        }
        await slot.sequence.evaluateWithoutGeneratingNewTokens(missing.slice(0, PREP_CHUNK));
      }
    } catch (error) {
      // Only an optimisation: the next turn evaluates what it needs anyway.
      console.warn(`[candil-worker] next turn not prepared: ${(error as Error).message}`);
    } finally {
      if (slot.prep === prep) slot.prep = null;
    }
  }

  /** Saves every session held in a sequence; returns how many snapshots were written. */
  async saveSessions(): Promise<number> {
    const loaded = this.loaded;
    if (!loaded) return 0;
    let saved = 0;
    for (const slot of loaded.slots) {
      if (slot.busy) continue;
      await this.settle(slot);
      if (await this.saveSlot(loaded, slot)) saved += 1;
    }
    return saved;
  }

  async forgetSession(sessionId: string): Promise<boolean> {
    const slot = this.loaded?.slots.find((s) => s.sessionId === sessionId && !s.busy);
    if (slot) {
      await this.settle(slot);
      slot.sessionId = null;
      slot.snapshotTokens = 0;
      await slot.sequence.clearHistory();
    }
    await this.snapshots?.forgetSession(sessionId);
    return slot !== undefined;
  }

  private async saveSlot(loaded: Loaded, slot: Slot): Promise<boolean> {
    const tokens = slot.sequence.nextTokenIndex;
    if (!this.snapshots || slot.sessionId === null || slot.ephemeral || tokens === 0 || tokens === slot.snapshotTokens) return false;
    try {
      const meta = await this.snapshots.save(loaded.key, slot.sessionId, tokens, (path) => slot.sequence.saveStateToFile(path).then(() => undefined));
      if (meta) slot.snapshotTokens = tokens;
      return meta !== null;
    } catch (error) {
      // A full disk or a read-only folder: the session is evaluated again when it returns.
      console.warn(`[candil-worker] snapshot not saved: ${(error as Error).message}`);
      return false;
    }
  }

  /** Loads the session's snapshot into its new sequence if one exists and matches this model and context. */
  private async restore(loaded: Loaded, slot: Slot): Promise<boolean> {
    if (!this.snapshots || slot.sessionId === null) return false;
    const found = await this.snapshots.find(loaded.key, slot.sessionId).catch(() => null);
    if (!found) return false;
    try {
      await slot.sequence.loadStateFromFile(found.path, { acceptRisk: true });
      slot.snapshotTokens = slot.sequence.nextTokenIndex;
      return true;
    } catch (error) {
      console.warn(`[candil-worker] snapshot not restored: ${(error as Error).message}`);
      await slot.sequence.clearHistory();
      await this.snapshots.forgetSession(slot.sessionId);
      return false;
    }
  }

  private requireLoaded(): Loaded {
    if (!this.loaded) throw new AppError('NO_MODEL', 'No model is loaded.', { reason: 'notLoaded' });
    return this.loaded;
  }
}

function chatWrapperFor(model: LlamaModel, template: LoadParams['chatTemplate']): ChatWrapper | 'auto' {
  if (template === 'raw') return new RawChatWrapper();
  if (template === 'auto') return 'auto';
  return jinjaChatWrapper(template.jinja, model.tokenizer);
}

/** Empty for the model's own template, so snapshots saved before templates could be chosen stay valid. */
function templateTag(template: LoadParams['chatTemplate']): string {
  if (template === 'auto') return '';
  return template === 'raw' ? '/raw' : `/jinja-${createHash('sha256').update(template.jinja).digest('hex').slice(0, 16)}`;
}
