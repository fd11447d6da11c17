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
    { title: 'Long chat A', mark: 'A', count: COUNT },
    { title: 'Long chat B', mark: 'B', count: COUNT },
  ]);
  host = await startHost(data.dataDir);
});

test.afterEach(async () => {
  await host?.stop();
  host = null;
  data.cleanup();
});

async function open(page: Page, title: string, mark: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: title, exact: true }).click();
  // The latest message is on screen (its end: a long reply can be taller than the window), not
  // just drawn somewhere below it.
  await expect(page.locator('article', { hasText: `${mark}${COUNT - 1}: ` })).toBeInViewport();
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
