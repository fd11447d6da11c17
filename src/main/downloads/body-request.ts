import type { IncomingHttpHeaders } from 'node:http';
import { connect as netConnect, isIP, type OnReadOpts } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { openTunnel, routeFor } from '../net/http';
import { DownloadError, stalled } from './download-error';

/**
 * A minimal HTTP/1.1 GET for model bodies, reading the socket straight into one reused buffer.
 *
 * Why not node:http: its client reads 64 KiB at a time into a fresh buffer, and its parser copies
 * every body piece into another fresh buffer, so a download allocates (and garbage-collects) twice
 * its size. Measured on loopback, reading a body through node:http alone cost 1.4 CPU-s/GB, more
 * than curl's whole download; a socket with `onread` into a fixed buffer costs ~0.3 CPU-s/GB.
 * undici (the app's HTTP client, src/main/net) does better than node:http but still costs ~2.4 CPU-s/GB
 * against ~0.3 here, which would put downloads far below curl; so only the bulk bytes come here, and
 * they take their route and proxy tunnel from the same place as every other request.
 *
 * Scope, on purpose: one request per connection (`Connection: close`), GET only, bodies framed by
 * Content-Length, chunked transfer coding or connection close (RFC 9112 §6.3).
 */

export interface BodyRequestOptions {
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Give up (retryably) when the response head takes longer than this. */
  headersTimeoutMs: number;
}

/**
 * Receives a response body. Chunks are views into a reused buffer, valid only during the call.
 * `BodyResponse.pause()` stops further reads; bytes already read are still delivered.
 */
export interface BodyHandler {
  /**
   * Memory for the next socket read, so body bytes land where the handler keeps them and data()
   * gets views into it (no copy). Called between reads only; the region must stay untouched until
   * the next call or the end of the response. Without it, reads go to a buffer of the connection.
   */
  readBuffer?(): Uint8Array;
  /** Copy what you keep before returning (unless it is in your own readBuffer memory): the next read overwrites the bytes. */
  data(chunk: Uint8Array): void;
  /** Every byte of the body arrived. */
  end(): void;
  /** The connection failed or closed early; no other call follows. */
  error(error: Error): void;
}

/** Socket reads land here until a handler provides memory; one read fills at most this much. */
const readBufferBytes = 256 * 1024;
/** Far above any real response head (node:http allows 16 KiB); protects against a runaway server. */
const maxHeadBytes = 64 * 1024;
const maxChunkLineBytes = 4 * 1024;
const crlfcrlf = Buffer.from('\r\n\r\n');

/** Sends a GET and resolves once the response head is in; the body waits, paused, for `consume()`. */
export function requestBody(url: URL, options: BodyRequestOptions): Promise<BodyResponse> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(abortReason(options.signal));
      return;
    }
    let head: string;
    try {
      head = requestHead(url, options.headers);
    } catch (error) {
      reject(error as Error);
      return;
    }
    const connection = new Connection(url, head, options, resolve, reject);
    void connection.open();
  });
}

/** The response as transfer code sees it: status, headers, then a body to consume or discard. */
export class BodyResponse {
  /** True once every body byte was delivered. */
  complete = false;

  constructor(
    readonly statusCode: number,
    /** Lower-case names; repeated headers joined with ", " as node:http does for most. */
    readonly headers: IncomingHttpHeaders,
    private readonly connection: Connection,
  ) {}

  /** Starts delivering the body to `handler` (synchronously for bytes already read). */
  consume(handler: BodyHandler): void {
    this.connection.consume(handler);
  }

  pause(): void {
    this.connection.pause();
  }

  resume(): void {
    this.connection.resume();
  }

  /** Closes the connection; the handler hears nothing more. */
  destroy(): void {
    this.connection.destroy(null);
  }
}

type Framing =
  | { kind: 'length'; remaining: number }
  | { kind: 'chunked'; state: 'size' | 'data' | 'data-end' | 'trailer'; remaining: number; line: string }
  | { kind: 'close' };

class Connection {
  private closed = false;
  private socket: Duplex | null = null;
  private readonly buffer = Buffer.allocUnsafe(readBufferBytes);
  /** Head bytes when the head spans reads (rare); a copy, since the read buffer is reused. */
  private partialHead: Buffer | null = null;
  private response: BodyResponse | null = null;
  private framing: Framing = { kind: 'close' };
  /** Body bytes read with the head, kept (the socket paused) until a handler attaches. */
  private leftover: Uint8Array | null = null;
  private handler: BodyHandler | null = null;
  /** Why the connection ended early, for a handler that attaches afterwards. */
  private failure: Error | null = null;
  /** The body ended before a handler attached; tell it when it does. */
  private endPending = false;
  private readonly headTimer: NodeJS.Timeout;
  private readonly onAbort = (): void => this.fail(abortReason(this.options.signal));

  constructor(
    private readonly url: URL,
    private readonly head: string,
    private readonly options: BodyRequestOptions,
    private resolveHead: ((response: BodyResponse) => void) | null,
    private rejectHead: ((error: Error) => void) | null,
  ) {
    this.headTimer = setTimeout(() => this.fail(stalled(options.headersTimeoutMs)), options.headersTimeoutMs);
  }

