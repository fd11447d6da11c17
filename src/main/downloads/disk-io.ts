import { createHash, type Hash } from 'node:crypto';
import { close, fdatasync, open, write } from 'node:fs';
import { open as openFile } from 'node:fs/promises';

/**
 * Writes .part files and hashes them, with no thread of our own.
 *
 * Each batch is written by a libuv pool thread (pwrite) while this thread hashes the batch written
 * just before it, so hashing and writing overlap and the hash only ever covers bytes that reached
 * the file, even after ENOSPC. SHA-256 costs 0.7 ms per MiB here, in slices of one batch, so the
 * event loop stays responsive.
 *
 * Why not a worker thread any more: once the socket is read without node:http (see body-request),
 * the main thread has time to spare, and a worker cost more than it saved: 50-110 ms to boot (the
 * download stalls on it), ~10 MB of RSS, a postMessage round trip per batch and cache-cold copies
 * across cores. Measured on the download benchmark; see scripts/bench/download.ts.
 */

/** A file error, as reported to the download. */
export interface FileErrorInfo {
  code: string;
  message: string;
}

const batchBytes = 1024 * 1024;
/** Batches kept for reuse across downloads rather than allocated (and collected) per MiB. */
const maxPooledBatches = 8;
/** Bytes accepted but not yet written, beyond which readers should pause. */
const highWaterBytes = 8 * 1024 * 1024;
const lowWaterBytes = 4 * 1024 * 1024;
/**
 * Bytes written between background fdatasync calls. The rename still waits for a full fsync; this
 * only starts writeback early, so that fsync finds little left to flush (300 MB of dirty pages took
 * ~150 ms to flush at the end, 15% of a fast download) and the disk works while the network does.
 */
const syncEveryBytes = 32 * 1024 * 1024;
const hashFileChunkBytes = 4 * 1024 * 1024;
/** A batch with less free space than this is written out rather than offered for another read. */
const minReadBytes = 128 * 1024;

export class DiskIo {
  private readonly pool: Buffer[] = [];

  /** A fresh hash of zero bytes. */
  createHash(): StreamHash {
    return new StreamHash(createHash('sha256'));
  }

  /** A hash of the first `bytes` bytes of `path` (re-hashing a .part after a restart). */
  async hashFile(path: string, bytes: number, signal?: AbortSignal): Promise<StreamHash> {
    const hash = createHash('sha256');
    const handle = await openFile(path, 'r');
    try {
      const buffer = Buffer.allocUnsafeSlow(hashFileChunkBytes);
      for (let done = 0; done < bytes; ) {
        // Checked per chunk: an abandoned multi-GB re-hash must not keep using this thread.
        signal?.throwIfAborted();
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, bytes - done), done);
        if (bytesRead === 0) throw new Error(`${path} is shorter than expected`);
        hash.update(buffer.subarray(0, bytesRead));
        done += bytesRead;
      }
    } finally {
      await handle.close();
    }
    return new StreamHash(hash);
  }

  /** Appends to `path` from byte `startAt`, feeding `hash` with exactly what gets written. */
  openSink(path: string, startAt: number, hash: StreamHash): PartSink {
    return new PartSink(this, path, startAt, hash);
  }

  /** Nothing runs outside a sink, and sinks finish their own writes; kept for the manager's shutdown. */
  async close(): Promise<void> {
    this.pool.length = 0;
  }

  /** @internal */ takeBatch(): Buffer {
    return this.pool.pop() ?? Buffer.allocUnsafeSlow(batchBytes);
  }

  /** @internal */ releaseBatch(batch: Buffer): void {
    if (this.pool.length < maxPooledBatches) this.pool.push(batch);
  }
}

/** A running SHA-256 of a .part. */
export class StreamHash {
  private finished = false;

  constructor(/** @internal */ readonly hash: Hash) {}

  async digest(): Promise<string> {
    this.finished = true;
    return this.hash.digest('hex');
  }

  /** Kept for symmetry with digest(): a dropped hash is simply collected. */
  dispose(): void {
    this.finished = true;
  }

