import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cdnRanges, createHarness, fileSha256, listDir, writeRandomFile, type Harness } from '../../test-support/download-harness';

let h: Harness;
let blob: { path: string; sha256: string };

beforeEach(async () => {
  h = await createHarness([]);
  blob = writeRandomFile(h.dir, 'blob.bin', 500_000);
  await h.host.addRepo({ id: 'acme/open-GGUF', files: [{ path: 'open.gguf', source: blob.path }] });
  await h.host.addRepo({ id: 'acme/gated-GGUF', files: [{ path: 'gated.gguf', source: blob.path }], gated: 'manual' });
});
afterEach(() => h.cleanup());

async function run(path: string, overrides: Parameters<Harness['manager']>[0] = {}, sha256?: string) {
  const manager = h.manager(overrides);
  await manager.start();
  const repo = path === 'gated.gguf' ? 'acme/gated-GGUF' : 'acme/open-GGUF';
  const info = await manager.enqueue({ url: h.host.fileUrl(repo, path), fileName: 'model.gguf', ...(sha256 ? { sha256 } : {}) });
  return { manager, info, done: await h.events.settled(info.id) };
}

describe('retries and failures', () => {
  it('retries 5xx answers with backoff, then completes', async () => {
    h.host.setFault('open.gguf', { type: 'status', status: 503, times: 2, stage: 'body' });
    const { info, done } = await run('open.gguf');
    expect(done.state).toBe('completed');
    expect(fileSha256(done.targetPath)).toBe(blob.sha256);
    const retrying = h.events.of(info.id).filter((e) => e.retryAttempt > 0);
    expect([...new Set(retrying.map((e) => e.retryAttempt))]).toEqual([1, 2]);
    expect(retrying[0]?.error?.message).toContain('HTTP 503');
    expect(retrying[0]?.nextRetryAt).toBeGreaterThan(0);
    expect(done.retryAttempt).toBe(0);
  });

  it('waits as long as Retry-After says (seconds), says so, and does not spend the retry budget on it', async () => {
    h.host.setFault('open.gguf', { type: 'status', status: 429, retryAfter: '1', times: 2, stage: 'body' });
    const { info, done } = await run('open.gguf', { maxRetries: 0 });
    expect(done.error).toBeNull();
    expect(done.state).toBe('completed');
    const waiting = h.events.of(info.id).filter((e) => e.retryWait === 'retry-after');
    expect(waiting.length).toBeGreaterThan(0);
    for (const e of waiting) expect((e.nextRetryAt ?? 0) - e.updatedAt).toBeGreaterThanOrEqual(900);
    expect(waiting[0]?.error?.message).toContain('HTTP 429');
    const bodies = h.host.requests.filter((r) => r.url.startsWith('/cdn/'));
    expect(bodies.map((r) => r.status)).toEqual([429, 429, 200]);
    // Each retry came when the server said, not after the 5 ms backoff.
    expect((bodies[1]?.at ?? 0) - (bodies[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect((bodies[2]?.at ?? 0) - (bodies[1]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(done.retryWait).toBeNull();
  });

  it('bounds a long Retry-After (HTTP-date form) by maxRetryAfterMs', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
    h.host.setFault('open.gguf', { type: 'status', status: 503, retryAfter: inAnHour, times: 1 });
    const { info, done } = await run('open.gguf', { maxRetryAfterMs: 300 });
    expect(done.state).toBe('completed');
    const waiting = h.events.of(info.id).find((e) => e.retryWait === 'retry-after');
    const wait = (waiting?.nextRetryAt ?? 0) - (waiting?.updatedAt ?? 0);
    expect(wait).toBeGreaterThanOrEqual(250);
    expect(wait).toBeLessThanOrEqual(300);
  });

  it('gives up on a server that keeps failing, with a clear message', async () => {
    h.host.setFault('open.gguf', { type: 'status', status: 500 });
    const { done } = await run('open.gguf', { maxRetries: 2 });
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('DOWNLOAD_FAILED');
    expect(done.error?.message).toMatch(/HTTP 500.*Gave up after 3 attempts/);
    expect(h.host.requests.filter((r) => r.method === 'HEAD')).toHaveLength(3);
  });

  it('gives up on connections that keep dropping without progress', async () => {
    h.host.setFault('open.gguf', { type: 'drop', atByte: 100_000 });
    const { done } = await run('open.gguf', { maxRetries: 3 });
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('NETWORK');
    expect(done.error?.message).toMatch(/connection .*lost.*Gave up after 4 attempts/);
    expect(cdnRanges(h.host)).toEqual([null, 'bytes=100000-', 'bytes=100000-', 'bytes=100000-']);
    // The partial file stays for a later retry, but no model file appears.
    expect(listDir(h.modelsDir)).toEqual(['model.gguf.part']);
  });

  it('fails at once with NOT_FOUND on 404', async () => {
    const { done } = await run('missing.gguf');
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('NOT_FOUND');
    expect(done.error?.message).toContain('HTTP 404');
    expect(h.host.requests).toHaveLength(1);
  });

  it('explains that a gated model needs a Hugging Face token, and uses one when given', async () => {
    const anonymous = await run('gated.gguf');
    expect(anonymous.done.state).toBe('failed');
    expect(anonymous.done.error?.code).toBe('AUTH_REQUIRED');
    expect(anonymous.done.error?.message).toMatch(/needs a Hugging Face token/);
    await anonymous.manager.remove(anonymous.info.id);

    const wrong = await run('gated.gguf', { authHeader: () => 'Bearer hf_wrong' });
    expect(wrong.done.error?.message).toMatch(/refused the access token/);
    await wrong.manager.remove(wrong.info.id);

    const ok = await run('gated.gguf', { authHeader: () => 'Bearer hf_test' });
    expect(ok.done.state).toBe('completed');
    expect(h.host.requests.filter((r) => r.url.includes('/resolve/')).at(-1)?.authorization).toBe('Bearer hf_test');
  });

  it('fails with CHECKSUM_MISMATCH on corrupted bytes and leaves nothing behind', async () => {
    h.host.setFault('open.gguf', { type: 'corrupt' });
    const { done } = await run('open.gguf');
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('CHECKSUM_MISMATCH');
    expect(done.error?.message).toContain(blob.sha256);
    expect(listDir(h.modelsDir)).toEqual([]);
  });

  it('refuses early when the hub advertises another SHA-256 than the pinned one', async () => {
    const { done } = await run('open.gguf', {}, 'a'.repeat(64));
    expect(done.error?.code).toBe('CHECKSUM_MISMATCH');
    expect(cdnRanges(h.host)).toEqual([]);
    expect(listDir(h.modelsDir)).toEqual([]);
  });

  it('retries a failed download from the bytes it kept', async () => {
    h.host.setFault('open.gguf', { type: 'drop', atByte: 200_000 });
    const { manager, info, done } = await run('open.gguf', { maxRetries: 0 });
    expect(done.state).toBe('failed');
    h.host.clearFaults();
    const mark = h.events.all.length;
    await manager.resume(info.id);
    const retried = await h.events.settled(info.id, mark);
    expect(retried.state).toBe('completed');
    expect(cdnRanges(h.host)).toEqual([null, 'bytes=200000-']);
    expect(fileSha256(retried.targetPath)).toBe(blob.sha256);
  });
});
