import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { fileDownloadInfo, listFiles, listModels, modelInfo } from '@huggingface/hub';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHfHost, type FakeHfHost } from './fake-hf-host';

const storiesPath = '/work/shared/models/stories260K.gguf';
const storiesSha = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d';
const storiesSize = 1_185_376;
const blob = randomBytes(300_000);
const blobSha = sha256(blob);

let host: FakeHfHost;

beforeAll(async () => {
  host = await startFakeHfHost({
    tokens: ['hf_good'],
    repos: [
      {
        id: 'ggml-org/models',
        files: [
          { path: 'tinyllamas/stories260K.gguf', source: storiesPath },
          { path: 'README.md', source: Buffer.from('# models\n') },
        ],
        downloads: 500,
        likes: 7,
        lastModified: '2024-01-02T00:00:00.000Z',
        license: 'mit',
        tags: ['text-generation'],
        gguf: { total: 292_000, architecture: 'llama', context_length: 128 },
      },
      { id: 'acme/blob-GGUF', files: [{ path: 'blob-Q4_K_M.gguf', source: blob }], downloads: 9_000, likes: 1 },
      { id: 'acme/locked-GGUF', files: [{ path: 'locked.gguf', source: blob }], gated: 'manual', downloads: 10 },
      { id: 'acme/not-a-model', files: [{ path: 'weights.safetensors', source: blob }], downloads: 99_999 },
    ],
  });
});
afterAll(() => host.close());
afterEach(() => {
  host.clearFaults();
  host.requests.length = 0;
});