  /** @internal */ update(bytes: Uint8Array): void {
    if (!this.finished) this.hash.update(bytes);
  }
}

/** A pooled buffer and who still needs it: the socket (while current) and queued writes. */
interface Batch {
  data: Buffer;
  /** Still the batch that reads land in: it may be the socket's registered read target. */
  current: boolean;
  /** Queued or running writes from this batch. */
  segments: number;
}

interface Segment {
  batch: Batch;
  offset: number;
  length: number;
}

/**
 * The write end of a .part. Bytes collect in 1 MiB batches; ranges of them are written in order,
 * one write at a time. With readBuffer(), the socket reads straight into the current batch.
 *
 * Safety of reading into pooled memory: a batch goes back to the pool only once it is no longer
 * current and none of its ranges waits for a write. It stops being current only during a read
 * callback (when Node is about to ask for the next target) or in close(), after the socket is gone,
 * so no socket still points into a batch another download can take.
 */
export class PartSink {
  private fd: number | null = null;
  private opening = true;
  private current: Batch | null = null;
  /** Start of the current batch's bytes not yet queued for writing. */
  private start = 0;
  /** End of the current batch's bytes. */
  private filled = 0;
  private readonly queue: Segment[] = [];
  private writing = false;
  private syncing = false;
  private unsynced = 0;
  /** Bytes queued for writing but not yet on disk. */
  private pending = 0;
  private position: number;
  private error: FileErrorInfo | null = null;
  private errorListener: ((error: FileErrorInfo) => void) | null = null;
  private drainWaiters: Array<() => void> = [];
  private onIdle: (() => void) | null = null;

  constructor(
    private readonly io: DiskIo,
    path: string,
    startAt: number,
    private readonly hash: StreamHash,
  ) {
    this.position = startAt;
    open(path, startAt === 0 ? 'w' : 'r+', (error, fd) => {
      this.opening = false;
      if (error) this.fail(error);
      else this.fd = fd;
      this.pump();
    });
  }

  /** Free space of the current batch for the next socket read (see BodyHandler.readBuffer). */
  readBuffer(): Uint8Array {
    if (!this.current || this.current.data.byteLength - this.filled < minReadBytes) this.rotate();
    const batch = this.current as Batch;
    return batch.data.subarray(this.filled);
  }

  /**
   * Queues bytes; false means "stop reading until whenDrained calls back". Bytes read into
   * readBuffer() are taken where they are; any other chunk is copied, so the caller may reuse it.
   */
  write(chunk: Uint8Array): boolean {
    if (this.error) return true;
    const batch = this.current;
    if (batch && chunk.buffer === batch.data.buffer && chunk.byteOffset === batch.data.byteOffset + this.filled) {
      this.filled += chunk.byteLength;
    } else {
      for (let offset = 0; offset < chunk.byteLength; ) {
        if (!this.current || this.filled === this.current.data.byteLength) this.rotate();
        const target = (this.current as Batch).data;
        const take = Math.min(chunk.byteLength - offset, target.byteLength - this.filled);
        // set() copes with overlap: a chunk may sit further along in this same batch (chunked bodies).
        target.set(chunk.subarray(offset, offset + take), this.filled);
        this.filled += take;
        offset += take;
      }
    }
    if (this.current && this.filled === this.current.data.byteLength) this.queueCurrent();
    return this.pending < highWaterBytes;
  }

  /** Queues what is batched now, full or not (slow links should not wait for a whole MiB). */
  flush(): boolean {
    if (!this.error) this.queueCurrent();
    return this.pending < highWaterBytes;
  }

  whenDrained(callback: () => void): void {
    if (this.pending < lowWaterBytes || this.error) callback();
    else this.drainWaiters.push(callback);
  }

  /** Called once, on the first failed open, write or sync. */
  onError(listener: (error: FileErrorInfo) => void): void {
    this.errorListener = listener;
    if (this.error) listener(this.error);
  }

