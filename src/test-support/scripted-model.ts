import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { byteLevelAlphabet, toByteLevel } from './byte-level-bpe';
import { writeGgufFile, type GgufFixture, type GgufFixtureTensor } from './gguf-fixtures';

/**
 * A tiny real model (llama architecture, ChatML template, byte-level BPE vocabulary) whose greedy
 * output is known in advance: whatever the prompt, it writes `reply`, piece by piece, then ends
 * its turn. Tests of everything above the engine (the OpenAI-compatible API, the Python
 * examples, few-shot turns…) can then assert exact text.
 *
 * How: each token's embedding is a one-hot vector, every layer adds nothing (its output
 * projections are zero), and the output matrix maps each token to the one that follows it in
 * the reply — a bigram table. The model only looks at the last token: after any prompt it starts
 * the reply, and each piece of the reply leads to the next. Temperature 0 makes it exact; any
 * other sampling still follows the table (its margin is ~180 logits).
 */

export interface ScriptedModel {
  /** The text of each token the model writes, in order (each becomes one token; no repeats). */
  reply: readonly string[];
  /** Start the reply again instead of ending the turn: a reply that lasts until it is stopped. */
  endless?: boolean;
  /** The context the model declares it was trained with (4,096 when not given). */
  contextLength?: number;
}

const SPECIAL = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'];
const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

function buildModel(script: ScriptedModel): { fixture: GgufFixture; data: Map<string, Buffer> } {
  const pieces = script.reply.map(toByteLevel);
  if (new Set(pieces).size !== pieces.length) throw new Error('scripted-model: every piece of the reply must be different');
  const tokens = byteLevelAlphabet();
  const idOf = (text: string) => {
    const found = tokens.indexOf(text);
    if (found >= 0) return found;
    tokens.push(text);
    return tokens.length - 1;
  };
  const replyIds = pieces.map(idOf);
  const specialBase = tokens.length;
  tokens.push(...SPECIAL);
  const endOfTurn = specialBase + 2;
  const vocab = tokens.length;
  const embd = Math.ceil(vocab / 64) * 64;
  const heads = embd / 64;
  const ff = 64;

  // next[t]: the token that follows t — the reply's next piece, the end of turn after its last
  // piece, and its first piece after anything else.
  const next = new Array<number>(vocab).fill(replyIds[0] ?? endOfTurn);
  replyIds.forEach((id, i) => (next[id] = replyIds[i + 1] ?? (script.endless ? replyIds[0]! : endOfTurn)));

  const f32 = (count: number) => Buffer.alloc(count * 4);
  const embeddings = f32(embd * vocab);
  const output = f32(embd * vocab);
  for (let t = 0; t < vocab; t++) {
    embeddings.writeFloatLE(1, (t * embd + t) * 4);
    output.writeFloatLE(10, (next[t]! * embd + t) * 4);
  }
  const ones = f32(embd).fill(0);
  for (let i = 0; i < embd; i++) ones.writeFloatLE(1, i * 4);
  const data = new Map<string, Buffer>([
    ['token_embd.weight', embeddings],
    ['output.weight', output],
    ['output_norm.weight', ones],
    ['blk.0.attn_norm.weight', ones],
    ['blk.0.ffn_norm.weight', ones],
  ]);
  const tensors: GgufFixtureTensor[] = [
    { name: 'token_embd.weight', dims: [embd, vocab] },
    { name: 'output_norm.weight', dims: [embd] },
    { name: 'output.weight', dims: [embd, vocab] },
    { name: 'blk.0.attn_norm.weight', dims: [embd] },
    { name: 'blk.0.attn_q.weight', dims: [embd, embd] },
    { name: 'blk.0.attn_k.weight', dims: [embd, embd] },
    { name: 'blk.0.attn_v.weight', dims: [embd, embd] },
    { name: 'blk.0.attn_output.weight', dims: [embd, embd] },
    { name: 'blk.0.ffn_norm.weight', dims: [embd] },
    { name: 'blk.0.ffn_gate.weight', dims: [embd, ff] },
    { name: 'blk.0.ffn_up.weight', dims: [embd, ff] },
    { name: 'blk.0.ffn_down.weight', dims: [ff, embd] },
  ];
  const fixture: GgufFixture = {
    metadata: {
      'general.architecture': 'llama',
      'general.name': 'Candil scripted test model',
      'llama.context_length': script.contextLength ?? 4096,
      'llama.embedding_length': embd,
      'llama.feed_forward_length': ff,
      'llama.block_count': 1,
      'llama.attention.head_count': heads,
      'llama.attention.head_count_kv': heads,
      'llama.rope.dimension_count': 64,
      'llama.attention.layer_norm_rms_epsilon': { type: 'f32', value: 1e-5 },
      'tokenizer.ggml.model': 'gpt2',
      'tokenizer.ggml.pre': 'qwen2',
      'tokenizer.ggml.tokens': { type: 'array', items: tokens },
      'tokenizer.ggml.token_type': { type: 'array', itemType: 'i32', items: tokens.map((_, i) => (i >= specialBase ? 3 : 1)) },
      'tokenizer.ggml.merges': { type: 'array', items: [] },
      'tokenizer.ggml.bos_token_id': specialBase,
      'tokenizer.ggml.eos_token_id': endOfTurn,
      'tokenizer.ggml.padding_token_id': specialBase,
      'tokenizer.ggml.add_bos_token': false,
      'tokenizer.chat_template': CHATML_TEMPLATE,
    },
    tensors,
  };
  return { fixture, data };
}

/** Writes the model (a few hundred KB) to `path`, atomically. */
export async function writeScriptedModel(path: string, script: ScriptedModel): Promise<void> {
  const { fixture, data } = buildModel(script);
  await mkdir(dirname(path), { recursive: true });
  const part = `${path}.part`;
  try {
    // Tensors not in `data` (attention, feed-forward) stay zero: the layer adds nothing.
    await writeGgufFile(part, fixture, (tensor, target, offset) => {
      const source = data.get(tensor.name);
      if (source) source.copy(target, 0, offset, offset + target.length);
      else target.fill(0);
    });
    await rename(part, path);
  } finally {
    await rm(part, { force: true });
  }
}
