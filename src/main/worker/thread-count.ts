/**
 * A model this small does too little work per token to split it across threads: node-llama-cpp
 * starts ggml's helper threads anew for every token, and for a 1 MB model that costs more than
 * the token itself (stories260K on 2 cores: 2,000 tokens/s with 1 thread, 130 with 2).
 */
const SMALL_MODEL_BYTES = 64e6;

/**
 * Threads when the user has not chosen: every core llama.cpp computes on (its own default), which
 * measured fastest for both prompt and decode on a realistic model once the engine's thread-pool
 * contention was removed (see `inference/worker-env.ts`); one for tiny models.
 */
export function autoThreads(mathCores: number, modelBytes: number): number {
  return modelBytes < SMALL_MODEL_BYTES ? 1 : Math.max(1, mathCores);
}
