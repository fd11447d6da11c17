import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A copy of the project to pack in a test: every tracked file, the built out/, and the project's
 * node_modules linked in. electron-builder lists node_modules with `npm ls`, which does not follow a
 * linked node_modules (as in a git worktree); the copy's package.json asks for its traversal
 * collector instead, which walks the same production dependencies by resolving each package.
 */
export function stageProject(projectDir: string, stageDir: string): void {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: projectDir, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of tracked) {
    mkdirSync(dirname(join(stageDir, file)), { recursive: true });
    cpSync(join(projectDir, file), join(stageDir, file), { dereference: true });
  }
  cpSync(join(projectDir, 'out'), join(stageDir, 'out'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(stageDir, 'package.json'), JSON.stringify({ ...pkg, packageManager: 'traversal@1.0.0' }, null, 2));
  symlinkSync(realpathSync(join(projectDir, 'node_modules')), join(stageDir, 'node_modules'), 'dir');
}

/** Files that must never ship, planted where a careless pattern would pick them up. */
export const decoys = [
  'out/main/index.js.map',
  'out/main/core.test.js',
  'out/renderer/assets/chat.spec.js',
  'out/models/tiny.gguf',
  'out/e2e/electron.spec.js',
  'out/test-support/fake-hub.js',
];

export function plantDecoys(stageDir: string): void {
  for (const file of decoys) {
    mkdirSync(dirname(join(stageDir, file)), { recursive: true });
    writeFileSync(join(stageDir, file), 'decoy');
  }
}

/**
 * Fuse wire of an unmodified Electron build (RunAsNode, NODE_OPTIONS, --inspect, file:// privileges
 * and Wasm trap handlers on; the rest off), as @electron/fuses reads it: version 1, 9 fuses.
 */
const stockWire = '101100011';

/** Marks the fuse wire in every Electron binary (@electron/fuses keeps it private). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * A stand-in for Electron's Linux build: electron-builder copies it and flips its fuses like the
 * real binary (they are found by a sentinel string), so the test can read back what packing set.
 */
export function fakeElectronDist(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from([1, stockWire.length]), Buffer.from(stockWire, 'latin1')]);
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 1\n'), Buffer.from(SENTINEL), wire, Buffer.from('\n')]));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
}
