import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { requestBody, type BodyResponse } from './body-request';

/** A TCP server that answers each connection with hand-written bytes, to exercise framing edge cases. */
let server: Server | undefined;
let requests: string[] = [];

afterEach(async () => {
  server?.close();
  server = undefined;
  requests = [];
});

async function serve(answer: (socket: Socket) => unknown): Promise<URL> {
  server = createServer((socket) => {
    let head = '';
    socket.on('data', (data: Buffer) => {
      head += data.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        requests.push(head);
        head = '';
        void answer(socket);
      }
    });
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return new URL(`http://127.0.0.1:${address.port}/file?x=1`);
}

const options = () => ({ headers: {}, signal: new AbortController().signal, headersTimeoutMs: 2_000 });

/** Reads the whole body, copying each lent chunk. */
function readAll(res: BodyResponse): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    res.consume({
      data: (chunk) => parts.push(Buffer.from(chunk)),
      end: () => resolve(Buffer.concat(parts)),
      error: reject,
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('requestBody', () => {
  it('sends a plain GET with Connection: close and reads a Content-Length body', async () => {
    const body = Buffer.alloc(3_000_000, 7);
    const url = await serve((s) => s.end(Buffer.concat([Buffer.from(`HTTP/1.1 206 Partial\r\nContent-Length: ${body.length}\r\nETag: "abc"\r\nX-Twice: a\r\nX-Twice: b\r\n\r\n`), body])));
    const res = await requestBody(url, { ...options(), headers: { Range: 'bytes=5-' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers.etag).toBe('"abc"');
    expect(res.headers['x-twice']).toBe('a, b');
    expect((await readAll(res)).equals(body)).toBe(true);
    expect(res.complete).toBe(true);
    expect(requests[0]).toMatch(/^GET \/file\?x=1 HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n/);
    expect(requests[0]).toContain('\r\nRange: bytes=5-\r\n');
    expect(requests[0]).toContain('\r\nConnection: close\r\n');
  });

  it('decodes chunked bodies split at awkward places, skipping 1xx answers and trailers', async () => {
    const url = await serve(async (s) => {
      const wire = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n';
      // One byte at a time: every parser state meets a read boundary.
      for (const byte of wire) {
        s.write(byte);
        await sleep(1);
      }
    });
    const res = await requestBody(url, options());
    expect(res.statusCode).toBe(200);
    expect((await readAll(res)).toString()).toBe('hello 0123456789');
    expect(res.complete).toBe(true);
  });

  it('reads a body delimited by the connection closing, even when it ends before anyone reads it', async () => {
    const url = await serve((s) => s.end('HTTP/1.1 200 OK\r\n\r\nall of it'));
    const res = await requestBody(url, options());
    await sleep(50);
    expect((await readAll(res)).toString()).toBe('all of it');
  });

  it('reports a connection that closes before the announced length', async () => {
    const url = await serve((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort'));
    const res = await requestBody(url, options());
    await expect(readAll(res)).rejects.toThrow(/closed the connection early/);
    expect(res.complete).toBe(false);
  });

  it('rejects when the server hangs up without answering, or answers garbage', async () => {
    const url = await serve((s) => s.end());
    await expect(requestBody(url, options())).rejects.toMatchObject({ code: 'ECONNRESET' });
    server?.close();
    const garbage = await serve((s) => s.end('SSH-2.0-OpenSSH\r\n\r\n'));
    await expect(requestBody(garbage, options())).rejects.toThrow(/invalid HTTP response/);
  });

  it('times out a server that never answers, and honours abort signals', async () => {
    const url = await serve(() => undefined);
    await expect(requestBody(url, { ...options(), headersTimeoutMs: 50 })).rejects.toMatchObject({ code: 'NETWORK' });
    const controller = new AbortController();
    const pending = requestBody(url, { ...options(), signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });

  it('fails a body being read when the signal aborts', async () => {
    const url = await serve((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial'));
    const controller = new AbortController();
    const res = await requestBody(url, { ...options(), signal: controller.signal });
    const reading = readAll(res);
    controller.abort(new Error('paused by user'));
    await expect(reading).rejects.toThrow('paused by user');
  });

  it('pauses reading on request and resumes', async () => {
    const body = Buffer.alloc(4_000_000, 1);
    const url = await serve((s) => s.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body])));
    const res = await requestBody(url, options());
    let received = 0;
    let paused = false;
    const done = new Promise<void>((resolve, reject) => {
      res.consume({
        data: (chunk) => {
          expect(paused).toBe(false);
          received += chunk.byteLength;
          if (received > 1_000_000 && received - chunk.byteLength <= 1_000_000) {
            paused = true;
            res.pause();
            setTimeout(() => {
              paused = false;
              res.resume();
            }, 30);
          }
        },
        end: resolve,
        error: reject,
      });
    });
    await done;
    expect(received).toBe(body.length);
  });

  it('refuses header values that would inject lines', async () => {
    const url = await serve(() => undefined);
    await expect(requestBody(url, { ...options(), headers: { Authorization: 'Bearer x\r\nEvil: 1' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(requests).toEqual([]);
  });
});
