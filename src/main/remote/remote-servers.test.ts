import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput, EventPayload } from '../../shared/ipc-contract';
import type { CallName } from '../../shared/ipc-names';
import { createCore, type CandilCore } from '../core';
import { forkWorkerLauncher } from '../inference/worker-port';
import { writeScriptedModel } from '../../test-support/scripted-model';
import { builtWorkerEntry } from '../../test-support/test-model';

// Chats sent to a remote OpenAI-compatible server. The remote peer is real: a second Candil
// serving its local API on another loopback port, with its own engine and (scripted) models.

let dirs: string[] = [];
let local: CandilCore;
let remote: CandilCore;
let remotePort: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function call<K extends CallName>(core: CandilCore, name: K, input: unknown): Promise<CallOutput<K>> {
  const result = await core.dispatch(name, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as CallOutput<K>;
}

function done(core: CandilCore, requestId: string): Promise<EventPayload<'chat.done'>> {
  return new Promise((resolve) => {
    const off = core.events.subscribe((e) => {
      if (e.name === 'chat.done' && e.payload.requestId === requestId) {
        off();
        resolve(e.payload);
      }
    });
  });
}

function start(extra: { maxWaitingReplies?: number } = {}): CandilCore {
  const dir = mkdtempSync(join(tmpdir(), 'candil-remote-'));
  dirs.push(dir);
  return createCore({ dataDir: dir, host: 'browser', version: 'test', launchWorker: forkWorkerLauncher(builtWorkerEntry()), modelsDir: join(dir, 'models'), ...extra });
}

beforeAll(async () => {
  remote = start({ maxWaitingReplies: 1 });
  const remoteModels = join(dirs[0]!, 'models');
  await writeScriptedModel(join(remoteModels, 'candil-hola.gguf'), { reply: ['Hola', ',', ' soy', ' Candil', '.'] });
  await writeScriptedModel(join(remoteModels, 'candil-loop.gguf'), { reply: [' la', ' le', ' li'], endless: true });
  await call(remote, 'models.list', { rescan: true });
  remotePort = await freePort();
  await call(remote, 'settings.update', { apiEnabled: true, apiPort: remotePort, parallelReplies: 1 });
  await call(remote, 'api.setKey', { key: 'sk-remote-secret' });
  local = start();
}, 60_000);

afterAll(async () => {
  await local?.close();
  await remote?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe('remote OpenAI-compatible servers', () => {
  it('adds a server, lists its models, and keeps its key out of the settings and the window', async () => {
    const server = await call(local, 'remote.save', {
      name: 'Otro Candil',
      kind: 'custom',
      baseUrl: `http://127.0.0.1:${remotePort}/v1/`,
      apiVersion: null,
      models: [],
      key: 'sk-remote-secret',
    });
    expect(server).toMatchObject({ name: 'Otro Candil', baseUrl: `http://127.0.0.1:${remotePort}/v1`, hasKey: true });
    expect(JSON.stringify(await call(local, 'remote.list', {}))).not.toContain('sk-remote-secret');
    expect(JSON.stringify(await call(local, 'settings.get', {}))).not.toContain('sk-remote-secret');
    const db = readFileSync(join(dirs[1]!, 'candil.db'));
    expect(db.includes('sk-remote-secret')).toBe(false);
    const models = await call(local, 'remote.models', { id: server.id });
    expect(models.map((m) => m.id).sort()).toEqual(['candil-hola', 'candil-loop']);
    expect(models[0]).toMatchObject({ serverId: server.id, serverName: 'Otro Candil', ref: `remote:${server.id}:${models[0]!.id}` });
  });

  it('chats through the server with streaming, records which server and model answered, and stops', async () => {
    const [server] = await call(local, 'remote.list', {});
    const ref = `remote:${server!.id}:candil-hola`;
    await call(local, 'models.select', { path: ref });
    const chat = await call(local, 'chats.create', {});
    const deltas: string[] = [];
    const off = local.events.subscribe((e) => {
      if (e.name === 'chat.delta') deltas.push(e.payload.text);
    });
    const sent = await call(local, 'chat.send', { chatId: chat.id, content: '¿Quién eres?' });
    const answer = await done(local, sent.requestId);
    off();
    expect(answer.message).toMatchObject({ status: 'done', content: 'Hola, soy Candil.', modelPath: ref, completionTokens: 5 });
    expect(deltas.join('')).toBe('Hola, soy Candil.');
    // This computer's engine never loaded anything.
    expect(local.inference.loadedModel).toBeNull();

    await call(local, 'models.select', { path: `remote:${server!.id}:candil-loop` });
    const endless = await call(local, 'chat.send', { chatId: chat.id, content: 'Canta' });
    const stopped = done(local, endless.requestId);
    await new Promise<void>((resolve) => {
      const stop = local.events.subscribe((e) => {
        if (e.name === 'chat.delta' && e.payload.requestId === endless.requestId) {
          stop();
          resolve();
        }
      });
    });
    await call(local, 'chat.stop', { requestId: endless.requestId });
    const end = await stopped;
    expect(end.message.status).toBe('stopped');
    expect(end.message.content).toMatch(/^( l[aei])+/);
  });

  it('explains a wrong key, a busy server and an unreachable one', async () => {
    const [listed] = await call(local, 'remote.list', {});
    const { hasKey: _hasKey, ...server } = listed!;
    const chat = await call(local, 'chats.create', {});
    const ask = async () => (await done(local, (await call(local, 'chat.send', { chatId: chat.id, content: 'x' })).requestId)).message;

    await call(local, 'remote.save', { ...server, key: 'sk-wrong' });
    await call(local, 'models.select', { path: `remote:${server.id}:candil-hola` });
    expect(await ask()).toMatchObject({ status: 'error', error: { code: 'AUTH_REQUIRED', message: expect.stringContaining('Otro Candil refused the request (401)') } });
    await expect(call(local, 'remote.models', { id: server.id })).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    await call(local, 'remote.save', { ...server, key: 'sk-remote-secret' });

    // The remote engine writes one reply at a time and lets one wait: a third is refused (429).
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${remotePort}/v1`, apiKey: 'sk-remote-secret', maxRetries: 0 });
    const busy = new AbortController();
    const running = await client.completions.create({ model: 'candil-loop', prompt: 'x', stream: true }, { signal: busy.signal });
    await running[Symbol.asyncIterator]().next();
    const waiting = client.completions.create({ model: 'candil-hola', prompt: 'x' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const limited = await ask();
    expect(limited).toMatchObject({ status: 'error', error: { code: 'RATE_LIMITED', params: { server: 'Otro Candil', seconds: 5 } } });
    busy.abort();
    await waiting;

    await call(local, 'remote.save', { ...server, baseUrl: `http://127.0.0.1:${await freePort()}/v1` });
    expect(await ask()).toMatchObject({ status: 'error', error: { code: 'NETWORK', message: expect.stringContaining('cannot be reached') } });
  });

  it('forgets a removed server, and the model chosen from it', async () => {
    const [server] = await call(local, 'remote.list', {});
    await call(local, 'models.select', { path: `remote:${server!.id}:candil-hola` });
    expect(await call(local, 'remote.delete', { id: server!.id })).toEqual({ deleted: true });
    expect(await call(local, 'remote.list', {})).toEqual([]);
    expect((await call(local, 'settings.get', {})).selectedModelPath).toBeNull();
    await expect(call(local, 'models.select', { path: `remote:${server!.id}:candil-hola` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
