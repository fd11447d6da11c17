import { open, type FileHandle } from 'node:fs/promises';

const batchBytes = 1024 * 1024;
const maxConcurrentWrites = 4;
const highWaterBytes = 8 * 1024 * 1024;
const lowWaterBytes = 4 * 1024 * 1024;

interface WriteFailure {
  /** First byte that may not have reached the file. */
  position: number;
  error: NodeJS.ErrnoException;
}

export interface PartWriterResult {
  error: NodeJS.ErrnoException | null;
  /** Length of the .part after close: all bytes written, or the intact prefix before a failed write. */
  size: number;
}

/**
 * Appends to a .part with several positional writes in flight, so reading the socket overlaps
 * with the disk instead of alternating with it (fs.WriteStream only resumes once fully drained).
 * After a failed write the file is cut back to its intact prefix, so a .part is never holed.
 */
export class PartWriter {
  private readonly handle: Promise<FileHandle>;
  private position: number;
  private batch: Buffer[] = [];
  private batchSize = 0;
  /** Bytes accepted but not yet on disk (batched or being written). */
  private unwritten = 0;
  private readonly writes = new Set<Promise<void>>();
  private failure: WriteFailure | null = null;
  private drainWaiters: Array<() => void> = [];
  private errorListener: ((error: NodeJS.ErrnoException) => void) | null = null;

  constructor(path: string, startAt: number) {
    this.position = startAt;
    // 'w' truncates a stale .part when starting over; 'r+' keeps the prefix we resume after.
    this.handle = open(path, startAt === 0 ? 'w' : 'r+');
    this.handle.catch((error: NodeJS.ErrnoException) => this.recordFailure({ position: startAt, error }));
  }

  /** Queues bytes; false means "stop reading until whenDrained calls back". */
  write(chunk: Buffer): boolean {
    if (this.failure) return false;
    this.batch.push(chunk);
    this.batchSize += chunk.length;
    this.unwritten += chunk.length;
    // Idle disk: write now (slow links still reach the disk promptly). Busy disk: let batches grow.
    if (this.writes.size === 0 || (this.batchSize >= batchBytes && this.writes.size < maxConcurrentWrites)) this.issue();
    return this.unwritten < highWaterBytes;
  }

  whenDrained(callback: () => void): void {
    if (this.unwritten < lowWaterBytes || this.failure) callback();
    else this.drainWaiters.push(callback);
  }

  /** Called once, on the first failed write. */
  onError(listener: (error: NodeJS.ErrnoException) => void): void {
    this.errorListener = listener;
  }

  /** Writes what is left (unless a write failed), waits for every write, trims a failed tail, closes. */
  async close(): Promise<PartWriterResult> {
    if (!this.failure) this.issue();
    while (this.writes.size > 0) await Promise.all([...this.writes]);
    let handle: FileHandle;
    try {
      handle = await this.handle;
    } catch {
      return { error: this.failure?.error ?? null, size: 0 };
    }
    try {
      if (this.failure) await handle.truncate(this.failure.position).catch(() => undefined);
    } finally {
      await handle.close();
    }
    const failure = this.failure as WriteFailure | null;
    return failure ? { error: failure.error, size: failure.position } : { error: null, size: this.position };
  }

  private issue(): void {
    if (this.batchSize === 0) return;
    const buffers = this.batch;
    const bytes = this.batchSize;
    const position = this.position;
    this.batch = [];
    this.batchSize = 0;
    this.position += bytes;
    const write: Promise<void> = this.handle
      .then((handle) => writeFully(handle, buffers, position))
      .then(
        (failure) => {
          if (failure) this.recordFailure(failure);
        },
        () => undefined,
      )
      .finally(() => {
        this.unwritten -= bytes;
        this.writes.delete(write);
        if (!this.failure && this.batchSize > 0 && this.writes.size < maxConcurrentWrites) this.issue();
        if (this.unwritten < lowWaterBytes) this.wake();
      });
    this.writes.add(write);
  }

  private recordFailure(failure: WriteFailure): void {
    const first = this.failure === null;
    // Writes finish out of order; the lowest failed offset bounds the intact prefix.
    if (!this.failure || failure.position < this.failure.position) this.failure = failure;
    if (first) {
      this.errorListener?.(failure.error);
      this.wake();
    }
  }

  private wake(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** writev until every byte is written; a short write is continued, a failure says where it stopped. */
async function writeFully(handle: FileHandle, buffers: Buffer[], position: number): Promise<WriteFailure | null> {
  let remaining = buffers;
  let at = position;
  while (remaining.length > 0) {
    let written: number;
    try {
      ({ bytesWritten: written } = await handle.writev(remaining, at));
    } catch (error) {
      return { position: at, error: error as NodeJS.ErrnoException };
    }
    if (written === 0) return { position: at, error: Object.assign(new Error('write made no progress'), { code: 'EIO' }) };
    at += written;
    remaining = dropBytes(remaining, written);
  }
  return null;
}

function dropBytes(buffers: Buffer[], count: number): Buffer[] {
  let left = count;
  let index = 0;
  while (index < buffers.length && left >= (buffers[index]?.length ?? 0)) left -= buffers[index++]?.length ?? 0;
  const rest = buffers.slice(index);
  if (left > 0 && rest[0]) rest[0] = rest[0].subarray(left);
  return rest;
}
