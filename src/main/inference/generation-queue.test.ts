import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSampling } from '../../shared/domain';
import type { GenerateResult, LoadParams } from '../../shared/worker-protocol';
import { builtWorkerEntry, resolveTestModel, TEST_MODEL } from '../../test-support/test-model';
import { GenerationQueue, type QueuedGeneration } from './generation-queue';
import { InferenceClient } from './inference-client';
import { forkWorkerLauncher } from './worker-port';

let modelPath: string;
let dir: string;
let client: InferenceClient;

beforeAll(async () => {
  modelPath = await resolveTestModel();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candil-queue-'));
  client = new InferenceClient(forkWorkerLauncher(builtWorkerEntry()));
});
afterEach(async () => {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
});

const load = (overrides: Partial<LoadParams> = {}): LoadParams => ({
  modelPath,
  contextSize: TEST_MODEL.contextSize,
  batchSize: 512,
  threads: 1,
  chatTemplate: 'raw',
  sequences: 1,
  ...overrides,
});

interface Tracked {
  job: QueuedGeneration;
  positions: number[];
  chunks: string[];
  firstChunk: Promise<void>;
}

function submit(queue: GenerationQueue, sessionId: string, options: { maxTokens?: number; load?: LoadParams; background?: boolean } = {}): Tracked {
  const positions: number[] = [];
  const chunks: string[] = [];
  let started!: () => void;
  const firstChunk = new Promise<void>((resolve) => (started = resolve));
  const job = queue.submit({
    load: options.load ?? load(),
    params: {
      kind: 'chat',
      sessionId,
      systemPrompt: '',
      history: [{ role: 'user', text: 'Once upon a time' }],
      sampling: { ...defaultSampling, temperature: 0, repeatPenalty: 1, maxTokens: options.maxTokens ?? 100_000 },
    },
    onChunk: (text) => {
      chunks.push(text);
      started();
    },
    onPosition: (position) => positions.push(position),
    background: options.background,
  });
  return { job, positions, chunks, firstChunk };
}

