import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../shared/ipc-contract';
import { callNames } from '../../shared/ipc-names';
import { createCore, type CandilCore } from '../core';
import { forkWorkerLauncher } from '../inference/worker-port';
import { createRng, deeplyNestedJson, fuzzSeed, garbage, hostileKeys, hostileStrings, randomString, resultProblem, type Rng } from '../../test-support/fuzz-payloads';
import { startNetworkProbe } from '../../test-support/network-probe';
import { builtWorkerEntry } from '../../test-support/test-model';
import { MAX_FRAME_BYTES, startBrowserHost, type BrowserHost } from './browser-host';

const SEED = fuzzSeed(20_240_612);

let dir: string;
let core: CandilCore;
let host: BrowserHost;
let probe: ReturnType<typeof startNetworkProbe>;
const logged: string[] = [];
const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'candil-host-fuzz-'));
  probe = startNetworkProbe(join(dir, 'child-connections.jsonl'));
  process.on('unhandledRejection', recordUnhandled);
  process.on('uncaughtException', recordUnhandled);
  // Every refusal is logged once; a thousand of them would bury the test's own report.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Candil</title>');
  core = createCore({ dataDir: dir, host: 'browser', version: 'test', launchWorker: forkWorkerLauncher(builtWorkerEntry()), modelsDir: join(dir, 'user-models') });
  // Hub calls with valid inputs go to a loopback port nothing listens on.
  await core.dispatch('settings.update', { hfEndpoint: 'http://127.0.0.1:9' });
  host = await startBrowserHost({ dispatch: core.dispatch, events: core.events, rendererDir, port: 0, log: (m) => logged.push(m) });
});

