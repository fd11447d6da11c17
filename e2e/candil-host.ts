import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { qwen2ShapedModel } from '../src/test-support/qwen2-shaped-model';

export interface RunningHost {
  url: string;
  process: ChildProcess;
  /** Output so far, for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const serveEntry = resolve(import.meta.dirname, '..', 'out', 'main', 'serve.js');

/** A fresh data folder per test, as a new user would have. */
export function makeDataDir(): { dataDir: string; modelsDir: string; cleanup(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'candil-e2e-'));
  const modelsDir = join(dataDir, 'models');
  mkdirSync(modelsDir, { recursive: true });
  return { dataDir, modelsDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** Starts `npm run serve`'s built entry and resolves with the address it announces. */
export function startHost(dataDir: string, env: Record<string, string> = {}, args: string[] = []): Promise<RunningHost> {
  const child = spawn(process.execPath, [serveEntry, '--port', '0', '--data-dir', dataDir, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    let announced = false;
    // Kept listening: later lines (the local API's address) are part of the output too.
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Candil is running at (\S+)/.exec(output);
      if (match?.[1] && !announced) {
        announced = true;
        resolvePromise({
          url: match[1],
          process: child,
          output: () => output,
          stop: (signal = 'SIGTERM') =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill(signal);
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The host exited (${code}) before announcing its address:\n${output}`)));
  });
}

/** How the slow model is named in the model picker. */
export const SLOW_MODEL = /qwen2\.5-0\.5b-shaped/;

/**
 * Puts the Qwen2.5-0.5B-shaped model (353 MB, cached, written on first use) in a models folder.
 * It writes ~60 tokens/s here, so a reply lasts long enough to act on while it streams (the tiny
 * test model finishes a whole context window in about a second).
 */
export async function addSlowModel(modelsDir: string): Promise<string> {
  const source = await qwen2ShapedModel();
  const link = join(modelsDir, basename(source));
  try {
    symlinkSync(source, link);
  } catch (error) {
    // Windows lets only administrators and developer mode make symbolic links.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    copyFileSync(source, link);
  }
  return link;
}
