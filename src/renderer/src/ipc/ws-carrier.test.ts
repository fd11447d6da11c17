// @vitest-environment node
// jsdom's WebSocket trips over vitest's two Event classes; Node 22's global WebSocket is the
// same WHATWG API a browser has, and the carrier needs no DOM.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { ClientFrame, ServerFrame } from '../../../shared/ipc-contract';
import type { ErrorPayload } from '../../../shared/errors';
import type { Carrier, ConnectionState } from './carrier';
import { createWebSocketCarrier } from './ws-carrier';

/** A stand-in for the browser host: answers every call with its name and input. */
function startServer(): Promise<{ server: WebSocketServer; port: number; sockets: ServerSocket[]; urls: string[] }> {
  return new Promise((resolve) => {
    const sockets: ServerSocket[] = [];
    const urls: string[] = [];
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('unexpected address');
      resolve({ server, port: address.port, sockets, urls });
    });
    server.on('connection', (socket, request) => {
      sockets.push(socket);
      urls.push(request.url ?? '');
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as ClientFrame;
        if (frame.name === 'worker.status') return; // never answered: used to test drops
        const reply: ServerFrame = { type: 'result', id: frame.id, result: { ok: true, value: { echo: frame.name, input: frame.input } } };
        socket.send(JSON.stringify(reply));
      });
    });
  });
}

function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('WebSocket carrier', () => {
  let host: Awaited<ReturnType<typeof startServer>>;
  let carrier: Carrier;
  let states: ConnectionState[];

  beforeEach(async () => {
    host = await startServer();
    states = [];
    carrier = createWebSocketCarrier({ url: () => `ws://127.0.0.1:${host.port}/ipc?token=t0k`, backoff: () => 20 });
    carrier.onConnectionChange((state) => states.push(state));
  });

  afterEach(async () => {
    carrier.close();
    await new Promise<void>((resolve) => host.server.close(() => resolve()));
  });

  it('queues calls until the socket opens, then matches results by id', async () => {
    const [a, b] = await Promise.all([carrier.invoke('chats.list', { query: 'x' }), carrier.invoke('app.info', {})]);
    expect(a).toEqual({ ok: true, value: { echo: 'chats.list', input: { query: 'x' } } });
    expect(b).toEqual({ ok: true, value: { echo: 'app.info', input: {} } });
    expect(host.urls[0]).toBe('/ipc?token=t0k');
    expect(carrier.connectionState()).toBe('open');
  });

  it('delivers events and host errors, and ignores unknown event names', async () => {
    const events: [string, unknown][] = [];
    const errors: ErrorPayload[] = [];
    carrier.subscribe((name, payload) => events.push([name, payload]));
    carrier.onHostError((error) => errors.push(error));
    await until(() => host.sockets.length === 1 && carrier.connectionState() === 'open');
    const socket = host.sockets[0]!;
    socket.send(JSON.stringify({ type: 'event', name: 'bogus.event', payload: 1 }));
    socket.send(JSON.stringify({ type: 'event', name: 'chats.changed', payload: { chatId: 'c1' } }));
    socket.send('not json');
    socket.send(JSON.stringify({ type: 'error', error: { code: 'BAD_REQUEST', message: 'bad frame' } }));
    await until(() => errors.length === 1);
    expect(events).toEqual([['chats.changed', { chatId: 'c1' }]]);
    expect(errors).toEqual([{ code: 'BAD_REQUEST', message: 'bad frame' }]);
  });

  it('fails calls in flight when the socket drops, reconnects, and works again', async () => {
    await until(() => carrier.connectionState() === 'open');
    const unanswered = carrier.invoke('worker.status', {});
    await until(() => host.sockets.length === 1);
    await new Promise((r) => setTimeout(r, 30));
    host.sockets[0]!.terminate();

    await expect(unanswered).resolves.toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    await until(() => host.sockets.length === 2 && carrier.connectionState() === 'open');
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    await expect(carrier.invoke('app.info', {})).resolves.toMatchObject({ ok: true });
  });

  it('keeps retrying while the host is away and sends queued calls once it is back', async () => {
    await until(() => carrier.connectionState() === 'open');
    const port = host.port;
    for (const socket of host.sockets) socket.terminate();
    await new Promise<void>((resolve) => host.server.close(() => resolve()));
    await until(() => carrier.connectionState() === 'reconnecting');

    const queued = carrier.invoke('settings.get', {});
    await new Promise((r) => setTimeout(r, 100));
    // Back on the same port: the carrier's next attempt finds it.
    host.server = new WebSocketServer({ host: '127.0.0.1', port });
    host.server.on('connection', (socket) =>
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as ClientFrame;
        socket.send(JSON.stringify({ type: 'result', id: frame.id, result: { ok: true, value: 'back' } } satisfies ServerFrame));
      }),
    );
    await expect(queued).resolves.toEqual({ ok: true, value: 'back' });
  });

  it('stops retrying once the host refuses the token', async () => {
    await until(() => carrier.connectionState() === 'open');
    const socket = host.sockets[0]!;
    socket.send(JSON.stringify({ type: 'error', error: { code: 'FORBIDDEN', message: 'Wrong or missing access token.' } } satisfies ServerFrame));
    socket.close(4401, 'forbidden');
    await until(() => carrier.connectionState() === 'refused');
    await expect(carrier.invoke('app.info', {})).resolves.toMatchObject({ ok: false });
    await new Promise((r) => setTimeout(r, 100));
    expect(host.sockets).toHaveLength(1);
  });
});