describe('model API', () => {
  it('searches with filter, sort, direction and limit like /api/models', async () => {
    const all = (await getJson('/api/models?filter=gguf&sort=downloads&direction=-1')) as Array<Record<string, unknown>>;
    expect(all.map((m) => m.id)).toEqual(['acme/blob-GGUF', 'ggml-org/models', 'acme/locked-GGUF']);
    expect(all[1]).toMatchObject({
      id: 'ggml-org/models',
      modelId: 'ggml-org/models',
      downloads: 500,
      likes: 7,
      lastModified: '2024-01-02T00:00:00.000Z',
      gated: false,
      private: false,
      library_name: 'gguf',
    });
    expect(all[1]?._id).toMatch(/^[0-9a-f]{24}$/);
    expect(all[2]?.gated).toBe('manual');
    const searched = (await getJson('/api/models?search=BLOB&filter=gguf&limit=1&full=true')) as Array<Record<string, unknown>>;
    expect(searched).toHaveLength(1);
    expect(searched[0]?.siblings).toEqual([{ rfilename: 'blob-Q4_K_M.gguf' }]);
    const byLikes = (await getJson('/api/models?filter=gguf&sort=likes')) as Array<{ id: string }>;
    expect(byLikes[0]?.id).toBe('ggml-org/models');
  });

  it('serves model info with siblings, license and gguf metadata', async () => {
    const info = (await getJson('/api/models/ggml-org/models?blobs=true')) as Record<string, unknown>;
    expect(info).toMatchObject({ id: 'ggml-org/models', cardData: { license: 'mit' }, gguf: { architecture: 'llama' } });
    expect(info.siblings).toContainEqual({
      rfilename: 'tinyllamas/stories260K.gguf',
      size: storiesSize,
      blobId: expect.stringMatching(/^[0-9a-f]{40}$/),
      lfs: { sha256: storiesSha, size: storiesSize, pointerSize: expect.any(Number) },
    });
    expect(info.tags).toEqual(expect.arrayContaining(['gguf', 'license:mit', 'text-generation']));
    const missing = await fetch(`${host.url}/api/models/nobody/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-error-code')).toBe('RepoNotFound');
  });

  it('lists the tree, recursively or one level, with LFS oids', async () => {
    const top = (await getJson('/api/models/ggml-org/models/tree/main')) as Array<Record<string, unknown>>;
    expect(top.map((e) => [e.type, e.path])).toEqual([
      ['file', 'README.md'],
      ['directory', 'tinyllamas'],
    ]);
    const all = (await getJson('/api/models/ggml-org/models/tree/main?recursive=true')) as Array<Record<string, unknown>>;
    const gguf = all.find((e) => e.path === 'tinyllamas/stories260K.gguf');
    expect(gguf).toMatchObject({ type: 'file', size: storiesSize, lfs: { oid: storiesSha, size: storiesSize } });
    expect(gguf?.oid).toMatch(/^[0-9a-f]{40}$/);
    const readme = all.find((e) => e.path === 'README.md');
    expect(readme?.lfs).toBeUndefined();
    // Git's blob id of "# models\n", as `git hash-object` computes it.
    expect(readme?.oid).toBe(createHash('sha1').update('blob 9\0# models\n').digest('hex'));
    const sub = (await getJson('/api/models/ggml-org/models/tree/main/tinyllamas')) as Array<Record<string, unknown>>;
    expect(sub.map((e) => e.path)).toEqual(['tinyllamas/stories260K.gguf']);
  });

  it('works with @huggingface/hub pointed at it', async () => {
    const models = [];
    for await (const m of listModels({ hubUrl: host.url, search: { query: 'acme', tags: ['gguf'] }, sort: 'downloads' })) models.push(m.name);
    expect(models).toEqual(['acme/blob-GGUF', 'acme/locked-GGUF']);
    const info = await modelInfo({ hubUrl: host.url, name: 'ggml-org/models', additionalFields: ['filePaths'] });
    expect(info.filePaths).toContain('tinyllamas/stories260K.gguf');
    const files = [];
    for await (const f of listFiles({ hubUrl: host.url, repo: 'ggml-org/models', recursive: true })) files.push(f.path);
    expect(files).toContain('tinyllamas/stories260K.gguf');
    const download = await fileDownloadInfo({ hubUrl: host.url, repo: 'ggml-org/models', path: 'tinyllamas/stories260K.gguf' });
    expect(download).toMatchObject({ size: storiesSize, etag: `"${storiesSha}"` });
  });
});

describe('resolve and CDN', () => {
  it('redirects resolve to the CDN with X-Linked-Etag and X-Linked-Size', async () => {
    const head = await fetch(host.fileUrl('ggml-org/models', 'tinyllamas/stories260K.gguf'), { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(302);
    expect(head.headers.get('x-linked-etag')).toBe(`"${storiesSha}"`);
    expect(head.headers.get('x-linked-size')).toBe(String(storiesSize));
    expect(head.headers.get('x-repo-commit')).toMatch(/^[0-9a-f]{40}$/);
    const location = head.headers.get('location') ?? '';
    expect(location).toMatch(/^\/cdn\/[0-9a-f]{64}\?/);

    const body = await fetch(new URL(location, host.url));
    expect(body.status).toBe(200);
    expect(body.headers.get('accept-ranges')).toBe('bytes');
    expect(body.headers.get('content-length')).toBe(String(storiesSize));
    expect(sha256(Buffer.from(await body.arrayBuffer()))).toBe(storiesSha);

    const tampered = await fetch(new URL(location.replace(/signature=[0-9a-f]/, 'signature=z'), host.url));
    expect(tampered.status).toBe(403);
  });

  it('answers ranges with 206, open-ended and suffix ranges, and 416 past the end', async () => {
    const url = host.fileUrl('acme/blob-GGUF', 'blob-Q4_K_M.gguf');
    const open = await fetch(url, { headers: { Range: 'bytes=1000-' } });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-range')).toBe(`bytes 1000-${blob.length - 1}/${blob.length}`);
    expect(Buffer.from(await open.arrayBuffer()).equals(blob.subarray(1000))).toBe(true);
    const closed = await fetch(url, { headers: { Range: 'bytes=10-19' } });
    expect(Buffer.from(await closed.arrayBuffer()).equals(blob.subarray(10, 20))).toBe(true);
    const suffix = await fetch(url, { headers: { Range: 'bytes=-5' } });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(blob.subarray(-5))).toBe(true);
    const beyond = await fetch(url, { headers: { Range: `bytes=${blob.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${blob.length}`);
    const staleIfRange = await fetch(url, { headers: { Range: 'bytes=10-', 'If-Range': '"stale"' } });
    expect(staleIfRange.status).toBe(200);
    await staleIfRange.arrayBuffer();
    expect(host.requests.some((r) => r.range === 'bytes=1000-' && r.url.startsWith('/cdn/') && r.status === 206)).toBe(true);
  });

  it('serves small non-LFS files directly with their git oid as ETag', async () => {
    const res = await fetch(host.fileUrl('ggml-org/models', 'README.md'), { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('# models\n');
    expect(res.headers.get('etag')).toBe(host.file('ggml-org/models', 'README.md').etag);
  });

  it('requires a valid bearer token for gated repos', async () => {
    const url = host.fileUrl('acme/locked-GGUF', 'locked.gguf');
    const anonymous = await fetch(url, { method: 'HEAD', redirect: 'manual' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('x-error-code')).toBe('GatedRepo');
    const wrong = await fetch(url, { method: 'HEAD', redirect: 'manual', headers: { Authorization: 'Bearer hf_bad' } });
    expect(wrong.status).toBe(401);
    const good = await fetch(url, { headers: { Authorization: 'Bearer hf_good' } });
    expect(good.status).toBe(200);
    expect(sha256(Buffer.from(await good.arrayBuffer()))).toBe(blobSha);
  });

  it('404s unknown files with EntryNotFound', async () => {
    const res = await fetch(host.fileUrl('acme/blob-GGUF', 'nope.gguf'), { method: 'HEAD', redirect: 'manual' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-error-code')).toBe('EntryNotFound');
  });
});

describe('faults', () => {
  const url = (): string => host.fileUrl('acme/blob-GGUF', 'blob-Q4_K_M.gguf');

  it('drops the connection at a byte offset, once', async () => {
    host.setFault('blob-Q4_K_M.gguf', { type: 'drop', atByte: 100_000, times: 1 });
    const first = await rawGet(url());
    expect(first.error).toBeDefined();
    expect(first.bytes.length).toBe(100_000);
    expect(first.bytes.equals(blob.subarray(0, 100_000))).toBe(true);
    const second = await rawGet(url());
    expect(second.error).toBeUndefined();
    expect(sha256(second.bytes)).toBe(blobSha);
  });

  it('stalls after some bytes until the client gives up', async () => {
    host.setFault('blob-Q4_K_M.gguf', { type: 'stall', atByte: 50_000 });
    const result = await rawGet(url(), {}, 300);
    expect(result.error?.message).toBe('client timeout');
    expect(result.bytes.length).toBe(50_000);
  });

  it('stalls for a while and then finishes', async () => {
    host.setFault('blob-Q4_K_M.gguf', { type: 'stall', atByte: 50_000, ms: 100 });
    const started = Date.now();
    const result = await rawGet(url());
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(sha256(result.bytes)).toBe(blobSha);
  });

  it('answers injected statuses on resolve or body, for a limited number of times', async () => {
    host.setFault('blob-Q4_K_M.gguf', { type: 'status', status: 503, times: 2 });
    expect((await fetch(url(), { method: 'HEAD', redirect: 'manual' })).status).toBe(503);
    expect((await fetch(url())).status).toBe(503);
    expect((await fetch(url(), { method: 'HEAD', redirect: 'manual' })).status).toBe(302);
    host.setFault('blob-Q4_K_M.gguf', { type: 'status', status: 500, stage: 'body' });
    expect((await fetch(url(), { method: 'HEAD', redirect: 'manual' })).status).toBe(302);
    expect((await fetch(url())).status).toBe(500);
  });

  it('sends Retry-After with an injected status', async () => {
    host.setFault('blob-Q4_K_M.gguf', { type: 'status', status: 429, retryAfter: '120', times: 1 });
    const res = await fetch(url(), { method: 'HEAD', redirect: 'manual' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('120');
  });

  it('answers resolve directly with 200, putting the SHA-256 where asked', async () => {
    host.setFault('blob-Q4_K_M.gguf', { type: 'direct', hash: 'etag', times: 1 });
    const byEtag = await fetch(url(), { redirect: 'manual' });
    expect([byEtag.status, byEtag.headers.get('etag')]).toEqual([200, `"${blobSha}"`]);
    expect(sha256(Buffer.from(await byEtag.arrayBuffer()))).toBe(blobSha);
    host.setFault('blob-Q4_K_M.gguf', { type: 'direct', hash: 'x-linked-etag', times: 1 });
    const linked = await fetch(url(), { method: 'HEAD', redirect: 'manual' });
    expect([linked.status, linked.headers.get('x-linked-etag'), linked.headers.get('x-linked-size')]).toEqual([200, `"${blobSha}"`, '300000']);
    host.setFault('blob-Q4_K_M.gguf', { type: 'direct', hash: 'none', times: 1 });
    const none = await fetch(url(), { method: 'HEAD', redirect: 'manual' });
    expect(none.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
  });

  it('pushes a new version of a file just before answering, so If-Range no longer matches', async () => {
    const v2 = randomBytes(1_000);
    host.setFault('blob-Q4_K_M.gguf', { type: 'direct', hash: 'etag' });
    host.setFault('blob-Q4_K_M.gguf', { type: 'update', source: v2, times: 1 });
    const res = await fetch(url(), { headers: { Range: 'bytes=100-', 'If-Range': `"${blobSha}"` } });
    expect([res.status, res.headers.get('etag')]).toEqual([200, `"${sha256(v2)}"`]);
    expect(Buffer.from(await res.arrayBuffer()).equals(v2)).toBe(true);
    expect(host.file('acme/blob-GGUF', 'blob-Q4_K_M.gguf').sha256).toBe(sha256(v2));
    await host.updateFile('acme/blob-GGUF', { path: 'blob-Q4_K_M.gguf', source: blob });
  });

  it('corrupts bytes, ignores Range, and throttles', async () => {
    host.setFault('blob-Q4_K_M.gguf', { type: 'corrupt', times: 1 });
    const corrupted = Buffer.from(await (await fetch(url())).arrayBuffer());
    expect(corrupted.length).toBe(blob.length);
    expect(sha256(corrupted)).not.toBe(blobSha);

    host.setFault('blob-Q4_K_M.gguf', { type: 'ignore-range', times: 1 });
    const ignored = await fetch(url(), { headers: { Range: 'bytes=100-' } });
    expect(ignored.status).toBe(200);
    expect(ignored.headers.get('content-range')).toBeNull();
    expect(sha256(Buffer.from(await ignored.arrayBuffer()))).toBe(blobSha);

    host.setFault('blob-Q4_K_M.gguf', { type: 'throttle', bytesPerSecond: 1_000_000, times: 1 });
    const started = Date.now();
    const throttled = Buffer.from(await (await fetch(url())).arrayBuffer());
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(sha256(throttled)).toBe(blobSha);
  });

  it('changes a remote file: new ETag, SHA-256 and content', async () => {
    await host.addRepo({ id: 'acme/changing', files: [{ path: 'm.gguf', source: Buffer.from('first version') }] });
    const before = host.file('acme/changing', 'm.gguf');
    const after = await host.updateFile('acme/changing', { path: 'm.gguf', source: Buffer.from('second version!') });
    expect(after.etag).not.toBe(before.etag);
    const res = await fetch(host.fileUrl('acme/changing', 'm.gguf'));
    expect(await res.text()).toBe('second version!');
    expect(res.headers.get('etag')).toBe(after.etag);
  });
});

async function getJson(path: string): Promise<unknown> {
  const res = await fetch(`${host.url}${path}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** A GET through node:http that follows one redirect and reports partial bodies (fetch hides them). */
function rawGet(url: string, headers: Record<string, string> = {}, timeoutMs?: number): Promise<{ bytes: Buffer; error?: Error }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const req = request(url, { headers }, (res) => {
      if (res.statusCode === 302 && res.headers.location) {
        res.resume();
        rawGet(new URL(res.headers.location, url).toString(), headers, timeoutMs).then(resolve, resolve);
        return;
      }
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ bytes: Buffer.concat(chunks) }));
      res.on('error', (error) => resolve({ bytes: Buffer.concat(chunks), error }));
    });
    req.on('error', (error) => resolve({ bytes: Buffer.concat(chunks), error }));
    if (timeoutMs) setTimeout(() => req.destroy(new Error('client timeout')), timeoutMs).unref();
    req.end();
  });
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
