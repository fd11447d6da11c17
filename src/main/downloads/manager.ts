import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import type { DownloadInfo, DownloadState, EnqueueDownloadRequest, RetryWait, Verification } from '../../shared/downloads';
import { AppError } from '../../shared/errors';
import { backoffDelay } from './backoff';
import { checksumMismatch, DownloadError } from './download-error';
import { DiskIo } from './disk-io';
import { partPathOf, removePart, syncFile, type HashState } from './part-file';
import { SpeedMeter } from './speed-meter';
import { DownloadStore, type DownloadRecord } from './store';
import { transferOnce, type TransferJob } from './transfer';

export interface DownloadManagerOptions {
  db: Database;
  /** Finished models land here; `.part` files live beside them until verified. */
  /** A function when the folder can change (Settings → Models folder): new downloads go to the current one. */
  modelsDir: string | (() => string);
  /** Downloads running at once. Default 2. */
  concurrency?: number;
  /** No bytes for this long means the connection is dead: reconnect. Default 30 s. */
  stallTimeoutMs?: number;
  /** Failed reconnects in a row before giving up. Default 5. */
  maxRetries?: number;
  /** First backoff delay; doubles per failed reconnect. Default 1 s. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Longest wait accepted from a server's Retry-After; a longer one is cut to this. Default 10 min. */
  maxRetryAfterMs?: number;
  /**
   * Retry-After answers in a row before giving up. They don't count against maxRetries: the server
   * said when to come back, which is not a sign that trying is hopeless. Default 10.
   */
  maxServerWaits?: number;
  /** Free space to leave on the disk beyond the download itself. Default 32 MiB. */
  diskMarginBytes?: number;
  /** Minimum gap between progress events for one download. Default 250 ms. */
  progressIntervalMs?: number;
  /** Full Authorization header value (e.g. `Bearer hf_…`), read at every attempt so token changes apply. */
  /** Authorization for a download's address, or undefined; asked per attempt so a new token applies at once. */
  authHeader?: (url: URL) => string | undefined;
  onChange: (info: DownloadInfo) => void;
}

interface Wait {
  kind: RetryWait;
  ms: number;
}

interface ActiveTask {
  controller: AbortController;
  done: Promise<void>;
  meter: SpeedMeter;
  retryAttempt: number;
  nextRetryAt: number | null;
  retryWait: RetryWait | null;
  lastSampleAt: number;
  lastEmitAt: number;
  lastPersistAt: number;
}

const runningStates: readonly DownloadState[] = ['queued', 'downloading', 'verifying'];
const persistIntervalMs = 1_000;

/**
 * Queues, runs and persists model downloads: resumable (HTTP Range), verified (SHA-256 while
 * streaming), and atomic (`.part` renamed only once verified). Plain Node, so it runs outside Electron.
 */
export class DownloadManager {
  private readonly store: DownloadStore;
  private readonly records = new Map<string, DownloadRecord>();
  /** Hash state of paused downloads, so resuming in the same session skips re-reading the .part. */
  private readonly hashes = new Map<string, HashState>();
  private readonly active = new Map<string, ActiveTask>();
  private readonly disk = new DiskIo();
  private readonly options: Required<Omit<DownloadManagerOptions, 'authHeader' | 'db' | 'modelsDir'>> & Pick<DownloadManagerOptions, 'authHeader'>;
  private readonly modelsDir: () => string;
  private started = false;
  private closed = false;

  constructor(options: DownloadManagerOptions) {
    this.store = new DownloadStore(options.db);
    const dir = options.modelsDir;
    this.modelsDir = typeof dir === 'string' ? () => dir : dir;
    this.options = {
      concurrency: options.concurrency ?? 2,
      stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 5,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 1_000,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 30_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 10 * 60_000,
      maxServerWaits: options.maxServerWaits ?? 10,
      diskMarginBytes: options.diskMarginBytes ?? 32 * 1024 * 1024,
      progressIntervalMs: options.progressIntervalMs ?? 250,
      authHeader: options.authHeader,
      onChange: options.onChange,
    };
    for (const record of this.store.list()) this.records.set(record.id, record);
  }

