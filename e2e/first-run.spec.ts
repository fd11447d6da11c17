import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startFakeHfHost, type FakeHfHost } from '../src/test-support/fake-hf-host';
import { TEST_MODEL_REPO, writeTestCatalog } from '../src/test-support/test-catalog';
import { resolveTestModel } from '../src/test-support/test-model';
import { makeDataDir, startHost, type RunningHost } from './candil-host';

let hub: FakeHfHost;
let data: ReturnType<typeof makeDataDir>;
let home: string;
let modelPath: string;
let host: RunningHost | null = null;

test.beforeEach(async () => {
  modelPath = await resolveTestModel();
  hub = await startFakeHfHost({
    repos: [{ id: TEST_MODEL_REPO.repo, files: [{ path: TEST_MODEL_REPO.file, source: modelPath }], downloads: 1200, likes: 30, tags: ['gguf'] }],
  });
  data = makeDataDir();
  // A home of its own: the GPT4All folder found is the one the test makes, never the machine's.
  home = mkdtempSync(join(tmpdir(), 'candil-home-'));
});

test.afterEach(async () => {
  await host?.stop();
  host = null;
  await hub.close();
  data.cleanup();
  rmSync(home, { recursive: true, force: true });
});

async function open(page: Page): Promise<void> {
  const catalog = await writeTestCatalog(join(data.dataDir, 'catalog.json'));
  host = await startHost(data.dataDir, { CANDIL_HF_ENDPOINT: hub.url, CANDIL_CATALOG: catalog, HOME: home, XDG_DATA_HOME: '', XDG_CONFIG_HOME: '' });
  await page.goto(host.url);
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
}

test('a first start without a model: Get started recommends one, Download and start, and the chat is ready', async ({ page }) => {
  // Slow enough to see the progress in the panel.
  hub.setFault(TEST_MODEL_REPO.file, { type: 'throttle', bytesPerSecond: 300_000 });
  await open(page);
  const panel = page.getByRole('region', { name: 'Get started' });
  await expect(panel.getByRole('heading', { name: 'TinyStories 260K' })).toBeVisible();
  await expect(panel).toContainText(/It fits in your \d+ GB of memory/);
  const box = page.getByRole('textbox', { name: 'Message' });
  await expect(box).toBeDisabled();

  await panel.getByRole('button', { name: 'Download and start' }).click();
  await expect(panel.getByRole('progressbar')).toBeVisible();

  // Done: the model is chosen and the cursor waits in the composer.
  await expect(box).toBeFocused();
  await expect(panel).toBeHidden();
  await expect(page.getByRole('button', { name: /^Model:/ })).toContainText('stories260K');
  await page.keyboard.type('Once upon a time');
  await page.keyboard.press('Enter');
  const reply = page.locator('[data-status]').last();
  await expect(reply).toHaveAttribute('data-status', 'done');
  await expect(reply).not.toHaveText('');
});

test('GPT4All’s models are offered at first start and used in place: listed and selectable, the corrupt one refused', async ({ page }) => {
  const folder = join(home, '.local', 'share', 'nomic.ai', 'GPT4All');
  mkdirSync(folder, { recursive: true });
  copyFileSync(modelPath, join(folder, 'gpt4all-stories.gguf'));
  writeFileSync(join(folder, 'broken.gguf'), 'GGUF but truncated');
  await open(page);

  const panel = page.getByRole('region', { name: 'Get started' });
  await expect(panel).toContainText(`Found 2 models from GPT4All in ${folder}`);
  await panel.getByRole('button', { name: 'Use them in place' }).click();
  await expect(panel).toContainText('Added 1 model from GPT4All.');
  await expect(panel.getByRole('listitem').filter({ hasText: 'broken.gguf' })).toBeVisible();
  await panel.getByRole('button', { name: 'Start chatting' }).click();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();

  await page.getByRole('button', { name: /^Model:/ }).click();
  await expect(page.getByRole('option', { name: /gpt4all-stories/ })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await page.getByRole('tab', { name: 'Installed' }).click();
  const row = page.getByRole('row').filter({ hasText: 'gpt4all-stories.gguf' });
  await expect(row).toContainText('used in place');
  await expect(page.getByRole('row').filter({ hasText: 'broken.gguf' })).toHaveCount(0);
  // Nothing was copied into Candil's own models folder.
  expect(readdirSync(data.modelsDir)).toEqual([]);
});
