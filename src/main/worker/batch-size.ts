/** Logits the context may reserve for one batch: about what a 32k-vocabulary model takes at 512 tokens. */
const LOGITS_BUDGET_BYTES = 160e6;

/**
 * Tokens per evaluation step when the user has not chosen. llama.cpp reserves room for the logits
 * of every token of a batch (node-llama-cpp cannot lower llama.cpp's `n_outputs_max`, as
 * llama-server does), so a 512-token batch of a 152k-vocabulary model (Qwen) takes 300 MB, and
 * of a 262k one (Gemma 3) 530 MB, on top of the model. The largest power of two within the
 * budget, between 64 and 512: prompt speed drops by a few percent at 256 (llama-bench pp512 on
 * Qwen2.5-0.5B shapes, 2 cores: 473 against 491 tokens/s) and memory by 150 MB.
 */
export function autoBatchSize(vocabularySize: number): number {
  if (!(vocabularySize > 0)) return 512;
  const fits = LOGITS_BUDGET_BYTES / (vocabularySize * 4);
  return Math.min(512, Math.max(64, 2 ** Math.floor(Math.log2(fits))));
}
