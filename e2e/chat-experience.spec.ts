import { copyFileSync } from 'node:fs';
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

async function ready(page: Page): Promise<void> {
  await page.goto(host?.url ?? '');
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
}

/** The tiny real model, raw template, greedy and short: replies are the same every time. */
async function setUp(page: Page): Promise<void> {
  await ready(page);
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

const replies = (page: Page) => page.locator('article[data-status]');
const questions = (page: Page) => page.locator('article.is-user');

test('versions: regenerate and edit keep the earlier ones, continue a short reply, and all of it survives a reload', async ({ page }) => {
  await setUp(page);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Once upon a time');
  await box.press('Enter');
  await expect(replies(page).last()).toHaveAttribute('data-status', 'done');
  const first = (await replies(page).last().locator('.message-body').innerText()).trim();

  // Continue: the same reply goes on, as one message.
  await page.getByRole('button', { name: 'Continue writing this reply' }).click();
  await expect(replies(page).last()).toHaveAttribute('data-status', 'done');
  await expect(replies(page)).toHaveCount(1);
  const longer = (await replies(page).last().locator('.message-body').innerText()).trim();
  expect(longer.length).toBeGreaterThan(first.length);
  expect(longer.startsWith(first)).toBe(true);

  // Regenerate: a second version, the first one kept.
  await page.getByRole('button', { name: 'Regenerate reply' }).click();
  await expect(page.getByRole('group', { name: 'Version 2 of 2' })).toBeVisible();
  await expect(replies(page).last()).toHaveAttribute('data-status', 'done');
  await expect(replies(page).last()).not.toContainText(longer);
  // With the keyboard: the previous version comes back.
  await page.getByRole('button', { name: 'Previous version' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Version 1 of 2' })).toBeVisible();
  await expect(replies(page).last()).toContainText(longer);

  // Edit the question: a new branch; the old question and its replies stay one click away.
  await questions(page).first().hover();
  await page.getByRole('button', { name: 'Edit message' }).click();
  await page.getByRole('textbox', { name: 'Edit your message' }).fill('The little dog');
  await page.getByRole('button', { name: 'Save and regenerate' }).click();
  await expect(questions(page).first()).toContainText('The little dog');
  await expect(replies(page).last()).toHaveAttribute('data-status', 'done');
  await expect(questions(page).first().getByRole('group', { name: 'Version 2 of 2' })).toBeVisible();
  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  await expect(questions(page).first()).toContainText('The little dog');
  await questions(page).first().getByRole('button', { name: 'Previous version' }).click();
  await expect(questions(page).first()).toContainText('Once upon a time');
  await expect(replies(page).last()).toContainText(longer);
  await expect(replies(page).last().getByRole('group', { name: 'Version 1 of 2' })).toBeVisible();
});

test('the trash: a deleted chat leaves the list, Undo brings it back, and it can be deleted for good', async ({ page }) => {
  await setUp(page);
  // Clicking "New chat" stores nothing until a message is sent.
  for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: 'New chat' }).click();
  const nav = page.getByRole('navigation', { name: 'Chats' });
  await expect(nav.locator('.chat-item')).toHaveCount(0);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Once upon a time');
  await box.press('Enter');
  await expect(replies(page).last()).toHaveAttribute('data-status', 'done');
  await expect(nav.locator('.chat-item')).toHaveCount(1);
  await expect(nav.getByRole('region', { name: 'Today' })).toBeVisible();

  await nav.getByRole('button', { name: 'Delete chat “Once upon a time”' }).click();
  await expect(page.getByRole('status')).toHaveText('Moved to the trash: Once upon a time');
  await expect(nav.locator('.chat-item')).toHaveCount(0);
  await nav.getByRole('button', { name: 'Undo' }).click();
  await expect(nav.getByRole('button', { name: 'Once upon a time', exact: true })).toBeVisible();

  await nav.getByRole('button', { name: 'Delete chat “Once upon a time”' }).click();
  await nav.getByRole('button', { name: 'Trash' }).click();
  const trash = nav.getByRole('region', { name: 'Trash' });
  await trash.getByRole('button', { name: 'Empty trash' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Empty trash' }).click();
  await expect(trash.getByText('The trash is empty.')).toBeVisible();
  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  await expect(nav.locator('.chat-item')).toHaveCount(0);
});

test('completion mode, in Spanish: continues a plain text, keeps writing, and suggests a code model for code', async ({ page, browser }) => {
  await setUp(page);
  const context = await browser.newContext({ locale: 'es-ES' });
  const es = await context.newPage();
  await ready(es);
  await es.getByRole('button', { name: 'Nueva compleción de texto' }).click();
  const field = es.getByRole('textbox', { name: 'Texto a continuar' });
  await field.fill('crea un componente base en ReactJS con Formik para el inicio de sesión');
  await expect(es.getByText('Para código, un modelo de código como Qwen2.5 Coder lo hace mejor')).toBeVisible();
  await field.fill('Once upon a time');
  await field.press('Control+Enter');
  const output = es.locator('.completion-output');
  await expect(es.getByRole('button', { name: 'Seguir escribiendo' })).toBeVisible();
  const first = await output.innerText();
  expect(first.startsWith('Once upon a time')).toBe(true);
  expect(first.length).toBeGreaterThan('Once upon a time'.length);
  await es.getByRole('button', { name: 'Seguir escribiendo' }).click();
  await expect(es.getByRole('button', { name: 'Seguir escribiendo' })).toBeVisible();
  await expect.poll(async () => (await output.innerText()).length).toBeGreaterThan(first.length);
  expect((await output.innerText()).startsWith(first)).toBe(true);
  // Saved and searchable like chats.
  const nav = es.getByRole('navigation', { name: 'Chats' });
  await expect(nav.getByRole('button', { name: 'Compleción: Once upon a time', exact: true })).toBeVisible();
  await nav.getByRole('searchbox', { name: 'Buscar chats' }).fill('upon');
  await expect(nav.getByRole('button', { name: 'Compleción: Once upon a time', exact: true })).toBeVisible();
  await context.close();
});

test('a pinned message is still sent when the oldest are dropped to fit, and the meter counts it', async ({ page }) => {
  // About ten exchanges fill the window, each measured before it is sent.
  test.setTimeout(150_000);
  await setUp(page);
  // The window the model was trained with: a few turns fill it.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Context size (tokens)', { exact: true }).fill('512');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Lily had a red ball.');
  await box.press('Enter');
  await expect(replies(page).last()).toHaveAttribute('data-status', 'done');
  // With the keyboard: the toggle is a button in the message's actions.
  const pin = questions(page).first().getByRole('button', { name: 'Pin message' });
  await pin.focus();
  await page.keyboard.press('Enter');
  await expect(pin).toHaveAttribute('aria-pressed', 'true');
  await expect(questions(page).first()).toContainText('Pinned: always sent');
  await expect(page.getByRole('status')).toHaveText('Message pinned: it is sent even when older messages are dropped');

  // Earlier turns until the next message no longer fits.
  const draft = 'The cat sat on the mat and looked at the moon. '.repeat(3);
  const alert = page.getByRole('alert');
  for (let i = 0; i < 12; i += 1) {
    await box.fill(draft);
    // The meter measures after a pause in typing.
    await page.waitForTimeout(3000);
    if (await alert.isVisible()) break;
    await box.press('Enter');
    await expect(replies(page).last()).toHaveAttribute('data-status', 'done');
  }
  await expect(alert).toBeVisible();
  await alert.getByRole('button', { name: 'Stop sending the oldest messages' }).click();
  await expect(alert).toBeHidden();
  await box.press('Enter');
  await expect(questions(page).last()).toContainText('The cat sat on the mat');
  await expect(replies(page).last()).toHaveAttribute('data-status', 'done');

  // Back at the top (the list follows the newest message, so scrolling may need another go):
  // the cut says the pinned message is still sent, and the meter counts it.
  const meter = page.getByRole('meter');
  const used = async () => Number(await meter.getAttribute('value'));
  // Measured again after the reply, once the composer is empty.
  await page.waitForTimeout(1500);
  const pinned = await used();
  const toggle = questions(page).filter({ hasText: 'Lily had a red ball.' }).getByRole('button', { name: 'Pin message' });
  await expect(async () => {
    await page.locator('.message-scroller').evaluate((scroller) => scroller.scrollTo({ top: 0 }));
    await expect(page.getByRole('note')).toContainText('except the pinned ones', { timeout: 1000 });
    await toggle.click({ timeout: 1000 });
  }).toPass();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(used).toBeLessThan(pinned);
});
