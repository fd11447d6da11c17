import { describe, expect, it } from 'vitest';
import { autoBatchSize } from './batch-size';

describe('autoBatchSize', () => {
  it('keeps 512 for small vocabularies and lowers it for large ones', () => {
    expect(autoBatchSize(32_000)).toBe(512); // Llama 2, Mistral
    expect(autoBatchSize(128_256)).toBe(256); // Llama 3
    expect(autoBatchSize(151_936)).toBe(256); // Qwen 2.5
    expect(autoBatchSize(262_144)).toBe(128); // Gemma 3
    expect(autoBatchSize(10_000_000)).toBe(64);
    expect(autoBatchSize(0)).toBe(512);
  });
});
