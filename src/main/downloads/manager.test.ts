import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cdnRanges, createHarness, fileSha256, listDir, writeRandomFile, type Harness } from '../../test-support/download-harness';

const storiesPath = '/work/shared/models/stories260K.gguf';
const storiesSha = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d';
const storiesSize = 1_185_376;

let h: Harness;
let blobs: Array<{ path: string; sha256: string }>;

beforeEach(async () => {
  h = await createHarness([{ id: 'ggml-org/models', files: [{ path: 'tinyllamas/stories260K.gguf', source: storiesPath, sha256: storiesSha }] }]);
  blobs = [0, 1, 2].map((i) => writeRandomFile(h.dir, `b${i}.bin`, 600_000));
  await h.host.addRepo({ id: 'acme/three', files: blobs.map((b, i) => ({ path: `m${i}.gguf`, source: b.path })) });
});
afterEach(() => h.cleanup());

describe('DownloadManager basics', () => {
  it('downloads a real GGUF, verifies it against X-Linked-Etag and renames it into place', async () => {
    const manager = h.manager();
    await manager.start();
    const info = await manager.enqueue({ url: h.host.fileUrl('ggml-org/models', 'tinyllamas/stories260K.gguf'), fileName: 'stories260K.gguf' });
    expect(info).toMatchObject({ state: 'downloading', sha256: null, targetPath: join(h.modelsDir, 'stories260K.gguf') });

    const done = await h.events.settled(info.id);
    expect(done).toMatchObject({ state: 'completed', receivedBytes: storiesSize, totalBytes: storiesSize, sha256: storiesSha, error: null });
    expect(fileSha256(done.targetPath)).toBe(storiesSha);
    expect(listDir(h.modelsDir)).toEqual(['stories260K.gguf']);
    const states = h.events.of(info.id).map((e) => e.state).filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(['queued', 'downloading', 'verifying', 'completed']);
    // The hub was asked with HEAD (no redirect followed), then the CDN served the body from byte 0.
    expect(h.host.requests.map((r) => [r.method, r.status])).toEqual([
      ['HEAD', 302],
      ['GET', 200],
    ]);
    expect(manager.list()).toEqual([expect.objectContaining({ id: info.id, state: 'completed' })]);
  });

  it('runs at most `concurrency` downloads at once and starts the next when one finishes', async () => {
    h.host.setFault((t) => t.filePath.startsWith('m'), { type: 'throttle', bytesPerSecond: 3_000_000 });
    const manager = h.manager({ concurrency: 2 });
    await manager.start();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await manager.enqueue({ url: h.host.fileUrl('acme/three', `m${i}.gguf`), fileName: `m${i}.gguf` })).id);
    const results = await Promise.all(ids.map((id) => h.events.settled(id)));
    expect(results.map((r) => r.state)).toEqual(['completed', 'completed', 'completed']);
    // Replay the events in order to see how many were downloading at any moment.
    let maxRunning = 0;
    const running = new Set<string>();
    for (const e of h.events.all) {
      if (e.state === 'downloading') running.add(e.id);
      else running.delete(e.id);
      maxRunning = Math.max(maxRunning, running.size);
    }
    expect(maxRunning).toBe(2);
    // The third waited in the queue until a slot freed up.
    const third = h.events.of(ids[2] ?? '');
    const firstDone = h.events.all.findIndex((e) => e.state === 'completed');
    expect(h.events.all.indexOf(third.find((e) => e.state === 'downloading') ?? third[0]!)).toBeGreaterThan(firstDone);
    blobs.forEach((b, i) => expect(fileSha256(join(h.modelsDir, `m${i}.gguf`))).toBe(b.sha256));
  });

  it('reports progress with speed and ETA, throttled to a few events per second', async () => {
    h.host.setFault('m0.gguf', { type: 'throttle', bytesPerSecond: 500_000 });
    const manager = h.manager();
    await manager.start();
    const { id } = await manager.enqueue({ url: h.host.fileUrl('acme/three', 'm0.gguf'), fileName: 'm0.gguf' });
    const started = Date.now();
    await h.events.settled(id);
    const elapsed = (Date.now() - started) / 1000;
    const progress = h.events.of(id).filter((e) => e.state === 'downloading' && e.receivedBytes > 0);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed * 4) + 2);
    const late = progress.filter((e) => e.bytesPerSecond > 0);
    expect(late.length).toBeGreaterThan(0);
    for (const e of late) {
      expect(e.bytesPerSecond).toBeGreaterThan(250_000);
      expect(e.bytesPerSecond).toBeLessThan(1_000_000);
      expect(e.etaSeconds).not.toBeNull();
      expect(e.totalBytes).toBe(600_000);
    }
    expect(progress.map((e) => e.receivedBytes)).toEqual([...progress.map((e) => e.receivedBytes)].sort((a, b) => a - b));
  });

  it('pauses and resumes with a Range request from the bytes already on disk', async () => {
    h.host.setFault('m1.gguf', { type: 'throttle', bytesPerSecond: 1_000_000 });
    const manager = h.manager();
    await manager.start();
    const { id } = await manager.enqueue({ url: h.host.fileUrl('acme/three', 'm1.gguf'), fileName: 'm1.gguf' });
    await h.events.waitFor((e) => e.id === id && e.receivedBytes >= 100_000);
    const paused = await manager.pause(id);
    expect(paused).toMatchObject({ state: 'paused', pausedReason: 'user', bytesPerSecond: 0 });
    const partBytes = paused.receivedBytes;
    expect(existsSync(`${paused.targetPath}.part`)).toBe(true);
    h.host.clearFaults();
    const mark = h.events.all.length;
    await manager.resume(id);
    const done = await h.events.settled(id, mark);
    expect(done.state).toBe('completed');
    expect(cdnRanges(h.host)).toEqual([null, `bytes=${partBytes}-`]);
    expect(fileSha256(done.targetPath)).toBe(blobs[1]?.sha256);
  });

  it('cancels: stops the transfer and deletes the .part, leaving no model file', async () => {
    h.host.setFault('m2.gguf', { type: 'throttle', bytesPerSecond: 500_000 });
    const manager = h.manager();
    await manager.start();
    const { id, targetPath } = await manager.enqueue({ url: h.host.fileUrl('acme/three', 'm2.gguf'), fileName: 'm2.gguf' });
    await h.events.waitFor((e) => e.id === id && e.receivedBytes > 0);
    const cancelled = await manager.cancel(id);
    expect(cancelled).toMatchObject({ state: 'cancelled', receivedBytes: 0 });
    expect(existsSync(`${targetPath}.part`)).toBe(false);
    expect(listDir(h.modelsDir)).toEqual([]);
    await manager.remove(id);
    expect(manager.list()).toEqual([]);
  });

  it('validates requests and deduplicates a repeated enqueue', async () => {
    const manager = h.manager();
    const url = h.host.fileUrl('acme/three', 'm0.gguf');
    await expect(manager.enqueue({ url, fileName: '../evil.gguf' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(manager.enqueue({ url: 'ftp://x/y', fileName: 'y.gguf' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(manager.enqueue({ url, fileName: 'a.gguf', sha256: 'abc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const first = await manager.enqueue({ url, fileName: 'm0.gguf' });
    const again = await manager.enqueue({ url, fileName: 'm0.gguf' });
    expect(again.id).toBe(first.id);
    await expect(manager.enqueue({ url: h.host.fileUrl('acme/three', 'm1.gguf'), fileName: 'm0.gguf' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // Not started yet: nothing touched the network.
    expect(h.host.requests).toEqual([]);
    writeFileSync(join(h.modelsDir, 'present.gguf'), 'x');
    await expect(manager.enqueue({ url, fileName: 'present.gguf' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