  /**
   * Writes what is left, closes the file and reports its length: every byte, or the prefix before
   * a failure. The response must be finished or destroyed first (its socket may read into our batch).
   */
  async close(): Promise<{ size: number; error: FileErrorInfo | null }> {
    this.flush();
    if (this.current) this.retire(this.current);
    this.current = null;
    await new Promise<void>((resolve) => {
      this.onIdle = resolve;
      this.checkIdle();
    });
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) {
      await new Promise<void>((resolve) =>
        close(fd, (error) => {
          if (error) this.fail(error);
          resolve();
        }),
      );
    }
    return { size: this.position, error: this.error };
  }

  /** Moves on to a fresh batch, queueing what the old one holds. Only from a read callback or close(). */
  private rotate(): void {
    if (this.current) {
      this.queueCurrent();
      this.retire(this.current);
    }
    this.current = { data: this.io.takeBatch(), current: true, segments: 0 };
    this.start = 0;
    this.filled = 0;
  }

  private retire(batch: Batch): void {
    batch.current = false;
    this.release(batch);
  }

  private release(batch: Batch): void {
    if (!batch.current && batch.segments === 0) this.io.releaseBatch(batch.data);
  }

  private queueCurrent(): void {
    const batch = this.current;
    if (!batch || this.filled === this.start || this.error) return;
    this.queue.push({ batch, offset: this.start, length: this.filled - this.start });
    batch.segments += 1;
    this.pending += this.filled - this.start;
    this.start = this.filled;
    this.pump();
  }

  private pump(): void {
    if (!this.startNextWrite()) this.checkIdle();
  }

  /** Starts writing the oldest queued range; false when there is none or a write is already running. */
  private startNextWrite(): boolean {
    const fd = this.fd;
    const next = this.writing || this.opening || fd === null ? undefined : this.queue.shift();
    if (fd === null || !next) return false;
    this.writing = true;
    const bytes = next.batch.data.subarray(next.offset, next.offset + next.length);
    let written = 0;
    const step = (): void =>
      write(fd, bytes, written, bytes.byteLength - written, this.position + written, (error, count) => {
        if (!error && count > 0 && written + count < bytes.byteLength) {
          written += count;
          step();
          return;
        }
        if (!error) written += count;
        this.writing = false;
        this.position += written;
        this.unsynced += written;
        if (error || count === 0) this.fail(error ?? Object.assign(new Error('write made no progress'), { code: 'EIO' }));
        if (this.unsynced >= syncEveryBytes) this.startSync(fd);
        // The pool starts on the next range while this thread hashes the one just written.
        this.startNextWrite();
        this.hash.update(bytes.subarray(0, written));
        this.pending -= next.length;
        next.batch.segments -= 1;
        this.release(next.batch);
        if (this.pending < lowWaterBytes) this.wakeDrainWaiters();
        this.checkIdle();
      });
    step();
    return true;
  }

  /** Starts writeback of what is written so far, on the pool, without waiting for it. */
  private startSync(fd: number): void {
    if (this.syncing || this.error) return;
    this.syncing = true;
    this.unsynced = 0;
    fdatasync(fd, (error) => {
      this.syncing = false;
      // The kernel reports a writeback error once: surface it here, or the final fsync could miss it.
      if (error) this.fail(error);
      this.checkIdle();
    });
  }

  private fail(error: NodeJS.ErrnoException): void {
    if (this.error) return;
    this.error = { code: error.code ?? 'EIO', message: error.message };
    // Nothing after a failed write may reach the file, or the .part would have a hole.
    for (const dropped of this.queue.splice(0)) {
      this.pending -= dropped.length;
      dropped.batch.segments -= 1;
      this.release(dropped.batch);
    }
    this.wakeDrainWaiters();
    this.errorListener?.(this.error);
  }

  private checkIdle(): void {
    if (!this.onIdle || this.opening || this.writing || this.syncing || this.queue.length > 0) return;
    const resolve = this.onIdle;
    this.onIdle = null;
    resolve();
  }

  private wakeDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
