import { basename } from 'node:path';
import type { Llama, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { AppError } from '../../shared/errors';
import type { EmbedResult } from '../../shared/worker-protocol';

/** Longest text an embedding request may hold, in tokens (embedding models are trained on 512–8192). */
const MAX_EMBEDDING_CONTEXT = 8192;

interface Held {
  path: string;
  /** Loaded for embeddings only; disposed with the embedder (a chat model is disposed by the engine). */
  own: LlamaModel | null;
  context: LlamaEmbeddingContext;
  contextSize: number;
}

/**
 * Embeddings for the local API. It uses the chat model when that is the one asked for, and
 * otherwise keeps the requested embedding model loaded beside it (they are small), so asking for
 * embeddings never unloads the model the chats use.
 */
export class Embedder {
  private held: Held | null = null;

  /** `loaded`: the engine's chat model when it is the file asked for, else null. */
  async embed(llama: Llama, modelPath: string, loaded: LlamaModel | null, texts: string[]): Promise<EmbedResult> {
    const { context, contextSize } = await this.contextFor(llama, modelPath, loaded);
    const vectors: number[][] = [];
    let tokens = 0;
    for (const text of texts) {
      const count = context.model.tokenize(text).length;
      if (count > contextSize) {
        throw new AppError('CONTEXT_FULL', `A text has ${count} tokens; this model embeds at most ${contextSize}.`, {
          reason: 'embedTooLong',
          promptTokens: count,
          contextSize,
        });
      }
      tokens += count;
      const { vector } = await context.getEmbeddingFor(text);
      // Unit length, as OpenAI's embeddings are: cosine similarity is then a dot product.
      const norm = Math.hypot(...vector) || 1;
      vectors.push(Array.from(vector, (x) => x / norm));
    }
    return { vectors, tokens };
  }

  private async contextFor(llama: Llama, modelPath: string, loaded: LlamaModel | null): Promise<Held> {
    if (this.held?.path === modelPath && (this.held.own !== null || this.held.context.model === loaded)) return this.held;
    await this.dispose();
    let own: LlamaModel | null = null;
    try {
      const model = loaded ?? (own = await llama.loadModel({ modelPath, useMmap: true }));
      const contextSize = Math.min(model.trainContextSize, MAX_EMBEDDING_CONTEXT);
      const context = await model.createEmbeddingContext({ contextSize, threads: Math.max(1, llama.cpuMathCores) });
      this.held = { path: modelPath, own, context, contextSize };
      return this.held;
    } catch (cause) {
      await own?.dispose();
      throw new AppError('MODEL_LOAD_FAILED', `${basename(modelPath)}: ${(cause as Error).message}`, {
        reason: 'loadFailed',
        file: basename(modelPath),
        detail: (cause as Error).message,
      });
    }
  }

  async dispose(): Promise<void> {
    const held = this.held;
    this.held = null;
    await held?.context.dispose();
    await held?.own?.dispose();
  }
}
