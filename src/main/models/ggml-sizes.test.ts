import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GgmlType, GgufInsights, readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGguf } from '../../test-support/gguf-fixtures';
import { ggmlTensorBytes, knownGgmlTypes } from './ggml-sizes';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candil-ggml-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ggmlTensorBytes', () => {
  // GgufInsights.modelSize of a one-tensor file is the addon's own ggml_nbytes for that tensor.
  it.each(knownGgmlTypes.map((type) => [GgmlType[type], type] as const))('matches llama.cpp for %s', async (_name, type) => {
    const dims = [512, 3];
    const path = join(dir, `t${type}.gguf`);
    await writeFile(path, buildGguf({ metadata: { 'general.architecture': 'llama' }, tensors: [{ name: 'w', dims, type }] }).bytes);
    const insights = await GgufInsights.from(await readGgufFileInfo(path, { logWarnings: false }));
    expect(ggmlTensorBytes(type, dims)).toBe(insights.modelSize);
  });

  it('returns null for a type it does not know', () => {
    expect(ggmlTensorBytes(9999, [32])).toBeNull();
  });
});
