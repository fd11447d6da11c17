import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cdnRanges, createHarness, fileSha256, listDir, writeRandomFile, type Harness } from '../../test-support/download-harness';

/** These tests need a real small volume; a tmpfs mount needs root (or CAP_SYS_ADMIN). */
function tryMountTmpfs(sizeBytes: number): { dir: string; unmount(): void } | string {
  const dir = mkdtempSync(join(tmpdir(), 'candil-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs (${(error as Error).message.split('\n')[0]})`;
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const probe = tryMountTmpfs(1024 * 1024);
const skipReason = typeof probe === 'string' ? probe : null;
if (typeof probe !== 'string') probe.unmount();
if (skipReason) console.warn(`skipping disk-space tests: ${skipReason}`);

const volumeBytes = 3 * 1024 * 1024;
let h: Harness | undefined;
let volume: { dir: string; unmount(): void } | undefined;

afterEach(async () => {
  await h?.cleanup();
  volume?.unmount();
  h = undefined;
  volume = undefined;
});

async function setUp(fileBytes: number): Promise<{ h: Harness; source: { path: string; sha256: string; bytes: Buffer }; modelsDir: string }> {
  const mounted = tryMountTmpfs(volumeBytes);
  if (typeof mounted === 'string') throw new Error(mounted);
  volume = mounted;
  h = await createHarness([], mounted.dir);
  const source = writeRandomFile(h.dir, 'big.bin', fileBytes);
  await h.host.addRepo({ id: 'acme/big-GGUF', files: [{ path: 'big.gguf', source: source.path }] });
  return { h, source, modelsDir: mounted.dir };
}

describe.skipIf(skipReason !== null)('disk space', () => {
  it('refuses to start when the volume is too small, naming the sizes', async () => {
    const { h, modelsDir } = await setUp(4_000_000);
    const manager = h.manager();
    await manager.start();
    const { id } = await manager.enqueue({ url: h.host.fileUrl('acme/big-GGUF', 'big.gguf'), fileName: 'big.gguf' });
    const done = await h.events.settled(id);
    expect(done).toMatchObject({ state: 'paused', pausedReason: 'disk-full', error: { code: 'DISK_FULL' } });
    expect(done.error?.message).toContain('needs 4.0 MB more');
    expect(done.error?.message).toContain('only 3.1 MB is free');
    expect(done.error?.message).toContain(modelsDir);
    expect(cdnRanges(h.host)).toEqual([]);
    expect(listDir(modelsDir)).toEqual([]);
  });

  it('pauses on ENOSPC mid-download, keeps a clean .part, and resumes once space is freed', async () => {
    const { h, source, modelsDir } = await setUp(2_500_000);
    h.host.setFault('big.gguf', { type: 'throttle', bytesPerSecond: 2_000_000, times: 1 });
    const manager = h.manager();
    await manager.start();
    const { id } = await manager.enqueue({ url: h.host.fileUrl('acme/big-GGUF', 'big.gguf'), fileName: 'big.gguf' });
    await h.events.waitFor((e) => e.id === id && e.receivedBytes >= 400_000);

    // Another program fills the disk while the download runs.
    const filler = join(modelsDir, 'filler');
    fillUp(filler);

    const paused = await h.events.settled(id);
    expect(paused).toMatchObject({ state: 'paused', pausedReason: 'disk-full', error: { code: 'DISK_FULL' } });
    expect(paused.error?.message).toMatch(/disk filled up.*partial download is kept/);
    const part = readFileSync(join(modelsDir, 'big.gguf.part'));
    expect(part.length).toBeGreaterThan(0);
    expect(part.equals(source.bytes.subarray(0, part.length))).toBe(true);
    expect(listDir(modelsDir)).toEqual(['big.gguf.part', 'filler']);

    rmSync(filler);
    const mark = h.events.all.length;
    await manager.resume(id);
    const done = await h.events.settled(id, mark);
    expect(done.state).toBe('completed');
    expect(cdnRanges(h.host).at(-1)).toBe(`bytes=${part.length}-`);
    expect(fileSha256(join(modelsDir, 'big.gguf'))).toBe(source.sha256);
    expect(listDir(modelsDir)).toEqual(['big.gguf']);
  });
});

/** Writes to `path` until the volume is full (the download competes for the same space). */
function fillUp(path: string): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}
