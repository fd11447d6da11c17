import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GgmlType } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { buildGguf, tinyLlamaFixture, writeGgufFixture } from '../../test-support/gguf-fixtures';
import { inspectGguf } from './gguf-inspect';
import { serveFiles, type StaticServer } from '../../test-support/range-server';
import { resolveTestModel } from '../../test-support/test-model';

// The real 260K-parameter llama model that llama.cpp's own CI uses (see src/test-support/test-model.ts).
const storiesPath = await resolveTestModel();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candil-inspect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectInvalid(promise: Promise<unknown>, reason: RegExp, fileName: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('MODEL_INVALID');
  expect((error as AppError).message).toContain(fileName);
  expect((error as AppError).message).toMatch(reason);
}

describe('inspectGguf on the real stories260K model', () => {
  it('summarises the header', async () => {
    const summary = await inspectGguf(storiesPath);
    expect(summary).toMatchObject({
      architecture: 'llama',
      name: 'llama',
      quantization: 'F32',
      contextLength: 2048,
      hasChatTemplate: false,
      fileSize: 1_185_376,
      supported: true,
      ggufVersion: 3,
      split: null,
    });
    expect(summary.parameterCount).toBe(292_800);
  });

  it('computes the expected size from tensor offsets exactly', async () => {
    const summary = await inspectGguf(storiesPath);
    expect(summary.expectedFileSize).toBe(1_185_376);
    expect(summary.tensorDataBytes).toBe(1_185_376 - 14_176);
  });
});

describe('inspectGguf on generated files', () => {
  it('reads a valid fixture with a chat template and file type', async () => {
    const path = join(dir, 'tiny-q8.gguf');
    const built = await writeGgufFixture(
      path,
      tinyLlamaFixture({
        tensorType: GgmlType.Q8_0,
        metadata: { 'general.file_type': 7, 'tokenizer.chat_template': '{{ messages }}' },
      }),
    );
    const summary = await inspectGguf(path);
    expect(summary.quantization).toBe('Q8_0');
    expect(summary.hasChatTemplate).toBe(true);
    expect(summary.contextLength).toBe(1024);
    expect(summary.name).toBe('Tiny Fixture');
    expect(summary.expectedFileSize).toBe(built.bytes.length);
  });

  it('rejects an empty file', async () => {
    const path = join(dir, 'empty.gguf');
    await writeFile(path, '');
    await expectInvalid(inspectGguf(path), /is empty/, 'empty.gguf');
  });

  it('rejects a file with the wrong magic', async () => {
    const path = join(dir, 'not-a-model.gguf');
    await writeFile(path, '<html>Sign in to continue</html>'.repeat(10));
    await expectInvalid(inspectGguf(path), /is not a GGUF file/, 'not-a-model.gguf');
  });

  it('rejects a file cut inside the header', async () => {
    const path = join(dir, 'cut-header.gguf');
    await writeGgufFixture(path, tinyLlamaFixture(), { truncateTo: 200 });
    await expectInvalid(inspectGguf(path), /truncated/, 'cut-header.gguf');
  });

  it('rejects a file cut right after the magic', async () => {
    const path = join(dir, 'magic-only.gguf');
    await writeFile(path, 'GGUF');
    await expectInvalid(inspectGguf(path), /truncated header/, 'magic-only.gguf');
  });

  it('rejects a file whose tensor data is cut short', async () => {
    const path = join(dir, 'cut-data.gguf');
    const built = await writeGgufFixture(path, tinyLlamaFixture(), { truncateTo: -1000 });
    await expectInvalid(inspectGguf(path), new RegExp(`is truncated: .*${built.bytes.length + 1000}.*${built.bytes.length}`), 'cut-data.gguf');
  });

  it('rejects the real model cut by one byte', async () => {
    const { readFile } = await import('node:fs/promises');
    const path = join(dir, 'stories-partial.gguf');
    await writeFile(path, (await readFile(storiesPath)).subarray(0, 1_185_375));
    await expectInvalid(inspectGguf(path), /is truncated/, 'stories-partial.gguf');
  });

  it('flags an architecture llama.cpp does not know', async () => {
    const path = join(dir, 'alien.gguf');
    await writeGgufFixture(path, tinyLlamaFixture({ architecture: 'frobnicator-9000' }));
    const summary = await inspectGguf(path);
    expect(summary.architecture).toBe('frobnicator-9000');
    expect(summary.supported).toBe(false);
  });

  it('reports split parts without a parameter count', async () => {
    const path = join(dir, 'model-00001-of-00002.gguf');
    await writeGgufFixture(path, tinyLlamaFixture({ metadata: { 'split.no': { type: 'u16', value: 0 }, 'split.count': { type: 'u16', value: 2 } } }));
    const summary = await inspectGguf(path);
    expect(summary.split).toEqual({ index: 1, count: 2 });
    expect(summary.parameterCount).toBeUndefined();
  });

  it('says NOT_FOUND for a missing file', async () => {
    await expect(inspectGguf(join(dir, 'nope.gguf'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('inspectGguf over HTTP', () => {
  let server: StaticServer;
  beforeAll(async () => {
    const { readFile } = await import('node:fs/promises');
    const stories = await readFile(storiesPath);
    const tiny = tinyLlamaFixture();
    server = await serveFiles({
      '/stories260K.gguf': stories,
      '/partial.gguf': stories.subarray(0, 600_000),
      '/big.gguf': buildGguf({ ...tiny, tensors: [...tiny.tensors, { name: 'big.weight', dims: [4096, 1024] }] }).bytes,
      '/page.gguf': Buffer.from('<!doctype html><html><body>Not here</body></html>'.repeat(4)),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('reads the real model with range requests and takes the size from the server', async () => {
    const summary = await inspectGguf(`${server.url}/stories260K.gguf`);
    expect(summary.architecture).toBe('llama');
    expect(summary.fileSize).toBe(1_185_376);
    expect(summary.expectedFileSize).toBe(1_185_376);
  });

  it('fetches only the header of a big file', async () => {
    const before = server.bytesSent();
    const summary = await inspectGguf(`${server.url}/big.gguf`);
    expect(summary.fileSize).toBeGreaterThan(16 * 1024 * 1024);
    // node-llama-cpp reads in 4 MiB chunks; the 16 MiB of weights stay on the server.
    expect(server.bytesSent() - before).toBeLessThan(4 * 1024 * 1024 + 1024);
  });

  it('detects a truncated file on the server', async () => {
    await expectInvalid(inspectGguf(`${server.url}/partial.gguf`), /is truncated/, 'partial.gguf');
  });

  it('detects a non-GGUF answer', async () => {
    await expectInvalid(inspectGguf(`${server.url}/page.gguf`), /is not a GGUF file/, 'page.gguf');
  });

  it('maps 404 to NOT_FOUND and a dead host to NETWORK', async () => {
    await expect(inspectGguf(`${server.url}/missing.gguf`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(inspectGguf('http://127.0.0.1:1/x.gguf')).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('sends the given headers', async () => {
    await inspectGguf(`${server.url}/stories260K.gguf`, { headers: { Authorization: 'Bearer hf_test' } });
    expect(server.lastHeaders()['authorization']).toBe('Bearer hf_test');
  });
});