describe('GenerationQueue (real worker and model)', () => {
  it('runs one job per sequence, the rest in arrival order, and tells each its place', async () => {
    const queue = new GenerationQueue(client);
    const a = submit(queue, 'a', { maxTokens: 400 });
    const b = submit(queue, 'b', { maxTokens: 8 });
    const c = submit(queue, 'c', { maxTokens: 8 });
    await a.firstChunk;
    expect(queue.size).toEqual({ running: 1, waiting: 2 });
    // The first job is never said to wait while its model loads: it is next.
    expect(a.positions).toEqual([0]);
    expect(b.positions).toEqual([1]);
    expect(c.positions).toEqual([2]);
    const order: string[] = [];
    await Promise.all([a, b, c].map((t, i) => t.job.result.then(() => order.push('abc'[i]!))));
    expect(order).toEqual(['a', 'b', 'c']);
    expect(b.positions).toEqual([1, 0]);
    expect(c.positions).toEqual([2, 1, 0]);
    await queue.idle();
  });

  it('cancels a waiting job without running it, and the ones behind move up', async () => {
    const queue = new GenerationQueue(client);
    const a = submit(queue, 'a');
    const b = submit(queue, 'b', { maxTokens: 8 });
    const c = submit(queue, 'c', { maxTokens: 8 });
    await a.firstChunk;
    b.job.cancel();
    expect(await b.job.result).toBeNull();
    expect(b.chunks).toEqual([]);
    expect(c.positions).toEqual([2, 1]);
    a.job.cancel();
    expect((await a.job.result)?.stopReason).toBe('abort');
    expect((await c.job.result)?.completionTokens).toBe(8);
  });

  it('runs two sessions at once when the context has two sequences, each with its own stop', async () => {
    const queue = new GenerationQueue(client);
    const two = load({ sequences: 2 });
    const a = submit(queue, 'a', { load: two });
    const b = submit(queue, 'b', { load: two });
    await Promise.all([a.firstChunk, b.firstChunk]);
    expect(queue.size).toEqual({ running: 2, waiting: 0 });
    a.job.cancel();
    const stopped = (await a.job.result) as GenerateResult;
    expect(stopped.stopReason).toBe('abort');
    const before = b.chunks.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(b.chunks.length).toBeGreaterThan(before); // b goes on after a stopped
    b.job.cancel();
    expect((await b.job.result)?.stopReason).toBe('abort');
  });

  it('lets every job go ahead of a background one, stops it for the next, and never loads a model for it', async () => {
    const queue = new GenerationQueue(client);
    expect(await submit(queue, 'early', { background: true }).job.result).toBeNull();
    expect(client.loadedModel).toBeNull();

    const a = submit(queue, 'a', { maxTokens: 200 });
    await a.firstChunk;
    const waiting = submit(queue, 'title', { maxTokens: 4, background: true });
    const b = submit(queue, 'b', { maxTokens: 4 });
    expect(b.positions).toEqual([1]);
    const order: string[] = [];
    const ended = [waiting.job.result.then(() => order.push('title')), b.job.result.then(() => order.push('b'))];
    await Promise.all([a.job.result, ...ended]);
    expect(order).toEqual(['b', 'title']);

    // Two sequences: the job for the same session starts once the stopped one has let go of it.
    const two = load({ sequences: 2 });
    await submit(queue, 'warm', { maxTokens: 1, load: two }).job.result;
    const running = submit(queue, 's', { load: two, background: true });
    await running.firstChunk;
    const same = submit(queue, 's', { maxTokens: 4, load: two });
    expect((await running.job.result)?.stopReason).toBe('abort');
    expect((await same.job.result)?.completionTokens).toBe(4);
  });

  it('says the queue is full instead of growing without end', async () => {
    const queue = new GenerationQueue(client, 1);
    const a = submit(queue, 'a');
    await a.firstChunk;
    const b = submit(queue, 'b', { maxTokens: 4 });
    expect(() => submit(queue, 'c')).toThrow(expect.objectContaining({ code: 'QUEUE_FULL', params: { reason: 'tooMany', count: 1 } }));
    a.job.cancel();
    await Promise.all([a.job.result, b.job.result]);
  });

  it('switches models only when the running work has finished', async () => {
    const copy = join(dir, 'copy.gguf');
    copyFileSync(modelPath, copy);
    const queue = new GenerationQueue(client);
    const a = submit(queue, 'a', { maxTokens: 300 });
    const b = submit(queue, 'b', { maxTokens: 4, load: load({ modelPath: copy }) });
    await a.firstChunk;
    expect(client.loadedModel?.params.modelPath).toBe(modelPath);
    expect(b.positions).toEqual([1]);
    const first = await a.job.result;
    expect(first?.completionTokens).toBe(300);
    const second = await b.job.result;
    expect(second?.completionTokens).toBe(4);
    expect(client.loadedModel?.params.modelPath).toBe(copy);
  });

  it('loads the model again with new settings only while nothing runs, and a job submitted meanwhile waits for it', async () => {
    const queue = new GenerationQueue(client);
    const a = submit(queue, 'a', { maxTokens: 200 });
    await a.firstChunk;
    await expect(queue.reload(load({ contextSize: 256 }))).rejects.toMatchObject({ code: 'BUSY', params: { reason: 'modelSettings' } });
    expect(client.loadedModel?.params.contextSize).toBe(TEST_MODEL.contextSize);
    await a.job.result;
    await queue.idle();

    const reloading = queue.reload(load({ contextSize: 256 }));
    const b = submit(queue, 'b', { maxTokens: 4, load: load({ contextSize: 256 }) });
    await reloading;
    expect(client.loadedModel?.result.contextSize).toBe(256);
    expect((await b.job.result)?.contextSize).toBe(256);
  });

  it('fails the job whose model cannot load, and serves the next one', async () => {
    const queue = new GenerationQueue(client);
    const broken = submit(queue, 'a', { load: load({ modelPath: join(dir, 'missing.gguf') }) });
    const fine = submit(queue, 'b', { maxTokens: 4 });
    await expect(broken.job.result).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    expect((await fine.job.result)?.completionTokens).toBe(4);
  });
});
