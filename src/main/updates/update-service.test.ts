import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../shared/domain';
import { releaseJson, startReleaseFeed, type ReleaseFeedServer } from '../../test-support/release-feed-server';
import { CANDIL_REPOSITORY, latestReleaseUrl } from './release-feed';
import { UpdateService } from './update-service';

let feed: ReleaseFeedServer;

beforeAll(async () => {
  feed = await startReleaseFeed();
});

afterAll(async () => {
  await feed.close();
});

function service(enabled = true, timeoutMs = 2_000) {
  const changes: UpdateStatus[] = [];
  const updates = new UpdateService({ http: fetch, url: feed.url, currentVersion: '0.2.0', enabled: () => enabled, onChange: (s) => changes.push(s), timeoutMs });
  return { updates, changes };
}

const refusal = (reason: string) => expect.objectContaining({ code: 'NETWORK', params: expect.objectContaining({ reason }) });

describe('update check against a GitHub-like releases API', () => {
  it('a newer release is available, with its page; the request says who asks and what it wants', async () => {
    feed.answer({ status: 200, body: releaseJson('v0.3.0') });
    const { updates, changes } = service();
    const status = await updates.check();
    expect(status).toEqual({ current: '0.2.0', available: { version: '0.3.0', url: 'https://github.com/candil-app/candil/releases/tag/v0.3.0' }, checkedAt: expect.any(Number) });
    expect(changes).toEqual([status]);
    expect(updates.status()).toEqual(status);
    expect(feed.requests().at(-1)).toMatchObject({ accept: 'application/vnd.github+json', 'user-agent': 'Candil' });
  });

  it.each(['v0.2.0', '0.1.9', 'v0.2.0-rc.1'])('the same or an older release (%s) offers nothing', async (tag) => {
    feed.answer({ status: 200, body: releaseJson(tag) });
    const { updates } = service();
    expect(await updates.check()).toEqual({ current: '0.2.0', available: null, checkedAt: expect.any(Number) });
  });

  it.each([
    ['not JSON', '<html>rate limited</html>'],
    ['JSON without a tag', '{"message":"ok"}'],
    ['a tag that is not a version', releaseJson('nightly')],
    ['a release page that is not https', releaseJson('v9.0.0', 'javascript:alert(1)')],
  ])('a malformed answer (%s) fails quietly at start and with a reason on Check now', async (_label, body) => {
    feed.answer({ status: 200, body });
    const { updates, changes } = service();
    await expect(updates.check()).rejects.toEqual(refusal('updateMalformed'));
    expect(changes).toEqual([]);
    expect(updates.status().available).toBeNull();
  });

  it('a 404 (no release yet, or the repository moved) fails with its status', async () => {
    feed.answer({ status: 404, body: '{"message":"Not Found"}' });
    await expect(service().updates.check()).rejects.toEqual(expect.objectContaining({ code: 'NETWORK', params: { reason: 'updateStatus', status: 404 } }));
  });

  it('a server that does not answer in time fails as a timeout, within the time limit', async () => {
    feed.answer({ status: 200, body: releaseJson('v9.0.0'), delayMs: 5_000 });
    const started = Date.now();
    await expect(service(true, 300).updates.check()).rejects.toEqual(refusal('updateTimeout'));
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('an unreachable server fails as such', async () => {
    const updates = new UpdateService({ http: fetch, url: 'http://127.0.0.1:9/releases/latest', currentVersion: '0.2.0', enabled: () => true, onChange: () => undefined });
    await expect(updates.check()).rejects.toEqual(refusal('updateUnreachable'));
  });

  it('the check at start logs a failure instead of throwing, and asks once per run', async () => {
    feed.answer({ status: 500, body: 'oops' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { updates } = service();
      const before = feed.requests().length;
      await updates.checkOncePerStart();
      await updates.checkOncePerStart();
      expect(feed.requests().length - before).toBe(1);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('update check failed: GitHub answered HTTP 500'));
    } finally {
      warn.mockRestore();
    }
  });

  it('while the setting is off, nothing is asked: not at start, not on Check now', async () => {
    const before = feed.requests().length;
    const { updates } = service(false);
    await updates.checkOncePerStart();
    await expect(updates.check()).rejects.toEqual(expect.objectContaining({ code: 'BAD_REQUEST', params: { reason: 'updatesOff' } }));
    expect(feed.requests().length).toBe(before);
  });
});

describe('latest-release address', () => {
  it.each(['https://github.com/candil-app/candil', 'git+https://github.com/candil-app/candil.git', 'github:candil-app/candil', 'candil-app/candil'])('from %s', (repository) => {
    expect(latestReleaseUrl(repository)).toBe('https://api.github.com/repos/candil-app/candil/releases/latest');
  });

  it('Candil’s own is the repository package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as { repository: { url: string } };
    expect(latestReleaseUrl(CANDIL_REPOSITORY)).toBe(latestReleaseUrl(pkg.repository.url));
  });

  it('refuses a repository elsewhere', () => {
    expect(() => latestReleaseUrl('https://gitlab.com/a/b')).toThrow(/not a GitHub repository/);
  });
});