  /** Connects (directly, or through a CONNECT tunnel when the proxy rules say so) and sends the request. */
  async open(): Promise<void> {
    this.options.signal.addEventListener('abort', this.onAbort, { once: true });
    const secure = this.url.protocol === 'https:';
    const host = this.url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(this.url.port) || (secure ? 443 : 80);
    const route = await routeFor(this.url);
    if (this.closed) return;
    if (route.kind === 'direct') {
      // A function: Node calls it after every read for the next target, which lets reads move into the handler's memory.
      const onread: OnReadOpts = { buffer: () => this.nextReadBuffer(), callback: (length, buffer) => this.onRead(buffer.subarray(0, length)) };
      // tls.connect documents `onread` (Node >= 14) but @types/node's ConnectionOptions lacks it.
      const tlsOptions: ConnectionOptions & { onread: OnReadOpts } = { host, port, servername: isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], onread };
      const socket = secure ? tlsConnect(tlsOptions) : netConnect({ host, port, onread });
      socket.setNoDelay(true);
      this.attach(socket);
      return;
    }
    let tunnel: Duplex;
    try {
      tunnel = await openTunnel(route.url, `${this.url.hostname}:${port}`, this.options.signal);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (this.closed) {
      tunnel.destroy();
      return;
    }
    // Node ignores `onread` on a socket it did not open itself: tunnelled bodies arrive as 'data' chunks.
    const socket = secure ? tlsConnect({ socket: tunnel, servername: isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'] }) : tunnel;
    socket.on('data', (chunk: Buffer) => {
      if (!this.onRead(chunk)) socket.pause();
    });
    this.attach(socket);
  }

  private attach(socket: Duplex): void {
    this.socket = socket;
    // Written at once: the socket queues it until connected (and, for TLS, until the handshake is done).
    socket.write(this.head, 'latin1');
    socket.on('error', (error) => this.fail(error));
    socket.on('end', () => this.onEnd());
    socket.on('close', () => this.onEnd());
  }

  consume(handler: BodyHandler): void {
    if (this.handler) throw new Error('the body is already being consumed');
    this.handler = handler;
    if (this.failure) {
      handler.error(this.failure);
      return;
    }
    const leftover = this.leftover;
    this.leftover = null;
    if (leftover) this.onBody(leftover);
    if (this.endPending) handler.end();
    else if (!this.closed) this.socket?.resume();
  }

  pause(): void {
    if (!this.closed) this.socket?.pause();
  }

  resume(): void {
    if (!this.closed && this.handler) this.socket?.resume();
  }

  /** Ends the connection; `error` (if any) goes to whoever is waiting: the head promise or the handler. */
  destroy(error: Error | null): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.headTimer);
    this.options.signal.removeEventListener('abort', this.onAbort);
    this.socket?.destroy();
    if (!error) return;
    this.failure = error;
    if (this.rejectHead) {
      this.rejectHead(error);
      this.resolveHead = this.rejectHead = null;
    } else {
      this.handler?.error(error);
    }
  }

  private fail(error: Error): void {
    this.destroy(error);
  }

  private nextReadBuffer(): Uint8Array {
    const target = this.closed || !this.response ? undefined : this.handler?.readBuffer?.();
    return target && target.byteLength > 0 ? target : this.buffer;
  }

  private onRead(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    if (this.response) {
      this.onBody(bytes);
      return true;
    }
    let body: Uint8Array;
    try {
      const parsed = this.parseHead(bytes);
      if (!parsed) return true;
      body = parsed;
    } catch (error) {
      this.fail(error as Error);
      return false;
    }
    // Nobody reads the body yet: hold the bytes already read and stop reading until someone does.
    this.socket?.pause();
    // Copied: `body` is a view into the read buffer.
    if (body.byteLength > 0) this.leftover = new Uint8Array(body);
    return false;
  }

  /** Returns the body bytes that followed the head, or null while the head is incomplete. */
  private parseHead(bytes: Uint8Array): Uint8Array | null {
    let data: Buffer = this.partialHead ? Buffer.concat([this.partialHead, bytes]) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (;;) {
      const end = data.indexOf(crlfcrlf);
      if (end < 0) {
        if (data.byteLength > maxHeadBytes) throw protocolError('response head too large');
        // Copy: `data` may be a view into the read buffer, which the next read overwrites.
        this.partialHead = Buffer.from(data);
        return null;
      }
      if (end > maxHeadBytes) throw protocolError('response head too large');
      const { status, headers } = parseHeadText(data.toString('latin1', 0, end));
      data = data.subarray(end + 4);
      // Interim answers (100 Continue, 103 Early Hints) come before the real one.
      if (status >= 100 && status < 200) continue;
      this.partialHead = null;
      this.framing = framingOf(status, headers);
      clearTimeout(this.headTimer);
      const response = new BodyResponse(status, headers, this);
      this.response = response;
      const resolve = this.resolveHead;
      this.resolveHead = this.rejectHead = null;
      resolve?.(response);
      if (this.framing.kind === 'length' && this.framing.remaining === 0) this.finish();
      return data;
    }
  }

