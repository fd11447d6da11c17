import { spawn } from 'node:child_process';
import dns from 'node:dns';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallOutput } from '../shared/ipc-contract';
import type { CallName } from '../shared/ipc-names';
import { createCore, type CandilCore } from './core';
import { DownloadManager } from './downloads';
import { forkWorkerLauncher } from './inference/worker-port';
import { HfClient } from './models/hf-client';
import { RemoteServers } from './remote/remote-servers';
import { offLoopback, startNetworkProbe } from '../test-support/network-probe';
import { builtWorkerEntry, resolveTestModel, TEST_MODEL } from '../test-support/test-model';
import { nextDone } from '../test-support/core-calls';

let modelPath: string;
let dir: string;

beforeAll(async () => {
  // Before the probe: on a machine without the model this one fetch is the test's, not Candil's.
  modelPath = await resolveTestModel();
  dir = mkdtempSync(join(tmpdir(), 'candil-privacy-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function call<K extends CallName>(c: CandilCore, name: K, input: unknown): Promise<CallOutput<K>> {
  const result = await c.dispatch(name, input);
  if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.message}`), result.error);
  return result.value as CallOutput<K>;
}

/** A child Node process under the same probe, trying to reach an address off this computer. */
function childThatDialsOut(): Promise<number> {
  const script = "require('node:net').connect(80, '10.255.255.1').on('error', () => process.exit(0));";
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => resolve(child.pid ?? -1));
  });
}

describe('privacy: a whole offline session', () => {
  it('opens no connection and looks up no name outside this computer, in main or in the engine', async () => {
    const probe = startNetworkProbe(join(dir, 'child-connections.jsonl'));
    const spies = [
      vi.spyOn(HfClient.prototype, 'searchGgufRepos'),
      vi.spyOn(HfClient.prototype, 'listGgufFiles'),
      vi.spyOn(RemoteServers.prototype, 'models'),
      vi.spyOn(RemoteServers.prototype, 'chat'),
      vi.spyOn(DownloadManager.prototype, 'enqueue'),
      vi.spyOn(DownloadManager.prototype, 'resume'),
    ];
    let core: CandilCore | null = null;
    try {
      // The control: each way out is seen, so the zero below cannot come from a blind probe.
      await expect(fetch('http://10.255.255.1/', { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
      await expect(fetch('https://example.invalid/', { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
      await new Promise<void>((resolve) => netConnect(443, '192.0.2.1').once('error', () => resolve()));
      await new Promise<void>((resolve) => tlsConnect(443, 'example.invalid').once('error', () => resolve()));
      await new Promise<void>((resolve) => dns.lookup('example.invalid', () => resolve()));
      await expect(dns.promises.lookup('example.invalid')).rejects.toThrow();
      const controlPid = await childThatDialsOut();
      const seen = offLoopback(probe.main()).map((a) => `${a.kind} ${a.host}`);
      expect(seen).toEqual(
        expect.arrayContaining(['tcp 10.255.255.1', 'tcp example.invalid', 'tcp 192.0.2.1', 'dns example.invalid']),
      );
      expect(seen.filter((s) => s === 'dns example.invalid')).toHaveLength(2);
      expect(offLoopback(probe.children())).toEqual([expect.objectContaining({ pid: controlPid, host: '10.255.255.1' })]);
      const controlMain = probe.main().length;

      const modelsDir = join(dir, 'models');
      core = createCore({ dataDir: dir, host: 'browser', version: 'test', launchWorker: forkWorkerLauncher(builtWorkerEntry()), modelsDir });
      const c = core;
      copyFileSync(modelPath, join(modelsDir, TEST_MODEL.fileName));
      expect(await call(c, 'models.list', { rescan: true })).toHaveLength(1);
      await call(c, 'models.select', { path: join(modelsDir, TEST_MODEL.fileName) });
      await call(c, 'settings.update', { contextSize: 512, chatTemplate: 'raw', threads: 1, sampling: { temperature: 0, repeatPenalty: 1, maxTokens: 16 } });
      const chat = await call(c, 'chats.create', {});
      const sent = await call(c, 'chat.send', { chatId: chat.id, content: 'Once upon a time' });
      const done = await nextDone(c, sent.requestId);
      expect(done.message.status).toBe('done');
      expect(await call(c, 'chats.list', { query: 'upon' })).toEqual([expect.objectContaining({ id: chat.id })]);
      await call(c, 'settings.update', { language: 'es', kvCacheBudgetMB: 64, sampling: { temperature: 0.7 } });
      // What the Models screen asks for when it opens.
      expect((await call(c, 'catalog.list', {})).length).toBeGreaterThan(0);
      // What the Get started panel asks for at a first start.
      await call(c, 'catalog.recommend', {});
      await call(c, 'models.gpt4all', {});
      await call(c, 'models.list', {});
      expect(await call(c, 'downloads.list', {})).toEqual([]);
      expect(await call(c, 'remote.list', {})).toEqual([]);
      await call(c, 'kvCache.info', {});
      const worker = await call(c, 'worker.status', {});
      expect(worker.modelPath).toBe(join(modelsDir, TEST_MODEL.fileName));
      await call(c, 'app.info', {});
      // Update checks are off by default: none ran at start, and Check now is refused, not sent.
      expect((await call(c, 'settings.get', {})).checkForUpdates).toBe(false);
      expect((await call(c, 'updates.status', {})).checkedAt).toBeNull();
      expect(await c.dispatch('updates.check', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect((await call(c, 'api.status', {})).running).toBe(false);
      await call(c, 'chats.get', { chatId: chat.id });
      const workerPid = c.inference.pid;
      await c.close();
      core = null;

      expect(offLoopback(probe.main().slice(controlMain))).toEqual([]);
      const children = probe.children();
      // The probe ran inside the engine that answered: a zero from a probe-less worker proves nothing.
      expect(children).toContainEqual(expect.objectContaining({ pid: workerPid, kind: 'loaded' }));
      expect(offLoopback(children).filter((a) => a.pid !== controlPid)).toEqual([]);
      for (const spy of spies) expect(spy, spy.getMockName()).not.toHaveBeenCalled();
    } finally {
      await core?.close();
      probe.stop();
      for (const spy of spies) spy.mockRestore();
    }
  });
});