afterAll(async () => {
  await host?.close();
  await core?.close();
  probe?.stop();
  process.off('unhandledRejection', recordUnhandled);
  process.off('uncaughtException', recordUnhandled);
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

interface Client {
  ws: WebSocket;
  /** Results and errors, not pushed events. */
  replies: ServerFrame[];
  closed: Promise<number>;
  /** Resolves once `count` replies have arrived in all. */
  replied(count: number): Promise<void>;
}

function connect(token = host.token): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc?token=${encodeURIComponent(token)}`, { maxPayload: 2 * MAX_FRAME_BYTES });
  const replies: ServerFrame[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.type === 'event') return;
    replies.push(frame);
    for (const w of waiters.filter((w) => replies.length >= w.count)) w.resolve();
  });
  ws.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const replied = (count: number) =>
    new Promise<void>((resolve, reject) => {
      if (replies.length >= count) return resolve();
      waiters.push({ count, resolve });
      void closed.then((code) => reject(new Error(`closed (${code}) after ${replies.length} of ${count} replies`)));
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, replies, closed, replied }));
    ws.once('error', reject);
  });
}

/** A bound, not a pause: a connection or call that never ends fails with its name instead of the whole test timing out. */
function within<T>(promise: Promise<T>, what: string, ms = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** One WebSocket frame as a client writes it (masked unless told otherwise). */
function frame(opcode: number, payload: Buffer, o: { fin?: boolean; mask?: boolean; rsv?: number; length?: bigint } = {}): Buffer {
  const mask = o.mask ?? true;
  const length = o.length ?? BigInt(payload.length);
  const head = [((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | opcode];
  let ext = Buffer.alloc(0);
  if (length < 126n) head.push((mask ? 0x80 : 0) | Number(length));
  else if (length < 65536n) {
    head.push((mask ? 0x80 : 0) | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(length));
  } else {
    head.push((mask ? 0x80 : 0) | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(length);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ (key[i % 4] as number)));
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
}

const text = (s: string) => Buffer.from(s, 'utf8');

/** Protocol violations, each sent on its own connection: the server must drop that one and nothing else. */
function violations(rng: Rng): { label: string; bytes: Buffer }[] {
  const call = text(JSON.stringify({ type: 'call', id: 1, name: 'settings.get', input: {} }));
  const closeWith = (code: number, reason = Buffer.alloc(0)) => {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(code);
    return frame(0x8, Buffer.concat([b, reason]));
  };
  return [
    { label: 'unmasked text frame', bytes: frame(0x1, call, { mask: false }) },
    ...[0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf].map((op) => ({ label: `reserved opcode ${op}`, bytes: frame(op, call) })),
    { label: 'fragmented ping', bytes: frame(0x9, text('ping'), { fin: false }) },
    { label: 'fragmented close', bytes: frame(0x8, text('\u0003\u00e8'), { fin: false }) },
    { label: 'ping over 125 bytes', bytes: frame(0x9, Buffer.alloc(126, 1)) },
    ...[1, 2, 4, 7].map((rsv) => ({ label: `RSV bits ${rsv}`, bytes: frame(0x1, call, { rsv }) })),
    { label: 'continuation without a start', bytes: frame(0x0, call) },
    { label: 'new text frame inside a fragmented one', bytes: Buffer.concat([frame(0x1, text('{"type":'), { fin: false }), frame(0x1, text('"call"}'))]) },
    { label: 'invalid UTF-8 (C3 28)', bytes: frame(0x1, Buffer.from([0xc3, 0x28])) },
    { label: 'invalid UTF-8 (FF)', bytes: frame(0x1, Buffer.from([0x7b, 0xff, 0x7d])) },
    { label: 'UTF-8 encoded surrogate', bytes: frame(0x1, Buffer.from([0xed, 0xa0, 0x80])) },
    { label: 'overlong UTF-8', bytes: frame(0x1, Buffer.from([0xc0, 0xaf])) },
    { label: 'close with one byte', bytes: frame(0x8, Buffer.from([0x03])) },
    ...[0, 999, 1004, 1005, 1006, 1016, 2999, 5000, 65535].map((code) => ({ label: `close code ${code}`, bytes: closeWith(code) })),
    { label: 'close reason not UTF-8', bytes: closeWith(1000, Buffer.from([0xff, 0xfe])) },
    { label: '64-bit length with the top bit set', bytes: frame(0x1, call, { length: 1n << 63n }) },
    { label: 'length 2^53', bytes: frame(0x1, call, { length: 2n ** 53n }) },
    { label: 'length just over the limit', bytes: frame(0x2, Buffer.alloc(16), { length: BigInt(MAX_FRAME_BYTES + 1) }) },
    { label: 'binary frame past the limit (sent)', bytes: frame(0x2, Buffer.alloc(MAX_FRAME_BYTES + 1, 0x20)) },
    { label: 'truncated header', bytes: Buffer.from([0x81]) },
    { label: 'truncated mask', bytes: Buffer.from([0x81, 0x85, 0x01]) },
    { label: 'truncated payload', bytes: frame(0x1, call).subarray(0, 10) },
    { label: 'garbage', bytes: randomBytes(64 + rng.int(512)) },
    { label: 'HTTP inside the WebSocket', bytes: text('GET / HTTP/1.1\r\nHost: x\r\n\r\n') },
  ];
}

/** Requests a hostile local process can send before any WebSocket exists. */
function badRequests(port: number): { label: string; bytes: Buffer }[] {
  const upgrade = (target: string, extra = '') =>
    text(
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
    );
  return [
    { label: 'upgrade to //[', bytes: upgrade('//[') },
    { label: 'upgrade to http://[', bytes: upgrade('http://[') },
    { label: 'upgrade to http://[::1', bytes: upgrade('http://[::1') },
    { label: 'upgrade to a URL with a bad port', bytes: upgrade('http://127.0.0.1:99999/ipc') },
    { label: 'upgrade to a full URL', bytes: upgrade(`http://127.0.0.1:${port}/ipc?token=${host.token}`) },
    { label: 'upgrade to *', bytes: upgrade('*') },
    { label: 'upgrade with a bad origin', bytes: upgrade('/ipc', 'Origin: null\r\n') },
    { label: 'upgrade without a key', bytes: text(`GET /ipc HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n`) },
    { label: 'upgrade with a bad key', bytes: text(`GET /ipc HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n\r\n`) },
    { label: 'upgrade with version 8', bytes: text(upgrade('/ipc').toString().replace('Version: 13', 'Version: 8')) },
    { label: 'POST upgrade', bytes: text(upgrade(`/ipc?token=${host.token}`).toString().replace('GET', 'POST')) },
    { label: 'upgrade to h2c', bytes: text(upgrade('/ipc').toString().replace('Upgrade: websocket', 'Upgrade: h2c')) },
    { label: 'upgrade with a permessage-deflate offer', bytes: upgrade(`/ipc?token=${host.token}`, 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n') },
    { label: 'request line garbage', bytes: text('\u0000\u0001GARBAGE\r\n\r\n') },
    { label: 'headers over 16 KB', bytes: text(`GET / HTTP/1.1\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`) },
    { label: 'bad percent-encoding', bytes: text('GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'path //[ over plain HTTP', bytes: text('GET //[ HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'path traversal', bytes: text('GET /../../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'chunked body with a bad size', bytes: text('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n') },
  ];
}

/** Writes the bytes, closes its side, and waits for the server to close the connection. */
async function rawSend(bytes: Buffer, handshakeToken?: string | null): Promise<void> {
  const socket = netConnect(host.port, '127.0.0.1');
  socket.on('error', () => undefined);
  // Unread, the server's answer would hold the socket open after both sides have ended.
  socket.resume();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  if (handshakeToken !== undefined) {
    const token = handshakeToken === null ? '' : `?token=${encodeURIComponent(handshakeToken)}`;
    socket.write(
      `GET /ipc${token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await new Promise((resolve) => socket.once('data', resolve));
  }
  socket.end(bytes);
  await closed;
}

/** A JSON text a window could send: envelopes right and wrong, for every call. */
function textFrame(rng: Rng, id: number): { data: string; callId: number | null } {
  const name = rng.chance(0.85) ? rng.pick(callNames) : rng.pick<unknown>([...hostileStrings, ...hostileKeys, 42, null]);
  switch (rng.int(10)) {
    case 0:
      return { data: rng.pick(['', 'null', '[]', '"call"', '42', 'true', '{', '{"type":"call"', 'undefined', '\u0000', randomString(rng, 50)]), callId: null };
    case 1: {
      const badId = rng.pick<unknown>([undefined, null, '1', 1.5, -0.5, 2 ** 53, 1e308, [], {}]);
      return { data: JSON.stringify({ type: 'call', id: badId, name, input: {} }), callId: null };
    }
    case 2:
      return { data: JSON.stringify({ type: rng.pick(['CALL', 'result', 'event', '', '__proto__']), id, name, input: {} }), callId: null };
    case 3:
      return { data: `{"__proto__":{"type":"call","id":${id}},"name":${JSON.stringify(name) ?? 'null'},"input":{}}`, callId: null };
    case 4:
      return { data: `{"type":"call","id":${id},"name":${JSON.stringify(name) ?? 'null'},"input":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}`, callId: id };
    case 5:
      return { data: JSON.stringify([{ type: 'call', id, name, input: {} }]), callId: null };
    default: {
      const data = JSON.stringify({ type: 'call', id, name, input: garbage(rng) });
      // Past the frame limit the socket closes (tested on its own below), and this client must stay.
      if (Buffer.byteLength(data) < MAX_FRAME_BYTES) return { data, callId: id };
      return { data: JSON.stringify({ type: 'call', id, name, input: { content: 'x'.repeat(1_000_001) } }), callId: id };
    }
  }
}

function show(value: unknown): string {
  return inspect(value, { depth: 3, maxStringLength: 80, maxArrayLength: 5, breakLength: Infinity });
}

describe('browser host fuzz', () => {
  it('survives over a thousand hostile frames, protocol violations and a flood of sockets, then still serves', async () => {
    console.info(`browser host fuzz seed ${SEED} (CANDIL_FUZZ_SEED=${SEED} replays it)`);
    const rng = createRng(SEED);
    const started = performance.now();
    const problems: string[] = [];
    let payloads = 0;

    // 1. Text frames from a window holding the token: every one gets exactly one typed reply.
    const c = await connect();
    let sent = 0;
    for (let batch = 0; batch < 20; batch++) {
      const expected = new Map<number, string>();
      for (let i = 0; i < 50; i++) {
        const { data, callId } = textFrame(rng, 1_000 + sent);
        if (callId !== null) expected.set(callId, data);
        c.ws.send(data);
        sent += 1;
      }
      await within(c.replied(sent), `replies to frames ${sent - 50}-${sent}`);
      for (const reply of c.replies.slice(sent - 50)) {
        if (reply.type === 'result') {
          const problem = resultProblem(reply.result);
          if (problem) problems.push(`frame ${reply.id}: ${problem} for ${show(expected.get(reply.id))}`);
          expected.delete(reply.id);
        } else if (reply.type !== 'error' || reply.error.code !== 'BAD_REQUEST') problems.push(`unexpected reply ${show(reply)}`);
      }
      if (expected.size > 0) problems.push(`no result for ${show([...expected.values()])}`);
    }
    // Deep nesting and big frames under the limit, and binary frames: still one reply each.
    const big = [
      deeplyNestedJson(100_000, 'array'),
      deeplyNestedJson(100_000, 'object'),
      `{"type":"call","id":1,"name":"settings.update","input":{"sampling":${deeplyNestedJson(100_000, 'array')}}}`,
      `{"type":"call","id":2,"name":"remote.save","input":{"models":${deeplyNestedJson(100_000, 'object')}}}`,
      JSON.stringify({ type: 'call', id: 3, name: 'chat.send', input: { chatId: 'x', content: 'x'.repeat(MAX_FRAME_BYTES - 100) } }),
      JSON.stringify({ type: 'call', id: 4, name: 'chats.list', input: { query: '\u0000'.repeat(600_000) } }),
    ];
    for (const data of big) c.ws.send(data);
    for (let i = 0; i < 30; i++) c.ws.send(randomBytes(1 + rng.int(2048)), { binary: true });
    c.ws.send(Buffer.from(JSON.stringify({ type: 'call', id: 5, name: 'settings.get', input: {} })), { binary: true });
    sent += big.length + 31;
    await within(c.replied(sent), 'replies to the deep, big and binary frames');
    for (const reply of c.replies.slice(-big.length - 31)) {
      if (reply.type === 'result' && resultProblem(reply.result)) problems.push(`frame ${reply.id}: ${resultProblem(reply.result)}`);
    }
    payloads += sent;

    // 2. Frames that break the protocol or the limits: that one connection closes, nothing else.
    for (const data of [Buffer.from([0xc3, 0x28]), Buffer.from('{"a":"\xff"}', 'latin1')]) {
      const bad = await connect();
      bad.ws.send(data, { binary: false });
      expect(await bad.closed).toBe(1007);
      payloads += 1;
    }
    const tooBig = await connect();
    tooBig.ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await tooBig.closed).toBe(1009);
    payloads += 1;
    for (const token of [host.token, 'wrong', null]) {
      for (const v of violations(rng)) {
        await within(rawSend(v.bytes, token), `${v.label} (token ${token === host.token ? 'right' : String(token)})`);
        payloads += 1;
      }
    }
    for (const r of badRequests(host.port)) {
      await within(rawSend(r.bytes), r.label);
      payloads += 1;
    }
    // Frames from a client without the token are never read as calls.
    const refused = await connect('wrong').catch(() => null);
    refused?.ws.send(JSON.stringify({ type: 'call', id: 9, name: 'chats.create', input: { title: 'from a stranger' } }));
    expect(await refused?.closed).toBe(4401);
    payloads += 1;

    // 3. A flood: 200 sockets opened at once and dropped in every way.
    const flood = Array.from({ length: 200 }, async (_, i) => {
      switch (i % 5) {
        case 0: {
          const s = netConnect(host.port, '127.0.0.1');
          s.on('error', () => undefined);
          await new Promise<void>((resolve) => s.once('connect', () => resolve()));
          s.destroy();
          return;
        }
        case 1: {
          const s: Socket = netConnect(host.port, '127.0.0.1');
          s.on('error', () => undefined);
          await new Promise<void>((resolve) => s.once('connect', () => resolve()));
          s.write('GET /ipc HTTP/1.1\r\nHost: x\r\nUpgr');
          s.destroy();
          return;
        }
        case 2: {
          const ws = await connect();
          ws.ws.terminate();
          return;
        }
        case 3: {
          const ws = await connect('wrong');
          await ws.closed;
          return;
        }
        default: {
          const ws = await connect();
          ws.ws.send(JSON.stringify({ type: 'call', id: i, name: 'chats.list', input: {} }));
          ws.ws.terminate();
        }
      }
    });
    await within(Promise.all(flood), 'the flood of 200 sockets');
    payloads += 200;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(`browser host fuzz: ${payloads} frames, violations and connections in ${seconds} s`);

    expect(problems).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(payloads).toBeGreaterThanOrEqual(1_000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await core.dispatch('chats.list', { query: 'stranger' })).toEqual({ ok: true, value: [] });

    // Still the same host, serving the page and calls on the socket it was tormented on.
    expect((await fetch(host.url)).status).toBe(200);
    let id = 100_000;
    const ask = async (name: string, input: unknown) => {
      id += 1;
      c.ws.send(JSON.stringify({ type: 'call', id, name, input }));
      await c.replied(c.replies.length + 1);
      const reply = c.replies.find((r) => r.type === 'result' && r.id === id);
      if (reply?.type !== 'result' || !reply.result.ok) throw new Error(`${name} failed: ${show(reply)}`);
      return reply.result.value as Record<string, unknown>;
    };
    expect(await ask('settings.get', {})).toHaveProperty('modelsDir');
    expect(Array.isArray(await ask('chats.list', {}))).toBe(true);
    const chat = await ask('chats.create', { title: 'after the fuzz' });
    expect(((await ask('chats.get', { chatId: chat.id })).chat as { title: string }).title).toBe('after the fuzz');
    c.ws.close();
  }, 120_000);
});
