import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallOutput, EventPayload } from '../../shared/ipc-contract';
import { callNames, type CallName } from '../../shared/ipc-names';
import { remoteServerKinds } from '../../shared/remote';
import { createCore, type CandilCore } from '../core';
import { forkWorkerLauncher } from '../inference/worker-port';
import { createRng, deeplyNested, fuzzSeed, garbage, hostileKeys, hostileStrings, hugeString, randomString, resultProblem, type Rng } from '../../test-support/fuzz-payloads';
import { offLoopback, startNetworkProbe } from '../../test-support/network-probe';
import { builtWorkerEntry, resolveTestModel, TEST_MODEL } from '../../test-support/test-model';

const SEED = fuzzSeed(20_240_611);
const DEPTH = 100_000;

let dir: string;
let modelsDir: string;
let modelFile: string;
let core: CandilCore;
let probe: ReturnType<typeof startNetworkProbe>;
/** A loopback port nothing listens on: every Hub, download and remote call fails here, on this computer. */
let deadPort: number;
const ids = { chat: '', userMessage: '', assistantMessage: '', request: '', remote: '', download: '' };
const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => unhandled.push(reason);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function call<K extends CallName>(name: K, input: unknown): Promise<CallOutput<K>> {
  const result = await core.dispatch(name, input);
  if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.message}`), result.error);
  return result.value as CallOutput<K>;
}

function nextDone(requestId: string): Promise<EventPayload<'chat.done'>> {
  return new Promise((resolve) => {
    const off = core.events.subscribe((e) => {
      if (e.name === 'chat.done' && e.payload.requestId === requestId) {
        off();
        resolve(e.payload);
      }
    });
  });
}

/** A valid context of 500k tokens would have the engine allocate gigabytes on a shared 2-core machine: these are kept small. */
const safeEngine = { contextSize: 512, threads: 1, batchSize: null, parallelReplies: null, chatTemplate: 'raw', sampling: { maxTokens: 8, temperature: 0 } };

beforeAll(async () => {
  const model = await resolveTestModel();
  dir = mkdtempSync(join(tmpdir(), 'candil-fuzz-'));
  // Not Candil's own `<data>/models`, whose files it may delete: the fuzz must not delete the user's model.
  modelsDir = join(dir, 'user-models');
  modelFile = join(modelsDir, TEST_MODEL.fileName);
  probe = startNetworkProbe(join(dir, 'child-connections.jsonl'));
  process.on('unhandledRejection', recordUnhandled);
  process.on('uncaughtException', recordUnhandled);
  // Every refusal is logged once; a thousand of them would bury the test's own report.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  deadPort = await freePort();
  core = createCore({ dataDir: dir, host: 'browser', version: 'test', launchWorker: forkWorkerLauncher(builtWorkerEntry()), modelsDir });
  copyFileSync(model, modelFile);
  writeFileSync(join(dir, 'notes.gguf'), 'not a model');
  await call('models.list', { rescan: true });
  await call('models.select', { path: modelFile });
  await call('settings.update', { ...safeEngine, hfEndpoint: `http://127.0.0.1:${deadPort}`, apiPort: await freePort() });
  ids.chat = (await call('chats.create', { title: 'fuzz' })).id;
  const sent = await call('chat.send', { chatId: ids.chat, content: 'Once upon a time' });
  await nextDone(sent.requestId);
  ids.request = sent.requestId;
  ids.userMessage = sent.userMessage?.id ?? '';
  ids.assistantMessage = sent.assistantMessage.id;
  const dead = `http://127.0.0.1:${deadPort}`;
  ids.remote = (await call('remote.save', { name: 'dead', kind: 'custom', baseUrl: dead, apiVersion: null, models: ['m'] })).id;
  ids.download = (await call('downloads.start', { url: `${dead}/x.gguf`, fileName: 'x.gguf' })).id;
});

