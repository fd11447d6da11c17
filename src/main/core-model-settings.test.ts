import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../shared/ipc-contract';
import { createCore, type CandilCore } from './core';
import { forkWorkerLauncher } from './inference/worker-port';
import { writeScriptedModel } from '../test-support/scripted-model';
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
  dir = mkdtempSync(join(tmpdir(), 'candil-model-settings-'));
  const modelsDir = join(dir, 'models');
  core = createCore({ dataDir: dir, host: 'browser', version: 'test', launchWorker: forkWorkerLauncher(builtWorkerEntry()), modelsDir });
  return { c: core, modelsDir };
}

async function reply(c: CandilCore, content: string): Promise<EventPayload<'chat.done'>> {
  const chat = await call(c, 'chats.create', {});
  const sent = await call(c, 'chat.send', { chatId: chat.id, content });
  return nextDone(c, sent.requestId);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** stories260K continues text: the words a template puts before the user's text change what it writes. */
const STORY_TEMPLATE = "{{ bos_token }}{% for m in messages %}{% if m.role == 'user' %}Tom and Sue went to the{% endif %}{{ m.content }}{% endfor %}";

async function storiesChat(c: CandilCore, modelsDir: string): Promise<string> {
  const path = join(modelsDir, TEST_MODEL.fileName);
  copyFileSync(storiesPath, path);
  await call(c, 'models.list', { rescan: true });
  await call(c, 'models.select', { path });
  await call(c, 'settings.update', { contextSize: 512, chatTemplate: 'raw', threads: 1, sampling: { temperature: 0, repeatPenalty: 1, maxTokens: 12 } });
  return path;
}

describe('per-model settings over the real worker', () => {
  it('a custom template reaches the engine, the context meter and the local API', async () => {
    const { c, modelsDir } = start();
    const path = await storiesChat(c, modelsDir);
    // The raw template sends the text as it is: the reference continuation.
    const expected = await reply(c, 'Tom and Sue went to the park');
    const alone = await reply(c, ' park');
    expect(alone.message.content).not.toBe(expected.message.content);

    // Saved while the model is loaded: it is loaded again with the template at once.
    await call(c, 'models.setDefaults', { path, defaults: { chatTemplate: { jinja: STORY_TEMPLATE } } });
    expect(c.inference.loadedModel?.result.chatWrapper).toBe('JinjaTemplate');
    const measured = await call(c, 'chat.measure', { chatId: null, draft: ' park' });
    expect(measured.exact).toBe(true);

    // Only " park" is sent; the story goes on as if the template's words had been written before it.
    const templated = await reply(c, ' park');
    expect(templated.message.content).toBe(expected.message.content);
    // The meter counted the prompt the engine evaluated: the template's words and the user's.
    expect(templated.stats?.promptTokens).toBe(measured.promptTokens);

    // The same model over the API: the same template.
    const port = await freePort();
    await call(c, 'settings.update', { apiEnabled: true, apiPort: port });
    const response = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: TEST_MODEL.fileName.replace(/\.gguf$/, ''), temperature: 0, max_tokens: 12, messages: [{ role: 'user', content: ' park' }] }),
    });
    const body = (await response.json()) as { choices: { message: { content: string } }[]; usage: { prompt_tokens: number } };
    expect(response.status).toBe(200);
    expect(body.choices[0]?.message.content).toBe(expected.message.content);
    expect(body.usage.prompt_tokens).toBe(measured.promptTokens);

    // Back to the global (raw) template: " park" alone again.
    await call(c, 'models.setDefaults', { path, defaults: {} });
    const plain = await reply(c, ' park');
    expect(plain.message.content).toBe(alone.message.content);
    expect(plain.stats?.promptTokens).toBeLessThan(measured.promptTokens);
  });

  it('refuses a broken template before it reaches the engine, and keeps the settings as they were', async () => {
    const { c, modelsDir } = start();
    const path = await storiesChat(c, modelsDir);
    await reply(c, 'Once upon a time');
    const pid = c.inference.pid;
    await expect(call(c, 'models.setDefaults', { path, defaults: { chatTemplate: { jinja: '{% for m in messages %}{{ m.content }' } } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      params: { reason: 'templateSyntax' },
    });
    await expect(call(c, 'models.setDefaults', { path, defaults: { chatTemplate: { jinja: 'Hello' } } })).rejects.toMatchObject({
      params: { reason: 'templateNoMessages' },
    });
    expect((await call(c, 'settings.get', {})).modelDefaults[path]).toBeUndefined();
    expect(c.inference.loadedModel?.result.chatWrapper).toBe('Raw');
    expect(c.inference.pid).toBe(pid);

    // The preview says the same, and renders a good template with the model's own special tokens.
    await expect(
      call(c, 'models.previewTemplate', { path, template: 'Hello', sample: { system: 's', user: 'u', reply: 'r', followUp: 'f' } }),
    ).rejects.toMatchObject({ params: { reason: 'templateNoMessages' } });
    const preview = await call(c, 'models.previewTemplate', { path, template: STORY_TEMPLATE, sample: { system: 's', user: ' u1', reply: 'r', followUp: ' u2' } });
    expect(preview.prompt).toBe('<s>sTom and Sue went to the u1rTom and Sue went to the u2');
    expect(await call(c, 'models.settingsInfo', { path })).toMatchObject({ trainedContextSize: 2048, ownTemplate: null, autoBatchSize: 512 });
  });

  it('context and batch size reach the loaded context and the meter; a context beyond the trained one is refused', async () => {
    const { c, modelsDir } = start();
    const path = await storiesChat(c, modelsDir);
    await reply(c, 'Once upon a time');
    expect((await call(c, 'worker.status', {})).loaded).toMatchObject({ contextSize: 512, batchSize: 512 });

    await call(c, 'models.setDefaults', { path, defaults: { contextSize: 768, batchSize: 64 } });
    expect((await call(c, 'worker.status', {})).loaded).toMatchObject({ contextSize: 768, batchSize: 64 });
    expect(await call(c, 'chat.measure', { chatId: null, draft: 'Once upon a time' })).toMatchObject({ exact: true, contextSize: 768 });
    expect((await reply(c, 'Once upon a time')).stats?.contextSize).toBe(768);

    await expect(call(c, 'models.setDefaults', { path, defaults: { contextSize: 4096 } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      params: { reason: 'contextAboveTrained', contextSize: 4096, trained: 2048 },
    });
    expect((await call(c, 'settings.get', {})).modelDefaults[path]).toEqual({ contextSize: 768, batchSize: 64 });
  });

  it('never reloads the model under a reply being written: BUSY with the reason, and nothing changes', async () => {
    const { c, modelsDir } = start();
    const path = join(modelsDir, 'endless.gguf');
    await writeScriptedModel(path, { reply: [' la', ' la la'], endless: true });
    await call(c, 'models.list', { rescan: true });
    await call(c, 'models.select', { path });
    await call(c, 'settings.update', { contextSize: 2048, threads: 1, sampling: { temperature: 0, maxTokens: 100_000 } });
    const chat = await call(c, 'chats.create', {});
    const sent = await call(c, 'chat.send', { chatId: chat.id, content: 'Sing' });
    const done = nextDone(c, sent.requestId);
    await new Promise<void>((resolve) => {
      const off = c.events.subscribe((e) => {
        if (e.name === 'chat.delta' && e.payload.requestId === sent.requestId) {
          off();
          resolve();
        }
      });
    });

    await expect(call(c, 'models.setDefaults', { path, defaults: { contextSize: 1024 } })).rejects.toMatchObject({
      code: 'BUSY',
      params: { reason: 'modelSettings' },
    });
    expect((await call(c, 'settings.get', {})).modelDefaults[path]).toBeUndefined();
    // What does not need the model loaded again is saved at once.
    await call(c, 'models.setDefaults', { path, defaults: { systemPrompt: 'Sing along.' } });
    expect(c.inference.loadedModel?.params.contextSize).toBe(2048);

    await call(c, 'chat.stop', { requestId: sent.requestId });
    expect((await done).message.status).toBe('stopped');
    await call(c, 'models.setDefaults', { path, defaults: { contextSize: 1024, systemPrompt: 'Sing along.' } });
    expect((await call(c, 'worker.status', {})).loaded?.contextSize).toBe(1024);
  });
});
