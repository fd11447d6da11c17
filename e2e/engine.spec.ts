import { expect, test, type Page } from '@playwright/test';
import { qwen2ShapedModel } from '../src/test-support/qwen2-shaped-model';
import { addSlowModel, makeDataDir, SLOW_MODEL, startHost, type RunningHost } from './candil-host';

// Several chats against one engine, as a user meets it: a reply waiting its turn, two replies at
// once, each with its own Stop, and the prompt reused from the chat's cache on the next turn.

let data: ReturnType<typeof makeDataDir>;
let host: RunningHost | null = null;

test.beforeAll(async () => {
  await qwen2ShapedModel();
});

test.beforeEach(async () => {
  data = makeDataDir();
  await addSlowModel(data.modelsDir);
});

test.afterEach(async () => {
  await host?.stop();
  host = null;
  data.cleanup();
});

async function open(page: Page, settings: Record<string, string>): Promise<void> {
  host = await startHost(data.dataDir);
  await page.goto(host.url);
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  await page.getByRole('button', { name: /^Model:/ }).click();
  await page.getByRole('option', { name: SLOW_MODEL }).click();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog');
  for (const [label, value] of Object.entries(settings)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function newChatAndSend(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'New chat' }).click();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

const lastReply = (page: Page) => page.locator('[data-status]').last();
const chatLink = (page: Page, title: string) => page.getByRole('navigation').getByText(title, { exact: true });

test('a second chat waits its turn with its place shown, can be stopped while waiting, and the first goes on', async ({ page }) => {
  await open(page, { 'Replies at the same time': '1', 'Maximum reply length (tokens)': '100000' });
  await newChatAndSend(page, 'First chat');
  await expect(lastReply(page)).toHaveAttribute('data-status', 'streaming');
  await expect(lastReply(page)).not.toBeEmpty();

  await newChatAndSend(page, 'Second chat');
  await expect(lastReply(page)).toContainText('Waiting for the engine: number 1 in the queue');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(lastReply(page)).toHaveAttribute('data-status', 'stopped');

  await chatLink(page, 'First chat').click();
  const first = lastReply(page);
  await expect(first).toHaveAttribute('data-status', 'streaming');
  const before = (await first.innerText()).length;
  await expect.poll(async () => (await first.innerText()).length).toBeGreaterThan(before);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(first).toHaveAttribute('data-status', 'stopped');
});

test('two chats write at the same time, each with its own Stop; the next turn reuses the cached prompt', async ({ page }) => {
  await open(page, { 'Replies at the same time': '2', 'Maximum reply length (tokens)': '100000' });
  await newChatAndSend(page, 'Left');
  await expect(lastReply(page)).not.toBeEmpty();
  await newChatAndSend(page, 'Right');
  const right = lastReply(page);
  await expect(right).not.toBeEmpty();
  await expect(right).toHaveAttribute('data-status', 'streaming');

  await chatLink(page, 'Left').click();
  const left = lastReply(page);
  await expect(left).toHaveAttribute('data-status', 'streaming');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(left).toHaveAttribute('data-status', 'stopped');

  // Stopping one left the other running.
  await chatLink(page, 'Right').click();
  await expect(lastReply(page)).toHaveAttribute('data-status', 'streaming');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(lastReply(page)).toHaveAttribute('data-status', 'stopped');

  // The next turn evaluates only what is new: the stats under the reply say how much came from the cache.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('dialog').getByLabel('Maximum reply length (tokens)', { exact: true }).fill('8');
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('And then?');
  await box.press('Enter');
  await expect(lastReply(page)).toHaveAttribute('data-status', 'done');
  const stats = lastReply(page).locator('.reply-stats');
  await expect(stats).toContainText(/prompt: \d+ evaluated, [\d,]+ from cache/);
  const [, evaluated, reused] = /prompt: (\d+) evaluated, ([\d,]+) from cache/.exec(await stats.innerText()) ?? [];
  expect(Number(reused?.replace(/,/g, ''))).toBeGreaterThan(Number(evaluated));
});