  private onBody(bytes: Uint8Array): void {
    const framing = this.framing;
    if (framing.kind === 'close') {
      if (bytes.byteLength > 0) this.handler?.data(bytes);
      return;
    }
    if (framing.kind === 'length') {
      if (framing.remaining === 0) return;
      const piece = bytes.byteLength > framing.remaining ? bytes.subarray(0, framing.remaining) : bytes;
      framing.remaining -= piece.byteLength;
      if (piece.byteLength > 0) this.handler?.data(piece);
      if (framing.remaining === 0) this.finish();
      return;
    }
    try {
      this.decodeChunked(framing, bytes);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  /** Chunked transfer coding (RFC 9112 §7.1), delivering each data run as a view; no copying. */
  private decodeChunked(framing: Extract<Framing, { kind: 'chunked' }>, bytes: Uint8Array): void {
    let i = 0;
    while (i < bytes.byteLength && !this.closed) {
      if (framing.state === 'data') {
        const take = Math.min(framing.remaining, bytes.byteLength - i);
        framing.remaining -= take;
        const piece = bytes.subarray(i, i + take);
        i += take;
        if (framing.remaining === 0) framing.state = 'data-end';
        this.handler?.data(piece);
        continue;
      }
      // Line-oriented states: collect one line (without CRLF).
      const newline = bytes.indexOf(0x0a, i);
      const lineEnd = newline < 0 ? bytes.byteLength : newline;
      framing.line += Buffer.from(bytes.buffer, bytes.byteOffset + i, lineEnd - i).toString('latin1');
      if (framing.line.length > maxChunkLineBytes) throw protocolError('chunk header too long');
      if (newline < 0) return;
      i = newline + 1;
      const line = framing.line.replace(/\r$/, '');
      framing.line = '';
      if (framing.state === 'data-end') {
        if (line !== '') throw protocolError('missing CRLF after chunk data');
        framing.state = 'size';
      } else if (framing.state === 'size') {
        const match = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/.exec(line);
        if (!match?.[1]) throw protocolError('bad chunk size');
        framing.remaining = parseInt(match[1], 16);
        framing.state = framing.remaining === 0 ? 'trailer' : 'data';
      } else if (line === '') {
        // End of the trailer section: the body is complete.
        this.finish();
      }
    }
  }

  private finish(): void {
    if (this.closed || !this.response) return;
    this.response.complete = true;
    // We asked for `Connection: close`: nothing more comes on this socket.
    this.destroy(null);
    if (this.handler) this.handler.end();
    else this.endPending = true;
  }

  /** The server closed its side (or the socket went away). */
  private onEnd(): void {
    if (this.closed) return;
    if (this.response && this.framing.kind === 'close') {
      this.finish();
      return;
    }
    const message = this.response ? 'the server closed the connection early' : 'the server closed the connection before answering';
    this.fail(Object.assign(new Error(message), { code: 'ECONNRESET' }));
  }
}

function requestHead(url: URL, headers: Record<string, string>): string {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  const all: Record<string, string> = { 'User-Agent': 'Candil', 'Accept-Encoding': 'identity', ...headers, Connection: 'close' };
  for (const [name, value] of Object.entries(all)) {
    // A token pasted with a stray newline must not smuggle headers (node:http refuses these too).
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[^\t\x20-\x7e\x80-\xff]/.test(value)) {
      throw new DownloadError('BAD_REQUEST', `Invalid characters in the ${name} header.`, { reason: 'badHeader', name }, false);
    }
    lines.push(`${name}: ${value}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function parseHeadText(text: string): { status: number; headers: IncomingHttpHeaders } {
  const lines = text.split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
  if (!statusLine?.[1]) throw protocolError('bad status line');
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) throw protocolError('bad header line');
    const value = line.slice(colon + 1).trim();
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else if (name === 'content-length' && previous !== value) throw protocolError('conflicting Content-Length');
    else if (name !== 'content-length') headers[name] = `${previous}, ${value}`;
  }
  return { status: Number(statusLine[1]), headers };
}

function framingOf(status: number, headers: IncomingHttpHeaders): Framing {
  if (status === 204 || status === 304) return { kind: 'length', remaining: 0 };
  const transferEncoding = headers['transfer-encoding'];
  if (typeof transferEncoding === 'string') {
    const codings = transferEncoding.toLowerCase().split(',').map((c) => c.trim());
    // Only chunked is decodable here; anything else runs until the connection closes (RFC 9112 §6.3).
    return codings.at(-1) === 'chunked' ? { kind: 'chunked', state: 'size', remaining: 0, line: '' } : { kind: 'close' };
  }
  const length = headers['content-length'];
  if (typeof length === 'string') {
    if (!/^\d+$/.test(length)) throw protocolError('bad Content-Length');
    return { kind: 'length', remaining: Number(length) };
  }
  return { kind: 'close' };
}

function protocolError(what: string): Error {
  // ECONNRESET-like: a garbled answer is worth a retry, like any broken connection.
  return Object.assign(new Error(`invalid HTTP response (${what})`), { code: 'ECONNRESET' });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('Download interrupted', 'AbortError');
}