afterAll(async () => {
  await core?.close();
  probe?.stop();
  process.off('unhandledRejection', recordUnhandled);
  process.off('uncaughtException', recordUnhandled);
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Inputs the contract accepts, with side effects kept inside the temp folder and on loopback. */
function validInput(name: CallName, rng: Rng): Record<string, unknown> {
  const dead = `http://127.0.0.1:${deadPort}`;
  const someId = () => rng.pick([ids.chat, ids.userMessage, ids.assistantMessage, ids.request, ids.remote, ids.download, randomString(rng, 1 + rng.int(99)).replace(/^$/, 'x')]);
  const somePath = () => rng.pick([modelFile, join(dir, 'notes.gguf'), join(dir, 'missing.gguf'), join(dir, rng.pick(hostileKeys) || 'x'), `${modelsDir}/../user-models/${TEST_MODEL.fileName}`]);
  const text = () => rng.pick([...hostileStrings.filter(Boolean), randomString(rng, 1 + rng.int(200))]);
  switch (name) {
    case 'settings.update':
      return rng.pick<Record<string, unknown>>([
        { modelsDir: join(dir, `models-${rng.int(3)}`) },
        { modelsDir },
        safeEngine,
        { sampling: { topK: rng.int(1001), topP: rng.next(), minP: rng.next(), repeatPenalty: 0.5 + rng.next() * 2.5, repeatLastN: rng.int(8193), seed: rng.pick([null, 0, 2 ** 32 - 1]) } },
        { language: rng.pick(['auto', 'es', 'en']), kvCacheBudgetMB: rng.int(16) },
        { hfEndpoint: dead },
        { apiEnabled: false, apiHost: rng.pick(['127.0.0.1', '::1', 'localhost']), apiCorsOrigins: ['http://localhost:5173'] },
        { generatedTitles: rng.chance(0.5) },
      ]);
    case 'models.list':
      return rng.pick([{}, { rescan: rng.chance(0.5) }]);
    case 'models.select':
      return { path: rng.pick([...[somePath(), modelFile], `remote:${ids.remote}:m`, 'remote:nope:m']) };
    case 'chats.list':
      return rng.pick([{}, { query: text() }]);
    case 'chats.create':
      return { title: text().slice(0, 200), systemPrompt: text(), mode: rng.pick(['chat', 'completion']) };
    case 'chats.update':
      return { chatId: rng.pick([ids.chat, someId()]), title: text().slice(0, 200), pinned: rng.chance(0.5) };
    case 'chats.duplicate':
    case 'chats.get':
    case 'chats.delete':
    case 'chats.restore':
    case 'chat.regenerate':
    case 'chat.continue':
      return { chatId: rng.pick([ids.chat, someId()]) };
    case 'chats.purge':
      return rng.pick([{}, { chatId: someId() }]);
    case 'chat.send':
      return { chatId: rng.pick([ids.chat, someId()]), content: text() };
    case 'chat.edit':
      return { messageId: rng.pick([ids.userMessage, someId()]), content: text() };
    case 'chat.stop':
      return { requestId: someId() };
    case 'chat.showVersion':
    case 'chat.deleteMessage':
      return { messageId: rng.pick([ids.userMessage, ids.assistantMessage, someId()]) };
    case 'chat.pinMessage':
      return { messageId: rng.pick([ids.userMessage, ids.assistantMessage, someId()]), pinned: rng.chance(0.5) };
    case 'api.setKey':
      return { key: rng.pick([null, 'a'.repeat(8 + rng.int(492))]) };
    case 'api.stop':
    case 'remote.delete':
    case 'remote.models':
    case 'downloads.pause':
    case 'downloads.resume':
    case 'downloads.cancel':
    case 'downloads.remove':
      return { id: rng.pick([ids.remote, ids.download, someId()]) };
    case 'remote.save':
      return {
        ...(rng.chance(0.5) ? { id: rng.pick([ids.remote, someId()]) } : {}),
        name: text().slice(0, 100).trim() || 'r',
        kind: rng.pick(remoteServerKinds),
        baseUrl: dead,
        apiVersion: rng.pick([null, '2024-10-21']),
        models: [text().slice(0, 300)],
        key: rng.pick([undefined, null, 'k']),
      };
    case 'hf.search':
      return { query: text().slice(0, 500), sort: rng.pick(['downloads', 'likes', 'lastModified']), limit: 1 + rng.int(100) };
    case 'hf.files':
      return { repo: rng.pick(['a/b', 'owner/repo', `${text()}xyz`.slice(0, 200)]) };
    case 'hf.setToken':
      return { token: rng.pick([null, '', 'hf_x', text().slice(0, 500)]) };
    case 'models.check':
      return { source: rng.pick([somePath(), `${dead}/m.gguf`]), contextSize: 128 + rng.int(1024) };
    case 'models.import':
      return { path: somePath(), mode: rng.pick(['copy', 'reference']) };
    case 'models.delete':
      return { path: somePath() };
    case 'models.settingsInfo':
      return { path: somePath() };
    case 'models.previewTemplate':
      return { path: somePath(), template: rng.pick(['{% for m in messages %}{{ m.content }}{% endfor %}', '{{', text() || 'x']), sample: { system: 's', user: 'u', reply: 'r', followUp: 'f' } };
    case 'models.setDefaults':
      return { path: rng.pick([modelFile, ...hostileKeys.filter(Boolean)]), defaults: rng.pick([{}, { systemPrompt: text(), contextSize: 256 }, { batchSize: 64 }, { chatTemplate: { jinja: text() || 'x' } }]) };
    case 'downloads.start':
      return { url: `${dead}/${rng.int(1000)}.gguf`, fileName: `${rng.pick(['a', 'b', '__proto__', 'constructor'])}.gguf`, size: 1 + rng.int(10) };
    default:
      return {};
  }
}

/** A valid input broken in one place: the shapes a buggy or hostile window sends most. */
function mutated(name: CallName, rng: Rng, deep: unknown[]): unknown {
  const input = validInput(name, rng);
  const keys = Object.keys(input);
  const key = keys.length > 0 && rng.chance(0.8) ? rng.pick(keys) : rng.pick([...hostileKeys, randomString(rng, 6)]);
  switch (rng.int(6)) {
    case 0:
      return { ...input, [key]: garbage(rng) };
    case 1:
      return { ...input, [key]: hugeString(rng) };
    case 2:
      return { ...input, [key]: rng.pick(deep) };
    case 3:
      return JSON.parse(`{"__proto__":{${JSON.stringify(key)}:1,"polluted":true},${JSON.stringify(input).slice(1).replace(/^}$/, '"x":1}')}`) as unknown;
    case 4:
      return Object.assign(Object.create({ [key]: garbage(rng) }) as object, input);
    default:
      return rng.pick<unknown>([[input], JSON.stringify(input), Object.values(input), Object.entries(input)]);
  }
}

const unknownNames = (rng: Rng): unknown[] => [
  ...hostileStrings,
  ...hostileKeys,
  ...callNames.slice(0, 6).flatMap((n) => [n.toUpperCase(), ` ${n}`, `${n}\u0000`, `${n}.`, n.replace('.', '/'), `${n}.__proto__`]),
  'x'.repeat(1_000_001),
  undefined,
  null,
  42,
  Symbol('chats.list'),
  ['chats.list'],
  { toString: () => 'chats.list' },
  new String('chats.list'),
  ...Array.from({ length: 10 }, () => randomString(rng, 1 + rng.int(30))),
];

interface Payload {
  label: string;
  name: unknown;
  input: unknown;
}

function* payloads(rng: Rng): Generator<Payload> {
  const deep = [deeplyNested(DEPTH, 'array'), deeplyNested(DEPTH, 'object')];
  for (const name of callNames) {
    for (let i = 0; i < 12; i++) yield { label: `${name} garbage #${i}`, name, input: garbage(rng, 0, true) };
    for (let i = 0; i < 8; i++) yield { label: `${name} mutated #${i}`, name, input: mutated(name, rng, deep) };
    yield { label: `${name} deep array`, name, input: deep[0] };
    yield { label: `${name} deep object`, name, input: deep[1] };
    yield { label: `${name} huge string`, name, input: hugeString(rng) };
    // worker.restart costs a second of engine start each time.
    const valid = name === 'worker.restart' ? 1 : 4;
    for (let i = 0; i < valid; i++) yield { label: `${name} valid #${i}`, name, input: validInput(name, rng) };
  }
  for (const [i, name] of unknownNames(rng).entries()) yield { label: `unknown call #${i}`, name, input: rng.pick([{}, garbage(rng)]) };
}

function show(value: unknown): string {
  return inspect(value, { depth: 3, maxStringLength: 60, maxArrayLength: 5, breakLength: Infinity });
}

describe('dispatcher fuzz', () => {
  // Found by the fuzz (seed 2): a relative folder was made under the working directory, and one
  // that could not be made (ENAMETOOLONG, ENOTDIR) answered INTERNAL after the setting had changed.
  it('refuses a models folder that is relative or cannot be made, and keeps the one in use', async () => {
    const before = (await call('settings.get', {})).modelsDir;
    for (const modelsDir of ['x'.repeat(501), 'models', join(dir, 'x'.repeat(300)), join(dir, 'notes.gguf', 'sub')]) {
      const result = await core.dispatch('settings.update', { modelsDir });
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect((await call('settings.get', {})).modelsDir).toBe(before);
  });

  it('answers over a thousand malformed and hostile calls with typed results, then still works', async () => {
    console.info(`dispatcher fuzz seed ${SEED} (CANDIL_FUZZ_SEED=${SEED} replays it)`);
    const rng = createRng(SEED);
    // A folder path is resolved against the working directory: nothing may appear there.
    const cwdBefore = readdirSync(process.cwd());
    const problems: string[] = [];
    const codes = new Map<string, number>();
    let count = 0;
    const started = performance.now();
    for (const p of payloads(rng)) {
      count += 1;
      let result: unknown;
      try {
        result = await core.dispatch(p.name, p.input);
      } catch (error) {
        problems.push(`${p.label}: threw ${(error as Error).stack ?? String(error)} for ${show(p.input)}`);
        continue;
      }
      const problem = resultProblem(result);
      if (problem) problems.push(`${p.label}: ${problem} for ${show(p.input)}`);
      const r = result as { ok: boolean; error?: { code: string } };
      const code = r.ok ? 'ok' : (r.error?.code ?? '?');
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (r.ok && (p.name === 'settings.update' || p.name === 'models.setDefaults')) {
        await call('models.setDefaults', { path: modelFile, defaults: {} });
        await call('settings.update', safeEngine);
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(`dispatcher fuzz: ${count} payloads in ${seconds} s; answers ${show(Object.fromEntries(codes))}`);

    expect(problems).toEqual([]);
    expect(readdirSync(process.cwd())).toEqual(cwdBefore);
    expect(count).toBeGreaterThanOrEqual(1_000);
    expect(unhandled).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');

    // Still the same app: it answers ordinary calls, and the engine writes a reply.
    await call('settings.update', { ...safeEngine, modelsDir, hfEndpoint: `http://127.0.0.1:${deadPort}` });
    await call('models.select', { path: modelFile });
    expect((await call('settings.get', {})).modelsDir).toBe(modelsDir);
    expect(Array.isArray(await call('chats.list', {}))).toBe(true);
    const chat = await call('chats.create', { title: 'after the fuzz' });
    expect((await call('chats.get', { chatId: chat.id })).chat.title).toBe('after the fuzz');
    const sent = await call('chat.send', { chatId: chat.id, content: 'Once upon a time' });
    expect((await nextDone(sent.requestId)).message.status).toBe('done');
    // The refusals of the probe are the fuzz's own doing (hostile endpoints); none went out.
    console.info(`dispatcher fuzz: ${offLoopback([...probe.main(), ...probe.children()]).length} connection attempts off this computer refused by the probe`);
  }, 120_000);
});
