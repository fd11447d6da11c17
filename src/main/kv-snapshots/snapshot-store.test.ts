import { mkdtemp, readdir, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotKey, SnapshotStore, type SnapshotKey } from './snapshot-store';

let dir: string;
let budget: number;
let store: SnapshotStore;
let key: SnapshotKey;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candil-snap-'));
  budget = 10_000;
  store = new SnapshotStore(join(dir, 'kv'), () => budget);
  await writeFile(join(dir, 'model.gguf'), 'model bytes');
  key = await snapshotKey('test-engine', join(dir, 'model.gguf'), 2048);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const stateOf = (bytes: number, fill = 7) => (path: string) => writeFile(path, Buffer.alloc(bytes, fill));

async function allFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const model of await readdir(join(dir, 'kv')).catch(() => [])) {
    for (const name of await readdir(join(dir, 'kv', model))) out.push(name);
  }
  return out;
}

describe('SnapshotStore', () => {
  it('gives back a saved snapshot under the same key', async () => {
    const saved = await store.save(key, 'chat-1', 42, stateOf(1000));
    expect(saved).toMatchObject({ tokens: 42, bytes: 1000, contextSize: 2048 });
    const found = await store.find(key, 'chat-1');
    expect(found?.meta.tokens).toBe(42);
    expect(await store.stats()).toEqual({ files: 1, bytes: 1000 });
  });

  it('refuses and deletes a snapshot from another context size, engine build or model file', async () => {
    await store.save(key, 'chat-1', 1, stateOf(100));
    expect(await store.find({ ...key, contextSize: 4096 }, 'chat-1')).toBeNull();
    expect(await allFiles()).toEqual([]);

    await store.save(key, 'chat-1', 1, stateOf(100));
    expect(await store.find({ ...key, engine: 'llama.cpp b9999' }, 'chat-1')).toBeNull();
    expect(await allFiles()).toEqual([]);

    await store.save(key, 'chat-1', 1, stateOf(100));
    // The same path, rewritten (another model downloaded under the same name).
    await writeFile(key.modelPath, 'another model with other bytes');
    expect(await store.find(await snapshotKey('test-engine', key.modelPath, 2048), 'chat-1')).toBeNull();
    expect(await allFiles()).toEqual([]);
  });

  it('refuses and deletes a truncated or altered state file', async () => {
    await store.save(key, 'chat-1', 1, stateOf(1000));
    const [state] = (await allFiles()).filter((f) => f.endsWith('.kvstate'));
    const statePath = join(store.dir, (await readdir(store.dir))[0]!, state!);
    await truncate(statePath, 500);
    expect(await store.find(key, 'chat-1')).toBeNull();
    expect(await allFiles()).toEqual([]);

    await store.save(key, 'chat-1', 1, stateOf(1000));
    await writeFile(statePath, Buffer.alloc(1000, 8)); // same size, other bytes
    expect(await store.find(key, 'chat-1')).toBeNull();
    expect(await allFiles()).toEqual([]);
  });

  it('refuses a snapshot whose sidecar is unreadable', async () => {
    await store.save(key, 'chat-1', 1, stateOf(100));
    const meta = (await allFiles()).find((f) => f.endsWith('.json'))!;
    await writeFile(join(store.dir, (await readdir(store.dir))[0]!, meta), '{not json');
    expect(await store.find(key, 'chat-1')).toBeNull();
    expect(await allFiles()).toEqual([]);
  });

  it('keeps within its budget by evicting the least recently used snapshot', async () => {
    budget = 2500;
    await store.save(key, 'a', 1, stateOf(1000));
    await store.save(key, 'b', 1, stateOf(1000));
    await new Promise((r) => setTimeout(r, 5));
    expect(await store.find(key, 'a')).not.toBeNull(); // a is now the most recent
    await new Promise((r) => setTimeout(r, 5));
    await store.save(key, 'c', 1, stateOf(1000));
    expect(await store.find(key, 'b')).toBeNull();
    expect(await store.find(key, 'a')).not.toBeNull();
    expect(await store.find(key, 'c')).not.toBeNull();
    expect((await store.stats()).bytes).toBeLessThanOrEqual(2500);
  });

  it('saves nothing when the budget is zero or the state alone exceeds it', async () => {
    budget = 0;
    expect(await store.save(key, 'a', 1, stateOf(10))).toBeNull();
    budget = 500;
    expect(await store.save(key, 'a', 1, stateOf(1000))).toBeNull();
    expect(await allFiles()).toEqual([]);
  });

  it('forgets a session, a model, or everything', async () => {
    const other = await snapshotKey('test-engine', join(dir, 'model.gguf'), 4096);
    await store.save(key, 'a', 1, stateOf(10));
    await store.save(key, 'b', 1, stateOf(10));
    await store.forgetSession('a');
    expect(await store.find(key, 'a')).toBeNull();
    expect(await store.find(key, 'b')).not.toBeNull();
    await store.forgetModel(key.modelPath);
    expect(await store.stats()).toEqual({ files: 0, bytes: 0 });
    await store.save(other, 'c', 1, stateOf(10));
    await store.clear();
    expect(await store.stats()).toEqual({ files: 0, bytes: 0 });
  });

  it('cleans up what a crash mid-save left behind', async () => {
    await store.save(key, 'a', 1, stateOf(10));
    const modelDir = join(store.dir, (await readdir(store.dir))[0]!);
    await writeFile(join(modelDir, 'orphan.kvstate'), 'x');
    await writeFile(join(modelDir, 'old.123.tmp'), 'x');
    const old = new Date(Date.now() - 2 * 60 * 60_000);
    await utimes(join(modelDir, 'old.123.tmp'), old, old);
    await store.prune();
    const files = await allFiles();
    expect(files).toHaveLength(2);
    expect(files.some((f) => f.startsWith('orphan') || f.startsWith('old'))).toBe(false);
  });
});
