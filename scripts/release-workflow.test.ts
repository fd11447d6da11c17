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
    expect(text).toMatch(/xvfb-run .*playwright test e2e\/electron\.spec\.ts/);
    expect(text).toContain('actions/upload-artifact@');
    expect(text).toMatch(/CSC_LINK: \$\{\{ secrets\.CSC_LINK \}\}/);
    expect(text).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
    expect(text).toContain('--publish never');
  });
});
