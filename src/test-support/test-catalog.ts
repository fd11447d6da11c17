import { writeFile } from 'node:fs/promises';
import type { Catalog, CatalogEntry } from '../shared/catalog';
import { TEST_MODEL } from './test-model';

/** Where the fake Hub serves the test model, mirroring its real home on huggingface.co. */
export const TEST_MODEL_REPO = { repo: 'ggml-org/models', file: 'tinyllamas/stories260K.gguf' } as const;

/**
 * The one-entry catalog the e2e run gives the app (via CANDIL_CATALOG) with the fake Hub
 * (CANDIL_HF_ENDPOINT) serving the real stories260K file at TEST_MODEL_REPO.
 * ramBytes is what compatibility.ts estimates for it at 512 tokens.
 */
export const testCatalogEntry: CatalogEntry = {
  id: 'stories260k',
  name: 'TinyStories 260K',
  description: {
    en: 'A 260K-parameter test model that writes tiny children’s stories. No chat template.',
    es: 'Modelo de prueba de 260K parámetros que escribe cuentos infantiles diminutos. Sin plantilla de chat.',
  },
  parameters: '0.3M',
  quantization: 'F32',
  fileSizeBytes: TEST_MODEL.sizeBytes,
  ramBytes: 3_618_560,
  defaultContext: TEST_MODEL.contextSize,
  contextLength: 2048,
  licence: { name: 'MIT', url: 'https://github.com/karpathy/llama2.c/blob/master/LICENSE' },
  tags: ['chat'],
  hf: { ...TEST_MODEL_REPO },
  sha256: TEST_MODEL.sha256,
};

export const testCatalog: Catalog = { version: 1, models: [testCatalogEntry] };

export async function writeTestCatalog(path: string): Promise<string> {
  await writeFile(path, `${JSON.stringify(testCatalog, null, 2)}\n`);
  return path;
}
