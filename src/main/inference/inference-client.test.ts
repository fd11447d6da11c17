import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSampling, type WorkerStatus } from '../../shared/domain';
import type { LoadParams } from '../../shared/worker-protocol';
import { builtWorkerEntry, resolveTestModel, TEST_MODEL } from '../../test-support/test-model';
import { CrashTracker } from './crash-tracker';
import { InferenceClient } from './inference-client';
import { forkWorkerLauncher, type WorkerPort } from './worker-port';

let modelPath: string;
let client: InferenceClient | null = null;

beforeAll(async () => {
  modelPath = await resolveTestModel();
});

afterEach(async () => {
  await client?.close();
  client = null;
});

const greedy = { ...defaultSampling, temperature: 0, maxTokens: 24, repeatPenalty: 1 };

function load(overrides: Partial<LoadParams> = {}): LoadParams {
  return { modelPath, contextSize: TEST_MODEL.contextSize, batchSize: 512, threads: 1, chatTemplate: 'raw', sequences: 1, ...overrides };
}

function waitForStatus(statuses: WorkerStatus[], state: WorkerStatus['state'], recentCrashes?: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (statuses.some((s) => s.state === state && (recentCrashes === undefined || s.recentCrashes === recentCrashes))) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
}

describe('InferenceClient with the real worker and model', () => {
  it('streams the known greedy continuation of "Once upon a time"', async () => {
    client = new InferenceClient(forkWorkerLauncher(builtWorkerEntry()));
    const loaded = await client.ensureLoaded(load());
    expect(loaded?.contextSize).toBe(512);
    const chunks: string[] = [];
    const run = client.generate({ kind: 'chat', sessionId: 's1', systemPrompt: '', history: [{ role: 'user', text: 'Once upon a time' }], sampling: greedy }, (t) =>
      chunks.push(t),
    );
    const result = await run.result;
    expect(result.text).toContain(TEST_MODEL.onceUponATime.slice(0, 40));
    expect(chunks.join('')).toBe(result.text);
    // Streamed, not sent whole: the worker batches tokens but the first arrives on its own.
    expect(chunks.length).toBeGreaterThan(1);
    expect(result.completionTokens).toBe(24);
    expect(result.stopReason).toBe('maxTokens');
  });

  it('cancels mid-reply and keeps the partial text', async () => {
    client = new InferenceClient(forkWorkerLauncher(builtWorkerEntry()));
    await client.ensureLoaded(load());
    let received = 0;
    const run = client.generate(
      { kind: 'chat', sessionId: 's1', systemPrompt: '', history: [{ role: 'user', text: 'Once upon a time' }], sampling: { ...greedy, maxTokens: 5000 } },
      () => {
        received += 1;
        if (received === 3) run.cancel();
      },
    );
    const result = await run.result;
    expect(result.stopReason).toBe('abort');
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.completionTokens).toBeLessThan(5000);
  });

  it('reports a clear error for a file llama.cpp cannot load, and keeps working', async () => {
    client = new InferenceClient(forkWorkerLauncher(builtWorkerEntry()));
    await expect(client.ensureLoaded(load({ modelPath: '/nonexistent/broken.gguf' }))).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringContaining('broken.gguf'),
    });
    await client.ensureLoaded(load());
    expect(await client.countTokens('Once upon a time')).toBeGreaterThan(1);
  });

  it('restarts after SIGKILL, fails the running reply, and serves the next one', async () => {
    const statuses: WorkerStatus[] = [];
    client = new InferenceClient(forkWorkerLauncher(builtWorkerEntry()), { onStatus: (s) => statuses.push(s) });
    await client.ensureLoaded(load());
    const run = client.generate(
      { kind: 'chat', sessionId: 's1', systemPrompt: '', history: [{ role: 'user', text: 'Once upon a time' }], sampling: { ...greedy, maxTokens: 100000 } },
      () => undefined,
    );
    const firstPid = client.pid;
    process.kill(firstPid ?? 0, 'SIGKILL');
    await expect(run.result).rejects.toMatchObject({ code: 'WORKER_CRASHED', message: expect.stringContaining('SIGKILL') });
    await waitForStatus(statuses, 'restarting');
    await client.ensureLoaded(load());
    expect(client.pid).not.toBe(firstPid);
    const next = await client.generate(
      { kind: 'chat', sessionId: 's1', systemPrompt: '', history: [{ role: 'user', text: 'Once upon a time' }], sampling: greedy },
      () => undefined,
    ).result;
    expect(next.text.length).toBeGreaterThan(0);
  });

  it('restarts an engine that hangs (alive but silent), failing its reply with the reason', async () => {
    const statuses: WorkerStatus[] = [];
    client = new InferenceClient(forkWorkerLauncher(builtWorkerEntry()), {
      onStatus: (s) => statuses.push(s),
      heartbeat: { intervalMs: 100, timeoutMs: 800 },
    });
    await client.ensureLoaded(load());
    const run = client.generate(
      { kind: 'chat', sessionId: 's1', systemPrompt: '', history: [{ role: 'user', text: 'Once upon a time' }], sampling: { ...greedy, maxTokens: 100000 } },
      () => undefined,
    );
    const hungPid = client.pid ?? 0;
    // Frozen, not dead: the operating system keeps it, it just never answers again.
    process.kill(hungPid, 'SIGSTOP');
    await expect(run.result).rejects.toMatchObject({ code: 'WORKER_CRASHED', message: expect.stringContaining('stopped answering for 1 s') });
    await waitForStatus(statuses, 'restarting');
    await client.ensureLoaded(load());
    expect(client.pid).not.toBe(hungPid);
    const next = await client.generate(
      { kind: 'chat', sessionId: 's1', systemPrompt: '', history: [{ role: 'user', text: 'Once upon a time' }], sampling: greedy },
      () => undefined,
    ).result;
    expect(next.text.length).toBeGreaterThan(0);
  });

  it('stays down after three crashes in five minutes until restarted by hand', async () => {
    const statuses: WorkerStatus[] = [];
    client = new InferenceClient(forkWorkerLauncher(builtWorkerEntry()), {
      onStatus: (s) => statuses.push(s),
      crashTracker: new CrashTracker(3, 300_000),
    });
    for (let i = 0; i < 3; i++) {
      await client.start();
      process.kill(client.pid ?? 0, 'SIGKILL');
      await waitForStatus(statuses, i < 2 ? 'restarting' : 'down', i + 1);
    }
    expect(client.status.state).toBe('down');
    expect(client.status.recentCrashes).toBe(3);
    await expect(client.ensureLoaded(load())).rejects.toMatchObject({ code: 'WORKER_DOWN' });
    const after = await client.restart();
    expect(after.state).toBe('idle');
    await client.ensureLoaded(load());
  });

  it('refuses a worker that speaks another protocol version', async () => {
    const launcher = forkWorkerLauncher(builtWorkerEntry());
    const wrongVersion = (): WorkerPort => {
      const port = launcher();
      return {
        ...port,
        get pid() {
          return port.pid;
        },
        onMessage: (listener) => port.onMessage((m) => listener(m.type === 'hello' ? { ...m, version: 999 } : m)),
      };
    };
    const statuses: WorkerStatus[] = [];
    client = new InferenceClient(wrongVersion, { onStatus: (s) => statuses.push(s) });
    await expect(client.start()).rejects.toMatchObject({ code: 'WORKER_PROTOCOL' });
    expect(client.status.state).toBe('down');
    // The refused worker's exit must not turn into a restart.
    await expect(client.start()).rejects.toMatchObject({ code: 'WORKER_DOWN' });
    await new Promise<void>((resolve) => setTimeout(resolve, 500));
    expect(statuses.map((s) => s.state)).not.toContain('restarting');
    expect(client.status).toMatchObject({ state: 'down', lastError: { code: 'WORKER_PROTOCOL' } });
  });
});
