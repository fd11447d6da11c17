import { open, writeFile } from 'node:fs/promises';
import { GgmlType } from 'node-llama-cpp';
import { ggmlTensorBytes } from '../main/models/ggml-sizes';

/**
 * A small GGUF v3 writer for tests: real headers with chosen metadata and tensors, so inspection
 * and compatibility code can be exercised on valid, truncated and odd files without big downloads.
 */

/** Explicitly typed metadata value; plain values are inferred (string, boolean, integer → u32, float → f32, bigint → u64). */
export type GgufValue =
  | string
  | boolean
  | number
  | bigint
  | { type: 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64' | 'u64' | 'i64'; value: number | bigint }
  | { type: 'array'; items: readonly string[] }
  | { type: 'array'; itemType: 'u32' | 'i32' | 'f32'; items: readonly number[] };

export interface GgufFixtureTensor {
  name: string;
  /** ggml order: dims[0] is the fastest-moving (row length). */
  dims: readonly number[];
  type?: GgmlType;
}

export interface GgufFixture {
  metadata: Record<string, GgufValue>;
  tensors: readonly GgufFixtureTensor[];
  alignment?: number;
  /** Stop after the header (tensor infos + padding): lets tests describe multi-GB models cheaply. */
  headerOnly?: boolean;
}

const valueTypes = { u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10, i64: 11, f64: 12 } as const;

class ByteWriter {
  private readonly chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.push(b);
  }
  u64(value: number | bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    this.push(b);
  }
  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  zeros(count: number): void {
    if (count > 0) this.push(Buffer.alloc(count));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeScalar(w: ByteWriter, type: keyof typeof valueTypes, value: number | bigint): void {
  const b = Buffer.alloc(type === 'u64' || type === 'i64' || type === 'f64' ? 8 : type.endsWith('8') ? 1 : type.endsWith('16') ? 2 : 4);
  switch (type) {
    case 'u8': b.writeUInt8(Number(value)); break;
    case 'i8': b.writeInt8(Number(value)); break;
    case 'u16': b.writeUInt16LE(Number(value)); break;
    case 'i16': b.writeInt16LE(Number(value)); break;
    case 'u32': b.writeUInt32LE(Number(value)); break;
    case 'i32': b.writeInt32LE(Number(value)); break;
    case 'f32': b.writeFloatLE(Number(value)); break;
    case 'f64': b.writeDoubleLE(Number(value)); break;
    case 'u64': b.writeBigUInt64LE(BigInt(value)); break;
    case 'i64': b.writeBigInt64LE(BigInt(value)); break;
    default: throw new Error(`not a scalar type: ${type}`);
  }
  w.push(b);
}

function writeValue(w: ByteWriter, value: GgufValue): void {
  if (typeof value === 'string') {
    w.u32(valueTypes.string);
    w.string(value);
  } else if (typeof value === 'boolean') {
    w.u32(valueTypes.bool);
    w.push(Buffer.from([value ? 1 : 0]));
  } else if (typeof value === 'bigint') {
    w.u32(valueTypes.u64);
    w.u64(value);
  } else if (typeof value === 'number') {
    const type = Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? 'u32' : Number.isInteger(value) ? 'i64' : 'f32';
    w.u32(valueTypes[type]);
    writeScalar(w, type, type === 'i64' ? BigInt(value) : value);
  } else if (value.type === 'array') {
    w.u32(valueTypes.array);
    if ('itemType' in value) {
      w.u32(valueTypes[value.itemType]);
      w.u64(value.items.length);
      for (const item of value.items) writeScalar(w, value.itemType, item);
    } else {
      w.u32(valueTypes.string);
      w.u64(value.items.length);
      for (const item of value.items) w.string(item);
    }
  } else {
    w.u32(valueTypes[value.type]);
    writeScalar(w, value.type, value.value);
  }
}

export interface BuiltGguf {
  bytes: Buffer;
  /** Offset where the tensor data section starts. */
  dataOffset: number;
}

interface GgufLayout {
  header: Buffer;
  /** Each tensor's data size in bytes, before padding. */
  sizes: number[];
  alignment: number;
}

function layoutGguf(fixture: GgufFixture): GgufLayout {
  const alignment = fixture.alignment ?? 32;
  const metadata = { ...fixture.metadata };
  if (fixture.alignment !== undefined) metadata['general.alignment'] = { type: 'u32', value: alignment };

  const w = new ByteWriter();
  w.push(Buffer.from('GGUF', 'latin1'));
  w.u32(3);
  w.u64(fixture.tensors.length);
  w.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    w.string(key);
    writeValue(w, value);
  }

  let offset = 0;
  const sizes: number[] = [];
  for (const tensor of fixture.tensors) {
    const type = tensor.type ?? GgmlType.F32;
    const bytes = ggmlTensorBytes(type, tensor.dims);
    if (bytes === null) throw new Error(`gguf-fixtures: unknown ggml type ${type}`);
    w.string(tensor.name);
    w.u32(tensor.dims.length);
    for (const dim of tensor.dims) w.u64(dim);
    w.u32(type);
    w.u64(offset);
    sizes.push(bytes);
    offset += alignUp(bytes, alignment);
  }
  w.zeros(alignUp(w.length, alignment) - w.length);
  return { header: w.toBuffer(), sizes, alignment };
}

/** Serialise a GGUF v3 file; tensor data is zero-filled and each tensor is padded to the alignment. */
export function buildGguf(fixture: GgufFixture): BuiltGguf {
  const { header, sizes, alignment } = layoutGguf(fixture);
  const parts = [header];
  if (!fixture.headerOnly) for (const size of sizes) parts.push(Buffer.alloc(alignUp(size, alignment)));
  return { bytes: Buffer.concat(parts), dataOffset: header.length };
}

/**
 * Fills `target` (a slice of one tensor's data, starting `offset` bytes into it) with that
 * tensor's bytes. Called in slices so a model of hundreds of MB never sits in memory at once.
 */
export type TensorFiller = (tensor: GgufFixtureTensor, target: Buffer, offset: number) => void;

// About 4 MB, and a whole number of Q4_0 (18-byte) and Q8_0 (34-byte) blocks, so a filler never
// sees a block cut between two slices.
const FILL_SLICE = 306 * 13_700;

/** Streams a whole GGUF file to disk with tensor data from `fill` (for realistic-size models). */
export async function writeGgufFile(path: string, fixture: GgufFixture, fill: TensorFiller): Promise<void> {
  const { header, sizes, alignment } = layoutGguf(fixture);
  const file = await open(path, 'w');
  try {
    await file.write(header);
    const slice = Buffer.alloc(FILL_SLICE);
    for (const [index, tensor] of fixture.tensors.entries()) {
      const size = sizes[index]!;
      for (let offset = 0; offset < size; offset += FILL_SLICE) {
        const part = slice.subarray(0, Math.min(FILL_SLICE, size - offset));
        fill(tensor, part, offset);
        await file.write(part);
      }
      const padding = alignUp(size, alignment) - size;
      if (padding > 0) await file.write(Buffer.alloc(padding));
    }
  } finally {
    await file.close();
  }
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** A tiny llama-shaped model header (2 layers, 64-wide); enough for inspection and estimates. */
export function tinyLlamaFixture(overrides: { architecture?: string; metadata?: Record<string, GgufValue>; tensorType?: GgmlType } = {}): GgufFixture {
  const arch = overrides.architecture ?? 'llama';
  const type = overrides.tensorType ?? GgmlType.F32;
  const embd = 256;
  const vocab = 32;
  const tensors: GgufFixtureTensor[] = [
    { name: 'token_embd.weight', dims: [embd, vocab], type },
    { name: 'output_norm.weight', dims: [embd] },
    { name: 'output.weight', dims: [embd, vocab], type },
  ];
  for (let layer = 0; layer < 2; layer++) {
    tensors.push(
      { name: `blk.${layer}.attn_norm.weight`, dims: [embd] },
      { name: `blk.${layer}.attn_q.weight`, dims: [embd, embd], type },
      { name: `blk.${layer}.attn_k.weight`, dims: [embd, embd], type },
      { name: `blk.${layer}.attn_v.weight`, dims: [embd, embd], type },
      { name: `blk.${layer}.attn_output.weight`, dims: [embd, embd], type },
      { name: `blk.${layer}.ffn_norm.weight`, dims: [embd] },
      { name: `blk.${layer}.ffn_gate.weight`, dims: [embd, embd], type },
      { name: `blk.${layer}.ffn_up.weight`, dims: [embd, embd], type },
      { name: `blk.${layer}.ffn_down.weight`, dims: [embd, embd], type },
    );
  }
  const tokens = Array.from({ length: vocab }, (_, i) => (i < 3 ? ['<unk>', '<s>', '</s>'][i]! : `t${i}`));
  return {
    metadata: {
      'general.architecture': arch,
      'general.name': 'Tiny Fixture',
      [`${arch}.context_length`]: 1024,
      [`${arch}.embedding_length`]: embd,
      [`${arch}.feed_forward_length`]: embd,
      [`${arch}.block_count`]: 2,
      [`${arch}.attention.head_count`]: 4,
      [`${arch}.attention.head_count_kv`]: 4,
      [`${arch}.attention.layer_norm_rms_epsilon`]: 1e-5,
      'tokenizer.ggml.model': 'llama',
      'tokenizer.ggml.tokens': { type: 'array', items: tokens },
      'tokenizer.ggml.scores': { type: 'array', itemType: 'f32', items: tokens.map(() => 0) },
      'tokenizer.ggml.token_type': { type: 'array', itemType: 'i32', items: tokens.map((_, i) => (i < 3 ? 3 : 1)) },
      ...overrides.metadata,
    },
    tensors,
  };
}

/** Write a fixture; `truncateTo` cuts the file to that many bytes (negative: that many bytes short). */
export async function writeGgufFixture(path: string, fixture: GgufFixture, opts: { truncateTo?: number } = {}): Promise<BuiltGguf> {
  const built = buildGguf(fixture);
  let bytes = built.bytes;
  if (opts.truncateTo !== undefined) {
    const end = opts.truncateTo < 0 ? bytes.length + opts.truncateTo : opts.truncateTo;
    bytes = bytes.subarray(0, end);
  }
  await writeFile(path, bytes);
  return { bytes, dataOffset: built.dataOffset };
}
