import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { createHarness, type Harness } from '../../test-support/download-harness';
import { buildGguf, tinyLlamaFixture } from '../../test-support/gguf-fixtures';
import type { LoggedRequest } from '../../test-support/fake-hf-host';
import { fileSecretStore } from '../settings/secret-store';
import { SettingsStore } from '../settings/settings-store';
import { HubService } from './hub-service';

const tiny = buildGguf(tinyLlamaFixture()).bytes;
const savedEndpoint = process.env.CANDIL_HF_ENDPOINT;

let h: Harness;
let dir: string;
let db: Database;

beforeEach(async () => {
  delete process.env.CANDIL_HF_ENDPOINT;
  h = await createHarness([{ id: 'acme/tiny-GGUF', files: [{ path: 'tiny.gguf', source: tiny }] }]);
  dir = mkdtempSync(join(tmpdir(), 'candil-token-'));
  db = openDatabase(join(dir, 'settings.db'));
});
afterEach(async () => {
  if (savedEndpoint === undefined) delete process.env.CANDIL_HF_ENDPOINT;
  else process.env.CANDIL_HF_ENDPOINT = savedEndpoint;
  db.close();
  await h.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** A HubService whose Hub is the fake host under `endpoint`, with the token `hf_test` saved. */
function hubAt(endpoint: string): HubService {
  const settings = new SettingsStore(db, { modelsDir: h.modelsDir, hfEndpoint: endpoint });
  const token = fileSecretStore(join(dir, 'hf-token'));
  token.set('hf_test');
  return new HubService(settings, token);
}

/** Same server, reached by another name: `http://0.0.0.0:PORT` goes to this machine but is no loopback name. */
function addressed(host: string): string {
  return h.host.url.replace('127.0.0.1', host);
}

/** Downloads, lists files and checks a model through every path that adds the token. */
async function useEverything(hub: HubService, endpoint: string): Promise<LoggedRequest[]> {
  h.host.requests.length = 0;
  const fileUrl = `${endpoint}/acme/tiny-GGUF/resolve/main/tiny.gguf`;
  const manager = h.manager({ authHeader: (url) => hub.authHeader(url) });
  await manager.start();
  const { id } = await manager.enqueue({ url: fileUrl, fileName: `tiny-${h.events.all.length}.gguf` });
  expect((await h.events.settled(id)).state).toBe('completed');
  expect(await hub.listFiles('acme/tiny-GGUF')).toHaveLength(1);
  await hub.check({ source: fileUrl });
  return [...h.host.requests];
}

describe('the Hugging Face token', () => {
  it('is never sent over plain http to a host that is not loopback, wherever it is added', async () => {
    const endpoint = addressed('0.0.0.0');
    const requests = await useEverything(hubAt(endpoint), endpoint);
    expect(requests.some((r) => r.url.startsWith('/api/models/'))).toBe(true);
    expect(requests.some((r) => r.url.includes('/resolve/'))).toBe(true);
    expect(requests.filter((r) => r.authorization !== null)).toEqual([]);
  });

  it('is refused by the downloader itself over plain http to a host that is not loopback, whatever the caller passes', async () => {
    h.host.requests.length = 0;
    const manager = h.manager({ authHeader: () => 'Bearer hf_test' });
    await manager.start();
    const { id } = await manager.enqueue({ url: `${addressed('0.0.0.0')}/acme/tiny-GGUF/resolve/main/tiny.gguf`, fileName: 'tiny.gguf' });
    expect((await h.events.settled(id)).state).toBe('completed');
    expect(h.host.requests.length).toBeGreaterThan(0);
    expect(h.host.requests.filter((r) => r.authorization !== null)).toEqual([]);
  });

  it.each(['127.0.0.1', 'localhost'])('still goes to a Hub on this computer over plain http (%s)', async (host) => {
    const endpoint = addressed(host);
    const requests = await useEverything(hubAt(endpoint), endpoint);
    // The fake CDN shares the Hub's origin, so it gets the token too.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.authorization !== 'Bearer hf_test')).toEqual([]);
  });
});
