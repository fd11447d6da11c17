import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { qwen2ShapedModel } from '../src/test-support/qwen2-shaped-model';
import { resolveTestModel, TEST_MODEL } from '../src/test-support/test-model';
import { addSlowModel, makeDataDir, SLOW_MODEL, startHost, type RunningHost } from './candil-host';

let modelPath: string;
let data: ReturnType<typeof makeDataDir>;
let host: RunningHost | null = null;

test.beforeAll(async () => {
  modelPath = await resolveTestModel();
  await qwen2ShapedModel();
});

test.beforeEach(() => {
  data = makeDataDir();
  copyFileSync(modelPath, join(data.modelsDir, TEST_MODEL.fileName));
});

test.afterEach(async () => {
  await host?.stop();
  host = null;
  data.cleanup();
});

async function open(page: Page): Promise<void> {
  host = await startHost(data.dataDir);
  await page.goto(host.url);
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
}

async function chooseModel(page: Page, name: RegExp = /stories260K/i): Promise<void> {
  await page.getByRole('button', { name: /^Model:/ }).click();
  await page.getByRole('option', { name }).click();
  await expect(page.getByRole('button', { name: /^Model:/ })).toContainText(name);
}

async function setSettings(page: Page, fields: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog');
  for (const [label, value] of Object.entries(fields)) {
    const field = dialog.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

const replies = (page: Page) => page.locator('[data-status]');

/** A reply long enough to act on while it streams: the slow model, and no length limit but the window. */
async function startLongReply(page: Page) {
  await addSlowModel(data.modelsDir);
  await open(page);
  await chooseModel(page, SLOW_MODEL);
  await setSettings(page, { 'Maximum reply length (tokens)': '100000', Temperature: '0' });
  await page.getByRole('button', { name: 'New chat' }).click();
  await send(page, 'Once upon a time');
  const reply = replies(page).last();
  await expect(reply).toHaveAttribute('data-status', 'streaming');
  await expect.poll(async () => ((await reply.locator('.markdown').allInnerTexts()).join('')).length).toBeGreaterThan(20);
  return reply;
}

function workerPid(hostProcess: RunningHost): number {
  const out = execFileSync('pgrep', ['-P', String(hostProcess.process.pid), '-f', 'worker.js'], { encoding: 'utf8' });
  return Number(out.trim().split('\n')[0]);
}

test('chat with a local model: streamed reply, several chats, everything kept after a restart', async ({ page }) => {
  await open(page);
  await chooseModel(page);
  await setSettings(page, { 'Chat template': 'raw', 'Context size (tokens)': '512', 'Maximum reply length (tokens)': '24', Temperature: '0' });
  await page.getByRole('button', { name: 'New chat' }).click();
  await send(page, 'Once upon a time');
  await expect(replies(page).last()).toHaveAttribute('data-status', 'done');
  await expect(replies(page).last()).toContainText('there was a little girl named Lily');
  await expect(page.getByRole('status')).toContainText(/finished/i);

  await page.getByRole('button', { name: 'New chat' }).click();
  await send(page, 'The dog');
  await expect(replies(page).last()).toHaveAttribute('data-status', 'done');
  const chatList = page.getByRole('navigation');
  await expect(chatList.getByText('Once upon a time')).toBeVisible();
  await expect(chatList.getByText('The dog')).toBeVisible();

  await chatList.getByText('Once upon a time').click();
  await expect(replies(page).last()).toContainText('little girl named Lily');

  await host?.stop();
  await open(page);
  await page.getByRole('navigation').getByText('Once upon a time').click();
  await expect(replies(page)).toHaveCount(1);
  await expect(replies(page).last()).toContainText('little girl named Lily');
  await expect(page.getByRole('button', { name: /^Model:/ })).toContainText(/stories260K/i);
});

test('stop keeps the partial reply, marked as stopped', async ({ page }) => {
  const reply = await startLongReply(page);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(reply).toHaveAttribute('data-status', 'stopped');
  await expect(reply).toContainText('Stopped');
  const kept = await reply.innerText();
  expect(kept.length).toBeGreaterThan(20);
  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  await page.getByRole('navigation').getByText('Once upon a time').click();
  await expect(replies(page).last()).toHaveAttribute('data-status', 'stopped');
});

test('the engine is killed mid-reply: partial text kept with an explanation, the next message works', async ({ page }) => {
  const reply = await startLongReply(page);
  process.kill(workerPid(host as RunningHost), 'SIGKILL');
  await expect(reply).toHaveAttribute('data-status', 'error');
  await expect(reply).toContainText(/stopped unexpectedly/);
  await setSettings(page, { 'Maximum reply length (tokens)': '16' });
  await send(page, 'The cat');
  // The restarted engine loads the 353 MB model again first: on a busy two-core machine that alone can take most of the default 15 s.
  await expect(replies(page).last()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(replies(page)).toHaveCount(2);
});

test('a crash of the whole app keeps the reply up to its last checkpoint', async ({ page }) => {
  await startLongReply(page);
  // The first checkpoint lands a second into the reply; wait for it to reach the database.
  const Database = (await import('better-sqlite3')).default;
  await expect
    .poll(() => {
      const db = new Database(join(data.dataDir, 'candil.db'), { readonly: true });
      try {
        const row = db.prepare("SELECT length(content) AS n FROM messages WHERE role = 'assistant'").get() as { n: number } | undefined;
        return row?.n ?? 0;
      } finally {
        db.close();
      }
    })
    .toBeGreaterThan(0);
  await host?.stop('SIGKILL');
  await open(page);
  await page.getByRole('navigation').getByText('Once upon a time').click();
  const kept = replies(page).last();
  await expect(kept).toHaveAttribute('data-status', 'error');
  await expect(kept).toContainText(/closed before this reply finished/);
});

test('broken model files are listed with the reason and the good model still works', async ({ page }) => {
  writeFileSync(join(data.modelsDir, 'empty.gguf'), '');
  writeFileSync(join(data.modelsDir, 'notes.gguf'), 'not a model at all, just some notes');
  const bytes = (await import('node:fs')).readFileSync(modelPath);
  writeFileSync(join(data.modelsDir, 'truncated.gguf'), bytes.subarray(0, bytes.length - 1000));
  await open(page);
  await page.getByRole('button', { name: /^Model:/ }).click();
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option', { name: /empty\.gguf/ })).toHaveAttribute('aria-disabled', 'true');
  await expect(list.getByRole('option', { name: /empty\.gguf/ })).toContainText(/empty/i);
  await expect(list.getByRole('option', { name: /notes\.gguf/ })).toContainText(/not a GGUF/i);
  await expect(list.getByRole('option', { name: /truncated\.gguf/ })).toContainText(/truncated|shorter/i);
  await page.keyboard.press('Escape');
  await chooseModel(page);
  await setSettings(page, { 'Maximum reply length (tokens)': '16' });
  await page.getByRole('button', { name: 'New chat' }).click();
  await send(page, 'Once upon a time');
  await expect(replies(page).last()).toHaveAttribute('data-status', 'done');
});

test('the interface speaks Spanish to a Spanish browser', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  await open(page);
  await expect(page.getByRole('button', { name: 'Nuevo chat' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Mensaje' })).toBeVisible();
  await page.getByRole('button', { name: 'Ajustes', exact: true }).click();
  await expect(page.getByRole('dialog')).toContainText('Temperatura');
  await context.close();
});

test('a database written by a newer Candil stops the app with a clear message and stays untouched', async () => {
  const Database = (await import('better-sqlite3')).default;
  const file = join(data.dataDir, 'candil.db');
  const db = new Database(file);
  db.pragma('user_version = 999');
  db.close();
  const before = (await import('node:fs')).readFileSync(file);
  await expect(startHost(data.dataDir)).rejects.toThrow(/newer Candil/);
  expect((await import('node:fs')).readFileSync(file).equals(before)).toBe(true);
});

test('a damaged database stops the app in English and Spanish, keeps a copy, and --start-fresh moves it aside', async ({ page }) => {
  const fs = await import('node:fs');
  const file = join(data.dataDir, 'candil.db');
  const bytes = Buffer.from('These are not chats. '.repeat(400));
  writeFileSync(file, bytes);
  const refused = await startHost(data.dataDir).then(
    () => '',
    (error: Error) => error.message,
  );
  expect(refused).toMatch(/chat history is damaged/);
  expect(refused).toMatch(/historial de chats está dañado/);
  expect(refused).toMatch(/--start-fresh/);
  expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  const kept = fs.readdirSync(join(data.dataDir, 'damaged'));
  expect(kept).toHaveLength(1);
  expect(fs.readFileSync(join(data.dataDir, 'damaged', kept[0] as string)).equals(bytes)).toBe(true);

  host = await startHost(data.dataDir, {}, ['--start-fresh']);
  await page.goto(host.url);
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  await expect(page.getByRole('button', { name: 'New chat' })).toBeVisible();
  const moved = fs.readdirSync(join(data.dataDir, 'damaged')).filter((name) => name.includes('-moved-') && name.endsWith('.db'));
  expect(moved).toHaveLength(1);
  expect(fs.readFileSync(join(data.dataDir, 'damaged', moved[0] as string)).equals(bytes)).toBe(true);
});
