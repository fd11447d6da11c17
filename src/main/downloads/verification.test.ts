import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DirectHash } from '../../test-support/fake-hf-host';
import { createHarness, fileSha256, listDir, writeRandomFile, type Harness } from '../../test-support/download-harness';

let h: Harness;
let blob: { path: string; sha256: string };
let url: string;

beforeEach(async () => {
  h = await createHarness([]);
  blob = writeRandomFile(h.dir, 'blob.bin', 400_000);
  await h.host.addRepo({ id: 'acme/mirror-GGUF', files: [{ path: 'model.gguf', source: blob.path }] });
  url = h.host.fileUrl('acme/mirror-GGUF', 'model.gguf');
});
afterEach(() => h.cleanup());

async function download(sha256?: string) {
  const manager = h.manager();
  await manager.start();
  const info = await manager.enqueue({ url, fileName: 'model.gguf', ...(sha256 ? { sha256 } : {}) });
  return h.events.settled(info.id);
}

function mirror(hash: DirectHash): void {
  h.host.setFault('model.gguf', { type: 'direct', hash });
}

describe('verification', () => {
  it('checks the SHA-256 that Hugging Face publishes on its redirect', async () => {
    const done = await download();
    expect(done).toMatchObject({ state: 'completed', sha256: blob.sha256, verification: 'sha256' });
  });

  it.each<DirectHash>(['etag', 'x-linked-etag'])('reads the SHA-256 from a mirror that answers resolve with 200 (%s)', async (hash) => {
    mirror(hash);
    const good = await download();
    expect(good).toMatchObject({ state: 'completed', sha256: blob.sha256, verification: 'sha256' });
    expect(h.host.requests.filter((r) => r.url.startsWith('/cdn/'))).toEqual([]);
  });

  it('rejects damaged bytes from a mirror that answers resolve with 200 and a SHA-256 ETag', async () => {
    mirror('etag');
    h.host.setFault('model.gguf', { type: 'corrupt' });
    const done = await download();
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('CHECKSUM_MISMATCH');
    expect(listDir(h.modelsDir)).toEqual([]);
  });

  it('says a file was not verified by hash when the mirror publishes none (only its size was checked)', async () => {
    mirror('none');
    const done = await download();
    expect(done).toMatchObject({ state: 'completed', verification: 'size', sha256: null, totalBytes: 400_000 });
    expect(fileSha256(done.targetPath)).toBe(blob.sha256);
  });

  it('still holds a mirror without hashes to the pinned SHA-256', async () => {
    mirror('none');
    h.host.setFault('model.gguf', { type: 'corrupt' });
    const done = await download(blob.sha256);
    expect(done.error?.code).toBe('CHECKSUM_MISMATCH');
    expect(listDir(h.modelsDir)).toEqual([]);
  });
});
