import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataLock } from './data-lock';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candil-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('acquireDataLock', () => {
  it('lets one Candil use a data folder at a time', () => {
    writeFileSync(join(dir, 'candil.lock'), String(process.ppid));
    expect(() => acquireDataLock(dir)).toThrow(expect.objectContaining({ code: 'BUSY', message: expect.stringContaining(String(process.ppid)) }));
  });

  it('takes over the lock of a Candil that crashed', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'candil.lock'), dead);
    const release = acquireDataLock(dir);
    expect(existsSync(join(dir, 'candil.lock'))).toBe(true);
    release();
    expect(existsSync(join(dir, 'candil.lock'))).toBe(false);
    acquireDataLock(dir)();
  });
});
