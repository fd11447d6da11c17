import { describe, expect, it } from 'vitest';
import { groupGgufFiles, quantizationFromFileName } from './hf-files';

describe('quantizationFromFileName', () => {
  it.each([
    ['Llama-3.2-1B-Instruct-Q4_K_M.gguf', 'Q4_K_M'],
    ['qwen2.5-1.5b-instruct-q4_k_m.gguf', 'Q4_K_M'],
    ['gemma-3-1b-it-UD-Q4_K_XL.gguf', 'Q4_K_XL'],
    ['Phi-4-mini-instruct.Q8_0.gguf', 'Q8_0'],
    ['model-IQ4_XS.gguf', 'IQ4_XS'],
    ['model-bf16-00001-of-00002.gguf', 'BF16'],
    ['model-Q4_K.gguf', 'Q4_K'],
    ['stories260K.gguf', null],
    ['nomic-embed-text-v1.5.f16.gguf', 'F16'],
  ])('%s → %s', (name, quant) => {
    expect(quantizationFromFileName(name)).toBe(quant);
  });
});

describe('groupGgufFiles', () => {
  const url = (path: string): string => `https://hub/r/resolve/main/${path}`;

  it('keeps single files, groups split parts in order and flags projectors', () => {
    const files = groupGgufFiles(
      [
        { path: 'README.md', size: 10, sha256: null },
        { path: 'big/m-Q8_0-00002-of-00002.gguf', size: 300, sha256: 'b' },
        { path: 'm-Q4_K_M.gguf', size: 100, sha256: 'aa' },
        { path: 'big/m-Q8_0-00001-of-00002.gguf', size: 200, sha256: 'a' },
        { path: 'mmproj-m-f16.gguf', size: 50, sha256: 'p' },
      ],
      url,
    );
    expect(files.map((f) => f.path)).toEqual(['mmproj-m-f16.gguf', 'm-Q4_K_M.gguf', 'big/m-Q8_0-00001-of-00002.gguf']);
    const [projector, single, split] = files;
    expect(projector?.isProjector).toBe(true);
    expect(single).toMatchObject({ fileName: 'm-Q4_K_M.gguf', sizeBytes: 100, sha256: 'aa', quantization: 'Q4_K_M', split: null, isProjector: false, downloadUrl: url('m-Q4_K_M.gguf') });
    expect(split).toMatchObject({ sizeBytes: 500, sha256: null, quantization: 'Q8_0', split: { count: 2, complete: true } });
    expect(split?.parts.map((p) => p.path)).toEqual(['big/m-Q8_0-00001-of-00002.gguf', 'big/m-Q8_0-00002-of-00002.gguf']);
  });

  it('marks a split model with missing parts as incomplete', () => {
    const [file] = groupGgufFiles([{ path: 'x-00002-of-00003.gguf', size: 1, sha256: null }], url);
    expect(file?.split).toEqual({ count: 3, complete: false });
  });
});
