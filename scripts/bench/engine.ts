import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { physicalCores } from '../../src/main/settings/cpu-topology';
import { qwen2ShapedModel } from '../../src/test-support/qwen2-shaped-model';
import { CandilApp, type ReplySample } from './candil-app';
import { cpuSecondsOf, quiet, rssOf } from './process-stats';
import { llamaBench, llamaTools, startLlamaServer, streamFromServer, type LlamaServer } from './llama-tools';

const DECODE_TOKENS = 128;
const ROUNDS = Number(process.env.BENCH_ENGINE_ROUNDS ?? 5);
const STORY = 'Once upon a time, in a small village by the sea, there lived an old fisherman who knew every wave by name. ';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const f0 = (x: number) => x.toFixed(0);
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/**
 * The engine against llama.cpp's own tools, side by side in one run, on a model of realistic
 * size: decode and prompt speed (with the thread sweep behind Candil's default), returning to a
 * long chat, two chats at once, memory and idle CPU. Model: CANDIL_BENCH_MODEL, or a cached
 * Qwen2.5-0.5B-shaped Q4_0 file with random weights.
 */
export async function benchEngine(): Promise<string[]> {
  // Printed as measured (a run takes about 15 minutes), so nothing is returned to print again.
  const out = (line: string) => console.log(line);
  const model = process.env.CANDIL_BENCH_MODEL ?? (await qwen2ShapedModel());
  const tools = await llamaTools((line) => console.log(`engine: ${line}`));
  const dir = mkdtempSync(join(tmpdir(), 'candil-bench-engine-'));
  let app = await CandilApp.start(dir, dirname(model));
  const servers: LlamaServer[] = [];
  try {
    await app.call('models.select', { path: model });
    const info = await app.call('app.info', {});
    const cores = info.physicalCores || physicalCores();
    out(`engine: model ${basename(model)} (${mb(statSync(model).size)}), ${cores} cores llama.cpp computes on, Candil's default threads ${info.defaultThreads}`);
    if ('skipped' in tools) out(`engine: llama.cpp rows skipped: ${tools.skipped}`);
    else out(`engine: llama.cpp ${tools.release} tools built from node-llama-cpp's bundled source (GGML_NATIVE)`);
    await app.call('settings.update', {
      contextSize: 4096,
      chatTemplate: 'auto',
      parallelReplies: null,
      sampling: { temperature: 0, repeatPenalty: 1, maxTokens: DECODE_TOKENS, seed: 0 },
    });

    // ---- decode and prompt, at each thread count, alternating who goes first
    const threadCounts = Array.from({ length: cores }, (_, i) => i + 1);
    const decode = new Map<number, { candil: number[]; server: number[]; bench: number[] }>();
    const prompt = new Map<number, { candil: number[]; bench: number[] }>();
    const promptText = await calibratePrompt(app, 512);
    for (const threads of threadCounts) {
      await app.call('settings.update', { threads });
      await freshReply(app, 'warm-up'); // loads the model with these threads
      const server = 'skipped' in tools ? null : await startLlamaServer(tools, model, { threads, contextSize: 4096, parallel: 1, port: 18_600 + threads });
      if (server) servers.push(server);
      const d = { candil: [] as number[], server: [] as number[], bench: [] as number[] };
      const p = { candil: [] as number[], bench: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        const steps: (() => Promise<void>)[] = [
          async () => void d.candil.push((await freshReply(app, STORY)).decodeTokensPerSecond),
        ];
        if (server) steps.push(async () => void d.server.push((await streamFromServer(server, STORY, DECODE_TOKENS)).decodeTokensPerSecond));
        if (!('skipped' in tools)) steps.push(async () => void d.bench.push((await llamaBench(tools, model, threads, 'tg128', 1)).tokensPerSecond));
        for (let i = 0; i < steps.length; i++) {
          await quiet(app.pids.engine);
          await steps[(i + round) % steps.length]!();
        }
      }
      for (let round = 0; round < Math.max(2, Math.ceil(ROUNDS / 2)); round++) {
        await quiet(app.pids.engine);
        const reply = await freshReply(app, promptText, 1);
        p.candil.push((reply.done.message.evaluatedTokens ?? 0) / (reply.firstTokenMs / 1000));
        await quiet(app.pids.engine);
        if (!('skipped' in tools)) p.bench.push((await llamaBench(tools, model, threads, 'pp512', 1)).tokensPerSecond);
      }
      decode.set(threads, d);
      prompt.set(threads, p);
      await server?.close();
      out(
        `engine: threads=${threads}: decode tok/s — Candil full path ${f1(median(d.candil))}` +
          (d.server.length ? `, llama-server streamed ${f1(median(d.server))}` : '') +
          (d.bench.length ? `, llama-bench tg128 ${f1(median(d.bench))}` : '') +
          `; prompt tok/s — Candil ${f0(median(p.candil))}` +
          (p.bench.length ? `, llama-bench pp512 ${f0(median(p.bench))}` : ''),
      );
    }
    const best = (pick: (t: number) => number[]) => Math.max(...threadCounts.map((t) => median(pick(t))).filter(Number.isFinite));
    const candilDecode = median(decode.get(info.defaultThreads)?.candil ?? []);
    const candilPrompt = median(prompt.get(info.defaultThreads)?.candil ?? []);
    if (!('skipped' in tools)) {
      const ratio = (a: number, b: number, target: number, label: string) =>
        out(`engine: ${label} = ${f2(a / b)} (target >= ${target}) ${a / b >= target ? 'OK' : 'BELOW TARGET'}`);
      ratio(candilDecode, best((t) => decode.get(t)!.bench), 0.95, `decode, Candil at default threads / llama-bench tg128 at its best threads`);
      ratio(candilDecode, best((t) => decode.get(t)!.server), 1.0, `decode, Candil at default threads / llama-server streamed at its best threads`);
      ratio(candilPrompt, median(prompt.get(cores)!.bench), 0.9, `prompt, Candil at default threads / llama-bench pp512 at ${cores} threads`);
    }
    await app.call('settings.update', { threads: null });

    // ---- a long chat: next turn, back from another chat, after a restart; against full evaluation
    for (const sequences of [1, null] as const) {
      await app.call('settings.update', { contextSize: 8192, parallelReplies: sequences, sampling: { maxTokens: 48 } });
      const label = sequences === 1 ? 'one sequence: the other chat takes it, so the chat comes back from disk' : 'default sequences: both chats stay in memory';
      const chat = await app.call('chats.create', {});
      const turn = `${STORY.repeat(9)}What happens next?`;
      let context = 0;
      while (context < 3800) context = (await app.send(chat.id, turn)).done.stats?.contextUsed ?? 8192;
      await app.call('settings.update', { sampling: { maxTokens: 16 } });
      // A person reads the reply before writing the next message: Candil prepares meanwhile.
      await quiet(app.pids.engine);
      const next = await app.send(chat.id, 'Go on.');
      await quiet(app.pids.engine);
      const other = await app.call('chats.create', {});
      await app.send(other.id, 'Another chat, meanwhile.');
      await quiet(app.pids.engine);
      // The same history in a chat the engine has never seen: what returning cost before sessions.
      const full = await app.send((await app.call('chats.duplicate', { chatId: chat.id })).id, 'And then?');
      await quiet(app.pids.engine);
      const back = await app.send(chat.id, 'And then?');
      out(`engine: long chat (${context} tokens), ${label}`);
      out(`engine:   first token — next turn ${f0(next.firstTokenMs)} ms, back from another chat ${f0(back.firstTokenMs)} ms (${back.done.stats?.restored ? 'restored from disk' : 'from memory'}), full evaluation of the same history ${f0(full.firstTokenMs)} ms (${full.done.message.evaluatedTokens} tokens)`);
      out(`engine:   ratios to full evaluation — next turn ${f2(next.firstTokenMs / full.firstTokenMs)}, back ${f2(back.firstTokenMs / full.firstTokenMs)} (target <= 0.1) ${back.firstTokenMs / full.firstTokenMs <= 0.1 ? 'OK' : 'ABOVE TARGET'}`);
      if (sequences === null) {
        await app.close();
        app = await CandilApp.start(dir, dirname(model));
        const restarted = await app.send(chat.id, 'After the restart?');
        await quiet(app.pids.engine);
        const fullAgain = await app.send((await app.call('chats.duplicate', { chatId: chat.id })).id, 'After the restart?');
        out(`engine:   after restarting Candil: first token ${f0(restarted.firstTokenMs)} ms (${restarted.done.stats?.restored ? 'restored from disk' : 'evaluated'}, ${restarted.done.message.reusedTokens} tokens reused), full evaluation ${f0(fullAgain.firstTokenMs)} ms; ratio ${f2(restarted.firstTokenMs / fullAgain.firstTokenMs)} (target <= 0.1) ${restarted.firstTokenMs / fullAgain.firstTokenMs <= 0.1 ? 'OK' : 'ABOVE TARGET'}`);
      }
    }

    // ---- two chats at once
    await app.call('settings.update', { contextSize: 4096, parallelReplies: null, sampling: { maxTokens: DECODE_TOKENS } });
    await freshReply(app, 'warm-up');
    await quiet(app.pids.engine);
    const single = await freshReply(app, STORY);
    await quiet(app.pids.engine);
    const [a, b] = await Promise.all([freshReply(app, STORY), freshReply(app, STORY)]);
    const aggregate = ((a!.tokens + b!.tokens - 2) * 1000) / (Math.max(a!.endAt, b!.endAt) - Math.min(a!.firstAt, b!.firstAt));
    out(`engine: two chats at once: ${f1(aggregate)} tok/s together against ${f1(single.decodeTokensPerSecond)} for one alone; ratio ${f2(aggregate / single.decodeTokensPerSecond)} (target >= 1.0) ${aggregate >= single.decodeTokensPerSecond ? 'OK' : 'BELOW TARGET'}`);

    // ---- memory and idle: a fresh start with one reply written, as llama-server gets below
    await app.close();
    app = await CandilApp.start(dir, dirname(model));
    await app.call('app.info', {}); // answers once the engine has started
    const engineBaseline = rssOf(app.pids.engine);
    await freshReply(app, STORY, 32);
    await quiet(app.pids.engine);
    const loaded = (await app.call('worker.status', {})).loaded;
    const mainRss = rssOf(app.pids.main);
    const engineRss = rssOf(app.pids.engine);
    if (mainRss !== null && engineRss !== null && loaded) {
      let line = `engine: memory with ${loaded.sequences} sequences of ${loaded.contextSize} tokens, batch ${loaded.batchSize} — main ${mb(mainRss)} + engine ${mb(engineRss)} = ${mb(mainRss + engineRss)}`;
      if (!('skipped' in tools)) {
        const server = await startLlamaServer(tools, model, { threads: info.defaultThreads, contextSize: loaded.contextSize * loaded.sequences, parallel: loaded.sequences, port: 18_650 });
        servers.push(server);
        await streamFromServer(server, STORY, 32);
        const serverRss = rssOf(server.pid) ?? NaN;
        line += `; llama-server (-c ${loaded.contextSize * loaded.sequences} -np ${loaded.sequences}) ${mb(serverRss)}; difference ${mb(mainRss + engineRss - serverRss)} (target <= 250 MB) ${mainRss + engineRss - serverRss <= 250e6 ? 'OK' : 'ABOVE TARGET'}`;
        await server.close();
      }
      out(line);
      if (engineBaseline !== null) out(`engine:   of which the engine process before loading a model (Node and node-llama-cpp): ${mb(engineBaseline)}`);
      await quiet(app.pids.engine);
      const before = cpuSecondsOf(app.pids.engine);
      await new Promise((r) => setTimeout(r, 5000));
      const after = cpuSecondsOf(app.pids.engine);
      if (before !== null && after !== null) out(`engine: idle with the model loaded: the engine used ${f1(((after - before) / 5) * 100)}% of a core over 5 s`);
    }
  } finally {
    for (const server of servers) await server.close().catch(() => undefined);
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return [];
}

let chats = 0;

/** A reply in a chat of its own, so nothing is reused from an earlier one. */
async function freshReply(app: CandilApp, text: string, maxTokens?: number): Promise<ReplySample> {
  const chat = await app.call('chats.create', { title: `bench ${++chats}` });
  if (maxTokens !== undefined) {
    const settings = await app.call('settings.get', {});
    await app.call('settings.update', { sampling: { maxTokens } });
    try {
      return await app.send(chat.id, text);
    } finally {
      await app.call('settings.update', { sampling: { maxTokens: settings.sampling.maxTokens } });
    }
  }
  return app.send(chat.id, text);
}

/** A message of about `tokens` tokens for this model's tokenizer. */
async function calibratePrompt(app: CandilApp, tokens: number): Promise<string> {
  const probe = await freshReply(app, STORY.repeat(4), 1);
  const perRepeat = (probe.done.stats?.promptTokens ?? 100) / 4;
  return STORY.repeat(Math.max(1, Math.round(tokens / perRepeat)));
}
