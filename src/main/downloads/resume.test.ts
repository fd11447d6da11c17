import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cdnRanges, createHarness, fileSha256, listDir, writeRandomFile, type Harness } from '../../test-support/download-harness';

let h: Harness;
let v1: { path: string; sha256: string };
let url: string;

beforeEach(async () => {
  h = await createHarness([]);
  v1 = writeRandomFile(h.dir, 'v1.bin', 1_000_000);
  await h.host.addRepo({ id: 'acme/model-GGUF', files: [{ path: 'model-Q4_K_M.gguf', source: v1.path }] });
  url = h.host.fileUrl('acme/model-GGUF', 'model-Q4_K_M.gguf');
});
afterEach(() => h.cleanup());

async function downloadToEnd(overrides: Parameters<Harness['manager']>[0] = {}): Promise<{ id: string; targetPath: string }> {
  const manager = h.manager(overrides);
  await manager.start();
  const info = await manager.enqueue({ url, fileName: 'model.gguf' });
  const done = await h.events.settled(info.id);
  expect(done.error).toBeNull();
  expect(done.state).toBe('completed');
  return info;
}

describe('resuming', () => {
  it('reconnects after a dropped connection and continues from the exact byte', async () => {
    h.host.setFault('model-Q4_K_M.gguf', { type: 'drop', atByte: 400_000, times: 1 });
    const { targetPath } = await downloadToEnd();
    expect(cdnRanges(h.host)).toEqual([null, 'bytes=400000-']);
    expect(fileSha256(targetPath)).toBe(v1.sha256);
  });

  it('treats a silent server as stalled, aborts and resumes with Range', async () => {
    h.host.setFault('model-Q4_K_M.gguf', { type: 'stall', atByte: 250_000, times: 1 });
    const started = Date.now();
    const { targetPath } = await downloadToEnd({ stallTimeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(cdnRanges(h.host)).toEqual([null, 'bytes=250000-']);
    expect(fileSha256(targetPath)).toBe(v1.sha256);
  });

  it('restarts cleanly from zero when the server ignores Range', async () => {
    h.host.setFault('model-Q4_K_M.gguf', { type: 'drop', atByte: 300_000, times: 1 });
    h.host.setFault('model-Q4_K_M.gguf', { type: 'ignore-range' });
    const { id, targetPath } = await downloadToEnd();
    const bodies = h.host.requests.filter((r) => r.url.startsWith('/cdn/'));
    expect(bodies.map((r) => [r.range, r.status])).toEqual([
      [null, 200],
      ['bytes=300000-', 200],
    ]);
    // Progress went back to the start instead of appending a second copy.
    const received = h.events.of(id).map((e) => e.receivedBytes);
    expect(received.some((b, i) => i > 0 && b < (received[i - 1] ?? 0))).toBe(true);
    expect(statSync(targetPath).size).toBe(1_000_000);
    expect(fileSha256(targetPath)).toBe(v1.sha256);
  });

  it('resumes in a new manager on the same database after close()', async () => {
    h.host.setFault('model-Q4_K_M.gguf', { type: 'throttle', bytesPerSecond: 1_000_000, times: 1 });
    const first = h.manager();
    await first.start();
    const { id, targetPath } = await first.enqueue({ url, fileName: 'model.gguf' });
    await h.events.waitFor((e) => e.id === id && e.receivedBytes >= 150_000);
    await first.close();
    const partBytes = statSync(`${targetPath}.part`).size;
    expect(partBytes).toBeGreaterThanOrEqual(150_000);
    expect(first.list()[0]?.state).toBe('downloading');

    const mark = h.events.all.length;
    const second = h.manager();
    expect(second.list()[0]).toMatchObject({ id, state: 'downloading' });
    await second.start();
    const done = await h.events.settled(id, mark);
    expect(done.state).toBe('completed');
    expect(cdnRanges(h.host)).toEqual([null, `bytes=${partBytes}-`]);
    expect(fileSha256(targetPath)).toBe(v1.sha256);
  });

  it('resumes after the process is killed mid-download (SIGKILL), re-hashing the .part once', async () => {
    h.host.setFault('model-Q4_K_M.gguf', { type: 'throttle', bytesPerSecond: 800_000, times: 1 });
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const child = spawn(process.execPath, ['--import', tsx, join(import.meta.dirname, '../../test-support/download-crash-child.ts'), h.dbPath, h.modelsDir, url, 'model.gguf'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    for await (const line of createInterface({ input: child.stdout })) {
      if ((JSON.parse(line) as { receivedBytes: number }).receivedBytes >= 200_000) break;
    }
    child.kill('SIGKILL');
    await exited;
    const partPath = join(h.modelsDir, 'model.gguf.part');
    const partBytes = statSync(partPath).size;
    expect(partBytes).toBeGreaterThan(0);
    expect(partBytes).toBeLessThan(1_000_000);

    const manager = h.manager();
    const [restored] = manager.list();
    expect(restored?.state).toBe('downloading');
    await manager.start();
    const done = await h.events.settled(restored?.id ?? '');
    expect(done.state).toBe('completed');
    expect(cdnRanges(h.host).at(-1)).toBe(`bytes=${partBytes}-`);
    expect(fileSha256(done.targetPath)).toBe(v1.sha256);
  });

  it('starts over when the remote file changed while paused (new X-Linked-Etag)', async () => {
    h.host.setFault('model-Q4_K_M.gguf', { type: 'throttle', bytesPerSecond: 1_000_000, times: 1 });
    const manager = h.manager();
    await manager.start();
    const { id, targetPath } = await manager.enqueue({ url, fileName: 'model.gguf' });
    await h.events.waitFor((e) => e.id === id && e.receivedBytes >= 100_000);
    await manager.pause(id);
    const v2 = writeRandomFile(h.dir, 'v2.bin', 700_000);
    await h.host.updateFile('acme/model-GGUF', { path: 'model-Q4_K_M.gguf', source: v2.path });
    const mark = h.events.all.length;
    await manager.resume(id);
    const done = await h.events.settled(id, mark);
    expect(done).toMatchObject({ state: 'completed', sha256: v2.sha256, totalBytes: 700_000 });
    expect(cdnRanges(h.host)).toEqual([null, null]);
    expect(fileSha256(targetPath)).toBe(v2.sha256);
  });

  it('re-probes when a file changes between the probe and the resume (If-Range answered 200), and verifies the new file by its own hash', async () => {
    h.host.setFault('model-Q4_K_M.gguf', { type: 'direct', hash: 'etag' });
    h.host.setFault('model-Q4_K_M.gguf', { type: 'drop', atByte: 300_000, times: 1 });
    const v2 = writeRandomFile(h.dir, 'v2.bin', 700_000);
    h.host.setFault('model-Q4_K_M.gguf', { type: 'update', source: v2.path, times: 1 });
    const { id, targetPath } = await downloadToEnd();
    expect(h.events.of(id).at(-1)).toMatchObject({ sha256: v2.sha256, totalBytes: 700_000, verification: 'sha256' });
    const bodies = h.host.requests.filter((r) => r.method === 'GET');
    expect(bodies.map((r) => [r.range, r.ifRange])).toEqual([
      [null, null],
      ['bytes=300000-', `"${v1.sha256}"`],
      [null, null],
    ]);
    expect(fileSha256(targetPath)).toBe(v2.sha256);
  });

  it('rejects a file that changed between the probe and the resume when it no longer matches the pinned SHA-256', async () => {
    h.host.setFault('model-Q4_K_M.gguf', { type: 'direct', hash: 'etag' });
    h.host.setFault('model-Q4_K_M.gguf', { type: 'drop', atByte: 300_000, times: 1 });
    const v2 = writeRandomFile(h.dir, 'v2.bin', 700_000);
    h.host.setFault('model-Q4_K_M.gguf', { type: 'update', source: v2.path, times: 1 });
    const manager = h.manager();
    await manager.start();
    const { id } = await manager.enqueue({ url, fileName: 'model.gguf', sha256: v1.sha256 });
    const done = await h.events.settled(id);
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('CHECKSUM_MISMATCH');
    expect(done.error?.message).toContain(`The file on the server (SHA-256 ${v2.sha256}) is not the one expected (${v1.sha256})`);
    // Refused on the new answer's hash, before its bytes were fetched in full.
    expect(h.host.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    expect(listDir(h.modelsDir)).toEqual([]);
  });

  it('fails with CHECKSUM_MISMATCH when the remote file no longer matches the pinned SHA-256', async () => {
    h.host.setFault('model-Q4_K_M.gguf', { type: 'throttle', bytesPerSecond: 1_000_000, times: 1 });
    const manager = h.manager();
    await manager.start();
    const { id, targetPath } = await manager.enqueue({ url, fileName: 'model.gguf', sha256: v1.sha256 });
    await h.events.waitFor((e) => e.id === id && e.receivedBytes >= 100_000);
    await manager.pause(id);
    const v2 = writeRandomFile(h.dir, 'v2.bin', 700_000);
    await h.host.updateFile('acme/model-GGUF', { path: 'model-Q4_K_M.gguf', source: v2.path });
    const mark = h.events.all.length;
    await manager.resume(id);
    const done = await h.events.settled(id, mark);
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('CHECKSUM_MISMATCH');
    expect(existsSync(`${targetPath}.part`)).toBe(false);
    expect(listDir(h.modelsDir)).toEqual([]);
  });
});
