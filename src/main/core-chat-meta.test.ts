import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../shared/ipc-contract';
import { createCore, type CandilCore } from './core';
import { forkWorkerLauncher } from './inference/worker-port';
import { writeScriptedModel, type ScriptedModel } from '../test-support/scripted-model';
import { builtWorkerEntry, resolveTestModel, TEST_MODEL } from '../test-support/test-model';
import { call, nextDone } from '../test-support/core-calls';

let storiesPath: string;
let core: CandilCore | null = null;
let dir: string;

beforeAll(async () => {
  storiesPath = await resolveTestModel();
});

afterEach(async () => {
  await core?.close();
  core = null;
  rmSync(dir, { recursive: true, force: true });
});

function start(): { c: CandilCore; modelsDir: string } {
  dir = mkdtempSync(join(tmpdir(), 'candil-chat-meta-'));
  const modelsDir = join(dir, 'models');
  core = createCore({ dataDir: dir, host: 'browser', version: 'test', launchWorker: forkWorkerLauncher(builtWorkerEntry()), modelsDir });
  return { c: core, modelsDir };
}

async function exchange(c: CandilCore, chatId: string, content: string): Promise<EventPayload<'chat.done'>> {
  const sent = await call(c, 'chat.send', { chatId, content });
  return nextDone(c, sent.requestId);
}

/** A model that writes `reply` whatever it is asked: the chat's replies and its title alike. */
async function scriptedChat(c: CandilCore, modelsDir: string, script: ScriptedModel, extra: Record<string, unknown> = {}) {
  const path = join(modelsDir, 'candil-scripted.gguf');
  await writeScriptedModel(path, script);
  await call(c, 'models.list', { rescan: true });
  await call(c, 'models.select', { path });
  await call(c, 'settings.update', { contextSize: 1024, threads: 1, sampling: { temperature: 0, repeatPenalty: 1, maxTokens: 24 }, ...extra });
  return call(c, 'chats.create', {});
}

/** The engine has finished what it was given (a title is written right after a reply). */
async function engineQuiet(c: CandilCore): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  await vi.waitFor(async () => expect((await call(c, 'worker.status', {})).state).toBe('ready'), { timeout: 10_000 });
}

const titleOf = async (c: CandilCore, chatId: string) => (await call(c, 'chats.get', { chatId })).chat.title;

describe('chat titles written by the model', () => {
  it('names a chat after its first reply with what the model writes, cleaned, and never over the user’s title', async () => {
    const { c, modelsDir } = start();
    const chat = await scriptedChat(c, modelsDir, { reply: ['Título:', ' «Viaje', ' a', ' Lisboa».'] });
    const done = await exchange(c, chat.id, '¿Qué visito en Lisboa si tengo tres días y me gustan los museos?');
    expect(done.message.content).toBe('Título: «Viaje a Lisboa».');
    await vi.waitFor(async () => expect(await titleOf(c, chat.id)).toBe('Viaje a Lisboa'), { timeout: 10_000 });

    // Renamed by the user: no later reply names it again.
    await call(c, 'chats.update', { chatId: chat.id, title: 'Mis vacaciones' });
    const renamed = await call(c, 'chats.create', {});
    await call(c, 'chats.update', { chatId: renamed.id, title: 'Notas' });
    await exchange(c, chat.id, '¿Y en Oporto?');
    await exchange(c, renamed.id, 'Hola');
    await call(c, 'chat.regenerate', { chatId: renamed.id }).then((sent) => nextDone(c, sent.requestId));
    await engineQuiet(c);
    expect(await titleOf(c, chat.id)).toBe('Mis vacaciones');
    expect(await titleOf(c, renamed.id)).toBe('Notas');

    // Turned off in Settings: the first words stay.
    await call(c, 'settings.update', { generatedTitles: false });
    const plain = await call(c, 'chats.create', {});
    await exchange(c, plain.id, 'Una pregunta sobre Lisboa');
    await engineQuiet(c);
    expect(await titleOf(c, plain.id)).toBe('Una pregunta sobre Lisboa');
  });

  it('keeps the first words when the model writes no usable title', async () => {
    const { c, modelsDir } = start();
    const chat = await scriptedChat(c, modelsDir, { reply: ['Title:', ' **', '"'] });
    await exchange(c, chat.id, 'Receta de paella valenciana');
    await engineQuiet(c);
    expect(await titleOf(c, chat.id)).toBe('Receta de paella valenciana');
  });

  it('never holds up the next message: one sent while the title is written is answered, and the chat is named after', async () => {
    const { c, modelsDir } = start();
    // Two sequences: the reply may start beside the title on the same session (generation-queue.test.ts proves it waits for the title to let go).
    const chat = await scriptedChat(c, modelsDir, { reply: ['Paella', ' valenciana'] }, { parallelReplies: 2 });
    const first = await exchange(c, chat.id, 'Receta de paella');
    // Sent at once, while the title is being written (or waiting to be).
    const second = await exchange(c, chat.id, '¿Y el arroz?');
    expect([first.message.status, second.message.status]).toEqual(['done', 'done']);
    expect(second.message.content).toBe('Paella valenciana');
    await vi.waitFor(async () => expect(await titleOf(c, chat.id)).toBe('Paella valenciana'), { timeout: 10_000 });
  });
});

