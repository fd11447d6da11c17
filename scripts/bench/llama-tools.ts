import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface LlamaTools {
  release: string;
  bench: string;
  server: string;
}

/**
 * llama.cpp's own `llama-bench` and `llama-server`, built once from the source that ships inside
 * the node-llama-cpp package (llama/gitRelease.bundle: the release its binaries were built from),
 * so Candil is measured against the same code. Cached under ~/.cache/candil/llama.cpp/<release>.
 * Returns the reason instead when they cannot be built here (no git, cmake or C++ compiler).
 */
export async function llamaTools(log: (line: string) => void): Promise<LlamaTools | { skipped: string }> {
  const packageDir = resolve('node_modules/node-llama-cpp/llama');
  const bundle = join(packageDir, 'gitRelease.bundle');
  if (!existsSync(bundle)) return { skipped: `no llama.cpp source in ${bundle}` };
  const release = (JSON.parse(readFileSync(join(packageDir, 'binariesGithubRelease.json'), 'utf8')) as { release: string }).release;
  const root = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'candil', 'llama.cpp', release);
  const bin = join(root, 'build', 'bin');
  const tools = { release, bench: join(bin, 'llama-bench'), server: join(bin, 'llama-server') };
  if (existsSync(tools.bench) && existsSync(tools.server)) return tools;

  for (const [tool, args] of [['git', ['--version']], ['cmake', ['--version']], ['c++', ['--version']]] as const) {
    const found = await execFileAsync(tool, [...args]).then(() => true, () => false);
    if (!found) return { skipped: `${tool} is not installed, so llama.cpp's tools cannot be built here` };
  }
  log(`building llama-bench and llama-server from node-llama-cpp's llama.cpp ${release} (once; about 10 minutes on 2 cores) into ${root}`);
  await mkdir(root, { recursive: true });
  const source = join(root, 'src');
  if (!existsSync(join(source, 'CMakeLists.txt'))) await run('git', ['clone', '--quiet', bundle, source]);
  // GCC 12 emits AMX tile code that crashes prompt processing at `ldtilecfg` on some Intel CPUs.
  const amx = /\bamx_tile\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
  const flags = amx ? ['-DCMAKE_C_FLAGS=-mno-amx-tile -mno-amx-int8 -mno-amx-bf16', '-DCMAKE_CXX_FLAGS=-mno-amx-tile -mno-amx-int8 -mno-amx-bf16'] : [];
  await run('cmake', [
    '-S', source, '-B', join(root, 'build'), '-DCMAKE_BUILD_TYPE=Release', '-DGGML_NATIVE=ON', '-DGGML_OPENMP=OFF',
    '-DLLAMA_CURL=OFF', '-DLLAMA_OPENSSL=OFF', '-DLLAMA_BUILD_TESTS=OFF', '-DLLAMA_BUILD_EXAMPLES=OFF', '-DLLAMA_BUILD_SERVER=ON',
    '-DBUILD_SHARED_LIBS=OFF', ...flags,
  ]);
  await run('cmake', ['--build', join(root, 'build'), '--target', 'llama-bench', 'llama-server', '-j', String(availableParallelism())]);
  return tools;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${command} exited with ${code}`))));
  });
}

export interface LlamaBenchResult {
  threads: number;
  test: 'pp512' | 'tg128';
  tokensPerSecond: number;
}

/** One `llama-bench` measurement (its own repetitions averaged). */
export async function llamaBench(tools: LlamaTools, model: string, threads: number, test: 'pp512' | 'tg128', repetitions = 2): Promise<LlamaBenchResult> {
  const args = ['-m', model, '-t', String(threads), '-r', String(repetitions), '-o', 'json', ...(test === 'pp512' ? ['-p', '512', '-n', '0'] : ['-p', '0', '-n', '128'])];
  const { stdout } = await execFileAsync(tools.bench, args, { maxBuffer: 16 << 20 });
  const rows = JSON.parse(stdout) as { avg_ts: number }[];
  return { threads, test, tokensPerSecond: rows[0]?.avg_ts ?? NaN };
}

export interface LlamaServer {
  url: string;
  pid: number;
  close(): Promise<void>;
}

/** Starts `llama-server` on a loopback port and waits until it answers /health. */
export async function startLlamaServer(tools: LlamaTools, model: string, options: { threads: number; contextSize: number; parallel: number; port: number }): Promise<LlamaServer> {
  const child = spawn(
    tools.server,
    ['-m', model, '-t', String(options.threads), '-tb', String(options.threads), '-c', String(options.contextSize), '-np', String(options.parallel),
      '--host', '127.0.0.1', '--port', String(options.port), '--no-webui'],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with ${child.exitCode}`);
    const healthy = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error('llama-server did not start in 2 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid ?? 0,
    close: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}

export interface StreamSample {
  tokens: number;
  firstTokenMs: number;
  decodeTokensPerSecond: number;
}

/** A completion streamed from llama-server to this client, timed here as a user's program would see it. */
export async function streamFromServer(server: LlamaServer, prompt: string, tokens: number): Promise<StreamSample> {
  const start = performance.now();
  const response = await fetch(`${server.url}/completion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt, n_predict: tokens, temperature: 0, ignore_eos: true, stream: true, cache_prompt: false }),
  });
  if (!response.ok || !response.body) throw new Error(`llama-server answered ${response.status}`);
  let first = 0;
  let count = 0;
  let buffered = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (!line.startsWith('data: ')) continue;
      const event = JSON.parse(line.slice(6)) as { content?: string; stop?: boolean; tokens?: number[] };
      if (event.stop) continue;
      if (count === 0) first = performance.now();
      count += event.tokens?.length || 1;
    }
  }
  const end = performance.now();
  return { tokens: count, firstTokenMs: first - start, decodeTokensPerSecond: ((count - 1) * 1000) / (end - first) };
}
