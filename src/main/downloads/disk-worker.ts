import { Worker } from 'node:worker_threads';

/**
 * Hashing and .part writes on one worker thread, so the main thread only reads sockets.
 *
 * Why a thread and synchronous writes: SHA-256 on the main thread halves throughput on fast links,
 * and libuv's async file writes (io_uring on recent Linux) were measured 5-8x slower than plain
 * write(2) for this pattern. The worker writes each batch, then hashes exactly what reached the
 * disk, so the hash always matches the .part, even after ENOSPC.
 *
 * The worker's code is inline (eval) on purpose: it then loads the same way under vitest, tsx,
 * the electron-vite bundle and a packaged asar, with no extra entry point.
 */
const workerSource = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const hashes = new Map();
const sinks = new Map();
const describe = (e) => ({ code: (e && e.code) || 'EIO', message: String((e && e.message) || e) });
parentPort.on('message', (m) => {
  try {
    if (m.type === 'write') {
      const sink = sinks.get(m.sink);
      if (sink && !sink.error) {
        let done = 0;
        try {
          while (done < m.length) {
            const n = fs.writeSync(sink.fd, m.data, done, m.length - done, sink.position + done);
            if (n === 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
            done += n;
          }
        } catch (e) {
          sink.error = describe(e);
          parentPort.postMessage({ type: 'sink-error', sink: m.sink, error: sink.error });
        }
        hashes.get(sink.key).update(m.data.subarray(0, done));
        sink.position += done;
      }
      parentPort.postMessage({ type: 'ack', data: m.data }, [m.data.buffer]);
    } else if (m.type === 'open') {
      const sink = { fd: null, position: m.startAt, key: m.key, error: null };
      try {
        sink.fd = fs.openSync(m.path, m.startAt === 0 ? 'w' : 'r+');
      } catch (e) {
        sink.error = describe(e);
        parentPort.postMessage({ type: 'sink-error', sink: m.sink, error: sink.error });
      }
      sinks.set(m.sink, sink);
    } else if (m.type === 'close') {
      const sink = sinks.get(m.sink);
      sinks.delete(m.sink);
      if (sink.fd !== null) fs.closeSync(sink.fd);
      parentPort.postMessage({ type: 'reply', id: m.id, size: sink.position, error: sink.error });
    } else if (m.type === 'create') {
      hashes.set(m.key, createHash('sha256'));
    } else if (m.type === 'file') {
      const hash = createHash('sha256');
      const fd = fs.openSync(m.path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
        for (let done = 0; done < m.bytes; ) {
          const read = fs.readSync(fd, buffer, 0, Math.min(buffer.length, m.bytes - done), done);
          if (read === 0) throw new Error('file shorter than expected');
          hash.update(buffer.subarray(0, read));
          done += read;
        }
      } finally {
        fs.closeSync(fd);
      }
      hashes.set(m.key, hash);
      parentPort.postMessage({ type: 'reply', id: m.id });
    } else if (m.type === 'digest') {
      const hash = hashes.get(m.key);
      hashes.delete(m.key);
      parentPort.postMessage({ type: 'reply', id: m.id, hex: hash.digest('hex') });
    } else if (m.type === 'drop') {
      hashes.delete(m.key);
    }
  } catch (e) {
    if (m.id !== undefined) parentPort.postMessage({ type: 'reply', id: m.id, failure: describe(e).message });
  }
});
`;

/** A file error as it crosses the thread boundary. */
export interface FileErrorInfo {
  code: string;
  message: string;
}

type Request =
  | { type: 'create'; key: number }
  | { type: 'drop'; key: number }
  | { type: 'file'; key: number; id: number; path: string; bytes: number }
  | { type: 'digest'; key: number; id: number }
  | { type: 'open'; sink: number; key: number; path: string; startAt: number }
  /** `data` is a whole pooled batch; only its first `length` bytes are meant. */
  | { type: 'write'; sink: number; data: Uint8Array; length: number }
  | { type: 'close'; sink: number; id: number };

interface CallReply {
  type: 'reply';
  id: number;
  hex?: string;
  size?: number;
  error?: FileErrorInfo | null;
  /** The call itself broke (bad state, unreadable file). */
  failure?: string;
}

type Reply = CallReply | { type: 'ack'; data: Uint8Array } | { type: 'sink-error'; sink: number; error: FileErrorInfo };

const batchBytes = 1024 * 1024;
const maxPooledBatches = 8;
/** Bytes handed to the worker but not yet on disk, beyond which readers should pause. */
const highWaterBytes = 16 * 1024 * 1024;
const lowWaterBytes = 8 * 1024 * 1024;

/** One worker thread shared by every download of a manager; started on first use. */
export class DiskWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private pendingBytes = 0;
  private readonly calls = new Map<number, { resolve: (reply: CallReply) => void; reject: (error: Error) => void }>();
  private readonly sinks = new Map<number, PartSink>();
  private drainWaiters: Array<() => void> = [];
  private readonly pool: Uint8Array[] = [];

  /** A fresh hash of zero bytes. */
  createHash(): StreamHash {
    const key = this.nextId++;
    this.post({ type: 'create', key });
    return new StreamHash(this, key);
  }

  /** A hash of the first `bytes` bytes of `path`, computed on the worker (re-hashing a .part after a restart). */
  async hashFile(path: string, bytes: number): Promise<StreamHash> {
    const key = this.nextId++;
    await this.call({ type: 'file', key, id: this.nextId++, path, bytes });
    return new StreamHash(this, key);
  }

  /** Appends to `path` from byte `startAt`, feeding `hash` with exactly what gets written. */
  openSink(path: string, startAt: number, hash: StreamHash): PartSink {
    const id = this.nextId++;
    const sink = new PartSink(this, id);
    this.sinks.set(id, sink);
    this.post({ type: 'open', sink: id, key: hash.key, path, startAt });
    return sink;
  }

  /** Stops the thread; work in progress is lost (a resumed download re-hashes its .part). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error('the download worker was stopped'));
    await worker?.terminate();
  }

  /** @internal */ takeBatch(): Uint8Array {
    return this.pool.pop() ?? new Uint8Array(batchBytes);
  }

  /** @internal */ sendBatch(sink: number, data: Uint8Array, length: number): boolean {
    this.pendingBytes += data.byteLength;
    this.post({ type: 'write', sink, data, length }, [data.buffer as ArrayBuffer]);
    return this.pendingBytes < highWaterBytes;
  }

  /** @internal */ whenDrained(callback: () => void): void {
    if (this.pendingBytes < lowWaterBytes) callback();
    else this.drainWaiters.push(callback);
  }

  /** @internal */ async closeSink(sink: number): Promise<{ size: number; error: FileErrorInfo | null }> {
    try {
      const reply = await this.call({ type: 'close', sink, id: this.nextId++ });
      return { size: reply.size ?? 0, error: reply.error ?? null };
    } finally {
      this.sinks.delete(sink);
    }
  }

  /** @internal */ async digest(key: number): Promise<string> {
    return (await this.call({ type: 'digest', key, id: this.nextId++ })).hex ?? '';
  }

  /** @internal */ drop(key: number): void {
    if (this.worker) this.post({ type: 'drop', key });
  }

  private call(request: Request & { id: number }): Promise<CallReply> {
    return new Promise((resolve, reject) => {
      this.calls.set(request.id, { resolve, reject });
      this.post(request);
    });
  }

  private post(request: Request, transfer: ArrayBuffer[] = []): void {
    this.ensureWorker().postMessage(request, transfer);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerSource, { eval: true });
    // An idle worker must not keep the app (or a test run) alive.
    worker.unref();
    worker.on('message', (reply: Reply) => this.onReply(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error('the download worker exited'));
    });
    this.worker = worker;
    return worker;
  }

  private onReply(reply: Reply): void {
    if (reply.type === 'ack') {
      this.pendingBytes -= reply.data.byteLength;
      // The batch came back: reuse it rather than allocate (and collect) a MiB per MiB downloaded.
      if (this.pool.length < maxPooledBatches) this.pool.push(reply.data);
      if (this.pendingBytes < lowWaterBytes) this.wakeDrainWaiters();
      return;
    }
    if (reply.type === 'sink-error') {
      this.sinks.get(reply.sink)?.fail(reply.error);
      return;
    }
    const call = this.calls.get(reply.id);
    this.calls.delete(reply.id);
    if (!call) return;
    if (reply.failure !== undefined) call.reject(new Error(reply.failure));
    else call.resolve(reply);
  }

  private failAll(error: Error): void {
    for (const call of this.calls.values()) call.reject(error);
    this.calls.clear();
    for (const sink of this.sinks.values()) sink.fail({ code: 'EWORKER', message: error.message });
    this.pendingBytes = 0;
    this.wakeDrainWaiters();
  }

  private wakeDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** A running SHA-256 that lives on the worker. */
export class StreamHash {
  private finished = false;

  constructor(
    private readonly worker: DiskWorker,
    /** @internal */ readonly key: number,
  ) {}

  async digest(): Promise<string> {
    this.finished = true;
    return this.worker.digest(this.key);
  }

  /** Frees the worker-side state of a hash that will not be finished. */
  dispose(): void {
    if (this.finished) return;
    this.finished = true;
    this.worker.drop(this.key);
  }
}

/** The write end of a .part: batches chunks into 1 MiB transfers to the worker. */
export class PartSink {
  private batch: Uint8Array | null = null;
  private filled = 0;
  private error: FileErrorInfo | null = null;
  private errorListener: ((error: FileErrorInfo) => void) | null = null;

  constructor(
    private readonly worker: DiskWorker,
    private readonly id: number,
  ) {}

  /** Queues bytes; false means "stop reading until whenDrained calls back". */
  write(chunk: Uint8Array): boolean {
    if (this.error) return true;
    let keepGoing = true;
    for (let offset = 0; offset < chunk.byteLength; ) {
      this.batch ??= this.worker.takeBatch();
      const take = Math.min(chunk.byteLength - offset, this.batch.byteLength - this.filled);
      this.batch.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.batch.byteLength) keepGoing = this.flush() && keepGoing;
    }
    return keepGoing;
  }

  /** Sends what is batched now, full or not (slow links should not wait for a whole MiB). */
  flush(): boolean {
    if (!this.batch || this.filled === 0) return true;
    // The whole batch is transferred (no copy) and comes back to the pool once written.
    const data = this.batch;
    const length = this.filled;
    this.batch = null;
    this.filled = 0;
    return this.worker.sendBatch(this.id, data, length);
  }

  whenDrained(callback: () => void): void {
    this.worker.whenDrained(callback);
  }

  /** Called once, on the first failed write (or if the worker dies). */
  onError(listener: (error: FileErrorInfo) => void): void {
    this.errorListener = listener;
    if (this.error) listener(this.error);
  }

  /** Writes what is left, closes the file and reports its length: every byte, or the prefix before a failure. */
  async close(): Promise<{ size: number; error: FileErrorInfo | null }> {
    if (!this.error) this.flush();
    const result = await this.worker.closeSink(this.id);
    return { size: result.size, error: result.error ?? this.error };
  }

  /** @internal */ fail(error: FileErrorInfo): void {
    if (this.error) return;
    this.error = error;
    this.batch = null;
    this.errorListener?.(error);
  }
}
