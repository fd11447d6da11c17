import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startFakeHfHost, type FakeHfHost } from '../src/test-support/fake-hf-host';
import { TEST_MODEL_REPO, writeTestCatalog } from '../src/test-support/test-catalog';
import { resolveTestModel, TEST_MODEL } from '../src/test-support/test-model';
import { makeDataDir, startHost, type RunningHost } from './candil-host';

let hub: FakeHfHost;
let data: ReturnType<typeof makeDataDir>;
let host: RunningHost | null = null;

test.beforeEach(async () => {
  const modelPath = await resolveTestModel();
  hub = await startFakeHfHost({
    repos: [{ id: TEST_MODEL_REPO.repo, files: [{ path: TEST_MODEL_REPO.file, source: modelPath }], downloads: 1200, likes: 30, tags: ['gguf'] }],
  });
  data = makeDataDir();
});

test.afterEach(async () => {
  await host?.stop();
  host = null;
  await hub.close();
  data.cleanup();
});

async function open(page: Page): Promise<void> {
  const catalog = await writeTestCatalog(join(data.dataDir, 'catalog.json'));
  host = await startHost(data.dataDir, { CANDIL_HF_ENDPOINT: hub.url, CANDIL_CATALOG: catalog });
  await page.goto(host.url);
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
}

const modelFile = () => join(data.modelsDir, TEST_MODEL.fileName);

test('catalog → compatibility → download with pause and resume → chat → delete', async ({ page }) => {
  // Slow enough to watch the progress and pause it mid-file.
  hub.setFault(TEST_MODEL_REPO.file, { type: 'throttle', bytesPerSecond: 150_000 });
  await open(page);
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await page.getByRole('tab', { name: 'Catalog' }).click();
  await expect(page.getByText('TinyStories 260K')).toBeVisible();

  await page.getByRole('button', { name: 'Check compatibility of TinyStories 260K' }).click();
  const verdict = page.locator('[data-verdict]');
  await expect(verdict).toHaveAttribute('data-verdict', 'fits');
  await expect(verdict).toContainText('llama');

  await page.getByRole('button', { name: 'Download TinyStories 260K' }).click();
  await expect(page.getByTestId('download-slot')).toContainText(/%/);
  await page.getByRole('tab', { name: 'Downloads' }).click();
  const row = page.locator('[data-state]').filter({ hasText: TEST_MODEL.fileName });
  await expect(row).toHaveAttribute('data-state', 'downloading');
  await expect(row.getByRole('progressbar')).not.toHaveAttribute('aria-valuenow', '0');

  await row.getByRole('button', { name: `Pause download of ${TEST_MODEL.fileName}` }).click();
  await expect(row).toHaveAttribute('data-state', 'paused');
  // A paused download is a .part file, never something that looks like a model.
  expect(existsSync(modelFile())).toBe(false);
  expect(readdirSync(data.modelsDir).some((f) => f.endsWith('.part'))).toBe(true);

  hub.clearFaults();
  await row.getByRole('button', { name: `Resume download of ${TEST_MODEL.fileName}` }).click();
  await expect(row).toHaveAttribute('data-state', 'completed');
  expect(existsSync(modelFile())).toBe(true);
  // The resume asked only for the missing bytes.
  expect(hub.requests.some((r) => r.method === 'GET' && /^bytes=[1-9]\d*-$/.test(r.range ?? ''))).toBe(true);

  await page.getByRole('tab', { name: 'Installed' }).click();
  await expect(page.getByRole('main').getByText(TEST_MODEL.fileName)).toBeVisible();

  await page.getByRole('button', { name: 'Chat', exact: true }).click();
  await page.getByRole('button', { name: /^Model:/ }).click();
  await page.getByRole('option', { name: /stories260K/ }).click();
  await page.getByRole('button', { name: 'New chat' }).click();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Once upon a time');
  await box.press('Enter');
  await expect(page.locator('[data-status]').last()).toHaveAttribute('data-status', 'done');

  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await page.getByRole('tab', { name: 'Installed' }).click();
  await page.getByRole('button', { name: `Delete ${TEST_MODEL.fileName}` }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('button', { name: `Delete ${TEST_MODEL.fileName}` })).toHaveCount(0);
  expect(existsSync(modelFile())).toBe(false);

  // The chat that used the deleted model is still there.
  await page.getByRole('button', { name: 'Chat', exact: true }).click();
  await expect(page.getByRole('navigation').getByText('Once upon a time')).toBeVisible();
});

test('a download that fails its checksum is reported and leaves no model behind', async ({ page }) => {
  hub.setFault(TEST_MODEL_REPO.file, { type: 'corrupt' });
  await open(page);
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await page.getByRole('tab', { name: 'Catalog' }).click();
  await page.getByRole('button', { name: 'Download TinyStories 260K' }).click();
  await page.getByRole('tab', { name: 'Downloads' }).click();
  const row = page.locator('[data-state]').filter({ hasText: TEST_MODEL.fileName });
  await expect(row).toHaveAttribute('data-state', 'failed');
  await expect(row).toContainText(/checksum|SHA-256/i);
  expect(readdirSync(data.modelsDir).filter((f) => f.endsWith('.gguf'))).toEqual([]);
});

test('Hugging Face search: by owner/repo, list its GGUF files, check one before downloading', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await page.getByRole('tab', { name: 'Hugging Face' }).click();
  const search = page.getByRole('searchbox', { name: 'Search Hugging Face' });
  await search.fill(TEST_MODEL_REPO.repo);
  await search.press('Enter');
  await expect(page.getByText(TEST_MODEL.fileName)).toBeVisible();
  await page.getByRole('button', { name: `Check compatibility of ${TEST_MODEL.fileName}` }).click();
  await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'fits');
  // Only the header travelled: every request for the file's bytes asked for a range.
  const fileGets = hub.requests.filter((r) => r.method === 'GET' && !r.url.startsWith('/api/'));
  expect(fileGets.length).toBeGreaterThan(0);
  expect(fileGets.every((r) => r.range)).toBe(true);
});
