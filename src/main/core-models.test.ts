import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadInfo } from '../shared/downloads';
import { createCore, type CandilCore, type CoreOptions } from './core';
import { forkWorkerLauncher } from './inference/worker-port';
import { startFakeHfHost, type FakeHfHost } from '../test-support/fake-hf-host';
import { testCatalogEntry, TEST_MODEL_REPO, writeTestCatalog } from '../test-support/test-catalog';
import { builtWorkerEntry, resolveTestModel, TEST_MODEL } from '../test-support/test-model';
import { call } from '../test-support/core-calls';

let modelPath: string;
let hub: FakeHfHost;
let core: CandilCore | null = null;
let dir: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  modelPath = await resolveTestModel();
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'candil-models-'));
  hub = await startFakeHfHost({
    repos: [
      { id: TEST_MODEL_REPO.repo, files: [{ path: TEST_MODEL_REPO.file, source: modelPath }], downloads: 500, likes: 9, tags: ['gguf'] },
      { id: 'someone/stories-gguf', files: [{ path: 'stories-F32.gguf', source: modelPath }], downloads: 10, likes: 50, tags: ['gguf'] },
      { id: 'other/tiny-stories-GGUF', files: [{ path: 'tiny-stories-Q8_0.gguf', source: modelPath }], downloads: 900, likes: 2, tags: ['gguf'] },
    ],
  });
  process.env.CANDIL_HF_ENDPOINT = hub.url;
  process.env.CANDIL_CATALOG = await writeTestCatalog(join(dir, 'catalog.json'));
});

afterEach(async () => {
  await core?.close();
  core = null;
  await hub.close();
  process.env = { ...savedEnv };
  rmSync(dir, { recursive: true, force: true });
});

function start(extra: Partial<CoreOptions> = {}): CandilCore {
  core = createCore({ dataDir: join(dir, 'data'), host: 'browser', version: 'test', launchWorker: forkWorkerLauncher(builtWorkerEntry()), ...extra });
  return core;
}

function downloadSettles(c: CandilCore, state: DownloadInfo['state']): Promise<DownloadInfo> {
  return new Promise((resolve) => {
    const off = c.events.subscribe((e) => {
      if (e.name === 'downloads.changed' && e.payload.state === state) {
        off();
        resolve(e.payload);
      }
    });
  });
}

