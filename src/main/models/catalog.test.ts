import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogDownloadUrl, catalogSchema, type CatalogEntry } from '../../shared/catalog';
import { startFakeHfHost, type FakeHfHost } from '../../test-support/fake-hf-host';
import { testCatalogEntry, TEST_MODEL_REPO, writeTestCatalog } from '../../test-support/test-catalog';
import { resolveTestModel } from '../../test-support/test-model';
import { loadCatalog, resolveCatalogPath } from './catalog';
import { checkCompatibility } from './compatibility';
import { inspectGguf } from './gguf-inspect';
import { quantizationFromFileName } from './hf-files';

const storiesPath = await resolveTestModel();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candil-catalog-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withEnv<T>(value: string | undefined, run: () => Promise<T>): Promise<T> {
  const saved = process.env['CANDIL_CATALOG'];
  if (value === undefined) delete process.env['CANDIL_CATALOG'];
  else process.env['CANDIL_CATALOG'] = value;
  try {
    return await run();
  } finally {
    if (saved === undefined) delete process.env['CANDIL_CATALOG'];
    else process.env['CANDIL_CATALOG'] = saved;
  }
}

describe('resources/catalog.json', () => {
  let models: CatalogEntry[];
  beforeAll(async () => {
    models = (await withEnv(undefined, () => loadCatalog())).models;
  });

  it('is the default catalog and validates', () => {
    expect(resolveCatalogPath()).toMatch(/resources[/\\]catalog\.json$/);
    expect(models.length).toBeGreaterThanOrEqual(15);
    expect(models.length).toBeLessThanOrEqual(25);
  });

  it('covers the promised families, with one embedding model', () => {
    const repos = models.map((m) => m.hf.repo.toLowerCase()).join(' ');
    for (const family of ['llama-3.2-1b', 'llama-3.2-3b', 'qwen2.5', 'qwen3', 'coder', 'gemma-3', 'phi-4-mini', 'mistral-7b', 'smollm2', 'deepseek-r1']) {
      expect(repos, family).toContain(family);
    }
    expect(models.filter((m) => m.tags.includes('embedding')).map((m) => m.id)).toEqual(['nomic-embed-text-v1.5']);
  });

  it('has consistent facts for every entry', () => {
    for (const m of models) {
      // The quantisation named must be the one in the file name the download fetches.
      expect(quantizationFromFileName(m.hf.file), m.id).toBe(m.quantization);
      // RAM covers at least the weights, plus a context that is not absurdly large.
      expect(m.ramBytes, m.id).toBeGreaterThan(m.fileSizeBytes);
      expect(m.ramBytes - m.fileSizeBytes, m.id).toBeLessThan(2 * 1024 ** 3);
      expect(m.description.es, m.id).not.toBe(m.description.en);
      expect(m.licence.url, m.id).toMatch(/^https:\/\//);
    }
  });
});

describe('loadCatalog', () => {
  it('reads an explicit path, or CANDIL_CATALOG', async () => {
    const path = await writeTestCatalog(join(dir, 'test-catalog.json'));
    expect((await loadCatalog(path)).models).toEqual([testCatalogEntry]);
    expect((await withEnv(path, () => loadCatalog())).models[0]?.id).toBe('stories260k');
  });

  it('rejects a missing, malformed or invalid catalog with the path in the message', async () => {
    await expect(loadCatalog(join(dir, 'nope.json'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "version": 1, ');
    await expect(loadCatalog(broken)).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining(broken) });
    const invalid = join(dir, 'invalid.json');
    await writeFile(invalid, JSON.stringify({ version: 1, models: [{ ...testCatalogEntry, sha256: 'abc' }] }));
    await expect(loadCatalog(invalid)).rejects.toMatchObject({ message: expect.stringMatching(/models\.0\.sha256/) });
  });

  it('rejects duplicate ids, unknown versions and a default context past the trained one', () => {
    expect(catalogSchema.safeParse({ version: 1, models: [testCatalogEntry, testCatalogEntry] }).success).toBe(false);
    expect(catalogSchema.safeParse({ version: 2, models: [] }).success).toBe(false);
    expect(catalogSchema.safeParse({ version: 1, models: [{ ...testCatalogEntry, defaultContext: 4096 }] }).success).toBe(false);
  });
});

describe('the test catalog against the fake Hub', () => {
  let host: FakeHfHost;
  beforeAll(async () => {
    host = await startFakeHfHost({ repos: [{ id: TEST_MODEL_REPO.repo, files: [{ path: TEST_MODEL_REPO.file, source: storiesPath }] }] });
  });
  afterAll(async () => {
    await host.close();
  });

  it('points at a file whose size, hash and RAM estimate match the entry', async () => {
    const url = catalogDownloadUrl(testCatalogEntry, host.url);
    expect(url).toBe(host.fileUrl(TEST_MODEL_REPO.repo, TEST_MODEL_REPO.file));
    expect(host.file(TEST_MODEL_REPO.repo, TEST_MODEL_REPO.file).sha256).toBe(testCatalogEntry.sha256);
    const summary = await inspectGguf(url);
    expect(summary.fileSize).toBe(testCatalogEntry.fileSizeBytes);
    expect(summary.quantization).toBe(testCatalogEntry.quantization);
    const report = await checkCompatibility({ source: url, contextSize: testCatalogEntry.defaultContext, modelsDir: dir, fileSize: testCatalogEntry.fileSizeBytes });
    // The catalog's ramBytes is what the compatibility check computes (weights + context);
    // allow a little drift should a llama.cpp update change its buffer sizes.
    expect(Math.abs(report.ramBytes - testCatalogEntry.ramBytes) / testCatalogEntry.ramBytes).toBeLessThan(0.1);
  });
});
