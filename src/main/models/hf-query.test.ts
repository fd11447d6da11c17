import { describe, expect, it } from 'vitest';
import { isRepoId, parseModelQuery } from './hf-query';

describe('parseModelQuery', () => {
  it.each([
    ['llama 3.2', { kind: 'search', query: 'llama 3.2' }],
    ['  qwen  ', { kind: 'search', query: 'qwen' }],
    ['', { kind: 'search', query: '' }],
    ['gemma', { kind: 'search', query: 'gemma' }],
    ['bartowski/Llama-3.2-1B-Instruct-GGUF', { kind: 'repo', repo: 'bartowski/Llama-3.2-1B-Instruct-GGUF', file: null }],
    ['https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF', { kind: 'repo', repo: 'Qwen/Qwen2.5-1.5B-Instruct-GGUF', file: null }],
    ['huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/tree/main', { kind: 'repo', repo: 'Qwen/Qwen2.5-1.5B-Instruct-GGUF', file: null }],
    ['https://hf.co/unsloth/gemma-3-1b-it-GGUF?library=llama', { kind: 'repo', repo: 'unsloth/gemma-3-1b-it-GGUF', file: null }],
    [
      'https://huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF/blob/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf',
      { kind: 'repo', repo: 'bartowski/Llama-3.2-1B-Instruct-GGUF', file: 'Llama-3.2-1B-Instruct-Q4_K_M.gguf' },
    ],
    [
      'https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf?download=true',
      { kind: 'repo', repo: 'ggml-org/models', file: 'tinyllamas/stories260K.gguf' },
    ],
    ['http://127.0.0.1:4567/owner/repo/resolve/main/a%20b.gguf', { kind: 'repo', repo: 'owner/repo', file: 'a b.gguf' }],
    ['owner/repo/sub/model-Q8_0.gguf', { kind: 'repo', repo: 'owner/repo', file: 'sub/model-Q8_0.gguf' }],
    ['hf:owner/repo/model.gguf', { kind: 'repo', repo: 'owner/repo', file: 'model.gguf' }],
    ['https://huggingface.co/models/owner/repo', { kind: 'repo', repo: 'owner/repo', file: null }],
  ])('reads %j', (input, expected) => {
    expect(parseModelQuery(input)).toEqual(expected);
  });

  it.each([
    'https://huggingface.co/datasets/owner/data',
    'https://huggingface.co/spaces/owner/app',
    'https://huggingface.co/owner',
    'owner/repo/README.md',
  ])('refuses %j', (input) => {
    expect(() => parseModelQuery(input)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});

describe('isRepoId', () => {
  it('accepts owner/name only', () => {
    expect(isRepoId('Qwen/Qwen3-0.6B-GGUF')).toBe(true);
    expect(isRepoId('Qwen')).toBe(false);
    expect(isRepoId('a/b/c')).toBe(false);
    expect(isRepoId('../etc')).toBe(false);
  });
});
