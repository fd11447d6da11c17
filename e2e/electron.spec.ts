import { existsSync, readFileSync } from 'node:fs';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { resolveTestModel, TEST_MODEL } from '../src/test-support/test-model';
import { makeDataDir } from './candil-host';

/** The Electron binary is fetched on first use; where that cannot happen these specs skip. */
function electronBinary(): string | null {
  const dir = resolve(import.meta.dirname, '..', 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (!binary) console.log('[e2e] Electron specs skipped: the Electron binary is not installed (node_modules/electron/dist is missing).');

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, 'the Electron binary is not installed here');

  test('opens a sandboxed window that chats with a local model', async () => {
    const data = makeDataDir();
    copyFileSync(await resolveTestModel(), join(data.modelsDir, TEST_MODEL.fileName));
    const app = await electron.launch({
      executablePath: binary as string,
      args: [resolve(import.meta.dirname, '..', 'out', 'main', 'index.js')],
      env: { ...process.env, CANDIL_DATA_DIR: data.dataDir },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.locator('html[data-ready="true"]')).toBeAttached();
      // The page sees two bridge functions and no Node.
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { candil: object }).candil).sort())).toEqual(['invoke', 'pathForFile', 'subscribe']);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      await page.getByRole('button', { name: /^Model:/ }).click();
      await page.getByRole('option', { name: /stories260K/ }).click();
      await page.getByRole('button', { name: 'New chat' }).click();
      const box = page.getByRole('textbox', { name: /Message|Mensaje/ });
      await box.fill('Once upon a time');
      await box.press('Enter');
      await expect(page.locator('[data-status]').last()).toHaveAttribute('data-status', /done|stopped/);
    } finally {
      await app.close();
      data.cleanup();
    }
  });
});
