import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredFile } from './repo-store';
import type { FaultAction } from './types';

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * Parses a single-range `Range` header against a file size (RFC 9110 §14).
 * Returns null when the header should be ignored (absent, malformed or multi-range): the full body is served.
 */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}

export interface ServeOptions {
  etag: string;
  fault: FaultAction | null;
  /** Extra headers (HF's X-Repo-Commit, Content-Disposition…). */
  headers?: Record<string, string>;
}

/** Serves a file (or a range of it) like a CDN, applying a body fault when asked. */
export async function serveFile(req: IncomingMessage, res: ServerResponse, file: StoredFile, options: ServeOptions): Promise<void> {
  const { fault } = options;
  const ifRange = header(req, 'if-range');
  const honourRange = fault?.type !== 'ignore-range' && (ifRange === undefined || ifRange === options.etag);
  const range = honourRange ? parseRange(header(req, 'range'), file.size) : null;
  const common = { 'Accept-Ranges': 'bytes', ETag: options.etag, 'Content-Type': 'application/octet-stream', ...options.headers };

  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'Content-Range': `bytes */${file.size}`, 'Content-Length': 0 });
    res.end();
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? file.size - 1;
  const length = Math.max(0, end - start + 1);
  res.writeHead(range ? 206 : 200, {
    ...common,
    'Content-Length': length,
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${file.size}` } : {}),
  });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  if (!fault || fault.type === 'ignore-range') {
    await pipeline(openSource(file, start, end), res).catch(() => undefined);
    return;
  }
  await pumpWithFault(res, file, start, end, fault);
}

function openSource(file: StoredFile, start: number, end: number): Readable {
  if (typeof file.source === 'string') return createReadStream(file.source, { start, end, highWaterMark: 256 * 1024 });
  return Readable.from([file.source.subarray(start, end + 1)]);
}

/** Chunks an in-memory body so faults get the same granularity as files. */
async function* chunksOf(file: StoredFile, start: number, end: number): AsyncGenerator<Buffer> {
  if (typeof file.source === 'string') {
    for await (const chunk of createReadStream(file.source, { start, end, highWaterMark: 64 * 1024 })) yield chunk as Buffer;
    return;
  }
  for (let pos = start; pos <= end; pos += 64 * 1024) yield file.source.subarray(pos, Math.min(end + 1, pos + 64 * 1024));
}

/** A response being pumped by hand, with one shared "client went away" promise (listeners don't pile up). */
interface Outlet {
  res: ServerResponse;
  closed: Promise<false>;
}

async function pumpWithFault(res: ServerResponse, file: StoredFile, start: number, end: number, fault: FaultAction): Promise<void> {
  const out: Outlet = { res, closed: once(res, 'close').then(() => false as const) };
  res.flushHeaders();
  let offset = start;
  const began = Date.now();

  if ((fault.type === 'drop' || fault.type === 'stall') && fault.atByte <= start) {
    if (fault.type === 'drop') return dropConnection(res);
    if (!(await waitOrClose(out, fault.ms))) return;
  }
  for await (const original of chunksOf(file, start, end)) {
    if (res.destroyed) return;
    let chunk = fault.type === 'corrupt' ? corrupt(original) : original;
    if ((fault.type === 'drop' || fault.type === 'stall') && offset < fault.atByte && offset + chunk.length >= fault.atByte) {
      const head = chunk.subarray(0, fault.atByte - offset);
      if (!(await write(out, head))) return;
      offset += head.length;
      chunk = chunk.subarray(head.length);
      if (fault.type === 'drop') return dropConnection(res);
      if (!(await waitOrClose(out, fault.ms))) return;
    }
    if (fault.type === 'throttle') {
      if (!(await writeThrottled(out, chunk, fault.bytesPerSecond, began, offset - start))) return;
    } else if (!(await write(out, chunk))) {
      return;
    }
    offset += chunk.length;
  }
  res.end();
}

async function write(out: Outlet, chunk: Buffer): Promise<boolean> {
  if (out.res.destroyed) return false;
  if (chunk.length === 0 || out.res.write(chunk)) return !out.res.destroyed;
  const drained = new Promise<true>((resolve) => out.res.once('drain', () => resolve(true)));
  return (await Promise.race([drained, out.closed])) && !out.res.destroyed;
}

async function writeThrottled(out: Outlet, chunk: Buffer, bytesPerSecond: number, began: number, sentBefore: number): Promise<boolean> {
  const slice = Math.max(1, Math.floor(bytesPerSecond / 20));
  let sent = sentBefore;
  for (let pos = 0; pos < chunk.length; pos += slice) {
    const piece = chunk.subarray(pos, pos + slice);
    if (!(await write(out, piece))) return false;
    sent += piece.length;
    const due = began + (sent / bytesPerSecond) * 1000 - Date.now();
    if (due > 0 && !(await waitOrClose(out, due))) return false;
  }
  return true;
}

/** Waits `ms` (forever when undefined) unless the client hangs up first; true if still connected. */
async function waitOrClose(out: Outlet, ms: number | undefined): Promise<boolean> {
  if (out.res.destroyed) return false;
  if (ms === undefined || !Number.isFinite(ms)) return out.closed;
  const controller = new AbortController();
  const result = await Promise.race([sleep(ms, true, { signal: controller.signal }).catch(() => true), out.closed]);
  controller.abort();
  return result && !out.res.destroyed;
}

async function dropConnection(res: ServerResponse): Promise<void> {
  // Let what was written reach the client before the connection dies mid-body.
  await new Promise<void>((resolve) => res.write('', () => resolve()));
  res.socket?.destroy();
  res.destroy();
}

function corrupt(chunk: Buffer): Buffer {
  const copy = Buffer.from(chunk);
  for (let i = 0; i < copy.length; i += 4096) copy[i] = (copy[i] ?? 0) ^ 0xff;
  return copy;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
