import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isScannedModelOk } from '../../shared/models';
import { tinyLlamaFixture, writeGgufFixture } from '../../test-support/gguf-fixtures';
import { scanModelsFolder } from './model-scanner';
import { resolveTestModel } from '../../test-support/test-model';

// The real 260K-parameter llama model that llama.cpp's own CI uses (see src/test-support/test-model.ts).
const storiesPath = await resolveTestModel();

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'candil-scan-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scanModelsFolder', () => {
  it('creates a missing folder and returns nothing', async () => {
    const dir = join(root, 'models', 'nested');
    expect(await scanModelsFolder(dir)).toEqual([]);
    expect((await stat(dir)).isDirectory()).toBe(true);
  });

  it('lists good and bad models side by side and skips other files', async () => {
    const dir = join(root, 'models');
    await mkdir(join(dir, 'qwen'), { recursive: true });
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    await copyFile(storiesPath, join(dir, 'stories260K.gguf'));
    await writeGgufFixture(join(dir, 'qwen', 'tiny.gguf'), tinyLlamaFixture());
    await writeGgufFixture(join(dir, 'broken.gguf'), tinyLlamaFixture(), { truncateTo: -4096 });
    await writeFile(join(dir, 'empty.gguf'), '');
    await writeFile(join(dir, 'download.gguf.part'), 'GGUF');
    await writeFile(join(dir, 'notes.txt'), 'hello');
    await writeGgufFixture(join(dir, 'a', 'b', 'too-deep.gguf'), tinyLlamaFixture());

    const models = await scanModelsFolder(dir);
    expect(models.map((m) => m.fileName)).toEqual(['broken.gguf', 'empty.gguf', 'stories260K.gguf', 'tiny.gguf']);

    const [broken, empty, stories, tiny] = models;
    expect(broken).toMatchObject({ error: { code: 'MODEL_INVALID', message: expect.stringMatching(/broken\.gguf.*truncated/) } });
    expect(empty).toMatchObject({ sizeBytes: 0, error: { code: 'MODEL_INVALID', message: expect.stringMatching(/is empty/) } });
    expect(stories && isScannedModelOk(stories) && stories.summary.architecture).toBe('llama');
    expect(stories).toMatchObject({ path: join(dir, 'stories260K.gguf'), sizeBytes: 1_185_376 });
    expect(stories?.modifiedAt).toBeGreaterThan(0);
    expect(tiny).toMatchObject({ path: join(dir, 'qwen', 'tiny.gguf'), summary: { name: 'Tiny Fixture' } });
  });
});
