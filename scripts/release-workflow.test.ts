import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const workflow = join(root, '.github', 'workflows', 'release.yml');
const validator = join(root, 'node_modules', '.bin', 'action-validator');

/** action-validator checks a workflow against GitHub's schema; it exits 1 and prints the errors. */
function validate(file: string): { status: number | null; output: string } {
  const run = spawnSync(validator, [file], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The matrix's rows as `os builder` pairs, read from the workflow's text. */
function matrixRows(text: string): string[] {
  return [...text.matchAll(/^\s+os: (\S+)\n\s+builder: (.+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
}

describe('release workflow', () => {
  it('passes action-validator', () => {
    const result = validate(workflow);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('the validator does catch a broken workflow (so the check above means something)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'candil-workflow-'));
    try {
      const broken = join(dir, 'release.yml');
      writeFileSync(broken, readFileSync(workflow, 'utf8').replace('runs-on: ${{ matrix.os }}', 'runs-on: ${{ matrix.os }}\n    runs_on_typo: true'));
      expect(validate(broken).status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds on Linux, macOS and Windows, runs the Electron specs under xvfb on Linux, uploads installers and signs only with secrets', () => {
    const text = readFileSync(workflow, 'utf8');
    for (const os of ['ubuntu-', 'macos-', 'windows-']) expect(text).toContain(`os: ${os}`);
    // Artifacts of two architectures of one system must not overwrite each other.
    expect(text).toContain('name: candil-${{ runner.os }}-${{ runner.arch }}');
    expect(text).toMatch(/xvfb-run .*playwright test e2e\/electron\.spec\.ts/);
    expect(text).toContain('actions/upload-artifact@');
    expect(text).toMatch(/CSC_LINK: \$\{\{ secrets\.CSC_LINK \}\}/);
    expect(text).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
    expect(text).toContain('--publish never');
  });

  it('builds each architecture on a runner of that architecture, naming target and arch so no runner packs a foreign one', () => {
    expect(matrixRows(readFileSync(workflow, 'utf8'))).toEqual([
      'ubuntu-24.04 --linux AppImage:x64 deb:x64',
      'ubuntu-24.04-arm --linux AppImage:arm64 deb:arm64',
      'macos-14 --mac dmg:arm64',
      'macos-15-intel --mac dmg:x64',
      'windows-2022 --win nsis:x64',
      'windows-11-arm --win nsis:arm64',
    ]);
  });
});
