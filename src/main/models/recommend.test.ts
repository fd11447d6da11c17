import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../shared/catalog';
import { loadCatalog } from './catalog';
import { parameterCount, recommendModel } from './recommend';

const GB = 1024 ** 3;

function entry(id: string, parameters: string, ramGb: number, tags: CatalogEntry['tags'] = ['chat']): CatalogEntry {
  return {
    id,
    name: id,
    description: { en: id, es: id },
    parameters,
    quantization: 'Q4_K_M',
    fileSizeBytes: Math.round(ramGb * 0.8 * GB),
    ramBytes: Math.round(ramGb * GB),
    defaultContext: 4096,
    contextLength: 8192,
    licence: { name: 'MIT', url: 'https://example.com/licence' },
    tags,
    hf: { repo: 'owner/name', file: `${id}.gguf` },
  };
}

const plenty = 500 * GB;

describe('recommendModel', () => {
  it('reads parameter counts in millions and billions', () => {
    expect(parameterCount('360M')).toBe(360e6);
    expect(parameterCount('1.24B')).toBe(1.24e9);
  });

  it('picks the largest general chat model within a fifth of the RAM', () => {
    const catalog = [entry('small', '1B', 1.2), entry('mid', '3B', 2.8), entry('big', '7B', 5.2)];
    expect(recommendModel(catalog, { totalRamBytes: 16 * GB, freeDiskBytes: plenty })?.id).toBe('mid');
    expect(recommendModel(catalog, { totalRamBytes: 32 * GB, freeDiskBytes: plenty })?.id).toBe('big');
    expect(recommendModel(catalog, { totalRamBytes: 8 * GB, freeDiskBytes: plenty })?.id).toBe('small');
  });

  it('skips code, reasoning and embedding models even when larger', () => {
    const catalog = [entry('chat', '1B', 1.2), entry('coder', '3B', 2.8, ['code', 'chat']), entry('thinker', '3B', 2.8, ['chat', 'reasoning']), entry('embed', '3B', 1, ['embedding'])];
    expect(recommendModel(catalog, { totalRamBytes: 16 * GB, freeDiskBytes: plenty })?.id).toBe('chat');
  });

  it('prefers a multilingual model over a larger English-only one', () => {
    const catalog = [entry('english', '3B', 2.8), entry('both', '1B', 1.2, ['chat', 'multilingual'])];
    expect(recommendModel(catalog, { totalRamBytes: 16 * GB, freeDiskBytes: plenty })?.id).toBe('both');
  });

  it('keeps catalog order on a tie', () => {
    const catalog = [entry('first', '3B', 2.8), entry('second', '3B', 2.5)];
    expect(recommendModel(catalog, { totalRamBytes: 16 * GB, freeDiskBytes: plenty })?.id).toBe('first');
  });

  it('falls back to the smallest model that fits when none is light, and to nothing when none fits', () => {
    const catalog = [entry('mid', '3B', 2.8), entry('small', '1B', 1.5)];
    // 4 GB: a fifth is 0.8 GB (nothing), 70% is 2.8 GB (both fit).
    expect(recommendModel(catalog, { totalRamBytes: 4 * GB, freeDiskBytes: plenty })?.id).toBe('small');
    expect(recommendModel(catalog, { totalRamBytes: 2 * GB, freeDiskBytes: plenty })).toBeNull();
  });

  it('never suggests a download the disk has no room for', () => {
    const catalog = [entry('small', '1B', 1.2), entry('mid', '3B', 2.8)];
    expect(recommendModel(catalog, { totalRamBytes: 16 * GB, freeDiskBytes: 2 * GB })?.id).toBe('small');
    expect(recommendModel(catalog, { totalRamBytes: 16 * GB, freeDiskBytes: 0.5 * GB })).toBeNull();
  });

  it('suggests a small instruct model from the real catalog on common machines', async () => {
    const { models } = await loadCatalog();
    const pick = (gb: number) => recommendModel(models, { totalRamBytes: gb * GB, freeDiskBytes: plenty });
    expect(pick(8)?.id).toBe('qwen2.5-1.5b-instruct');
    expect(pick(16)?.id).toBe('llama-3.2-3b-instruct');
    expect(pick(24)?.id).toBe('gemma-3-4b-it');
  });
});
