import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import OpenAI from 'openai';
import { startHost, type RunningHost } from '../../e2e/candil-host';
import { physicalCores } from '../../src/main/settings/cpu-topology';
import { qwen2ShapedModel } from '../../src/test-support/qwen2-shaped-model';
import { llamaTools, startLlamaServer, type LlamaServer } from './llama-tools';
import { childOf, quiet } from './process-stats';

const TOKENS = 128;
const ROUNDS = Number(process.env.BENCH_API_ROUNDS ?? 5);
const PROMPT = 'Once upon a time, in a small village by the sea, there lived an old fisherman who knew every wave by name.';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Streamed {
  firstTokenMs: number;
  tokensPerSecond: number;
  tokens: number;
  firstAt: number;
  endAt: number;
}

/**
 * One streamed chat completion, timed where a user's program sees it: in OpenAI's own client.
 * Tokens come from the final usage (a streamed piece is not always one token: servers hold back
 * the bytes of an unfinished character).
 */
async function stream(client: OpenAI, model: string, endpoint: 'chat' | 'completions' = 'chat'): Promise<Streamed> {
  const start = performance.now();
  const common = {
    model,
    max_tokens: TOKENS,
    temperature: 0,
    stream: true as const,
    stream_options: { include_usage: true },
    // llama-server stops at the end-of-turn token otherwise; the random-weight model never writes it anyway.
    ...({ ignore_eos: true } as object),
  };
  const pieces =
    endpoint === 'chat'
      ? mapStream(await client.chat.completions.create({ ...common, messages: [{ role: 'user', content: PROMPT }] }), (c) => [c.usage, c.choices[0]?.delta.content])
      : mapStream(await client.completions.create({ ...common, prompt: PROMPT }), (c) => [c.usage, c.choices[0]?.text]);
  let first = 0;
  let tokens = 0;
  for await (const [usage, text] of pieces) {
    if (usage) tokens = usage.completion_tokens;
    if (first === 0 && text) first = performance.now();
  }
  const end = performance.now();
  return { firstTokenMs: first - start, tokensPerSecond: ((tokens - 1) * 1000) / (end - first), tokens, firstAt: first, endAt: end };
}

async function* mapStream<T>(source: AsyncIterable<T>, pick: (item: T) => [OpenAI.CompletionUsage | null | undefined, string | null | undefined]) {
  for await (const item of source) yield pick(item);
}

/**
 * The local API against llama-server, both streamed to OpenAI's official client, same model and
 * threads, alternating; then several clients at once against Candil: together, and how evenly.
 */
export async function benchApi(): Promise<string[]> {
  const out = (line: string) => console.log(line);
  const model = process.env.CANDIL_BENCH_MODEL ?? (await qwen2ShapedModel());
  const tools = await llamaTools((line) => console.log(`api: ${line}`));
  const dir = mkdtempSync(join(tmpdir(), 'candil-bench-api-'));
  const apiPort = await freePort();
  let host: RunningHost | null = null;
  let server: LlamaServer | null = null;
  try {
    host = await startHost(dir, { CANDIL_MODELS_DIR: dirname(model) }, ['--api', '--api-port', String(apiPort)]);
    const candil = new OpenAI({ baseURL: `http://127.0.0.1:${apiPort}/v1`, apiKey: 'bench', maxRetries: 0 });
    const id = basename(model).replace(/\.gguf$/i, '');
    for (let i = 0; i < 100 && !(host.output().includes('OpenAI-compatible API at')); i++) await new Promise((r) => setTimeout(r, 100));
    await stream(candil, id); // loads the model
    out(`api: model ${basename(model)} (${(statSync(model).size / 1e6).toFixed(0)} MB), ${TOKENS} tokens, ${ROUNDS} alternating rounds, OpenAI's Node client`);
    const c: Streamed[] = [];
    const l: Streamed[] = [];
    const cc: Streamed[] = [];
    const lc: Streamed[] = [];
    let llama: OpenAI | null = null;
    if ('skipped' in tools) out(`api: llama-server rows skipped: ${tools.skipped}`);
    else {
      // Same threads as Candil's engine uses by default (every core llama.cpp computes on).
      server = await startLlamaServer(tools, model, { threads: physicalCores(), contextSize: 4096, parallel: 1, port: await freePort() });
      llama = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'bench', maxRetries: 0 });
      await stream(llama, id);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const sides: (() => Promise<void>)[] = [
        async () => void c.push(await stream(candil, id)),
        async () => void cc.push(await stream(candil, id, 'completions')),
      ];
      if (llama) {
        sides.push(async () => void l.push(await stream(llama!, id)));
        sides.push(async () => void lc.push(await stream(llama!, id, 'completions')));
      }
      for (let i = 0; i < sides.length; i++) {
        // No program is timed while the other is still working.
        await quiet(childOf(host.process.pid));
        await sides[(i + round) % sides.length]!();
      }
    }
    for (const [name, runs] of [['Candil', cc], ['llama-server', lc]] as const) {
      if (runs.length > 0) out(`api: ${name} /v1/completions streamed: ${f1(median(runs.map((s) => s.tokensPerSecond)))} tokens/s, first token ${median(runs.map((s) => s.firstTokenMs)).toFixed(0)} ms`);
    }
    const ct = median(c.map((s) => s.tokensPerSecond));
    out(`api: Candil's API streamed: ${f1(ct)} tokens/s, first token ${median(c.map((s) => s.firstTokenMs)).toFixed(0)} ms`);
    if (l.length > 0) {
      const lt = median(l.map((s) => s.tokensPerSecond));
      out(`api: llama-server streamed: ${f1(lt)} tokens/s, first token ${median(l.map((s) => s.firstTokenMs)).toFixed(0)} ms`);
      out(`api: ratio Candil / llama-server, chat = ${f2(ct / lt)} (target >= 1.0) ${ct >= lt ? 'OK' : 'BELOW TARGET'}; first-token overhead ${(median(c.map((s) => s.firstTokenMs)) - median(l.map((s) => s.firstTokenMs))).toFixed(0)} ms`);
      const cct = median(cc.map((s) => s.tokensPerSecond));
      const lct = median(lc.map((s) => s.tokensPerSecond));
      out(`api: ratio Candil / llama-server, completions = ${f2(cct / lct)} (target >= 1.0) ${cct >= lct ? 'OK' : 'BELOW TARGET'}`);
    }
    for (const clients of [2, 4]) {
      await quiet(childOf(host.process.pid));
      const runs = await Promise.all(Array.from({ length: clients }, () => stream(candil, id)));
      const span = Math.max(...runs.map((r) => r.endAt)) - Math.min(...runs.map((r) => r.firstAt));
      const total = runs.reduce((sum, r) => sum + r.tokens, 0);
      const rates = runs.map((r) => r.tokensPerSecond);
      // Jain's fairness index: 1 when every client gets the same speed, 1/n when one gets everything.
      const jain = rates.reduce((a, b) => a + b, 0) ** 2 / (rates.length * rates.reduce((a, b) => a + b * b, 0));
      out(`api: ${clients} clients at once: ${f1((total * 1000) / span)} tokens/s together (one alone: ${f1(ct)}); per client ${rates.map(f1).join(', ')}; fairness ${f2(jain)}`);
    }
  } finally {
    await server?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return [];
}
