import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../shared/ipc-contract';
import { createCore, type CandilCore } from './core';
import { forkWorkerLauncher } from './inference/worker-port';
import { releaseJson, startReleaseFeed, type ReleaseFeedServer } from '../test-support/release-feed-server';
import { builtWorkerEntry } from '../test-support/test-model';

let feed: ReleaseFeedServer;
let dir: string;

beforeAll(async () => {
  feed = await startReleaseFeed();
  dir = mkdtempSync(join(tmpdir(), 'candil-updates-'));
});

afterAll(async () => {
  await feed.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(): CandilCore {
  return createCore({ dataDir: dir, host: 'browser', version: '0.1.0', launchWorker: forkWorkerLauncher(builtWorkerEntry()), modelsDir: join(dir, 'models'), releasesUrl: feed.url });
}

function nextUpdate(core: CandilCore): Promise<EventPayload<'updates.changed'>> {
  return new Promise((resolve) => {
    const off = core.events.subscribe((e) => {
      if (e.name === 'updates.changed') {
        off();
        resolve(e.payload);
      }
    });
  });
}

describe('Candil core: the update check follows the setting', () => {
  it('asks nothing while off; once turned on, asks at the next start and tells the window', async () => {
    feed.answer({ status: 200, body: releaseJson('v0.2.0') });
    let core = open();
    try {
      expect(await core.dispatch('settings.get', {})).toMatchObject({ ok: true, value: { checkForUpdates: false } });
      expect(await core.dispatch('updates.check', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', params: { reason: 'updatesOff' } } });
      expect(await core.dispatch('updates.status', {})).toEqual({ ok: true, value: { current: '0.1.0', available: null, checkedAt: null } });
      expect(await core.dispatch('settings.update', { checkForUpdates: true })).toMatchObject({ ok: true, value: { checkForUpdates: true } });
      // Turning it on is not a check: that waits for the next start or Check now.
      expect(feed.requests()).toEqual([]);
    } finally {
      await core.close();
    }

    core = open();
    try {
      const seen = await nextUpdate(core);
      const available = { version: '0.2.0', url: 'https://github.com/candil-app/candil/releases/tag/v0.2.0' };
      expect(seen).toEqual({ current: '0.1.0', available, checkedAt: expect.any(Number) });
      expect(await core.dispatch('updates.status', {})).toEqual({ ok: true, value: seen });
      expect(feed.requests()).toHaveLength(1);
      // Check now asks again, and fails with its reason rather than quietly.
      feed.answer({ status: 404, body: '{"message":"Not Found"}' });
      expect(await core.dispatch('updates.check', {})).toMatchObject({ ok: false, error: { code: 'NETWORK', params: { reason: 'updateStatus', status: 404 } } });
      expect(feed.requests()).toHaveLength(2);
    } finally {
      await core.close();
    }
  });
});
