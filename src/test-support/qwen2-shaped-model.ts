import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { GgmlType } from 'node-llama-cpp';
import { byteLevelAlphabet } from './byte-level-bpe';
import { writeGgufFile, type GgufFixture, type GgufFixtureTensor, type TensorFiller } from './gguf-fixtures';

/**
 * A model with Qwen2.5-0.5B-Instruct's exact shapes (24 layers, n_embd 896, 14 heads / 2 KV
 * heads, FFN 4864, a 151,936-token byte-level BPE vocabulary with ChatML special tokens) and
 * random weights: Q4_0 blocks, Q8_0 embeddings, like the published Q4_0 file (~350 MB).
 *
 * It speaks gibberish, but every matrix multiplication, the KV cache, the tokenizer's size and
 * the sampler's 151k-entry vocabulary cost exactly what the real model costs — which is what a
 * benchmark needs and what stories260K (1 MB) hides. Made in seconds, cached, never committed.
 */

const SHAPE = {
  layers: 24,
  embd: 896,
  ffn: 4864,
  heads: 14,
  kvHeads: 2,
  vocab: 151_936,
  /** Regular BPE tokens before the special ones (Qwen2.5's numbering). */
  regularTokens: 151_643,
  contextLength: 32_768,
} as const;

const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** Version of what this file writes: bump it when the layout changes so caches are rebuilt. */
const MODEL_REVISION = 1;

export const QWEN2_SHAPED_FILE = `qwen2.5-0.5b-shaped-q4_0-r${MODEL_REVISION}.gguf`;

/** Deterministic 32-bit PRNG (xorshift32): the same file every time, so a cached copy is reusable. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/**
 * A consistent BPE vocabulary: every token past the byte alphabet is the merge of two earlier
 * tokens, and the merge list says so, so llama.cpp's tokenizer accepts and uses it. Common
 * letters and the space marker (Ġ) merge first, so real text splits into short pieces.
 */
function bpeVocabulary(): { tokens: string[]; merges: string[] } {
  const alphabet = byteLevelAlphabet();
  const tokens = [...alphabet];
  const seen = new Set(tokens);
  const merges: string[] = [];
  const letters = 'Ġetaoinsrhldcumfpgwybvkxjqz'.split('');
  const add = (left: string, right: string) => {
    const merged = left + right;
    if (seen.has(merged) || tokens.length >= SHAPE.regularTokens) return;
    seen.add(merged);
    tokens.push(merged);
    merges.push(`${left} ${right}`);
  };
  for (const a of letters) for (const b of letters) add(a, b);
  const random = xorshift(0x5eed);
  while (tokens.length < SHAPE.regularTokens) {
    // Favour short, earlier tokens as parts, like a trained vocabulary's frequency order.
    const span = Math.min(tokens.length, 256 + Math.floor(tokens.length / 4));
    const left = tokens[random() % span]!;
    const right = tokens[256 + (random() % (span - 256 || 1))]!;
    if (left.length + right.length <= 12) add(left, right);
  }
  return { tokens, merges };
}

