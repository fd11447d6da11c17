import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHfHost, type FakeHfHost } from '../../test-support/fake-hf-host';
import { resolveTestModel } from '../../test-support/test-model';
import { tinyLlamaFixture, buildGguf } from '../../test-support/gguf-fixtures';
import { DEFAULT_HF_ENDPOINT, HfClient } from './hf-client';
import { inspectGguf } from './gguf-inspect';

const storiesPath = await resolveTestModel();
const tiny = buildGguf(tinyLlamaFixture()).bytes;

let host: FakeHfHost;
beforeAll(async () => {
  host = await startFakeHfHost({
    tokens: ['hf_good'],
    repos: [
      { id: 'ggml-org/models', files: [{ path: 'tinyllamas/stories260K.gguf', source: storiesPath }, { path: 'README.md', source: Buffer.from('# models\n') }], downloads: 50, likes: 3 },
      {
        id: 'acme/Tiny-Chat-GGUF',
        downloads: 900,
        likes: 1,
        lastModified: '2025-01-01T00:00:00.000Z',
        files: [
          { path: 'Tiny-Chat-Q8_0.gguf', source: tiny },
          { path: 'Tiny-Chat-Q4_K_M.gguf', source: tiny.subarray(0, tiny.length - 64) },
          { path: 'Tiny-Chat-F16-00001-of-00002.gguf', source: tiny },
          { path: 'Tiny-Chat-F16-00002-of-00002.gguf', source: tiny },
          { path: 'config.json', source: Buffer.from('{}') },
        ],
      },
      { id: 'acme/Tiny-Chat-raw', files: [{ path: 'model.safetensors', source: Buffer.from('x') }], downloads: 10_000 },
      { id: 'acme/Locked-Chat-GGUF', gated: true, likes: 500, downloads: 1, lastModified: '2025-06-01T00:00:00.000Z', files: [{ path: 'locked-Q4_0.gguf', source: tiny }] },
    ],
  });
});
afterAll(async () => {
  await host.close();
});

describe('HfClient', () => {
  it('defaults to huggingface.co, or CANDIL_HF_ENDPOINT', () => {
    const saved = process.env['CANDIL_HF_ENDPOINT'];
    try {
      delete process.env['CANDIL_HF_ENDPOINT'];
      expect(new HfClient().endpoint).toBe(DEFAULT_HF_ENDPOINT);
      process.env['CANDIL_HF_ENDPOINT'] = `${host.url}/`;
      expect(new HfClient().endpoint).toBe(host.url);
    } finally {
      if (saved === undefined) delete process.env['CANDIL_HF_ENDPOINT'];
      else process.env['CANDIL_HF_ENDPOINT'] = saved;
    }
  });

  it('searches GGUF repos, sorted as asked', async () => {
    const client = new HfClient({ endpoint: host.url });
    const byDownloads = await client.searchGgufRepos({ query: 'chat', sort: 'downloads', limit: 10 });
    // The safetensors-only repo has the most downloads but no GGUF.
    expect(byDownloads.map((r) => r.id)).toEqual(['acme/Tiny-Chat-GGUF', 'acme/Locked-Chat-GGUF']);
    expect(byDownloads[0]).toMatchObject({ author: 'acme', downloads: 900, likes: 1, gated: false, lastModified: '2025-01-01T00:00:00.000Z' });
    expect(byDownloads[0]?.tags).toContain('gguf');
    expect(byDownloads[1]?.gated).toBe(true);

    const byLikes = await client.searchGgufRepos({ query: 'chat', sort: 'likes' });
    expect(byLikes.map((r) => r.id)).toEqual(['acme/Locked-Chat-GGUF', 'acme/Tiny-Chat-GGUF']);
    const recent = await client.searchGgufRepos({ query: 'chat', sort: 'lastModified', limit: 1 });
    expect(recent.map((r) => r.id)).toEqual(['acme/Locked-Chat-GGUF']);
  });

  it('lists the GGUF files of a repo with sizes, hashes, quantisation and download URLs', async () => {
    const client = new HfClient({ endpoint: host.url });
    const files = await client.listGgufFiles('acme/Tiny-Chat-GGUF');
    expect(files.map((f) => f.fileName)).toEqual(['Tiny-Chat-Q4_K_M.gguf', 'Tiny-Chat-Q8_0.gguf', 'Tiny-Chat-F16-00001-of-00002.gguf']);
    const [q4, q8, f16] = files;
    expect(q8).toMatchObject({
      sizeBytes: tiny.length,
      quantization: 'Q8_0',
      sha256: host.file('acme/Tiny-Chat-GGUF', 'Tiny-Chat-Q8_0.gguf').sha256,
      downloadUrl: host.fileUrl('acme/Tiny-Chat-GGUF', 'Tiny-Chat-Q8_0.gguf'),
      split: null,
    });
    expect(q4?.sizeBytes).toBe(tiny.length - 64);
    expect(f16).toMatchObject({ sizeBytes: 2 * tiny.length, split: { count: 2, complete: true }, quantization: 'F16' });
    expect(f16?.parts).toHaveLength(2);

    // The URLs it hands out really serve the file, header readable with range requests.
    const summary = await inspectGguf(q8?.downloadUrl ?? '');
    expect(summary).toMatchObject({ architecture: 'llama', fileSize: tiny.length });
    await expect(inspectGguf(q4?.downloadUrl ?? '')).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('Tiny-Chat-Q4_K_M.gguf') });
  });

  it('finds files in sub-folders', async () => {
    const files = await new HfClient({ endpoint: host.url }).listGgufFiles('ggml-org/models');
    expect(files).toEqual([expect.objectContaining({ path: 'tinyllamas/stories260K.gguf', sizeBytes: 1_185_376, quantization: null })]);
  });

  it('sends the token and gives gated files only with it', async () => {
    const url = new HfClient({ endpoint: host.url }).downloadUrl('acme/Locked-Chat-GGUF', 'locked-Q4_0.gguf');
    await expect(inspectGguf(url)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    await expect(inspectGguf(url, { knownFileSize: 1_185_376 })).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    const client = new HfClient({ endpoint: host.url, token: 'hf_good' });
    expect(client.authHeaders()).toEqual({ Authorization: 'Bearer hf_good' });
    expect((await inspectGguf(url, { headers: client.authHeaders() })).architecture).toBe('llama');

    host.requests.length = 0;
    await client.listGgufFiles('acme/Locked-Chat-GGUF');
    expect(host.requests.at(-1)?.authorization).toBe('Bearer hf_good');
  });

  it('says NOT_FOUND for a missing repo and BAD_REQUEST for a malformed name', async () => {
    const client = new HfClient({ endpoint: host.url });
    await expect(client.listGgufFiles('acme/nothing-here')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('acme/nothing-here') });
    await expect(client.listGgufFiles('not a repo')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('says NETWORK when the host is down', async () => {
    const client = new HfClient({ endpoint: 'http://127.0.0.1:1' });
    await expect(client.searchGgufRepos({ query: 'x' })).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/127\.0\.0\.1:1/) });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    await expect(new HfClient({ endpoint: host.url }).searchGgufRepos({ query: 'x', signal: controller.signal })).rejects.toThrow('user left');
  });
});
