import { basename } from 'node:path';
import {
  getLlama,
  LlamaChat,
  LlamaLogLevel,
  type ChatHistoryItem,
  type Llama,
  type LlamaContext,
  type LlamaModel,
} from 'node-llama-cpp';
import { AppError } from '../../shared/errors';
import {
  sameLoadParams,
  type GenerateParams,
  type GenerateResult,
  type LoadParams,
  type LoadResult,
  type StopReason,
} from '../../shared/worker-protocol';
import { RawChatWrapper } from './raw-chat-wrapper';

interface Loaded {
  params: LoadParams;
  model: LlamaModel;
  context: LlamaContext;
  chat: LlamaChat;
  result: LoadResult;
}

export interface GenerateHooks {
  signal: AbortSignal;
  onChunk(text: string, tokens: number): void;
}

/** Owns node-llama-cpp inside the worker: one model, one context, one chat sequence at a time. */
export class LlamaEngine {
  private llama: Promise<Llama> | null = null;
  private loaded: Loaded | null = null;

  private getLlama(): Promise<Llama> {
    // CPU only and never a source build: users must not need a compiler. maxThreads 0 makes
    // the context's `threads` the exact count instead of a hint capped by the library's guess.
    this.llama ??= getLlama({ gpu: false, build: 'never', maxThreads: 0, logLevel: LlamaLogLevel.error });
    return this.llama;
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
      throw new AppError('MODEL_LOAD_FAILED', `${basename(params.modelPath)}: ${(cause as Error).message}`);
    }
    try {
      const trained = model.trainContextSize;
      const context = await model.createContext({
        contextSize: Math.min(params.contextSize, trained),
        batchSize: params.batchSize,
        threads: params.threads,
      });
      const chat = new LlamaChat({
        contextSequence: context.getSequence(),
        chatWrapper: params.chatTemplate === 'raw' ? new RawChatWrapper() : 'auto',
      });
      const result: LoadResult = {
        modelPath: params.modelPath,
        contextSize: context.contextSize,
        trainedContextSize: trained,
        threads: params.threads,
        chatWrapper: chat.chatWrapper.wrapperName,
        loadMs: Math.round(performance.now() - started),
      };
      this.loaded = { params, model, context, chat, result };
      return result;
    } catch (cause) {
      await model.dispose();
      throw new AppError('MODEL_LOAD_FAILED', `${basename(params.modelPath)}: ${(cause as Error).message}`);
    }
  }

  async unload(): Promise<boolean> {
    const loaded = this.loaded;
    if (!loaded) return false;
    this.loaded = null;
    loaded.chat.dispose();
    await loaded.context.dispose();
    await loaded.model.dispose();
    return true;
  }

  countTokens(text: string): number {
    return this.requireLoaded().model.tokenize(text).length;
  }

  async generate(params: GenerateParams, hooks: GenerateHooks): Promise<GenerateResult> {
    const { chat, context } = this.requireLoaded();
    const history: ChatHistoryItem[] = [];
    if (params.systemPrompt.trim()) history.push({ type: 'system', text: params.systemPrompt });
    for (const turn of params.history) {
      history.push(turn.role === 'user' ? { type: 'user', text: turn.text } : { type: 'model', response: [turn.text] });
    }
    history.push({ type: 'model', response: [] });

    const s = params.sampling;
    const started = performance.now();
    let firstTokenMs: number | null = null;
    let completionTokens = 0;
    try {
      const response = await chat.generateResponse(history, {
        signal: hooks.signal,
        stopOnAbortSignal: true,
        maxTokens: s.maxTokens,
        temperature: s.temperature,
        topK: s.topK,
        topP: s.topP,
        minP: s.minP,
        seed: s.seed ?? undefined,
        repeatPenalty: s.repeatPenalty === 1 ? false : { penalty: s.repeatPenalty, lastTokens: s.repeatLastN },
        onResponseChunk(chunk) {
          completionTokens += chunk.tokens.length;
          firstTokenMs ??= performance.now() - started;
          // Thoughts of reasoning models arrive as segments; only the answer is streamed as the reply.
          if (chunk.type === undefined && chunk.text) hooks.onChunk(chunk.text, chunk.tokens.length);
        },
      });
      const contextUsed = chat.sequence.nextTokenIndex;
      return {
        text: response.response,
        stopReason: toStopReason(response.metadata.stopReason),
        promptTokens: Math.max(0, contextUsed - completionTokens),
        completionTokens,
        firstTokenMs: firstTokenMs === null ? null : Math.round(firstTokenMs),
        durationMs: Math.round(performance.now() - started),
        contextUsed,
        contextSize: context.contextSize,
      };
    } catch (cause) {
      throw new AppError('GENERATION_FAILED', (cause as Error).message);
    }
  }

  private requireLoaded(): Loaded {
    if (!this.loaded) throw new AppError('NO_MODEL', 'No model is loaded.');
    return this.loaded;
  }
}


function toStopReason(reason: string): StopReason {
  switch (reason) {
    case 'abort':
      return 'abort';
    case 'maxTokens':
      return 'maxTokens';
    case 'eogToken':
      return 'eog';
    default:
      return 'stopTrigger';
  }
}
