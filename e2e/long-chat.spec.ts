import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeLongChats } from '../src/test-support/long-history';
import { makeDataDir, startHost, type RunningHost } from './candil-host';

const COUNT = 5000;
let data: ReturnType<typeof makeDataDir>;
let host: RunningHost | null = null;

test.beforeEach(async () => {
  data = makeDataDir();
  writeLongChats(join(data.dataDir, 'candil.db'), [
    { title: 'Long chat A', mark: 'A', count: COUNT, note: { at: 12, text: 'zarzamora' } },
    { title: 'Long chat B', mark: 'B', count: COUNT },
    { title: 'Shorter chat C', mark: 'C', count: 260 },
  ]);
  host = await startHost(data.dataDir);
});

test.afterEach(async () => {
  await host?.stop();
  host = null;
  data.cleanup();
});

async function open(page: Page, title: string, mark: string, count = COUNT): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: title, exact: true }).click();
  // The latest message is on screen (its end: a long reply can be taller than the window), not
  // just drawn somewhere below it.
  await expect(page.locator('article', { hasText: `${mark}${count - 1}: ` })).toBeInViewport();
  await expect.poll(() => page.locator('.message-scroller').evaluate((s) => s.scrollHeight - s.scrollTop - s.clientHeight)).toBeLessThanOrEqual(4);
}

test('a long chat opens at its latest message, every time it is opened', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 700 });
  await page.goto(host?.url ?? '');
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  await open(page, 'Long chat A', 'A');
  await open(page, 'Long chat B', 'B');
  // Reading far up in B does not carry over to A, nor to B when it is opened again.
  await page.locator('.message-scroller').hover();
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -3000);
  await expect(page.locator('article', { hasText: `B${COUNT - 1}: ` })).not.toBeInViewport();
  await open(page, 'Long chat A', 'A');
  await open(page, 'Long chat B', 'B');
});

test('scrolling up a long chat brings its older messages, page after page, without losing the place', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 700 });
  await page.goto(host?.url ?? '');
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  // Opened and settled at its end (the list lands on its last message in a few steps as it measures them).
  await open(page, 'Shorter chat C', 'C', 260);
  // The window has the latest page only; above it, a line says there is more.
  await expect(page.locator('article', { hasText: 'C0: ' })).toHaveCount(0);
  const scroller = page.locator('.message-scroller');
  // At the top of what is loaded: the older page arrives above, and the message that was first stays on screen.
  await scroller.evaluate((s) => s.scrollTo({ top: 0 }));
  await expect(page.getByText('Scroll up for earlier messages…')).toBeVisible();
  await expect(page.locator('article', { hasText: 'C159: ' })).toBeAttached();
  await expect(page.locator('article', { hasText: 'C160: ' })).toBeInViewport();
  // With the keyboard only: Home in the list, until the chat's first message.
  await scroller.focus();
  await expect(async () => {
    await page.keyboard.press('Home');
    await expect(page.locator('article', { hasText: 'C0: ' })).toBeInViewport({ timeout: 1_000 });
  }).toPass();
  await expect(page.getByText('Scroll up for earlier messages…')).toHaveCount(0);
  // And back down to the end: every message in between, in order.
  await page.keyboard.press('End');
  await expect(page.locator('article', { hasText: 'C259: ' })).toBeInViewport();
});

test('a search result far up a long chat opens the chat at that message', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 700 });
  await page.goto(host?.url ?? '');
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  const nav = page.getByRole('navigation', { name: 'Chats' });
  await nav.getByRole('searchbox', { name: 'Search chats' }).fill('zarzamora');
  await nav.getByRole('button', { name: /zarzamora/ }).click();
  const found = page.locator('article', { hasText: 'A12: ' });
  await expect(found).toBeInViewport();
  // Focused for a screen reader to read from there.
  await expect(page.locator('.message-target.is-found')).toBeFocused();
  await expect(page.locator('.message-target.is-found article')).toContainText('A12: ');
  // The rest of the chat is there below it, to its end.
  await page.locator('.message-scroller').evaluate((s) => s.scrollTo({ top: s.scrollHeight }));
  await expect(page.locator('article', { hasText: `A${COUNT - 1}: ` })).toBeInViewport();
});
