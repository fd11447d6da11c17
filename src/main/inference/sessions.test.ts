import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSampling } from '../../shared/domain';
import type { GenerateResult, HistoryTurn, LoadParams } from '../../shared/worker-protocol';
import { builtWorkerEntry, resolveTestModel, TEST_MODEL } from '../../test-support/test-model';
import { InferenceClient } from './inference-client';
import { forkWorkerLauncher } from './worker-port';

// The engine's sessions against the real worker, model and files: prefix reuse, KV snapshots.

let modelPath: string;
let dir: string;
const clients: InferenceClient[] = [];

beforeAll(async () => {
  modelPath = await resolveTestModel();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candil-sessions-'));
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  rmSync(dir, { recursive: true, force: true });
});

const greedy = { ...defaultSampling, temperature: 0, maxTokens: 20, repeatPenalty: 1 };

function load(overrides: Partial<LoadParams> = {}): LoadParams {
  return { modelPath, contextSize: TEST_MODEL.contextSize, batchSize: 512, threads: 1, chatTemplate: 'raw', sequences: 1, ...overrides };
}

async function engine(options: { budgetBytes?: number; load?: Partial<LoadParams> } = {}): Promise<InferenceClient> {
  const client = new InferenceClient(forkWorkerLauncher(builtWorkerEntry()), {
    snapshots: () => ({ dir: join(dir, 'kv'), budgetBytes: options.budgetBytes ?? 50_000_000 }),
  });
  clients.push(client);
  await client.ensureLoaded(load(options.load));
  return client;
}

function ask(client: InferenceClient, sessionId: string, history: HistoryTurn[]): Promise<GenerateResult> {
  return client.generate({ kind: 'chat', sessionId, systemPrompt: '', history, sampling: greedy }, () => undefined).result;
}

function snapshotFiles(): string[] {
  const root = join(dir, 'kv');
  try {
    return readdirSync(root).flatMap((model) => readdirSync(join(root, model)).map((name) => join(root, model, name)));
  } catch {
    return [];
  }
}

const first: HistoryTurn[] = [{ role: 'user', text: 'Once upon a time, there was a little dog named Max.' }];
const then = (reply: string): HistoryTurn[] => [...first, { role: 'assistant', text: reply }, { role: 'user', text: ' One day, Max saw a big red ball.' }];

