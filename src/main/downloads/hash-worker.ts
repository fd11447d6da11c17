import { Worker } from 'node:worker_threads';

/**
 * SHA-256 on a worker thread, so hashing overlaps with reading the socket instead of halving
 * throughput on fast links. The worker's code is inline (eval) on purpose: it then loads the same
 * way under vitest, tsx, the electron-vite bundle and a packaged asar, with no extra entry point.
 */
const workerSource = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const hashes = new Map();
parentPort.on('message', (m) => {
  try {
    if (m.type === 'update') {
      hashes.get(m.key).update(m.data);
      // The batch goes back to the main thread for reuse: no allocation (and no GC) per MiB.
      parentPort.postMessage({ type: 'ack', data: m.data }, [m.data.buffer]);
    } else if (m.type === 'create') {
      hashes.set(m.key, createHash('sha256'));
    } else if (m.type === 'file') {
      const hash = createHash('sha256');
      const fd = openSync(m.path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
        for (let done = 0; done < m.bytes; ) {
          const read = readSync(fd, buffer, 0, Math.min(buffer.length, m.bytes - done), done);
          if (read === 0) throw new Error('file shorter than expected');
          hash.update(buffer.subarray(0, read));
          done += read;
        }
      } finally {
        closeSync(fd);
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
  } catch (error) {
    if (m.id !== undefined) parentPort.postMessage({ type: 'reply', id: m.id, error: String(error && error.message || error) });
  }
});
`;

type Request =
  | { type: 'create'; key: number }
  | { type: 'update'; key: number; data: Uint8Array }
  | { type: 'file'; key: number; id: number; path: string; bytes: number }
  | { type: 'digest'; key: number; id: number }
  | { type: 'drop'; key: number };

type Reply = { type: 'ack'; data: Uint8Array } | { type: 'reply'; id: number; hex?: string; error?: string };

const batchBytes = 1024 * 1024;
const maxPooledBatches = 8;
/** Bytes handed to the worker but not yet hashed, beyond which callers should stop reading. */
const maxPendingBytes = 16 * 1024 * 1024;

/** One worker thread shared by every download of a manager; started on first use. */
export class HashWorker {
  private worker: Worker | null = null;
  private nextKey = 1;
  private nextId = 1;
  private pendingBytes = 0;
  private readonly calls = new Map<number, { resolve: (hex: string) => void; reject: (error: Error) => void }>();
  private drainWaiters: Array<() => void> = [];
  private readonly pool: Uint8Array[] = [];

  /** A fresh hash of zero bytes. */
  create(): StreamHash {
    const key = this.nextKey++;
    this.post({ type: 'create', key });
    return new StreamHash(this, key);
  }

  /** A hash of the first `bytes` bytes of `path`, computed on the worker (re-hashing a .part after a restart). */
  async ofFile(path: string, bytes: number): Promise<StreamHash> {
    const key = this.nextKey++;
    await this.call({ type: 'file', key, id: this.nextId++, path, bytes });
    return new StreamHash(this, key);
  }

  /** Stops the thread; hashes in progress are lost (their downloads re-hash from disk if resumed). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error('hash worker closed'));
    await worker?.terminate();
  }

  /** @internal */ update(key: number, data: Uint8Array): boolean {
    this.pendingBytes += data.byteLength;
    this.post({ type: 'update', key, data }, [data.buffer as ArrayBuffer]);
    return this.pendingBytes < maxPendingBytes;
  }

  /** @internal */ digest(key: number): Promise<string> {
    return this.call({ type: 'digest', key, id: this.nextId++ });
  }

  /** @internal */ takeBatch(): Uint8Array {
    return this.pool.pop() ?? new Uint8Array(batchBytes);
  }

  /** @internal */ drop(key: number): void {
    if (this.worker) this.post({ type: 'drop', key });
  }

  /** @internal */ whenDrained(callback: () => void): void {
    if (this.pendingBytes < maxPendingBytes) callback();
    else this.drainWaiters.push(callback);
  }

  private call(request: Request & { id: number }): Promise<string> {
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
    // An idle hasher must not keep the app (or a test run) alive.
    worker.unref();
    worker.on('message', (reply: Reply) => this.onReply(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error('hash worker exited'));
    });
    this.worker = worker;
    return worker;
  }

  private onReply(reply: Reply): void {
    if (reply.type === 'ack') {
      this.pendingBytes -= reply.data.byteLength;
      if (reply.data.byteLength === batchBytes && this.pool.length < maxPooledBatches) this.pool.push(reply.data);
      if (this.pendingBytes < maxPendingBytes) {
        const waiters = this.drainWaiters;
        this.drainWaiters = [];
        for (const waiter of waiters) waiter();
      }
      return;
    }
    const call = this.calls.get(reply.id);
    this.calls.delete(reply.id);
    if (!call) return;
    if (reply.error !== undefined) call.reject(new Error(reply.error));
    else call.resolve(reply.hex ?? '');
  }

  private failAll(error: Error): void {
    for (const call of this.calls.values()) call.reject(error);
    this.calls.clear();
    this.pendingBytes = 0;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** A running SHA-256 living on the worker. Updates are batched into 1 MiB transfers. */
export class StreamHash {
  private batch: Uint8Array | null = null;
  private filled = 0;
  private finished = false;

  constructor(
    private readonly worker: HashWorker,
    private readonly key: number,
  ) {}

  /** Adds bytes; returns false when the worker is behind and the caller should pause reading. */
  update(chunk: Uint8Array): boolean {
    let ok = true;
    for (let offset = 0; offset < chunk.byteLength; ) {
      this.batch ??= this.worker.takeBatch();
      const take = Math.min(chunk.byteLength - offset, batchBytes - this.filled);
      this.batch.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === batchBytes) ok = this.flush() && ok;
    }
    return ok;
  }

  whenDrained(callback: () => void): void {
    this.worker.whenDrained(callback);
  }

  async digest(): Promise<string> {
    this.flush();
    this.finished = true;
    return this.worker.digest(this.key);
  }

  /** Frees the worker-side state of a hash that will not be finished. */
  dispose(): void {
    if (this.finished) return;
    this.finished = true;
    this.batch = null;
    this.worker.drop(this.key);
  }

  private flush(): boolean {
    if (!this.batch || this.filled === 0) return true;
    // The batch is transferred, not copied; a new one is allocated for the next bytes.
    const full = this.filled === this.batch.byteLength ? this.batch : this.batch.slice(0, this.filled);
    this.batch = null;
    this.filled = 0;
    return this.worker.update(this.key, full);
  }
}
