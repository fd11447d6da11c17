import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskIo } from './disk-io';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candil-disk-io-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Plays a socket: each "read" fills the region readBuffer() offered, then hands back a view of it. */
function readInto(sink: ReturnType<DiskIo['openSink']>, source: Buffer, readSize: number): void {
  for (let offset = 0; offset < source.length; ) {
    const target = sink.readBuffer();
    const n = Math.min(readSize, target.byteLength, source.length - offset);
    target.set(source.subarray(offset, offset + n));
    sink.write(target.subarray(0, n));
    offset += n;
  }
}

describe('DiskIo', () => {
  it('writes and hashes bytes read straight into its batches, and copied chunks, in order', async () => {
    const io = new DiskIo();
    const source = randomBytes(5 * 1024 * 1024 + 12_345);
    const path = join(dir, 'a.part');
    const hash = io.createHash();
    const sink = io.openSink(path, 0, hash);
    readInto(sink, source.subarray(0, 3_000_000), 300_000);
    // A lent chunk (as from a connection buffer) is copied...
    sink.write(source.subarray(3_000_000, 3_100_000));
    // ...and so is one further along in the sink's own batch (chunked framing between data runs).
    const target = sink.readBuffer();
    target.set(Buffer.from('\r\n5\r\n'), 0);
    target.set(source.subarray(3_100_000, 3_200_000), 5);
    sink.write(target.subarray(5, 100_005));
    readInto(sink, source.subarray(3_200_000), 1 << 20);
    const result = await sink.close();
    expect(result).toEqual({ size: source.length, error: null });
    expect(readFileSync(path).equals(source)).toBe(true);
    expect(await hash.digest()).toBe(sha256(source));
  });

  it('appends from an offset, and re-hashes an existing prefix', async () => {
    const io = new DiskIo();
    const source = randomBytes(3_000_000);
    const path = join(dir, 'b.part');
    writeFileSync(path, source.subarray(0, 1_000_000));
    const hash = await io.hashFile(path, 1_000_000);
    const sink = io.openSink(path, 1_000_000, hash);
    readInto(sink, source.subarray(1_000_000), 65_536);
    expect(await sink.close()).toEqual({ size: source.length, error: null });
    expect(await hash.digest()).toBe(sha256(source));
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(io.hashFile(path, source.length, controller.signal)).rejects.toThrow('stopped');
  });

  it('never lends a batch that a socket may still read into to another download', async () => {
    const io = new DiskIo();
    const a = io.openSink(join(dir, 'a.part'), 0, io.createHash());
    const b = io.openSink(join(dir, 'b.part'), 0, io.createHash());
    const region = a.readBuffer();
    region.set(Buffer.alloc(1000, 1));
    a.write(region.subarray(0, 1000));
    // A slow link: the timer flushes what a holds while its socket still targets the rest of the batch.
    a.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 20; i++) {
      const other = b.readBuffer();
      expect(other.buffer).not.toBe(region.buffer);
      other.fill(2);
      b.write(other);
    }
    const next = a.readBuffer();
    expect(next.buffer).toBe(region.buffer);
    expect(next.byteOffset).toBe(region.byteOffset + 1000);
    await Promise.all([a.close(), b.close()]);
    expect(readFileSync(join(dir, 'a.part')).equals(Buffer.alloc(1000, 1))).toBe(true);
  });

  it('reports a file it cannot open, and takes no more bytes', async () => {
    const io = new DiskIo();
    const sink = io.openSink(join(dir, 'missing', 'c.part'), 0, io.createHash());
    const errors: string[] = [];
    sink.onError((error) => errors.push(error.code));
    sink.write(Buffer.alloc(10));
    expect(await sink.close()).toMatchObject({ size: 0, error: { code: 'ENOENT' } });
    expect(errors).toEqual(['ENOENT']);
  });
});
