import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type CandilCore } from '../core';
import { forkWorkerLauncher } from '../inference/worker-port';
import { writeScriptedModel } from '../../test-support/scripted-model';
import { builtWorkerEntry } from '../../test-support/test-model';

// The Python programs in examples/python, run as their readers run them — with OpenAI's official
// Python package — against a running Candil, changing only the base URL (from the environment).

const run = promisify(execFile);
const examples = resolve(import.meta.dirname, '../../../examples/python');
/** Made by `npm test` (scripts/test-all.mjs) when Python is available; CANDIL_PYTHON overrides it. */
const python = process.env.CANDIL_PYTHON ?? resolve(import.meta.dirname, '../../../.cache/python-examples/bin/python');
const available = existsSync(python);
if (!available) console.warn(`[python examples] skipped: no Python with the openai package at ${python} (npm test creates it when python3 and the Python registry are reachable).`);

let dir: string;
let core: CandilCore;
let baseUrl: string;

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'candil-py-'));
  const modelsDir = join(dir, 'models');
  await writeScriptedModel(join(modelsDir, 'candil-hola.gguf'), { reply: ['Hola', ',', ' soy', ' Candil', '.'] });
  await writeScriptedModel(join(modelsDir, 'candil-json.gguf'), { reply: ['{"name": "Candil", ', '"age": 3}'] });
  core = createCore({ dataDir: dir, host: 'browser', version: 'test', launchWorker: forkWorkerLauncher(builtWorkerEntry()), modelsDir });
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  await core.dispatch('models.list', { rescan: true });
  const updated = await core.dispatch('settings.update', { apiEnabled: true, apiPort: port });
  expect(updated.ok).toBe(true);
  baseUrl = core.api.status.url!;
}, 60_000);

afterAll(async () => {
  await core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function example(file: string, model = 'candil-hola'): Promise<string> {
  const { stdout } = await run(python, [join(examples, file)], {
    env: { ...process.env, CANDIL_BASE_URL: baseUrl, CANDIL_MODEL: model },
    timeout: 60_000,
  });
  return stdout;
}

describe.skipIf(!available)('Python examples with the official openai package', () => {
  it('chat.py: a chat completion and its token counts', async () => {
    expect(await example('chat.py')).toMatch(/^Hola, soy Candil\.\n\[\d+ tokens in, 5 out\]\n$/);
  });

  it('stream.py: the answer streamed', async () => {
    expect(await example('stream.py')).toBe('Hola, soy Candil.\n');
  });

  it('system_prompt.py and few_shot.py', async () => {
    expect(await example('system_prompt.py')).toBe('Hola, soy Candil.\n');
    expect(await example('few_shot.py')).toBe('Hola, soy Candil.\n');
  });

  it('chained.py: explain, review, rewrite', async () => {
    expect(await example('chained.py')).toBe(
      '== Explicación ==\nHola, soy Candil.\n== Revisión ==\nHola, soy Candil.\n== Versión final ==\nHola, soy Candil.\n',
    );
  });

  it('json_output.py: JSON that matches the schema', async () => {
    expect(await example('json_output.py', 'candil-json')).toBe('name=Candil age=3\n');
  });

  it("gpt4all_generate.py: GPT4All's generate() with its parameters, whole and streamed", async () => {
    expect(await example('gpt4all_generate.py')).toBe('Hola, soy Candil.\nHola, soy Candil.\n');
  });
});
