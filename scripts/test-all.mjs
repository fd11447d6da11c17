// `npm test`: every check CI runs, in order, ending with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
mkdirSync('test-results', { recursive: true });

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(label, command, args) {
  if (run(label, command, args)) results.passed += 1;
  else {
    results.failed += 1;
    failures.push(label);
  }
}

function countSuite(label, ok, report, count) {
  if (!existsSync(report)) {
    results.failed += 1;
    failures.push(`${label} (no report)`);
    return;
  }
  const c = count(JSON.parse(readFileSync(report, 'utf8')));
  results.passed += c.passed;
  results.failed += c.failed;
  results.skipped += c.skipped;
  if (!ok && c.failed === 0) {
    results.failed += 1;
    failures.push(`${label} (runner failed)`);
  } else if (c.failed > 0) failures.push(`${label}: ${c.failed} failed`);
}

check('typecheck (node)', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']);
check('typecheck (web)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
check('typecheck (shared, no Node or DOM)', 'npx', ['tsc', '-p', 'tsconfig.shared.json', '--noEmit']);
check('lint', 'npx', ['eslint', '.']);
const built = run('build', 'npx', ['electron-vite', 'build']);
if (built) results.passed += 1;
else {
  results.failed += 1;
  failures.push('build');
}

// The Python examples run with OpenAI's official Python package, in a virtual environment of
// their own (made once; their test says why it skips when Python or its registry is missing).
const venv = '.cache/python-examples';
if (!existsSync(`${venv}/bin/python`) && spawnSync('python3', ['--version']).status === 0) {
  console.log(`\n=== python examples environment: python3 -m venv ${venv} && pip install openai`);
  const made = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' }).status === 0;
  const installed = made && spawnSync(`${venv}/bin/pip`, ['install', '--quiet', '--disable-pip-version-check', 'openai'], { stdio: 'inherit' }).status === 0;
  if (!installed) {
    console.log('Could not set up the Python examples environment; their test will say it skipped.');
    rmSync(venv, { recursive: true, force: true });
  }
}

rmSync('test-results/vitest.json', { force: true });
const unitOk = run('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']);
countSuite('unit tests', unitOk, 'test-results/vitest.json', (r) => ({
  passed: r.numPassedTests,
  failed: r.numFailedTests,
  skipped: r.numPendingTests + r.numTodoTests,
}));

if (built) {
  rmSync('test-results/e2e.json', { force: true });
  const e2eOk = run('end-to-end tests', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/e2e.json' });
  countSuite('end-to-end tests', e2eOk, 'test-results/e2e.json', (r) => ({
    passed: r.stats.expected + r.stats.flaky,
    failed: r.stats.unexpected,
    skipped: r.stats.skipped,
  }));
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed > 0 ? 1 : 0);
