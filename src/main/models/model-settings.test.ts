import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeScriptedModel } from '../../test-support/scripted-model';
import { checkModelDefaults, modelSettingsInfo, previewTemplate } from './model-settings';

let dir: string;
let model: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'candil-model-settings-'));
  model = join(dir, 'scripted.gguf');
  await writeScriptedModel(model, { reply: [' hola'], contextLength: 32_768 });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GB = 1024 ** 3;

describe('model settings', () => {
  it('reads the trained context and the model’s own template, and bounds the context by this computer’s memory', async () => {
    const roomy = await modelSettingsInfo(model, 64 * GB);
    expect(roomy).toMatchObject({ trainedContextSize: 32_768, maxContextSize: 32_768, autoBatchSize: 512 });
    expect(roomy.ownTemplate).toContain("'<|im_start|>' + message['role']");
    // A machine with little memory: the KV cache of the whole trained context does not fit.
    const small = await modelSettingsInfo(model, 0.05 * GB);
    expect(small.maxContextSize).toBeLessThan(32_768);
    expect(small.maxContextSize).toBeGreaterThanOrEqual(128);
  });

  it('refuses a context beyond the trained one or beyond memory, with the numbers', async () => {
    await expect(checkModelDefaults(model, { contextSize: 65_536 }, 64 * GB)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      params: { reason: 'contextAboveTrained', contextSize: 65_536, trained: 32_768 },
    });
    const { maxContextSize } = await modelSettingsInfo(model, 0.05 * GB);
    await expect(checkModelDefaults(model, { contextSize: 32_768 }, 0.05 * GB)).rejects.toMatchObject({
      params: { reason: 'contextAboveRam', contextSize: 32_768, max: maxContextSize },
    });
    await expect(checkModelDefaults(model, { contextSize: 32_768, batchSize: 64 }, 64 * GB)).resolves.toBeUndefined();
  });

  it('previews the model’s own template with its special tokens spelled as the model spells them', async () => {
    const own = (await modelSettingsInfo(model, 64 * GB)).ownTemplate ?? '';
    const sample = { system: 'S', user: 'U1', reply: 'R', followUp: 'U2' };
    expect(await previewTemplate(model, own, sample)).toBe(
      '<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU1<|im_end|>\n<|im_start|>assistant\nR<|im_end|>\n<|im_start|>user\nU2<|im_end|>\n<|im_start|>assistant\n',
    );
    expect(await previewTemplate(model, `{{ bos_token }}${own}`, sample)).toMatch(/^<\|endoftext\|><\|im_start\|>system/);
  });
});