describe('pinned messages', () => {
  it('still sends a pinned turn after the oldest were dropped, counts it in the meter, and the model reads it', async () => {
    const { c, modelsDir } = start();
    copyFileSync(storiesPath, join(modelsDir, TEST_MODEL.fileName));
    await call(c, 'models.list', { rescan: true });
    await call(c, 'models.select', { path: join(modelsDir, TEST_MODEL.fileName) });
    // The raw template sends the turns as plain text, one after the other (see the few-shot test in core.test.ts).
    await call(c, 'settings.update', { contextSize: 512, chatTemplate: 'raw', threads: 1, sampling: { temperature: 0, repeatPenalty: 1, maxTokens: 40 } });
    const chat = await call(c, 'chats.create', {});
    await exchange(c, chat.id, 'Lily had a red ball.');
    for (let i = 0; i < 8; i += 1) await exchange(c, chat.id, 'Once upon a time');
    const draft = 'The cat sat on the mat and looked at the moon. '.repeat(6);

    const pinnedQuestion = (await call(c, 'chats.get', { chatId: chat.id })).messages[0]!;
    const pinned = await call(c, 'chat.pinMessage', { messageId: pinnedQuestion.id, pinned: true });
    expect(pinned.messages.map((m) => m.pinned)).toEqual(pinned.messages.map((m) => m.id === pinnedQuestion.id));
    const dropped = await call(c, 'chat.dropOldest', { chatId: chat.id, draft });
    const cut = dropped.messages.findIndex((m) => m.id === dropped.chat.contextFromId);
    expect(cut).toBeGreaterThan(2);
    const measured = await call(c, 'chat.measure', { chatId: chat.id, draft });
    expect(measured.fits).toBe(true);
    // The meter counts the pinned turn: without it, the same cut sends fewer tokens.
    await call(c, 'chat.pinMessage', { messageId: pinnedQuestion.id, pinned: false });
    expect((await call(c, 'chat.measure', { chatId: chat.id, draft })).promptTokens).toBeLessThan(measured.promptTokens);
    await call(c, 'chat.pinMessage', { messageId: pinnedQuestion.id, pinned: true });
    const sentTurns = [dropped.messages[0]!, dropped.messages[1]!, ...dropped.messages.slice(cut)];

    const done = await exchange(c, chat.id, draft);
    expect(done.message.status).toBe('done');
    expect(done.stats?.promptTokens).toBe(measured.promptTokens);

    // The same turns sent as examples to a new chat make the same prompt: the same reply, token for token.
    const pairs = [];
    for (let i = 0; i < sentTurns.length; i += 2) pairs.push({ user: sentTurns[i]!.content, assistant: sentTurns[i + 1]!.content });
    const twin = await call(c, 'chats.create', { fewShot: pairs });
    const expected = await exchange(c, twin.id, draft);
    expect(done.stats?.promptTokens).toBe(expected.stats?.promptTokens);
    expect(done.message.content).toBe(expected.message.content);
    // A base model (no chat template, raw turns) is not asked to name the chat.
    expect((await call(c, 'chats.get', { chatId: chat.id })).chat.title).toBe('Lily had a red ball.');
  });
});