describe('models, catalog and downloads through the dispatcher', () => {
  it('lists the catalog, checks compatibility over HTTP, downloads with verification and installs the model', async () => {
    const c = start();
    const catalog = await call(c, 'catalog.list', {});
    expect(catalog.map((m) => m.id)).toEqual([testCatalogEntry.id]);
    const url = `${hub.url}/${TEST_MODEL_REPO.repo}/resolve/main/${TEST_MODEL_REPO.file}`;
    const report = await call(c, 'models.check', { source: url, contextSize: 512 });
    expect(report).toMatchObject({ verdict: 'fits', diskOk: true, fileSize: TEST_MODEL.sizeBytes, summary: { architecture: 'llama', supported: true, hasChatTemplate: false } });
    // Only the header was read: every request to the file was a range request.
    expect(hub.requests.filter((r) => r.method === 'GET' && r.url.includes('stories260K')).every((r) => r.range)).toBe(true);

    const completed = downloadSettles(c, 'completed');
    const started = await call(c, 'downloads.start', { url, fileName: TEST_MODEL.fileName, sha256: TEST_MODEL.sha256, size: TEST_MODEL.sizeBytes });
    expect(started.fileName).toBe(TEST_MODEL.fileName);
    const done = await completed;
    expect(done.sha256).toBe(TEST_MODEL.sha256);
    const models = await call(c, 'models.list', {});
    expect(models.map((m) => m.fileName)).toContain(TEST_MODEL.fileName);
    await expect(call(c, 'downloads.start', { url, fileName: TEST_MODEL.fileName })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('downloads into the models folder chosen in Settings, even after it changed', async () => {
    const c = start();
    const newFolder = join(dir, 'new-models');
    await call(c, 'settings.update', { modelsDir: newFolder });
    const completed = downloadSettles(c, 'completed');
    const url = `${hub.url}/${TEST_MODEL_REPO.repo}/resolve/main/${TEST_MODEL_REPO.file}`;
    await call(c, 'downloads.start', { url, fileName: TEST_MODEL.fileName });
    expect((await completed).targetPath).toBe(join(newFolder, TEST_MODEL.fileName));
    expect((await call(c, 'models.list', {})).map((m) => m.path)).toEqual([join(newFolder, TEST_MODEL.fileName)]);
  });

  it('a download whose bytes do not match the checksum never appears as a model', async () => {
    const c = start();
    hub.setFault(TEST_MODEL_REPO.file, { type: 'corrupt' });
    const failed = downloadSettles(c, 'failed');
    const url = `${hub.url}/${TEST_MODEL_REPO.repo}/resolve/main/${TEST_MODEL_REPO.file}`;
    await call(c, 'downloads.start', { url, fileName: TEST_MODEL.fileName, sha256: TEST_MODEL.sha256 });
    expect((await failed).error?.code).toBe('CHECKSUM_MISMATCH');
    const modelsDir = (await call(c, 'settings.get', {})).modelsDir;
    expect(readdirSync(modelsDir).filter((f) => f.endsWith('.gguf'))).toEqual([]);
    expect(await call(c, 'models.list', { rescan: true })).toEqual([]);
  });

  it('searches Hugging Face by keyword, by owner/repo and by URL', async () => {
    const c = start();
    const byKeyword = await call(c, 'hf.search', { query: 'stories', sort: 'downloads' });
    expect(byKeyword.repos.map((r) => r.id)).toEqual(['other/tiny-stories-GGUF', 'someone/stories-gguf']);
    const byLikes = await call(c, 'hf.search', { query: 'stories', sort: 'likes' });
    expect(byLikes.repos.map((r) => r.id)).toEqual(['someone/stories-gguf', 'other/tiny-stories-GGUF']);
    const byRepo = await call(c, 'hf.search', { query: 'someone/stories-gguf' });
    expect(byRepo.files.map((f) => [f.fileName, f.sizeBytes, f.quantization])).toEqual([['stories-F32.gguf', TEST_MODEL.sizeBytes, 'F32']]);
    const byUrl = await call(c, 'hf.search', { query: `https://huggingface.co/${TEST_MODEL_REPO.repo}/blob/main/${TEST_MODEL_REPO.file}` });
    expect(byUrl.files.map((f) => f.path)).toEqual([TEST_MODEL_REPO.file]);
  });

  it('imports by copy or in place, refuses a corrupt file, and deletes with the disk space freed', async () => {
    const c = start();
    const outside = join(dir, 'elsewhere');
    rmSync(outside, { recursive: true, force: true });
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(outside);
    copyFileSync(modelPath, join(outside, 'a.gguf'));
    copyFileSync(modelPath, join(outside, 'b.gguf'));
    writeFileSync(join(outside, 'bad.gguf'), 'GGUF but not really');
    await expect(call(c, 'models.import', { path: join(outside, 'bad.gguf'), mode: 'copy' })).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('bad.gguf'),
    });
    const modelsDir = (await call(c, 'settings.get', {})).modelsDir;
    expect(readdirSync(modelsDir)).toEqual([]);

    const copied = await call(c, 'models.import', { path: join(outside, 'a.gguf'), mode: 'copy' });
    expect(copied.path).toBe(join(modelsDir, 'a.gguf'));
    const referenced = await call(c, 'models.import', { path: join(outside, 'b.gguf'), mode: 'reference' });
    expect(referenced.path).toBe(join(outside, 'b.gguf'));
    expect((await call(c, 'models.list', { rescan: true })).map((m) => m.fileName).sort()).toEqual(['a.gguf', 'b.gguf']);

    await call(c, 'models.select', { path: copied.path });
    await call(c, 'models.setDefaults', { path: copied.path, defaults: { contextSize: 256, systemPrompt: 'Be brief.' } });
    expect((await call(c, 'settings.get', {})).modelDefaults[copied.path]).toEqual({ contextSize: 256, systemPrompt: 'Be brief.' });

    expect(await call(c, 'models.delete', { path: copied.path })).toEqual({ deleted: true, freedBytes: TEST_MODEL.sizeBytes });
    expect(existsSync(copied.path)).toBe(false);
    const settings = await call(c, 'settings.get', {});
    expect(settings.selectedModelPath).toBeNull();
    expect(settings.modelDefaults[copied.path]).toBeUndefined();
    // A model used in place is only forgotten, never deleted from where the user keeps it.
    expect(await call(c, 'models.delete', { path: referenced.path })).toEqual({ deleted: true, freedBytes: 0 });
    expect(existsSync(referenced.path)).toBe(true);
    expect(await call(c, 'models.list', {})).toEqual([]);
  });

  it('finds GPT4All\'s models under the home folder and uses them in place; a corrupt one is refused with the reason', async () => {
    const home = join(dir, 'home');
    const folder = join(home, '.local', 'share', 'nomic.ai', 'GPT4All');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(folder, { recursive: true });
    copyFileSync(modelPath, join(folder, 'tiny.gguf'));
    writeFileSync(join(folder, 'corrupt.gguf'), 'GGUF but not really');
    const c = start({ gpt4allEnv: { platform: 'linux', home, env: {} } });

    const found = await call(c, 'models.gpt4all', {});
    expect(found?.folder).toBe(folder);
    expect(found?.files.map((f) => f.path)).toEqual([join(folder, 'corrupt.gguf'), join(folder, 'tiny.gguf')]);
    await expect(call(c, 'models.import', { path: join(folder, 'corrupt.gguf'), mode: 'reference' })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    await call(c, 'models.import', { path: join(folder, 'tiny.gguf'), mode: 'reference' });

    expect((await call(c, 'models.list', {})).map((m) => m.path)).toEqual([join(folder, 'tiny.gguf')]);
    // In place: nothing was copied into Candil's models folder.
    expect(readdirSync((await call(c, 'settings.get', {})).modelsDir)).toEqual([]);
    await call(c, 'models.select', { path: join(folder, 'tiny.gguf') });
  });

  it('recommends the test catalog\'s chat model for this computer', async () => {
    const c = start();
    expect(await call(c, 'catalog.recommend', {})).toEqual({ entryId: testCatalogEntry.id, totalRamBytes: expect.any(Number) });
  });

  it('never deletes a user\'s .gguf, even with the models folder set to the folder that holds it', async () => {
    const c = start();
    const { mkdirSync, copyFileSync } = await import('node:fs');
    const home = join(dir, 'home');
    mkdirSync(join(home, 'Downloads'), { recursive: true });
    const theirs = join(home, 'Downloads', 'theirs.gguf');
    copyFileSync(modelPath, theirs);
    await call(c, 'settings.update', { modelsDir: home });
    expect((await call(c, 'models.list', { rescan: true })).map((m) => m.path)).toEqual([theirs]);
    await expect(call(c, 'models.delete', { path: theirs })).rejects.toMatchObject({ code: 'MODEL_NOT_DELETABLE', params: { reason: 'notOwned', fileName: 'theirs.gguf' } });
    expect(existsSync(theirs)).toBe(true);
    // Downloaded into that folder, a model is Candil's to delete.
    const completed = downloadSettles(c, 'completed');
    const url = `${hub.url}/${TEST_MODEL_REPO.repo}/resolve/main/${TEST_MODEL_REPO.file}`;
    const started = await call(c, 'downloads.start', { url, fileName: TEST_MODEL.fileName });
    const done = await completed;
    expect(done.targetPath).toBe(join(home, TEST_MODEL.fileName));
    await call(c, 'downloads.remove', { id: started.id });
    expect(await call(c, 'models.delete', { path: done.targetPath })).toMatchObject({ deleted: true });
    expect(existsSync(done.targetPath)).toBe(false);
    expect(existsSync(theirs)).toBe(true);
  });

  it('sends the Hugging Face token to the configured Hub only', async () => {
    const c = start();
    await call(c, 'hf.setToken', { token: 'hf_secret_123' });
    const stranger = await startFakeHfHost({ repos: [{ id: 'x/y', files: [{ path: 'other.gguf', source: modelPath }] }] });
    try {
      const fromStranger = downloadSettles(c, 'completed');
      await call(c, 'downloads.start', { url: `${stranger.url}/x/y/resolve/main/other.gguf`, fileName: 'other.gguf' });
      await fromStranger;
      await call(c, 'models.check', { source: `${stranger.url}/x/y/resolve/main/other.gguf` });
      expect(stranger.requests.length).toBeGreaterThan(0);
      expect(stranger.requests.every((r) => !r.authorization)).toBe(true);
      const fromHub = downloadSettles(c, 'completed');
      await call(c, 'downloads.start', { url: `${hub.url}/${TEST_MODEL_REPO.repo}/resolve/main/${TEST_MODEL_REPO.file}`, fileName: TEST_MODEL.fileName });
      await fromHub;
      expect(hub.requests.some((r) => r.authorization === 'Bearer hf_secret_123')).toBe(true);
    } finally {
      await stranger.close();
    }
  });

  it('keeps the Hugging Face token out of settings and the database', async () => {
    const c = start();
    expect((await call(c, 'settings.get', {})).hasHfToken).toBe(false);
    const after = await call(c, 'hf.setToken', { token: 'hf_secret_123' });
    expect(after.hasHfToken).toBe(true);
    expect(JSON.stringify(after)).not.toContain('hf_secret_123');
    const rows = c.db.prepare('SELECT value FROM settings').all() as { value: string }[];
    expect(rows.some((r) => r.value.includes('hf_secret_123'))).toBe(false);
    expect((await call(c, 'hf.setToken', { token: null })).hasHfToken).toBe(false);
  });
});
