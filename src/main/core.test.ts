import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from './api/event-bus';
import { createCore, type CandilCore } from './core';
import { forkWorkerLauncher } from './inference/worker-port';
import { builtWorkerEntry, resolveTestModel, TEST_MODEL } from '../test-support/test-model';
import { call, nextDone } from '../test-support/core-calls';

let modelPath: string;
let core: CandilCore | null = null;
let dir: string;

beforeAll(async () => {
  modelPath = await resolveTestModel();
});

afterEach(async () => {
  await core?.close();
  core = null;
  rmSync(dir, { recursive: true, force: true });
});

function start(checkpointMs = 1000): { core: CandilCore; events: AppEvent[]; modelsDir: string } {
  dir = mkdtempSync(join(tmpdir(), 'candil-core-'));
  return open(checkpointMs);
}

/** Candil started again on the same data folder (after `core.close()`). */
function reopen(): CandilCore {
  return open(1000).core;
}

function open(checkpointMs: number): { core: CandilCore; events: AppEvent[]; modelsDir: string } {
  const modelsDir = join(dir, 'models');
  const c = createCore({
    dataDir: dir,
    host: 'browser',
    version: 'test',
    launchWorker: forkWorkerLauncher(builtWorkerEntry()),
    modelsDir,
    checkpointMs,
  });
  core = c;
  const events: AppEvent[] = [];
  c.events.subscribe((e) => events.push(e));
  return { core: c, events, modelsDir };
}

function deltaFor(c: CandilCore, requestId: string, seq: number): Promise<void> {
  return new Promise((resolve) => {
    const off = c.events.subscribe((e) => {
      if (e.name === 'chat.delta' && e.payload.requestId === requestId && e.payload.seq >= seq) {
        off();
        resolve();
      }
    });
  });
}

async function readyChat(c: CandilCore, modelsDir: string, extra: Record<string, unknown> = {}) {
  // Never over a loaded model: rewriting a file the engine has mapped kills it (SIGBUS).
  if (!existsSync(join(modelsDir, TEST_MODEL.fileName))) copyFileSync(modelPath, join(modelsDir, TEST_MODEL.fileName));
  const models = await call(c, 'models.list', { rescan: true });
  expect(models).toHaveLength(1);
  await call(c, 'models.select', { path: join(modelsDir, TEST_MODEL.fileName) });
  await call(c, 'settings.update', {
    contextSize: 512,
    chatTemplate: 'raw',
    threads: 1,
    sampling: { temperature: 0, repeatPenalty: 1, maxTokens: 24 },
    ...extra,
  });
  return call(c, 'chats.create', {});
}

