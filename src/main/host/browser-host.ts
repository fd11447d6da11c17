import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { IMPORT_MAX_CHARS } from '../../shared/chat-transfer';
import type { ClientFrame, ServerFrame } from '../../shared/ipc-contract';
import type { EventBus } from '../api/event-bus';
import type { Dispatch } from '../api/dispatcher';
import { serveStatic } from './static-files';

export interface BrowserHostOptions {
  dispatch: Dispatch;
  events: EventBus;
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
  log?: (message: string) => void;
}

export interface BrowserHost {
  url: string;
  /** The address to open: the token travels in the fragment, which browsers never send to servers. */
  openUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * An imported file travels in one call: JSON escapes at most double a JSON file's bytes
 * (quotes, backslashes and line breaks), plus the envelope.
 */
export const MAX_FRAME_BYTES = 2 * IMPORT_MAX_CHARS + 1024 * 1024;

/**
 * Candil without Electron: the built renderer over HTTP and the IPC contract over a WebSocket,
 * on 127.0.0.1 only. A random token per start keeps other local pages and programs out.
 */
export async function startBrowserHost(o: BrowserHostOptions): Promise<BrowserHost> {
  const log = o.log ?? ((m: string) => console.warn(m));
  const token = o.token ?? randomBytes(24).toString('base64url');
  let port = o.port;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    serveStatic(o.rendererDir, req.url ?? '/', res, port).catch((error: unknown) => {
      log(`[candil] serving ${req.url ?? '/'} failed: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  // server.close() waits for every socket, and upgraded or half-refused ones (a hostile client that
  // never answers a close frame) are not the HTTP server's to end: the host ends them itself.
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  server.on('upgrade', (req, socket, head) => {
    // Whatever a refused or broken client sends next must not end the process: every socket and
    // WebSocket has an error listener before anything else can happen on it.
    socket.on('error', (error) => log(`[candil] connection error: ${error.message}`));
    const url = URL.parse(req.url ?? '/', 'http://127.0.0.1');
    // `GET http://[ HTTP/1.1` passes Node's parser but not URL's: thrown here, it ended the process.
    if (!url) {
      log('[candil] refused a WebSocket with an unreadable address');
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const origin = req.headers.origin;
    const originOk = origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (url.pathname !== '/ipc' || !originOk) {
      log(`[candil] refused a WebSocket from origin ${origin ?? '(none)'} to ${url.pathname}`);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', (error) => log(`[candil] WebSocket error: ${error.message}`));
      if (!sameSecret(url.searchParams.get('token') ?? '', token)) {
        log('[candil] refused a WebSocket with a wrong token');
        send(ws, { type: 'error', error: { code: 'FORBIDDEN', message: 'Wrong or missing access token.', params: { reason: 'wrongToken' } } });
        ws.close(4401, 'forbidden');
        return;
      }
      attach(ws);
    });
  });

  function attach(ws: WebSocket): void {
    const unsubscribe = o.events.subscribe((event) => send(ws, { type: 'event', name: event.name, payload: event.payload }));
    ws.on('close', unsubscribe);
    ws.on('message', (data) => void onFrame(ws, data));
  }

  async function onFrame(ws: WebSocket, data: RawData): Promise<void> {
    let frame: ClientFrame;
    try {
      frame = JSON.parse(data.toString()) as ClientFrame;
    } catch {
      log('[candil] dropped a WebSocket frame that is not JSON');
      send(ws, { type: 'error', error: { code: 'BAD_REQUEST', message: 'Frames must be JSON.', params: { reason: 'notJsonFrame' } } });
      return;
    }
    if (typeof frame !== 'object' || frame === null || frame.type !== 'call' || !Number.isSafeInteger(frame.id)) {
      log('[candil] dropped a malformed WebSocket frame');
      send(ws, { type: 'error', error: { code: 'BAD_REQUEST', message: 'Expected {type:"call", id, name, input}.', params: { reason: 'badFrame' } } });
      return;
    }
    send(ws, { type: 'result', id: frame.id, result: await o.dispatch(frame.name, frame.input) });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}#token=${token}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function send(ws: WebSocket, frame: ServerFrame): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