function qwen2Fixture(): GgufFixture {
  const { layers, embd, ffn, heads, kvHeads, vocab } = SHAPE;
  const kvWidth = (embd / heads) * kvHeads;
  const tensors: GgufFixtureTensor[] = [
    { name: 'token_embd.weight', dims: [embd, vocab], type: GgmlType.Q8_0 },
    { name: 'output_norm.weight', dims: [embd] },
  ];
  for (let l = 0; l < layers; l++) {
    tensors.push(
      { name: `blk.${l}.attn_norm.weight`, dims: [embd] },
      { name: `blk.${l}.attn_q.weight`, dims: [embd, embd], type: GgmlType.Q4_0 },
      { name: `blk.${l}.attn_q.bias`, dims: [embd] },
      { name: `blk.${l}.attn_k.weight`, dims: [embd, kvWidth], type: GgmlType.Q4_0 },
      { name: `blk.${l}.attn_k.bias`, dims: [kvWidth] },
      { name: `blk.${l}.attn_v.weight`, dims: [embd, kvWidth], type: GgmlType.Q4_0 },
      { name: `blk.${l}.attn_v.bias`, dims: [kvWidth] },
      { name: `blk.${l}.attn_output.weight`, dims: [embd, embd], type: GgmlType.Q4_0 },
      { name: `blk.${l}.ffn_norm.weight`, dims: [embd] },
      { name: `blk.${l}.ffn_gate.weight`, dims: [embd, ffn], type: GgmlType.Q4_0 },
      { name: `blk.${l}.ffn_up.weight`, dims: [embd, ffn], type: GgmlType.Q4_0 },
      { name: `blk.${l}.ffn_down.weight`, dims: [ffn, embd], type: GgmlType.Q4_0 },
    );
  }
  const { tokens, merges } = bpeVocabulary();
  const special = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'];
  tokens.push(...special);
  while (tokens.length < vocab) tokens.push(`[PAD${tokens.length}]`);
  const tokenTypes = tokens.map((_, i) => (i < SHAPE.regularTokens ? 1 : i < SHAPE.regularTokens + special.length ? 3 : 4));
  return {
    metadata: {
      'general.architecture': 'qwen2',
      'general.name': 'Qwen2.5-0.5B-shaped (random weights, Candil benchmark)',
      'general.file_type': 2,
      'qwen2.block_count': layers,
      'qwen2.context_length': SHAPE.contextLength,
      'qwen2.embedding_length': embd,
      'qwen2.feed_forward_length': ffn,
      'qwen2.attention.head_count': heads,
      'qwen2.attention.head_count_kv': kvHeads,
      'qwen2.rope.freq_base': { type: 'f32', value: 1_000_000 },
      'qwen2.attention.layer_norm_rms_epsilon': 1e-6,
      'tokenizer.ggml.model': 'gpt2',
      'tokenizer.ggml.pre': 'qwen2',
      'tokenizer.ggml.tokens': { type: 'array', items: tokens },
      'tokenizer.ggml.token_type': { type: 'array', itemType: 'i32', items: tokenTypes },
      'tokenizer.ggml.merges': { type: 'array', items: merges },
      'tokenizer.ggml.eos_token_id': SHAPE.regularTokens + 2,
      'tokenizer.ggml.padding_token_id': SHAPE.regularTokens,
      'tokenizer.ggml.bos_token_id': SHAPE.regularTokens,
      'tokenizer.ggml.add_bos_token': false,
      'tokenizer.chat_template': CHATML_TEMPLATE,
    },
    tensors,
  };
}

/** Random weights of a plausible scale: norms at 1, small biases, quantised blocks with small scales. */
function randomWeights(): TensorFiller {
  const random = xorshift(0xc0ffee);
  return (tensor, target, offset) => {
    const type = tensor.type ?? GgmlType.F32;
    if (type === GgmlType.F32) {
      const isNorm = tensor.name.endsWith('norm.weight');
      for (let i = 0; i + 4 <= target.length; i += 4) target.writeFloatLE(isNorm ? 1 : ((random() % 2001) - 1000) / 50_000, i);
      return;
    }
    const words = target.length >>> 2;
    for (let i = 0; i < words; i++) target.writeUInt32LE(random(), i * 4);
    for (let i = words * 4; i < target.length; i++) target[i] = random() & 0xff;
    // Q4_0 blocks are [f16 scale][16 bytes of nibbles], Q8_0 blocks [f16 scale][32 int8]: give
    // every block a small positive scale (random bits could make it NaN or huge).
    const blockBytes = type === GgmlType.Q4_0 ? 18 : 34;
    const scaleBase = type === GgmlType.Q4_0 ? 0x2000 : 0x1c00; // 2^-7 and 2^-8 as f16
    const firstBlock = (blockBytes - (offset % blockBytes)) % blockBytes;
    for (let i = firstBlock; i + 2 <= target.length; i += blockBytes) target.writeUInt16LE(scaleBase + (random() & 0x3ff), i);
  };
}

/** Writes the model to `path` (atomically: a half-written file never has the final name). */
export async function writeQwen2ShapedModel(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const part = `${path}.part`;
  try {
    await writeGgufFile(part, qwen2Fixture(), randomWeights());
    await rename(part, path);
  } finally {
    await rm(part, { force: true });
  }
}

/** The cached benchmark model, written on first use (~350 MB under ~/.cache/candil/bench-models). */
export async function qwen2ShapedModel(): Promise<string> {
  const path = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'candil', 'bench-models', QWEN2_SHAPED_FILE);
  if (!existsSync(path)) await writeQwen2ShapedModel(path);
  return path;
}
