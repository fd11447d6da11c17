import { GgmlType } from 'node-llama-cpp';

/**
 * Block size (elements per block) and bytes per block of each ggml tensor type, as in ggml's
 * `type_traits` table. Kept here so a header can be checked against the file size without loading
 * the native addon; `ggml-sizes.test.ts` compares every entry with the addon's own numbers.
 */
const ggmlTypeLayout: ReadonlyMap<number, { blockSize: number; typeSize: number }> = new Map([
  [GgmlType.F32, { blockSize: 1, typeSize: 4 }],
  [GgmlType.F16, { blockSize: 1, typeSize: 2 }],
  [GgmlType.Q4_0, { blockSize: 32, typeSize: 18 }],
  [GgmlType.Q4_1, { blockSize: 32, typeSize: 20 }],
  [GgmlType.Q5_0, { blockSize: 32, typeSize: 22 }],
  [GgmlType.Q5_1, { blockSize: 32, typeSize: 24 }],
  [GgmlType.Q8_0, { blockSize: 32, typeSize: 34 }],
  [GgmlType.Q8_1, { blockSize: 32, typeSize: 36 }],
  [GgmlType.Q2_K, { blockSize: 256, typeSize: 84 }],
  [GgmlType.Q3_K, { blockSize: 256, typeSize: 110 }],
  [GgmlType.Q4_K, { blockSize: 256, typeSize: 144 }],
  [GgmlType.Q5_K, { blockSize: 256, typeSize: 176 }],
  [GgmlType.Q6_K, { blockSize: 256, typeSize: 210 }],
  [GgmlType.Q8_K, { blockSize: 256, typeSize: 292 }],
  [GgmlType.IQ2_XXS, { blockSize: 256, typeSize: 66 }],
  [GgmlType.IQ2_XS, { blockSize: 256, typeSize: 74 }],
  [GgmlType.IQ3_XXS, { blockSize: 256, typeSize: 98 }],
  [GgmlType.IQ1_S, { blockSize: 256, typeSize: 50 }],
  [GgmlType.IQ4_NL, { blockSize: 32, typeSize: 18 }],
  [GgmlType.IQ3_S, { blockSize: 256, typeSize: 110 }],
  [GgmlType.IQ2_S, { blockSize: 256, typeSize: 82 }],
  [GgmlType.IQ4_XS, { blockSize: 256, typeSize: 136 }],
  [GgmlType.I8, { blockSize: 1, typeSize: 1 }],
  [GgmlType.I16, { blockSize: 1, typeSize: 2 }],
  [GgmlType.I32, { blockSize: 1, typeSize: 4 }],
  [GgmlType.I64, { blockSize: 1, typeSize: 8 }],
  [GgmlType.F64, { blockSize: 1, typeSize: 8 }],
  [GgmlType.IQ1_M, { blockSize: 256, typeSize: 56 }],
  [GgmlType.BF16, { blockSize: 1, typeSize: 2 }],
  [GgmlType.TQ1_0, { blockSize: 256, typeSize: 54 }],
  [GgmlType.TQ2_0, { blockSize: 256, typeSize: 66 }],
  [GgmlType.MXFP4, { blockSize: 32, typeSize: 17 }],
]);

/** Tensor types whose layout this module knows. */
export const knownGgmlTypes: readonly number[] = [...ggmlTypeLayout.keys()];

/**
 * Bytes a contiguous tensor of `type` and `dimensions` takes in the file, or null for a type this
 * table does not know (newer llama.cpp types), so callers can fall back to a weaker check.
 */
export function ggmlTensorBytes(type: number, dimensions: readonly (number | bigint)[]): number | null {
  const layout = ggmlTypeLayout.get(type);
  if (layout === undefined) return null;
  let elements = 1n;
  for (const dim of dimensions) elements *= BigInt(dim);
  const blocks = (elements + BigInt(layout.blockSize) - 1n) / BigInt(layout.blockSize);
  return Number(blocks * BigInt(layout.typeSize));
}
