import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHfHost, type FakeHfHost } from '../../test-support/fake-hf-host';
import { tinyLlamaFixture, writeGgufFixture } from '../../test-support/gguf-fixtures';
import { checkCompatibility, DISK_MARGIN_BYTES, freeDiskSpace, judgeRam } from './compatibility';
import { resolveTestModel } from '../../test-support/test-model';

// The real 260K-parameter llama model that llama.cpp's own CI uses (see src/test-support/test-model.ts).
const storiesPath = await resolveTestModel();
const GiB = 1024 ** 3;

let dir: string;
let host: FakeHfHost;
let storiesUrl: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candil-compat-'));
  host = await startFakeHfHost({ repos: [{ id: 'ggml-org/models', files: [{ path: 'tinyllamas/stories260K.gguf', source: storiesPath }] }] });
  storiesUrl = host.fileUrl('ggml-org/models', 'tinyllamas/stories260K.gguf');
});
afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

describe('judgeRam', () => {
  it('uses 70% / 90% of total RAM as the limits', () => {
    expect(judgeRam(7 * GiB, 10 * GiB)).toBe('fits');
    expect(judgeRam(7 * GiB + 1, 10 * GiB)).toBe('tight');
    expect(judgeRam(9 * GiB, 10 * GiB)).toBe('tight');
    expect(judgeRam(9 * GiB + 1, 10 * GiB)).toBe('wont-fit');
  });
});

describe('checkCompatibility', () => {
  it('says the real model fits, with a RAM estimate that grows with the context', async () => {
    const small = await checkCompatibility({ source: storiesPath, contextSize: 256, modelsDir: dir, totalRamBytes: 8 * GiB, freeRamBytes: 4 * GiB });
    const large = await checkCompatibility({ source: storiesPath, contextSize: 2048, modelsDir: dir, totalRamBytes: 8 * GiB, freeRamBytes: 4 * GiB });
    expect(small.verdict).toBe('fits');
    expect(small.reasons).toEqual([]);
    expect(small.diskOk).toBe(true);
    expect(small.fileSize).toBe(1_185_376);
    // At least the weights, and not absurdly more for a 260K-parameter model.
    expect(small.ramBytes).toBeGreaterThanOrEqual(small.summary.tensorDataBytes);
    expect(small.ramBytes).toBeLessThan(64 * 1024 * 1024);
    expect(large.ramBytes).toBeGreaterThan(small.ramBytes);
  });

  it('gives the same answer for the model served over HTTP and checks the disk', async () => {
    const url = storiesUrl;
    const local = await checkCompatibility({ source: storiesPath, contextSize: 512, modelsDir: dir, totalRamBytes: 8 * GiB, freeRamBytes: 4 * GiB });
    const remote = await checkCompatibility({ source: url, contextSize: 512, modelsDir: dir, totalRamBytes: 8 * GiB, freeRamBytes: 4 * GiB });
    expect(remote.ramBytes).toBe(local.ramBytes);
    expect(remote.fileSize).toBe(1_185_376);
    // Other test files write to the same disk meanwhile, so only the order of magnitude is stable.
    expect(remote.freeDiskBytes).toBeGreaterThan(0);
    expect(remote.diskOk).toBe(remote.freeDiskBytes >= 1_185_376 + DISK_MARGIN_BYTES);
    // Only the header travelled: every body request was a range request.
    expect(host.requests.filter((r) => r.method === 'GET' && r.url.startsWith('/cdn/')).every((r) => r.range !== null)).toBe(true);
  });

  it('flags a context longer than the model was trained on', async () => {
    const report = await checkCompatibility({ source: storiesPath, contextSize: 4096, modelsDir: dir, totalRamBytes: 8 * GiB, freeRamBytes: 4 * GiB });
    expect(report.verdict).toBe('tight');
    expect(report.reasons).toEqual([{ code: 'context-too-large', requested: 4096, trained: 2048 }]);
  });

  it('is tight or will not fit as RAM shrinks', async () => {
    const { ramBytes } = await checkCompatibility({ source: storiesPath, contextSize: 512, modelsDir: dir, totalRamBytes: 8 * GiB });
    const tight = await checkCompatibility({ source: storiesPath, contextSize: 512, modelsDir: dir, totalRamBytes: Math.ceil(ramBytes / 0.8) });
    expect(tight.verdict).toBe('tight');
    expect(tight.reasons[0]).toMatchObject({ code: 'ram', level: 'tight', needed: ramBytes });
    const none = await checkCompatibility({ source: storiesPath, contextSize: 512, modelsDir: dir, totalRamBytes: ramBytes });
    expect(none.verdict).toBe('wont-fit');
    expect(none.reasons[0]).toMatchObject({ code: 'ram', level: 'wont-fit' });
    const busy = await checkCompatibility({ source: storiesPath, contextSize: 512, modelsDir: dir, totalRamBytes: 8 * GiB, freeRamBytes: 1000 });
    expect(busy.verdict).toBe('tight');
    expect(busy.reasons).toEqual([{ code: 'free-ram', needed: ramBytes, available: 1000 }]);
  });

  it('will not fit a remote model larger than the free disk', async () => {
    const report = await checkCompatibility({
      source: storiesUrl,
      contextSize: 512,
      modelsDir: dir,
      totalRamBytes: 8 * GiB,
      freeRamBytes: 4 * GiB,
      // Pretend the Hub said the file is enormous; the header is still read from the server.
      fileSize: 1024 ** 5,
    });
    expect(report.diskOk).toBe(false);
    expect(report.verdict).toBe('wont-fit');
    expect(report.reasons).toContainEqual({ code: 'disk', needed: 1024 ** 5 + DISK_MARGIN_BYTES, available: report.freeDiskBytes });
  });

  it('will not run an architecture llama.cpp does not support', async () => {
    const path = join(dir, 'alien.gguf');
    await writeGgufFixture(path, tinyLlamaFixture({ architecture: 'frobnicator-9000' }));
    const report = await checkCompatibility({ source: path, contextSize: 512, modelsDir: dir, totalRamBytes: 8 * GiB, freeRamBytes: 4 * GiB });
    expect(report.verdict).toBe('wont-fit');
    expect(report.reasons).toContainEqual({ code: 'arch-unsupported', architecture: 'frobnicator-9000' });
  });

  it('measures free disk on the nearest existing folder', async () => {
    const [missing, existing] = await Promise.all([freeDiskSpace(join(dir, 'not', 'yet')), freeDiskSpace(dir)]);
    expect(Math.abs(missing - existing)).toBeLessThan(256 * 1024 * 1024);
  });

  it('rejects a bad context size', async () => {
    await expect(checkCompatibility({ source: storiesPath, contextSize: 0, modelsDir: dir })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
