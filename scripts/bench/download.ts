import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { openDatabase } from '../../src/main/db/database';
import { DownloadManager } from '../../src/main/downloads/manager';
import type { DownloadInfo } from '../../src/shared/downloads';

const execFileAsync = promisify(execFile);
const MB = 1024 * 1024;
/** Rounds per side; each side's best and median are reported. */
const rounds = Number(process.env.BENCH_DOWNLOAD_ROUNDS ?? 5);

interface Run {
  seconds: number;
  /** CPU time (user + system, all threads), when it could be measured. */
  cpuSeconds: number | null;
  rssGrowth?: number;
}

function fastest(runs: Run[]): Run {
  return runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
}

function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[runs.length >> 1] ?? fastest(runs);
}

function seconds(runs: Run[]): string {
  return `${runs.map((r) => r.seconds.toFixed(2)).join(' s, ')} s`;
}

function cpuPerGb(run: Run, sizeMb: number): string {
  return run.cpuSeconds === null ? 'CPU time unknown' : `${((run.cpuSeconds * 1024) / sizeMb).toFixed(2)} CPU-s/GB`;
}

/**
 * Downloads a generated file from the fake HF host with DownloadManager (SHA-256 on) and with curl,
 * reporting throughput, their ratio (target ≥ 0.9) and the manager's peak RSS growth.
 * Size: BENCH_DOWNLOAD_MB (default 300).
 */
export async function benchDownload(): Promise<string[]> {
  const sizeMb = Number(process.env.BENCH_DOWNLOAD_MB ?? 300);
  const dir = mkdtempSync(join(tmpdir(), 'candil-bench-dl-'));
  const lines: string[] = [];
  let host: ChildProcess | undefined;
  try {
    const source = join(dir, 'source.gguf');
    const sha256 = await generateFile(source, sizeMb * MB);
    const started = await startHostProcess(source, sha256);
    host = started.child;
    const url = started.url;
    const hasCurl = await execFileAsync('curl', ['--version']).then(
      () => true,
      () => false,
    );

    const managerRuns: Run[] = [];
    const curlRuns: Run[] = [];
    const load = loadavg()[0] ?? 0;
    // Alternate, swapping who goes first each round, and keep the best of each (medians shown too),
    // so page-cache warm-up and noisy neighbours favour neither side.
    for (let round = 0; round < rounds; round++) {
      const curlFirst = round % 2 === 0;
      if (hasCurl && curlFirst) curlRuns.push(await timeCurl(url, join(dir, `curl-${round}.gguf`)));
      managerRuns.push(await timeManager(url, dir, round, sha256));
      if (hasCurl && !curlFirst) curlRuns.push(await timeCurl(url, join(dir, `curl-${round}.gguf`)));
    }
    const bestManager = fastest(managerRuns);
    const managerMbps = sizeMb / bestManager.seconds;
    const peakRss = Math.max(...managerRuns.map((r) => r.rssGrowth ?? 0));
    lines.push(`download: ${sizeMb} MB file from the fake HF host (separate process, in-memory, loopback); ${cpus().length} CPUs, load average ${load.toFixed(1)}`);
    lines.push(
      `download: DownloadManager (SHA-256 while streaming, fsync, rename): ${managerMbps.toFixed(0)} MB/s, ${cpuPerGb(bestManager, sizeMb)}; median ${(sizeMb / median(managerRuns).seconds).toFixed(0)} MB/s (runs: ${seconds(managerRuns)})`,
    );
    if (hasCurl) {
      const bestCurl = fastest(curlRuns);
      const curlMbps = sizeMb / bestCurl.seconds;
      const ratio = managerMbps / curlMbps;
      const medianRatio = median(curlRuns).seconds / median(managerRuns).seconds;
      lines.push(`download: curl -s -L -o FILE URL (no hash, no fsync): ${curlMbps.toFixed(0)} MB/s, ${cpuPerGb(bestCurl, sizeMb)}; median ${(sizeMb / median(curlRuns).seconds).toFixed(0)} MB/s (runs: ${seconds(curlRuns)})`);
      lines.push(`download: ratio manager/curl = ${ratio.toFixed(2)} best, ${medianRatio.toFixed(2)} median (target >= 0.9) ${ratio >= 0.9 ? 'OK' : 'BELOW TARGET'}`);
    } else {
      lines.push('download: curl not found on PATH; no comparison made');
    }
    lines.push(`download: peak RSS growth during download: ${(peakRss / MB).toFixed(1)} MB (file is ${sizeMb} MB)`);
    return lines;
  } finally {
    host?.stdin?.end();
    if (host && host.exitCode === null) await once(host, 'exit');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes pseudo-random bytes (incompressible, unlike zeros) and returns their SHA-256. */
async function generateFile(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'w');
  const hash = createHash('sha256');
  try {
    const block = randomBytes(4 * MB);
    for (let written = 0, i = 0; written < bytes; i++) {
      // Vary each block cheaply so the file is not one block repeated.
      block.writeUInt32LE(i, 0);
      const chunk = block.subarray(0, Math.min(block.length, bytes - written));
      hash.update(chunk);
      await handle.write(chunk);
      written += chunk.length;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

async function startHostProcess(file: string, sha256: string): Promise<{ child: ChildProcess; url: string }> {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const script = join(import.meta.dirname, 'fake-host-process.ts');
  const child = spawn(process.execPath, ['--import', tsx, script, file, sha256], { stdio: ['pipe', 'pipe', 'inherit'] });
  if (!child.stdout) throw new Error('fake host process has no stdout');
  for await (const line of createInterface({ input: child.stdout })) {
    return { child, url: (JSON.parse(line) as { url: string }).url };
  }
  throw new Error('fake host process exited before listening');
}

/** curl follows the hub's redirect (-L) like the manager does; /usr/bin/time, when present, reports its CPU. */
async function timeCurl(url: string, output: string): Promise<Run> {
  const curlArgs = ['-s', '-L', '-o', output, url];
  const timed = existsSync('/usr/bin/time');
  const started = performance.now();
  const result = timed
    ? await execFileAsync('/usr/bin/time', ['-f', 'cpu %U %S', 'curl', ...curlArgs])
    : await execFileAsync('curl', curlArgs);
  const elapsed = (performance.now() - started) / 1000;
  rmSync(output);
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(result.stderr);
  return { seconds: elapsed, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : null };
}

async function timeManager(url: string, dir: string, round: number, sha256: string): Promise<Run> {
  const modelsDir = join(dir, `models-${round}`);
  const db = openDatabase(join(dir, `bench-${round}.db`));
  let settle: (info: DownloadInfo) => void = () => undefined;
  const finished = new Promise<DownloadInfo>((resolve) => (settle = resolve));
  const manager = new DownloadManager({
    db,
    modelsDir,
    onChange: (info) => {
      if (info.state === 'completed' || info.state === 'failed' || info.state === 'paused') settle(info);
    },
  });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    await manager.start();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await manager.enqueue({ url, fileName: 'big.gguf' });
    const info = await finished;
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    if (info.state !== 'completed') throw new Error(`bench download ended ${info.state}: ${info.error?.message ?? ''}`);
    if (info.sha256 !== sha256) throw new Error('bench download hash mismatch');
    statSync(info.targetPath);
    return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssGrowth: peak - baseline };
  } finally {
    clearInterval(sampler);
    await manager.close();
    db.close();
    rmSync(modelsDir, { recursive: true, force: true });
  }
}
