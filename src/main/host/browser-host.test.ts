import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../shared/ipc-contract';
import { createCore, type CandilCore } from '../core';
import { forkWorkerLauncher } from '../inference/worker-port';
import { builtWorkerEntry } from '../../test-support/test-model';
import { startBrowserHost, type BrowserHost } from './browser-host';

let dir: string;
let core: CandilCore;
let host: BrowserHost;
const logged: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'candil-host-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Candil</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  core = createCore({ dataDir: dir, host: 'browser', version: 'test', launchWorker: forkWorkerLauncher(builtWorkerEntry()) });
  host = await startBrowserHost({ dispatch: core.dispatch, events: core.events, rendererDir, port: 0, log: (m) => logged.push(m) });
});

afterAll(async () => {
  await host.close();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

function connect(token: string, origin?: string): Promise<{ ws: WebSocket; frames: ServerFrame[]; closed: Promise<number> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc?token=${encodeURIComponent(token)}`, { origin });
  const frames: ServerFrame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as ServerFrame));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, closed }));
    ws.once('error', reject);
  });
}

function nextFrame(frames: ServerFrame[], count: number): Promise<ServerFrame> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (frames.length >= count) {
        clearInterval(timer);
        resolve(frames[count - 1] as ServerFrame);
      }
    }, 5);
  });
}

/** A hand-made WebSocket handshake, then raw bytes: what a hostile local process can send. */
async function rawWebSocket(path: string, bytes: Buffer): Promise<void> {
  const socket = netConnect(host.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.on('error', () => undefined);
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await new Promise((resolve) => socket.once('data', resolve));
  socket.write(bytes);
  await new Promise((resolve) => {
    socket.once('close', resolve);
    setTimeout(resolve, 500);
  });
  socket.destroy();
}

describe('browser host', () => {
  it('survives an unmasked frame on a refused WebSocket, and garbage after a refused upgrade', async () => {
    // 81 01 61: a one-byte text frame without the mask every client frame must carry.
    await rawWebSocket('/ipc?token=wrong', Buffer.from([0x81, 0x01, 0x61]));
    await rawWebSocket('/ipc?token=wrong', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00]));
    await rawWebSocket('/elsewhere', Buffer.from([0x81, 0x01, 0x61, 0x00, 0xde, 0xad]));
    // Still serving, in the same process (an unhandled 'error' event would have ended it).
    expect((await fetch(host.url)).status).toBe(200);
    const { ws, frames } = await connect(host.token);
    ws.send(JSON.stringify({ type: 'call', id: 1, name: 'settings.get', input: {} }));
    await vi.waitFor(() => expect(frames.find((f) => f.type === 'result')).toMatchObject({ type: 'result', id: 1, result: { ok: true } }));
    ws.close();
  });

  it('serves the renderer with a strict CSP, on 127.0.0.1 only, and nothing outside it', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${host.url}..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${host.url}missing.js`)).status).toBe(404);
    expect((await fetch(host.url, { method: 'POST' })).status).toBe(405);
    // Any web page can make the browser ask for this; it must not bring the host down.
    expect((await fetch(`${host.url}%E0%A4%A`)).status).toBe(400);
    expect((await fetch(host.url)).status).toBe(200);
  });

  it('carries calls and their typed results over the WebSocket', async () => {
    const { ws, frames } = await connect(host.token);
    ws.send(JSON.stringify({ type: 'call', id: 1, name: 'chats.create', input: { title: 'Hola' } }));
    const frame = await nextFrame(frames, 1);
    expect(frame).toMatchObject({ type: 'result', id: 1, result: { ok: true, value: { title: 'Hola' } } });
    ws.close();
  });

  it('refuses a wrong token with a typed error and closes', async () => {
    const { frames, closed } = await connect('wrong-token');
    expect(await closed).toBe(4401);
    expect(frames[0]).toEqual({ type: 'error', error: { code: 'FORBIDDEN', message: expect.any(String), params: { reason: 'wrongToken' } } });
    expect(logged.some((m) => m.includes('wrong token'))).toBe(true);
  });

  it('refuses a socket opened by another web page', async () => {
    await expect(connect(host.token, 'https://evil.example')).rejects.toThrow(/403/);
  });

  it('answers malformed frames with typed errors and keeps serving', async () => {
    const { ws, frames } = await connect(host.token);
    ws.send('this is not json');
    expect(await nextFrame(frames, 1)).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST' } });
    ws.send(JSON.stringify({ type: 'call', name: 'chats.list' }));
    expect(await nextFrame(frames, 2)).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST' } });
    ws.send(JSON.stringify({ type: 'call', id: 7, name: 'chats.get', input: { chatId: { $gt: '' } } }));
    expect(await nextFrame(frames, 3)).toMatchObject({ type: 'result', id: 7, result: { ok: false, error: { code: 'BAD_REQUEST' } } });
    ws.send(JSON.stringify({ type: 'call', id: 8, name: 'process.exit', input: {} }));
    expect(await nextFrame(frames, 4)).toMatchObject({ type: 'result', id: 8, result: { ok: false, error: { code: 'UNKNOWN_CALL' } } });
    ws.send(JSON.stringify({ type: 'call', id: 9, name: 'chats.list', input: {} }));
    expect(await nextFrame(frames, 5)).toMatchObject({ type: 'result', id: 9, result: { ok: true } });
    ws.close();
  });

  it('pushes events to connected windows', async () => {
    const { ws, frames } = await connect(host.token);
    core.events.emit('chats.changed', { chatId: 'abc' });
    expect(await nextFrame(frames, 1)).toEqual({ type: 'event', name: 'chats.changed', payload: { chatId: 'abc' } });
    ws.close();
  });
});
