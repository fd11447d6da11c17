import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Karpathy's TinyStories "stories260K", the GGUF llama.cpp's own CI uses. */
export const TEST_MODEL = {
  fileName: 'stories260K.gguf',
  sizeBytes: 1_185_376,
  sha256: '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d',
  url: 'https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf',
  /** Its published greedy continuation of "Once upon a time". */
  onceUponATime: ', there was a little girl named Lily. She loved to play outside in the park.',
  /** Trained on 512-token sequences although its header says 2048. */
  contextSize: 512,
} as const;

const projectRoot = resolve(import.meta.dirname, '../..');

/**
 * Finds the test model: env CANDIL_TEST_MODEL, ../shared/models beside the project, a cache
 * folder, else downloads it from its public home and checks its sha256.
 */
export async function resolveTestModel(): Promise<string> {
  const fromEnv = process.env.CANDIL_TEST_MODEL;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CANDIL_TEST_MODEL points at a missing file: ${fromEnv}`);
    return fromEnv;
  }
  const shared = join(projectRoot, '..', 'shared', 'models', TEST_MODEL.fileName);
  if (existsSync(shared)) return shared;
  const cached = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'candil', 'test-models', TEST_MODEL.fileName);
  if (existsSync(cached) && (await sha256File(cached)) === TEST_MODEL.sha256) return cached;
  const response = await fetch(TEST_MODEL.url);
  if (!response.ok) throw new Error(`Cannot download the test model (${response.status}) from ${TEST_MODEL.url}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== TEST_MODEL.sha256) throw new Error(`The downloaded test model has sha256 ${digest}, expected ${TEST_MODEL.sha256}`);
  await mkdir(dirname(cached), { recursive: true });
  await writeFile(`${cached}.part`, bytes);
  await rename(`${cached}.part`, cached);
  return cached;
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

/** The built inference worker; tests run against what ships, so the build must run first. */
export function builtWorkerEntry(): string {
  const entry = join(projectRoot, 'out', 'main', 'worker.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` before the tests.`);
  return entry;
}