describe('Candil core: chat over the real worker, model and SQLite', () => {
  it('streams a reply as numbered deltas and stores the whole text once', async () => {
    const { core: c, events, modelsDir } = start();
    const chat = await readyChat(c, modelsDir);
    const sent = await call(c, 'chat.send', { chatId: chat.id, content: 'Once upon a time' });
    expect(sent.assistantMessage.status).toBe('streaming');
    const done = await nextDone(c, sent.requestId);
    expect(done.message.status).toBe('done');
    expect(done.message.content).toContain(TEST_MODEL.onceUponATime.slice(0, 40));
    expect(done.stats?.completionTokens).toBe(24);
    expect(done.stats?.contextSize).toBe(512);
    const deltas = events.flatMap((e) => (e.name === 'chat.delta' && e.payload.requestId === sent.requestId ? [e.payload] : []));
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, i) => i + 1));
    expect(deltas.map((d) => d.text).join('')).toBe(done.message.content);
    // Coalesced: fewer events than tokens.
    expect(deltas.length).toBeLessThan(24);
    const stored = await call(c, 'chats.get', { chatId: chat.id });
    expect(stored.chat.title).toBe('Once upon a time');
    expect(stored.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'done'],
      ['assistant', 'done'],
    ]);
    expect(stored.messages[1]?.content).toBe(done.message.content);
    // Reopening the chat tells how full its context is, as the reply left it.
    expect(stored.context).toEqual({ used: done.stats?.contextUsed, size: 512 });
  });

  it('stops mid-reply and keeps the partial text with status stopped', async () => {
    const { core: c, modelsDir } = start();
    const chat = await readyChat(c, modelsDir, { sampling: { maxTokens: 100_000, temperature: 0, repeatPenalty: 1 } });
    const sent = await call(c, 'chat.send', { chatId: chat.id, content: 'Once upon a time' });
    await new Promise<void>((resolve) => {
      const off = c.events.subscribe((e) => {
        if (e.name === 'chat.delta' && e.payload.seq === 2) {
          off();
          resolve();
        }
      });
    });
    expect(await call(c, 'chat.stop', { requestId: sent.requestId })).toEqual({ stopped: true });
    const done = await nextDone(c, sent.requestId);
    expect(done.message.status).toBe('stopped');
    expect(done.message.content.length).toBeGreaterThan(0);
    const stored = await call(c, 'chats.get', { chatId: chat.id });
    expect(stored.messages[1]).toMatchObject({ status: 'stopped', content: done.message.content });
  });

  it('keeps the partial reply with an explanation when the worker is killed, then answers the next message', async () => {
    const { core: c, modelsDir } = start(50);
    const chat = await readyChat(c, modelsDir, { sampling: { maxTokens: 100_000, temperature: 0, repeatPenalty: 1 } });
    const sent = await call(c, 'chat.send', { chatId: chat.id, content: 'Once upon a time' });
    await new Promise<void>((resolve) => {
      const off = c.events.subscribe((e) => {
        if (e.name === 'chat.delta' && e.payload.seq === 3) {
          off();
          resolve();
        }
      });
    });
    process.kill(c.inference.pid ?? 0, 'SIGKILL');
    const done = await nextDone(c, sent.requestId);
    expect(done.message.status).toBe('error');
    expect(done.message.error?.code).toBe('WORKER_CRASHED');
    expect(done.message.content.length).toBeGreaterThan(0);
    await call(c, 'settings.update', { sampling: { maxTokens: 8 } });
    const next = await call(c, 'chat.send', { chatId: chat.id, content: 'The cat' });
    const nextDoneEvent = await nextDone(c, next.requestId);
    expect(nextDoneEvent.message.status).toBe('done');
    expect(nextDoneEvent.message.content.length).toBeGreaterThan(0);
  });

  it('streams two chats at once, and a crash keeps both partial replies', async () => {
    const { core: c, modelsDir } = start(50);
    const a = await readyChat(c, modelsDir, { parallelReplies: 2, sampling: { maxTokens: 100_000, temperature: 0, repeatPenalty: 1 } });
    const b = await call(c, 'chats.create', {});
    const sentA = await call(c, 'chat.send', { chatId: a.id, content: 'Once upon a time' });
    const sentB = await call(c, 'chat.send', { chatId: b.id, content: 'The little dog' });
    const dones = [nextDone(c, sentA.requestId), nextDone(c, sentB.requestId)];
    await deltaFor(c, sentA.requestId, 2);
    await deltaFor(c, sentB.requestId, 2);
    process.kill(c.inference.pid ?? 0, 'SIGKILL');
    for (const done of await Promise.all(dones)) {
      expect(done.message).toMatchObject({ status: 'error', error: { code: 'WORKER_CRASHED' } });
      expect(done.message.content.length).toBeGreaterThan(0);
      const stored = await call(c, 'chats.get', { chatId: done.chatId });
      expect(stored.messages.at(-1)).toMatchObject({ status: 'error', content: done.message.content });
    }
  });

  it('queues a reply behind another, shows its place, and stops it while it waits', async () => {
    const { core: c, events, modelsDir } = start();
    const a = await readyChat(c, modelsDir, { parallelReplies: 1, sampling: { maxTokens: 100_000, temperature: 0, repeatPenalty: 1 } });
    const b = await call(c, 'chats.create', {});
    const sentA = await call(c, 'chat.send', { chatId: a.id, content: 'Once upon a time' });
    await deltaFor(c, sentA.requestId, 1);
    const sentB = await call(c, 'chat.send', { chatId: b.id, content: 'The little dog' });
    await vi.waitFor(() =>
      expect(events).toContainEqual({ name: 'chat.queued', payload: { requestId: sentB.requestId, chatId: b.id, messageId: sentB.assistantMessage.id, position: 1 } }),
    );
    // A reloaded window learns the waiting reply from the chat itself, so it can show and stop it.
    expect((await call(c, 'chats.get', { chatId: b.id })).active).toEqual({ requestId: sentB.requestId, messageId: sentB.assistantMessage.id, position: 1 });
    const doneB = nextDone(c, sentB.requestId);
    expect(await call(c, 'chat.stop', { requestId: sentB.requestId })).toEqual({ stopped: true });
    expect((await doneB).message).toMatchObject({ status: 'stopped', content: '' });
    expect((await call(c, 'chats.get', { chatId: b.id })).active).toBeNull();
    const doneA = nextDone(c, sentA.requestId);
    await call(c, 'chat.stop', { requestId: sentA.requestId });
    expect((await doneA).message.status).toBe('stopped');
  });

  it('shows under each reply how much of the prompt it evaluated and reused', async () => {
    const { core: c, modelsDir } = start();
    const chat = await readyChat(c, modelsDir, { sampling: { maxTokens: 12 } });
    const first = await call(c, 'chat.send', { chatId: chat.id, content: 'Once upon a time' });
    const one = await nextDone(c, first.requestId);
    expect(one.message).toMatchObject({ reusedTokens: 0, evaluatedTokens: one.stats?.promptTokens });
    const second = await call(c, 'chat.send', { chatId: chat.id, content: ' The cat sat.' });
    const two = await nextDone(c, second.requestId);
    expect(two.message.reusedTokens).toBeGreaterThanOrEqual((one.stats?.promptTokens ?? 0) + (one.stats?.completionTokens ?? 0));
    expect(two.stats).toMatchObject({ evaluatedTokens: two.message.evaluatedTokens, reusedTokens: two.message.reusedTokens });
    // Stored with the message: a reopened chat shows the same numbers.
    const stored = await call(c, 'chats.get', { chatId: chat.id });
    expect(stored.messages.at(-1)).toMatchObject({ evaluatedTokens: two.message.evaluatedTokens, reusedTokens: two.message.reusedTokens });
  });

  it('continues a chat after Candil restarts without evaluating its history again', async () => {
    const { core: c, modelsDir } = start();
    const chat = await readyChat(c, modelsDir, { sampling: { maxTokens: 40 } });
    const first = await call(c, 'chat.send', { chatId: chat.id, content: 'Once upon a time' });
    const one = await nextDone(c, first.requestId);
    await c.close();
    core = null;
    const again = reopen();
    expect(await call(again, 'kvCache.info', {})).toMatchObject({ files: 1, bytes: expect.any(Number) });
    const second = await call(again, 'chat.send', { chatId: chat.id, content: ' The cat sat.' });
    const two = await nextDone(again, second.requestId);
    expect(two.stats?.restored).toBe(true);
    expect(two.message.reusedTokens).toBeGreaterThanOrEqual((one.stats?.promptTokens ?? 0) + (one.stats?.completionTokens ?? 0));

    // Settings → Engine can free that disk; deleting the chat drops its saved state too.
    await again.close();
    core = null;
    const third = reopen();
    expect(await call(third, 'kvCache.clear', {})).toMatchObject({ files: 0, bytes: 0 });
    const reply = await call(third, 'chat.send', { chatId: chat.id, content: ' And then?' });
    expect((await nextDone(third, reply.requestId)).stats).toMatchObject({ restored: false, reusedTokens: 0 });
    await third.close();
    core = null;
    const fourth = reopen();
    expect((await call(fourth, 'kvCache.info', {})).files).toBe(1);
    // In the trash the chat keeps its state (undo brings it back as fast); deleted for good, it goes.
    await call(fourth, 'chats.delete', { chatId: chat.id });
    expect((await call(fourth, 'kvCache.info', {})).files).toBe(1);
    expect(await call(fourth, 'chats.purge', { chatId: chat.id })).toEqual({ deleted: 1 });
    expect((await call(fourth, 'kvCache.info', {})).files).toBe(0);
  });

  it('regenerating and editing make new versions; the earlier ones stay one call away', async () => {
    const { core: c, modelsDir } = start();
    const chat = await readyChat(c, modelsDir, { sampling: { maxTokens: 6, temperature: 0, repeatPenalty: 1 } });
    const first = await call(c, 'chat.send', { chatId: chat.id, content: 'Once upon a time' });
    const firstReply = (await nextDone(c, first.requestId)).message;
    const again = await call(c, 'chat.regenerate', { chatId: chat.id });
    await nextDone(c, again.requestId);
    let stored = await call(c, 'chats.get', { chatId: chat.id });
    expect(stored.messages).toHaveLength(2);
    expect(stored.messages[1]?.id).toBe(again.assistantMessage.id);
    expect(stored.messages[1]?.versionIds).toEqual([firstReply.id, again.assistantMessage.id]);
    const edited = await call(c, 'chat.edit', { messageId: stored.messages[0]?.id, content: 'The little dog' });
    await nextDone(c, edited.requestId);
    stored = await call(c, 'chats.get', { chatId: chat.id });
    expect(stored.messages.map((m) => m.content.length > 0)).toEqual([true, true]);
    expect(stored.messages[0]).toMatchObject({ content: 'The little dog', versionIds: [first.userMessage?.id, edited.userMessage?.id] });

    // Back to the first question: its newest reply comes back with it.
    const back = await call(c, 'chat.showVersion', { messageId: first.userMessage?.id });
    expect(back.messages.map((m) => m.id)).toEqual([first.userMessage?.id, again.assistantMessage.id]);
    const older = await call(c, 'chat.showVersion', { messageId: firstReply.id });
    expect(older.messages.map((m) => m.content)).toEqual(['Once upon a time', firstReply.content]);
    // Deleting a version leaves the others.
    const after = await call(c, 'chat.deleteMessage', { messageId: firstReply.id });
    expect(after.messages.map((m) => m.id)).toEqual([first.userMessage?.id]);
    await expect(call(c, 'chat.showVersion', { messageId: firstReply.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('continues a reply that stopped at its token limit, as one message', async () => {
    const { core: c, modelsDir } = start();
    const chat = await readyChat(c, modelsDir, { sampling: { maxTokens: 8, temperature: 0, repeatPenalty: 1 } });
    const sent = await call(c, 'chat.send', { chatId: chat.id, content: 'Once upon a time' });
    const short = (await nextDone(c, sent.requestId)).message;
    const more = await call(c, 'chat.continue', { chatId: chat.id });
    expect(more.assistantMessage).toMatchObject({ id: short.id, status: 'streaming', content: short.content });
    const deltas: string[] = [];
    const off = c.events.subscribe((e) => {
      if (e.name === 'chat.delta' && e.payload.requestId === more.requestId) deltas.push(e.payload.text);
    });
    const done = await nextDone(c, more.requestId);
    off();
    expect(done.message.id).toBe(short.id);
    expect(done.message.content.startsWith(short.content)).toBe(true);
    expect(done.message.content.length).toBeGreaterThan(short.content.length);
    // Only the new text streams; the window adds it to what it shows.
    expect(short.content + deltas.join('')).toBe(done.message.content);
    // The same as one reply twice as long.
    const whole = await readyChat(c, modelsDir, { sampling: { maxTokens: 16, temperature: 0, repeatPenalty: 1 } });
    const once = await call(c, 'chat.send', { chatId: whole.id, content: 'Once upon a time' });
    expect((await nextDone(c, once.requestId)).message.content).toBe(done.message.content);
    const stored = await call(c, 'chats.get', { chatId: chat.id });
    expect(stored.messages).toHaveLength(2);
  });

  it('few-shot turns reach the model before the conversation, and a chat’s own settings win', async () => {
    const { core: c, modelsDir } = start();
    // The raw template feeds the turns as plain text, one after the other: examples that spell
    // the start of a story make the model answer exactly as if the whole story had been sent.
    const whole = await readyChat(c, modelsDir, { sampling: { maxTokens: 12, temperature: 0, repeatPenalty: 1 } });
    const plain = await call(c, 'chat.send', { chatId: whole.id, content: 'Once upon a time' });
    const expected = await nextDone(c, plain.requestId);
    const taught = await call(c, 'chats.create', { fewShot: [{ user: 'Once upon', assistant: ' a' }] });
    const sent = await call(c, 'chat.send', { chatId: taught.id, content: ' time' });
    const done = await nextDone(c, sent.requestId);
    expect(done.message.content).toBe(expected.message.content);
    expect(done.stats?.promptTokens).toBe(expected.stats?.promptTokens);
    // Shown collapsed, never stored as messages of the chat.
    expect((await call(c, 'chats.get', { chatId: taught.id })).messages.map((m) => m.content)).toEqual([' time', done.message.content]);

    // The chat's own maximum length wins over the global one, and is stored with the reply.
    const short = await call(c, 'chats.create', { sampling: { maxTokens: 3 } });
    const reply = await call(c, 'chat.send', { chatId: short.id, content: 'Once upon a time' });
    const ended = await nextDone(c, reply.requestId);
    expect(ended.message.completionTokens).toBe(3);
    expect(ended.message.sampling).toMatchObject({ maxTokens: 3, temperature: 0 });
  });

  it('says before sending when a message will not fit, and makes room by dropping the oldest turns or from a summary', async () => {
    const { core: c, modelsDir } = start();
    const chat = await readyChat(c, modelsDir, { sampling: { maxTokens: 40, temperature: 0, repeatPenalty: 1 } });
    // Estimated until the model is loaded, then counted with its tokenizer.
    expect(await call(c, 'chat.measure', { chatId: chat.id, draft: 'Once upon a time' })).toMatchObject({ exact: false, contextSize: 512 });
    for (let i = 0; i < 9; i += 1) {
      const sent = await call(c, 'chat.send', { chatId: chat.id, content: 'Once upon a time' });
      await nextDone(c, sent.requestId);
    }
    const short = await call(c, 'chat.measure', { chatId: chat.id, draft: '' });
    expect(short).toMatchObject({ exact: true, contextSize: 512, replyTokens: 40, fits: true });
    const draft = 'The cat sat on the mat and looked at the moon. '.repeat(6);
    const long = await call(c, 'chat.measure', { chatId: chat.id, draft });
    expect(long.promptTokens).toBeGreaterThan(short.promptTokens + 100);
    expect(long.fits).toBe(false);

    const dropped = await call(c, 'chat.dropOldest', { chatId: chat.id, draft });
    expect(dropped.chat.contextFromId).not.toBeNull();
    expect(dropped.messages).toHaveLength(18);
    expect(await call(c, 'chat.measure', { chatId: chat.id, draft })).toMatchObject({ fits: true });
    const sent = await call(c, 'chat.send', { chatId: chat.id, content: draft });
    const done = await nextDone(c, sent.requestId);
    expect(done.message.status).toBe('done');
    expect(done.stats?.promptTokens).toBeLessThan(512 - 40);
    // Everything is still in the chat, and can be sent again.
    expect((await call(c, 'chat.sendAllTurns', { chatId: chat.id })).contextFromId).toBeNull();
    expect((await call(c, 'chat.measure', { chatId: chat.id, draft: '' })).fits).toBe(false);

    const next = await call(c, 'chat.summarize', { chatId: chat.id, heading: 'Summary of an earlier conversation:' });
    expect(next.id).not.toBe(chat.id);
    expect(next.systemPrompt.startsWith('Summary of an earlier conversation:\n')).toBe(true);
    expect(next.systemPrompt.length).toBeGreaterThan('Summary of an earlier conversation:\n'.length);
    expect((await call(c, 'chat.measure', { chatId: next.id, draft: 'And then?' })).fits).toBe(true);
  });

  it('completion mode continues a plain text, keeps writing on request, and makes versions', async () => {
    const { core: c, modelsDir } = start();
    await readyChat(c, modelsDir, { sampling: { maxTokens: 8, temperature: 0, repeatPenalty: 1 } });
    const doc = await call(c, 'chats.create', { mode: 'completion' });
    const sent = await call(c, 'chat.send', { chatId: doc.id, content: 'Once upon a time' });
    const first = (await nextDone(c, sent.requestId)).message;
    expect(first.content.length).toBeGreaterThan(0);
    const more = await call(c, 'chat.continue', { chatId: doc.id });
    const longer = (await nextDone(c, more.requestId)).message;
    expect(longer.content.startsWith(first.content)).toBe(true);
    // The same text as asking for sixteen tokens at once: the prompt and the output are one text.
    const once = await call(c, 'chats.create', { mode: 'completion' });
    await call(c, 'settings.update', { sampling: { maxTokens: 16 } });
    const whole = await call(c, 'chat.send', { chatId: once.id, content: 'Once upon a time' });
    expect((await nextDone(c, whole.requestId)).message.content).toBe(longer.content);
    expect((await call(c, 'chats.list', {})).find((x) => x.id === doc.id)).toMatchObject({ mode: 'completion', title: 'Once upon a time' });
    // Another version of the output, from the prompt alone.
    const again = await call(c, 'chat.regenerate', { chatId: doc.id });
    expect((await nextDone(c, again.requestId)).message).toMatchObject({ parentId: sent.userMessage?.id, versionIds: [first.id, again.assistantMessage.id] });
  });

  it('rejects a second message while a reply streams, and sending without a model', async () => {
    const { core: c, modelsDir } = start();
    const empty = await call(c, 'chats.create', {});
    await expect(call(c, 'chat.send', { chatId: empty.id, content: 'hi' })).rejects.toMatchObject({ code: 'NO_MODEL' });
    const chat = await readyChat(c, modelsDir, { sampling: { maxTokens: 100_000 } });
    const sent = await call(c, 'chat.send', { chatId: chat.id, content: 'Once upon a time' });
    const done = nextDone(c, sent.requestId);
    await expect(call(c, 'chat.send', { chatId: chat.id, content: 'again' })).rejects.toMatchObject({ code: 'BUSY' });
    await call(c, 'chat.stop', { requestId: sent.requestId });
    await done;
  });

  it('a refused send, regenerate or edit leaves the history exactly as it was', async () => {
    const { core: c, modelsDir } = start();
    const chat = await readyChat(c, modelsDir, { sampling: { maxTokens: 6 } });
    const sent = await call(c, 'chat.send', { chatId: chat.id, content: 'Once upon a time' });
    await nextDone(c, sent.requestId);
    const before = await call(c, 'chats.get', { chatId: chat.id });
    await call(c, 'models.delete', { path: join(modelsDir, TEST_MODEL.fileName) });
    await expect(call(c, 'chat.regenerate', { chatId: chat.id })).rejects.toMatchObject({ code: 'NO_MODEL' });
    await expect(call(c, 'chat.edit', { messageId: before.messages[0]?.id, content: 'changed' })).rejects.toMatchObject({ code: 'NO_MODEL' });
    await expect(call(c, 'chat.send', { chatId: chat.id, content: 'again' })).rejects.toMatchObject({ code: 'NO_MODEL' });
    expect((await call(c, 'chats.get', { chatId: chat.id })).messages).toEqual(before.messages);
  });

  it('answers malformed payloads and unknown calls with typed errors', async () => {
    const { core: c } = start();
    expect(await c.dispatch('chat.send', { chatId: 42 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await c.dispatch('chat.send', 'not an object')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await c.dispatch('settings.update', { contextSize: -1 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await c.dispatch('settings.update', { evil: true })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await c.dispatch('fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await c.dispatch({ toString: null }, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await c.dispatch('chats.get', { chatId: 'missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('lists broken model files with the reason and refuses to select them', async () => {
    const { core: c, modelsDir } = start();
    await call(c, 'models.list', {});
    writeFileSync(join(modelsDir, 'empty.gguf'), '');
    writeFileSync(join(modelsDir, 'notes.gguf'), 'these are my notes, not a model');
    copyFileSync(modelPath, join(modelsDir, TEST_MODEL.fileName));
    const models = await call(c, 'models.list', { rescan: true });
    expect(models).toHaveLength(3);
    const broken = models.filter((m) => 'error' in m);
    expect(broken.map((m) => m.fileName).sort()).toEqual(['empty.gguf', 'notes.gguf']);
    await expect(call(c, 'models.select', { path: join(modelsDir, 'empty.gguf') })).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('empty.gguf'),
    });
    const settings = await call(c, 'models.select', { path: join(modelsDir, TEST_MODEL.fileName) });
    expect(settings.selectedModelPath).toBe(join(modelsDir, TEST_MODEL.fileName));
  });
});