describe('engine sessions (real worker and model)', () => {
  it('evaluates only the new message on the next turn', async () => {
    const client = await engine();
    const one = await ask(client, 'chat-a', first);
    expect(one).toMatchObject({ reusedTokens: 0, evaluatedTokens: one.promptTokens, restored: false });
    const two = await ask(client, 'chat-a', then(one.text));
    // The whole first turn, reply included, comes from the sequence; only the new message is evaluated.
    expect(two.reusedTokens).toBeGreaterThanOrEqual(one.promptTokens + one.completionTokens);
    expect(two.evaluatedTokens).toBe(two.promptTokens - two.reusedTokens);
    expect(two.evaluatedTokens).toBeLessThan(20);
  });

  it('gives a new session the sequence that already holds the start of its prompt', async () => {
    const client = await engine({ load: { sequences: 2 } });
    const system = 'Once upon a time there was a little girl named Lily. She loved to play outside in the park. '.repeat(3);
    const ask = (sessionId: string, text: string, ephemeral = true) =>
      client.generate(
        { kind: 'chat', sessionId, ephemeral, systemPrompt: sessionId === 'chat' ? '' : system, history: [{ role: 'user', text }], sampling: greedy },
        () => undefined,
      ).result;
    const first = await ask('api-1', 'One day, she saw a cat.');
    await ask('chat', 'Something else entirely.', false); // the other sequence, a chat kept on disk
    const second = await ask('api-2', 'One day, she found a ball.');
    // The shared system prompt came from api-1's sequence, not evaluated again.
    expect(second.reusedTokens).toBeGreaterThan(first.promptTokens / 2);
    // One-off sessions are never written to disk.
    await client.saveSessions();
    expect(snapshotFiles().filter((f) => f.endsWith('.kvstate'))).toHaveLength(1);
  });

  it('keeps each session in its own sequence, and sets aside the oldest when they run out', async () => {
    const client = await engine({ load: { sequences: 2 } });
    const a = await ask(client, 'a', first);
    await ask(client, 'b', first);
    expect((await ask(client, 'a', then(a.text))).reusedTokens).toBeGreaterThan(0);
    // A third session takes b's sequence (used longest ago); b's state goes to disk and comes back.
    await ask(client, 'c', first);
    expect(snapshotFiles().filter((f) => f.endsWith('.kvstate'))).toHaveLength(1);
    const b = await ask(client, 'b', then(a.text));
    expect(b.restored).toBe(true);
    expect(b.reusedTokens).toBeGreaterThan(0);
  });

  it('continues after a restart from a snapshot exactly as a fresh evaluation would', async () => {
    let client = await engine();
    const one = await ask(client, 'chat-a', first);
    expect(await client.saveSessions()).toBe(1);
    await client.close();

    client = await engine();
    const restored = await ask(client, 'chat-a', then(one.text));
    expect(restored.restored).toBe(true);
    expect(restored.reusedTokens).toBeGreaterThanOrEqual(one.promptTokens + one.completionTokens);

    const fresh = await ask(await engine({ budgetBytes: 0 }), 'chat-fresh', then(one.text));
    expect(fresh).toMatchObject({ restored: false, reusedTokens: 0 });
    expect(restored.text).toBe(fresh.text);
    expect(restored.text.length).toBeGreaterThan(0);
  });

  it('refuses and deletes a snapshot made with another context size, and answers from the history', async () => {
    const client = await engine();
    const one = await ask(client, 'chat-a', first);
    await client.saveSessions();
    await client.close();
    expect(snapshotFiles()).toHaveLength(2);

    const other = await engine({ load: { contextSize: 256 } });
    const answer = await ask(other, 'chat-a', then(one.text));
    expect(answer).toMatchObject({ restored: false, reusedTokens: 0 });
    expect(snapshotFiles()).toEqual([]);
  });

  it('refuses and deletes a truncated snapshot, and answers from the history', async () => {
    const client = await engine();
    const one = await ask(client, 'chat-a', first);
    await client.saveSessions();
    await client.close();
    const state = snapshotFiles().find((f) => f.endsWith('.kvstate'))!;
    truncateSync(state, Math.floor(statSync(state).size / 2));

    const next = await engine();
    const answer = await ask(next, 'chat-a', then(one.text));
    expect(answer).toMatchObject({ restored: false, reusedTokens: 0 });
    expect(answer.text.length).toBeGreaterThan(0);
    expect(snapshotFiles()).toEqual([]);
  });

  it('forgets a session in memory and on disk', async () => {
    const client = await engine({ load: { sequences: 1 } });
    const one = await ask(client, 'chat-a', first);
    await ask(client, 'chat-b', [{ role: 'user', text: 'The cat sat on the mat.' }]); // chat-a goes to disk
    expect(snapshotFiles()).toHaveLength(2);
    await client.forgetSession('chat-a');
    expect(snapshotFiles()).toEqual([]);
    const again = await ask(client, 'chat-a', then(one.text));
    // Not restored: at most the few tokens every prompt starts with are reused.
    expect(again.restored).toBe(false);
    expect(again.reusedTokens).toBeLessThan(5);
  });

  it('refuses a conversation that does not fit the window, with the numbers, and stops a reply at its end', async () => {
    const client = await engine({ load: { contextSize: 128 } });
    const size = client.loadedModel!.result.contextSize;
    const long: HistoryTurn[] = [{ role: 'user', text: 'Once upon a time there was a girl. '.repeat(Math.ceil(size / 4)) }];
    await expect(ask(client, 'chat-a', long)).rejects.toMatchObject({
      code: 'CONTEXT_FULL',
      params: { reason: 'promptTooLong', contextSize: size, promptTokens: expect.any(Number) },
    });
    const result = await client.generate(
      { kind: 'chat', sessionId: 'chat-b', systemPrompt: '', history: first, sampling: { ...greedy, maxTokens: 100_000 } },
      () => undefined,
    ).result;
    expect(result.stopReason).toBe('contextFull');
    expect(result.promptTokens + result.completionTokens).toBeLessThanOrEqual(size);
    expect(result.completionTokens).toBeGreaterThan(size / 2);
  });
});
