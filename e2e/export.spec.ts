import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { resolveTestModel, TEST_MODEL } from '../src/test-support/test-model';
import { makeDataDir, startHost, type RunningHost } from './candil-host';

let data: ReturnType<typeof makeDataDir>;
let host: RunningHost | null = null;

test.beforeEach(async () => {
  data = makeDataDir();
  copyFileSync(await resolveTestModel(), join(data.modelsDir, TEST_MODEL.fileName));
  host = await startHost(data.dataDir);
});

test.afterEach(async () => {
  await host?.stop();
  host = null;
  data.cleanup();
});

/** The tiny real model, raw template, greedy and short. */
async function setUp(page: Page): Promise<void> {
  await page.goto(host?.url ?? '');
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  await page.getByRole('button', { name: /^Model:/ }).click();
  await page.getByRole('option', { name: /stories260K/i }).click();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Chat template', { exact: true }).selectOption('raw');
  await dialog.getByLabel('Maximum reply length (tokens)', { exact: true }).fill('8');
  await dialog.getByLabel('Temperature', { exact: true }).fill('0');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('export a chat as JSON, delete it for good, import the file: it is back with its reply; a second import adds nothing', async ({ page }) => {
  await setUp(page);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Once upon a time');
  await box.press('Enter');
  const reply = page.locator('article[data-status]').last();
  await expect(reply).toHaveAttribute('data-status', 'done');
  // The finished reply, once the page shows it.
  await expect.poll(async () => (await reply.locator('.message-body').innerText()).trim().length).toBeGreaterThan(0);
  const replyText = (await reply.locator('.message-body').innerText()).trim();

  // Export every chat as JSON, from the sidebar's dialog, with the keyboard.
  const nav = page.getByRole('navigation', { name: 'Chats' });
  await nav.getByRole('button', { name: 'Export / import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export and import chats' });
  const exportJson = dialog.getByRole('button', { name: 'Export all as JSON', exact: true });
  await exportJson.focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/^candil-chats-\d{4}-\d{2}-\d{2}\.json$/);
  const file = join(data.dataDir, download.suggestedFilename());
  await download.saveAs(file);
  const archive = JSON.parse(readFileSync(file, 'utf8')) as { format: string; version: number; chats: { title: string; messages: { content: string }[] }[] };
  expect(archive).toMatchObject({ format: 'candil-chats', version: 1, chats: [{ title: 'Once upon a time' }] });
  expect(archive.chats[0]?.messages.map((m) => m.content.trim())).toEqual(['Once upon a time', replyText]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Gone for good: trash, then empty the trash.
  await nav.getByRole('button', { name: 'Delete chat “Once upon a time”' }).click();
  await nav.getByRole('button', { name: 'Trash', exact: true }).click();
  await nav.getByRole('region', { name: 'Trash' }).getByRole('button', { name: 'Empty trash' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Empty trash' }).click();
  await expect(nav.getByText('The trash is empty.')).toBeVisible();
  await nav.getByRole('button', { name: 'Back to chats' }).click();
  await expect(nav.locator('.chat-item')).toHaveCount(0);

  // Import the file through the file picker.
  await nav.getByRole('button', { name: 'Export / import', exact: true }).click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Import a file…' }).click()]);
  await chooser.setFiles(file);
  await expect(dialog.getByText('Chats imported: 1. Already here, skipped: 0.')).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Once upon a time', exact: true })).toBeVisible();

  // The same file again: nothing new.
  const [again] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Import a file…' }).click()]);
  await again.setFiles(file);
  await expect(dialog.getByText('Chats imported: 0. Already here, skipped: 1.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(nav.locator('.chat-item')).toHaveCount(1);

  // The chat is back with its reply, and survives a reload.
  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  await nav.getByRole('button', { name: 'Once upon a time', exact: true }).click();
  await expect(page.locator('article.is-user').first()).toContainText('Once upon a time');
  await expect(page.locator('article[data-status="done"]').last().locator('.message-body')).toHaveText(replyText);
});
