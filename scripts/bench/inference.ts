import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fork } from 'node:child_process';
import { WebSocket } from 'ws';
import { defaultSampling } from '../../src/shared/domain';
import type { ServerFrame } from '../../src/shared/ipc-contract';
import { createCore } from '../../src/main/core';
import { startBrowserHost } from '../../src/main/host/browser-host';
import { forkWorkerLauncher } from '../../src/main/inference/worker-port';
import { defaultThreads, physicalCores } from '../../src/main/settings/cpu-topology';
import { resolveTestModel, TEST_MODEL } from '../../src/main/testing/test-model';
import type { DirectSample } from './direct-llama';

const PROMPT = 'Once upon a time';
const TOKENS = 400;
const ROUNDS = 9;

interface Sample {
  tokens: number;
  firstTokenMs: number;
  decodeTokensPerSecond: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** node-llama-cpp alone in a process of its own: the ceiling Candil's full path is measured against. */
async function direct(modelPath: string, threads: number, tokens = TOKENS): Promise<{ loadMs: number; run(): Promise<Sample>; close(): Promise<void> }> {
  const child = fork(resolve(import.meta.dirname, 'direct-llama.ts'), [modelPath, String(threads), String(TEST_MODEL.contextSize)], {
    execArgv: ['--import', 'tsx'],
  });
  await new Promise((r) => child.once('message', r));
  let loadMs = 0;
  return {
    get loadMs() {
      return loadMs;
    },
    run: () =>
      new Promise<Sample>((r) => {
        child.once('message', (sample: DirectSample) => {
          loadMs = sample.loadMs;
          r(sample);
        });
        child.send({ prompt: PROMPT, tokens });
      }),
    async close() {
      child.kill();
    },
  };
}

/** The whole product path: WebSocket client → browser host → chat service → worker process, and back. */
async function fullPath(modelPath: string, threads: number) {
  const dir = mkdtempSync(join(tmpdir(), 'candil-bench-'));
  const core = createCore({
    dataDir: dir,
    host: 'browser',
    version: 'bench',
    launchWorker: forkWorkerLauncher(resolve('out/main/worker.js')),
    modelsDir: resolve(modelPath, '..'),
  });
  const host = await startBrowserHost({ dispatch: core.dispatch, events: core.events, rendererDir: dir, port: 0, log: () => undefined });
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc?token=${host.token}`);
  await new Promise((r) => ws.once('open', r));
  let nextId = 1;
  const waiting = new Map<number, (value: unknown) => void>();
  let onEvent: (frame: Extract<ServerFrame, { type: 'event' }>) => void = () => undefined;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.type === 'result') {
      if (!frame.result.ok) throw new Error(frame.result.error.message);
      waiting.get(frame.id)?.(frame.result.value);
    } else if (frame.type === 'event') onEvent(frame);
  });
  const call = <T>(name: string, input: unknown) =>
    new Promise<T>((r) => {
      const id = nextId++;
      waiting.set(id, r as (value: unknown) => void);
      ws.send(JSON.stringify({ type: 'call', id, name, input }));
    });
  await call('models.select', { path: modelPath });
  await call('settings.update', {
    contextSize: TEST_MODEL.contextSize,
    threads,
    chatTemplate: 'raw',
    sampling: { ...defaultSampling, maxTokens: TOKENS, temperature: 0, repeatPenalty: 1 },
  });
  const t0 = performance.now();
  await core.inference.ensureLoaded({ modelPath, contextSize: TEST_MODEL.contextSize, batchSize: 512, threads, chatTemplate: 'raw', sequences: null });
  const loadMs = performance.now() - t0;
  return {
    loadMs,
    async run(): Promise<Sample> {
      const chat = await call<{ id: string }>('chats.create', {});
      let first = 0;
      let tokens = 0;
      const start = performance.now();
      const done = new Promise<void>((r) => {
        onEvent = (frame) => {
          if (frame.name === 'chat.delta') {
            if (tokens === 0) first = performance.now();
            tokens += (frame.payload as { tokens: number }).tokens;
          } else if (frame.name === 'chat.done') r();
        };
      });
      await call('chat.send', { chatId: chat.id, content: PROMPT });
      await done;
      const end = performance.now();
      return { tokens, firstTokenMs: first - start, decodeTokensPerSecond: ((tokens - 1) * 1000) / (end - first) };
    },
    async close() {
      ws.close();
      await host.close();
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function benchInference(): Promise<string[]> {
  const modelPath = await resolveTestModel();
  const threads = defaultThreads();
  const lines = [
    `inference: model ${TEST_MODEL.fileName} (${(statSync(modelPath).size / 1e6).toFixed(2)} MB, context ${TEST_MODEL.contextSize}), ${TOKENS} greedy tokens, ${ROUNDS} alternating rounds`,
    `inference: ${physicalCores()} physical cores; default threads ${threads}`,
  ];
  const single = await direct(modelPath, threads);
  const full = await fullPath(modelPath, threads);
  const singleSamples: Sample[] = [];
  const fullSamples: Sample[] = [];
  await single.run();
  await full.run();
  // Alternate which side goes first, so drift in the machine's load hits both alike.
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      singleSamples.push(await single.run());
      fullSamples.push(await full.run());
    } else {
      fullSamples.push(await full.run());
      singleSamples.push(await single.run());
    }
  }
  const s = median(singleSamples.map((x) => x.decodeTokensPerSecond));
  const f = median(fullSamples.map((x) => x.decodeTokensPerSecond));
  lines.push(`inference: node-llama-cpp alone in a process: ${s.toFixed(0)} tok/s decode, first token ${median(singleSamples.map((x) => x.firstTokenMs)).toFixed(1)} ms, load ${single.loadMs.toFixed(0)} ms`);
  lines.push(`inference: full path (WebSocket → host → chat service → worker): ${f.toFixed(0)} tok/s decode, first token ${median(fullSamples.map((x) => x.firstTokenMs)).toFixed(1)} ms, load ${full.loadMs.toFixed(0)} ms (worker)`);
  lines.push(`inference: ratio full/single = ${(f / s).toFixed(3)} (target >= 0.95) ${f / s >= 0.95 ? 'OK' : 'BELOW TARGET'}`);
  await full.close();

  // The thread choice: each physical-core count, and node-llama-cpp's own default (it assumes
  // more cores than a small machine has; there decode can collapse, so few tokens are enough).
  const libraryDefault = 4;
  for (const n of [...new Set([...Array.from({ length: physicalCores() }, (_, i) => i + 1), libraryDefault])]) {
    const engine = await direct(modelPath, n, 64);
    await engine.run();
    const samples: Sample[] = [];
    for (let i = 0; i < 3; i++) samples.push(await engine.run());
    const tps = median(samples.map((x) => x.decodeTokensPerSecond));
    lines.push(`inference: threads=${n}${n === threads ? ' (Candil default)' : ''}${n === libraryDefault ? ' (node-llama-cpp default here)' : ''}: ${tps.toFixed(0)} tok/s decode (node-llama-cpp alone, 64 tokens)`);
    await engine.close();
  }
  await single.close();
  return lines;
}