  /** Picks up where the last session stopped: downloads that were running (or queued) run again. */
  async start(): Promise<void> {
    this.assertOpen();
    if (this.started) return;
    this.started = true;
    await mkdir(this.modelsDir(), { recursive: true });
    for (const record of this.records.values()) {
      if (record.state === 'downloading' || record.state === 'verifying') this.update(record.id, { state: 'queued' });
    }
    this.pump();
  }

  async enqueue(request: EnqueueDownloadRequest): Promise<DownloadInfo> {
    this.assertOpen();
    const fileName = validFileName(request.fileName);
    const url = validUrl(request.url);
    const sha256 = request.sha256 === undefined ? null : validSha256(request.sha256);
    const busy = [...this.records.values()].find((r) => r.fileName === fileName && runningOrPaused(r.state));
    if (busy) {
      if (busy.url === url) return this.info(busy);
      throw new AppError('BAD_REQUEST', `${fileName} is already being downloaded from another address.`, { reason: 'alreadyDownloadingElsewhere', fileName });
    }
    const modelsDir = this.modelsDir();
    const targetPath = join(modelsDir, fileName);
    if (existsSync(targetPath)) throw new AppError('BAD_REQUEST', `${fileName} is already in the models folder.`, { reason: 'alreadyInFolder', fileName });
    await mkdir(modelsDir, { recursive: true });
    // A leftover .part from a failed or cancelled try belongs to an unknown version of the file.
    await removePart(partPathOf(targetPath));
    const now = Date.now();
    const record: DownloadRecord = {
      id: randomUUID(),
      url,
      fileName,
      targetPath,
      state: 'queued',
      pausedReason: null,
      receivedBytes: 0,
      totalBytes: request.size ?? null,
      requestedSha256: sha256,
      sha256,
      etag: null,
      validator: null,
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    this.store.insert(record);
    this.records.set(record.id, record);
    this.emit(record.id);
    this.pump();
    return this.info(record);
  }

  async pause(id: string): Promise<DownloadInfo> {
    this.assertOpen();
    const record = this.require(id);
    if (!runningStates.includes(record.state)) return this.info(record);
    await this.stopTask(id);
    // The transfer may have finished (or failed) just before the stop landed; that outcome stands.
    if (runningStates.includes(this.require(id).state)) this.update(id, { state: 'paused', pausedReason: 'user', error: null });
    return this.info(this.require(id));
  }

  /** Resumes a paused download, or retries a failed or cancelled one. */
  async resume(id: string): Promise<DownloadInfo> {
    this.assertOpen();
    const record = this.require(id);
    if (record.state === 'completed') throw new AppError('BAD_REQUEST', `${record.fileName} is already downloaded.`, { reason: 'alreadyDownloaded', fileName: record.fileName });
    if (record.state === 'paused' || record.state === 'failed' || record.state === 'cancelled') {
      const other = [...this.records.values()].find((r) => r.id !== id && r.fileName === record.fileName && runningOrPaused(r.state));
      if (other) throw new AppError('BAD_REQUEST', `${record.fileName} is already being downloaded.`, { reason: 'alreadyDownloading', fileName: record.fileName });
      this.update(id, { state: 'queued', pausedReason: null, error: null });
      this.pump();
    }
    return this.info(this.require(id));
  }

  /** Stops the download and deletes its partial file. The record stays, as `cancelled`. */
  async cancel(id: string): Promise<DownloadInfo> {
    this.assertOpen();
    const record = this.require(id);
    if (record.state === 'completed') throw new AppError('BAD_REQUEST', `${record.fileName} has already finished downloading.`, { reason: 'alreadyDownloaded', fileName: record.fileName });
    await this.stopTask(id);
    if (this.require(id).state === 'completed') return this.info(this.require(id));
    this.forgetHash(id);
    await removePart(partPathOf(record.targetPath));
    this.update(id, { state: 'cancelled', pausedReason: null, receivedBytes: 0, error: null });
    return this.info(this.require(id));
  }

  /** Forgets a download (stopping it and deleting its .part). A finished model file is left alone. */
  async remove(id: string): Promise<void> {
    this.assertOpen();
    const record = this.require(id);
    await this.stopTask(id);
    if (this.require(id).state !== 'completed') await removePart(partPathOf(record.targetPath));
    this.forgetHash(id);
    this.records.delete(id);
    this.store.delete(id);
  }

  list(): DownloadInfo[] {
    return [...this.records.values()].map((record) => this.info(record));
  }

  get(id: string): DownloadInfo | undefined {
    const record = this.records.get(id);
    return record && this.info(record);
  }

  /** Stops all network activity; running downloads stay `downloading` in the database for the next start(). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopping = [...this.active.entries()].map(async ([id, task]) => {
      task.controller.abort(new DOMException('Download manager closed', 'AbortError'));
      await task.done;
      const record = this.records.get(id);
      if (record) this.store.update(id, { receivedBytes: record.receivedBytes, updatedAt: Date.now() });
    });
    await Promise.all(stopping);
    await this.disk.close();
  }

  private pump(): void {
    if (!this.started || this.closed) return;
    for (const record of this.records.values()) {
      if (this.active.size >= this.options.concurrency) return;
      if (record.state === 'queued' && !this.active.has(record.id)) this.launch(record.id);
    }
  }

  private launch(id: string): void {
    const task: ActiveTask = {
      controller: new AbortController(),
      done: Promise.resolve(),
      meter: new SpeedMeter(),
      retryAttempt: 0,
      nextRetryAt: null,
      retryWait: null,
      lastSampleAt: 0,
      lastEmitAt: 0,
      lastPersistAt: 0,
    };
    this.active.set(id, task);
    this.update(id, { state: 'downloading', pausedReason: null, error: null });
    task.done = this.run(id, task)
      .catch((error: unknown) => {
        // Anything unexpected (a bug, a file system surprise) must still end in a visible state.
        if (!task.controller.signal.aborted) this.fail(id, DownloadError.from(error));
      })
      .finally(() => {
        this.active.delete(id);
        this.pump();
      });
  }

  private async run(id: string, task: ActiveTask): Promise<void> {
    const record = this.require(id);
    const signal = task.controller.signal;
    const job: TransferJob = {
      url: record.url,
      partPath: partPathOf(record.targetPath),
      // The folder it was started in, even if the setting changed since.
      modelsDir: dirname(record.targetPath),
      requestedSha256: record.requestedSha256,
      hash: this.hashes.get(id),
      etag: record.etag,
      validator: record.validator,
      totalBytes: record.totalBytes,
      sha256: record.sha256,
    };
    this.hashes.delete(id);
    let failures = 0;
    let serverWaits = 0;
    for (;;) {
      const bytesBefore = job.hash?.bytes ?? record.receivedBytes;
      try {
        await transferOnce(job, {
          disk: this.disk,
          authorization: this.options.authHeader?.(new URL(record.url)),
          signal,
          stallTimeoutMs: this.options.stallTimeoutMs,
          diskMarginBytes: this.options.diskMarginBytes,
          onMeta: () => this.update(id, { etag: job.etag, validator: job.validator, totalBytes: job.totalBytes, sha256: job.sha256, receivedBytes: job.hash?.bytes ?? 0 }),
          onBytes: (received) => this.progress(id, task, received),
        });
        break;
      } catch (error) {
        if (signal.aborted) {
          if (job.hash) this.hashes.set(id, job.hash);
          return;
        }
        const failure = DownloadError.from(error);
        if (failure.code === 'DISK_FULL') {
          if (job.hash) this.hashes.set(id, job.hash);
          this.update(id, { state: 'paused', pausedReason: 'disk-full', error: failure.toPayload(), receivedBytes: job.hash?.bytes ?? 0 });
          return;
        }
        if (failure.code === 'CHECKSUM_MISMATCH') {
          job.hash?.hash.dispose();
          job.hash = undefined;
          await removePart(job.partPath);
        } else if (job.hash) {
          this.hashes.set(id, job.hash);
        }
        if ((job.hash?.bytes ?? 0) > bytesBefore) {
          failures = 0;
          serverWaits = 0;
        }
        const serverAsked = failure.retryable && failure.retryAfterMs !== null;
        if (serverAsked) serverWaits += 1;
        else failures += 1;
        if (!failure.retryable || failures > this.options.maxRetries || serverWaits > this.options.maxServerWaits) {
          const suffix = failure.retryable ? ` Gave up after ${failures + serverWaits} attempts.` : '';
          this.fail(id, failure.givenUp(suffix));
          return;
        }
        const wait: Wait =
          serverAsked && failure.retryAfterMs !== null
            ? { kind: 'retry-after', ms: Math.min(failure.retryAfterMs, this.options.maxRetryAfterMs) }
            : { kind: 'backoff', ms: backoffDelay(failures, this.options.retryBaseDelayMs, this.options.retryMaxDelayMs) };
        if (!(await this.waitBeforeRetry(id, task, failures, failure, wait))) return;
      }
    }
    if (signal.aborted) {
      if (job.hash) this.hashes.set(id, job.hash);
      return;
    }
    await this.finish(id, job);
  }

  /** Sleeps out the backoff or Retry-After; false when the download was stopped meanwhile. */
  private async waitBeforeRetry(id: string, task: ActiveTask, attempt: number, failure: DownloadError, wait: Wait): Promise<boolean> {
    task.retryAttempt = attempt;
    task.retryWait = wait.kind;
    task.nextRetryAt = Date.now() + wait.ms;
    task.meter.reset();
    this.update(id, { error: failure.toPayload() });
    try {
      await sleep(wait.ms, undefined, { signal: task.controller.signal });
    } catch {
      return false;
    }
    task.nextRetryAt = null;
    task.retryWait = null;
    return true;
  }

  /** Every byte is in the .part: compare hashes, then make the model appear atomically. */
  private async finish(id: string, job: TransferJob): Promise<void> {
    const record = this.require(id);
    this.update(id, { state: 'verifying', receivedBytes: job.hash?.bytes ?? 0 });
    const hash = job.hash;
    if (!hash) throw new DownloadError('DOWNLOAD_FAILED', 'Lost track of the downloaded bytes.', { reason: 'lostTrack' }, false);
    const actual = await hash.hash.digest();
    const expected = job.sha256?.toLowerCase() ?? null;
    if (expected !== null && actual !== expected) {
      await removePart(job.partPath);
      this.fail(id, checksumMismatch(actual, expected));
      return;
    }
    await syncFile(job.partPath);
    await rename(job.partPath, record.targetPath);
    // Without an expected hash the file's own is no proof of anything: sha256 stays null, and a
    // total that was never announced stays null, so `verification` says what was really checked.
    this.update(id, { state: 'completed', sha256: expected, receivedBytes: hash.bytes, totalBytes: job.totalBytes, error: null });
  }

  private progress(id: string, task: ActiveTask, received: number): void {
    const record = this.records.get(id);
    if (!record) return;
    record.receivedBytes = received;
    const now = Date.now();
    if (now - task.lastSampleAt >= 100) {
      task.lastSampleAt = now;
      task.meter.sample(received);
    }
    if (task.retryAttempt > 0 || record.error !== null) {
      // Bytes are flowing again: the reconnect worked.
      task.retryAttempt = 0;
      this.update(id, { error: null });
      task.lastEmitAt = now;
      return;
    }
    if (now - task.lastPersistAt >= persistIntervalMs) {
      task.lastPersistAt = now;
      this.store.update(id, { receivedBytes: received, updatedAt: now });
    }
    if (now - task.lastEmitAt >= this.options.progressIntervalMs) {
      task.lastEmitAt = now;
      this.emit(id);
    }
  }

  private async stopTask(id: string): Promise<void> {
    const task = this.active.get(id);
    if (!task) return;
    task.controller.abort(new DOMException('Download stopped', 'AbortError'));
    await task.done;
  }

  private forgetHash(id: string): void {
    this.hashes.get(id)?.hash.dispose();
    this.hashes.delete(id);
  }

  private fail(id: string, error: DownloadError): void {
    this.update(id, { state: 'failed', pausedReason: null, error: error.toPayload() });
  }

  private update(id: string, patch: Partial<Omit<DownloadRecord, 'id' | 'createdAt'>>): void {
    const record = this.records.get(id);
    if (!record) return;
    const stamped = { ...patch, updatedAt: Date.now() };
    Object.assign(record, stamped);
    this.store.update(id, stamped);
    this.emit(id);
  }

  private emit(id: string): void {
    const record = this.records.get(id);
    if (!record) return;
    try {
      this.options.onChange(this.info(record));
    } catch {
      // A listener's bug must not break the download it is watching.
    }
  }

  private info(record: DownloadRecord): DownloadInfo {
    const task = this.active.get(record.id);
    const flowing = task !== undefined && task.nextRetryAt === null && record.state === 'downloading';
    const bytesPerSecond = flowing ? Math.round(task.meter.bytesPerSecond()) : 0;
    return {
      id: record.id,
      url: record.url,
      fileName: record.fileName,
      targetPath: record.targetPath,
      state: record.state,
      receivedBytes: record.receivedBytes,
      totalBytes: record.totalBytes,
      bytesPerSecond,
      etaSeconds: flowing ? task.meter.etaSeconds(record.receivedBytes, record.totalBytes) : null,
      sha256: record.sha256,
      verification: verificationOf(record),
      error: record.error,
      pausedReason: record.pausedReason,
      retryAttempt: task?.retryAttempt ?? 0,
      nextRetryAt: task?.nextRetryAt ?? null,
      retryWait: task && task.nextRetryAt !== null ? task.retryWait : null,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }

  private require(id: string): DownloadRecord {
    const record = this.records.get(id);
    if (!record) throw new AppError('NOT_FOUND', `No download with id ${id}.`, { reason: 'noDownload', id });
    return record;
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('BAD_REQUEST', 'The download manager is closed.', { reason: 'downloadsClosed' });
  }
}

function verificationOf(record: DownloadRecord): Verification {
  if (record.sha256 !== null) return 'sha256';
  return record.totalBytes !== null ? 'size' : 'none';
}

function runningOrPaused(state: DownloadState): boolean {
  return state === 'paused' || runningStates.includes(state);
}

function validFileName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed === '.' || trimmed === '..' || /[/\\\0]/.test(trimmed) || trimmed.length > 255 || trimmed.endsWith('.part')) {
    throw new AppError('BAD_REQUEST', `Not a valid file name for a model: ${JSON.stringify(name)}`, { reason: 'badFileName', fileName: name });
  }
  return trimmed;
}

function validUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('BAD_REQUEST', `Not a valid download address: ${url}`, { reason: 'badUrl', url });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new AppError('BAD_REQUEST', `Only http and https downloads are supported: ${url}`, { reason: 'unsupportedProtocol', url });
  return parsed.toString();
}

function validSha256(value: string): string {
  const sha = value.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new AppError('BAD_REQUEST', `Not a SHA-256 checksum: ${value}`, { reason: 'badChecksum', value });
  return sha;
}
