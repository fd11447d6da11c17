import { copyFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startFakeHfHost, type FakeHfHost } from '../src/test-support/fake-hf-host';
import { TEST_MODEL_REPO, writeTestCatalog } from '../src/test-support/test-catalog';
import { resolveTestModel, TEST_MODEL } from '../src/test-support/test-model';
import { makeDataDir, startHost, type RunningHost } from './candil-host';

/**
 * axe-core on every screen and dialog, in both themes and both languages. One host for the file:
 * the data (a chat with a reply, a chat in the trash, a download under way) is made once.
 */

type Strings = Record<string, unknown>;
const i18nDir = resolve(import.meta.dirname, '..', 'src', 'renderer', 'src', 'i18n');
const dictionaries: Record<'en' | 'es', Strings> = {
  en: JSON.parse(readFileSync(join(i18nDir, 'en.json'), 'utf8')) as Strings,
  es: JSON.parse(readFileSync(join(i18nDir, 'es.json'), 'utf8')) as Strings,
};

/** The app's own text for a key, so the same steps run in either language. */
function text(lang: 'en' | 'es', key: string, params: Record<string, string> = {}): string {
  let node: unknown = dictionaries[lang];
  for (const part of key.split('.')) node = (node as Strings)[part];
  if (typeof node !== 'string') throw new Error(`No text for ${key} in ${lang}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => params[name] ?? '');
}

let hub: FakeHfHost;
let data: ReturnType<typeof makeDataDir>;
let host: RunningHost;

test.describe.configure({ mode: 'serial' });

async function ready(page: Page): Promise<void> {
  await page.goto(host.url);
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
}

/** A chat with a reply, one in the trash, and a download slow enough to stay on screen. */
async function seed(browser: Browser): Promise<void> {
  const page = await browser.newPage({ locale: 'en-US' });
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
  const box = page.getByRole('textbox', { name: 'Message' });
  for (const prompt of ['Gone soon', 'Once upon a time']) {
    await page.getByRole('button', { name: 'New chat' }).click();
    await box.fill(prompt);
    await box.press('Enter');
    await expect(page.locator('article[data-status]').last()).toHaveAttribute('data-status', 'done');
  }
  const nav = page.getByRole('navigation', { name: 'Chats' });
  await nav.getByRole('button', { name: 'Delete chat “Gone soon”' }).click();
  await expect(nav.getByRole('button', { name: 'Gone soon', exact: true })).toBeHidden();

  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await page.getByRole('tab', { name: 'Catalog' }).click();
  await page.getByRole('button', { name: 'Check compatibility of TinyStories 260K' }).click();
  await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'fits');
  hub.setFault(TEST_MODEL_REPO.file, { type: 'throttle', bytesPerSecond: 1000 });
  await page.getByRole('button', { name: 'Download TinyStories 260K' }).click();
  await expect(page.getByTestId('download-slot')).toContainText(/%/);
  await page.close();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const modelPath = await resolveTestModel();
  hub = await startFakeHfHost({
    repos: [{ id: TEST_MODEL_REPO.repo, files: [{ path: TEST_MODEL_REPO.file, source: modelPath }], downloads: 1200, likes: 30, tags: ['gguf'] }],
  });
  data = makeDataDir();
  // Installed under another name, so the catalog's download is a new file.
  copyFileSync(modelPath, join(data.modelsDir, TEST_MODEL.fileName.replace(/\.gguf$/, '-installed.gguf')));
  const catalog = await writeTestCatalog(join(data.dataDir, 'catalog.json'));
  host = await startHost(data.dataDir, { CANDIL_HF_ENDPOINT: hub.url, CANDIL_CATALOG: catalog });
  await seed(browser);
});

test.afterAll(async () => {
  await host?.stop();
  await hub?.close();
  data?.cleanup();
});

interface Finding {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

const impacts = ['critical', 'serious', 'moderate', 'minor'] as const;

async function scan(page: Page, screen: string, findings: Finding[]): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  for (const violation of result.violations) {
    findings.push({
      screen,
      rule: violation.id,
      impact: violation.impact ?? 'minor',
      help: violation.help,
      targets: violation.nodes.map((node) => `${node.target.join(' ')} ${node.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
    });
  }
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const lang of ['en', 'es'] as const) {
    test(`no serious or critical axe violations: ${colorScheme} theme, ${lang === 'en' ? 'English' : 'Spanish'}`, async ({ browser }) => {
      test.setTimeout(180_000);
      const context = await browser.newContext({ colorScheme, locale: lang === 'en' ? 'en-US' : 'es-ES' });
      const page = await context.newPage();
      const t = (key: string, params?: Record<string, string>) => text(lang, key, params);
      const findings: Finding[] = [];
      await ready(page);
      const nav = page.getByRole('navigation', { name: t('sidebar.label') });

      await nav.getByRole('button', { name: 'Once upon a time', exact: true }).click();
      await expect(page.locator('article[data-status="done"]')).toBeVisible();
      await scan(page, 'chat', findings);

      await page.getByRole('button', { name: new RegExp(`^${t('model.button', { name: '' })}`) }).click();
      await expect(page.getByRole('listbox')).toBeVisible();
      await scan(page, 'model picker', findings);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: t('header.chatSettings') }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await scan(page, 'chat settings dialog', findings);
      await closeDialog(page);

      await page.getByRole('button', { name: t('transfer.exportChat'), exact: true }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await scan(page, 'export chat dialog', findings);
      await closeDialog(page);

      await page.getByRole('button', { name: t('header.settings'), exact: true }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await scan(page, 'settings dialog', findings);
      await closeDialog(page);

      await nav.getByRole('button', { name: t('transfer.open'), exact: true }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await scan(page, 'export/import dialog', findings);
      await closeDialog(page);

      await nav.getByRole('button', { name: t('sidebar.trash'), exact: true }).click();
      await expect(nav.getByRole('region', { name: t('sidebar.trashTitle') })).toBeVisible();
      await scan(page, 'trash', findings);
      await nav.getByRole('button', { name: t('sidebar.backToChats') }).click();

      await nav.getByRole('button', { name: t('sidebar.newCompletion') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('completion.emptyTitle') })).toBeVisible();
      await scan(page, 'completion', findings);

      await nav.getByRole('button', { name: t('nav.models'), exact: true }).click();
      for (const tab of ['catalog', 'hf', 'installed', 'downloads', 'remote']) {
        await page.getByRole('tab', { name: t(`models.tab.${tab}`) }).click();
        await expect(page.getByRole('tab', { name: t(`models.tab.${tab}`) })).toHaveAttribute('aria-selected', 'true');
        await scan(page, `models: ${tab}`, findings);
        if (tab !== 'installed') continue;
        // The model settings dialog, with a custom template, its live preview and the model's own.
        await page.getByRole('button', { name: t('installed.defaultsOf', { file: 'stories260K-installed.gguf' }) }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel(t('settings.chatTemplate'), { exact: true }).selectOption('custom');
        await dialog.getByRole('textbox', { name: t('defaults.customTemplate') }).fill("{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}");
        await expect(dialog.getByRole('region', { name: t('defaults.preview') })).toBeVisible();
        await scan(page, 'model settings dialog', findings);
        await closeDialog(page);
      }
      await context.close();

      const counts = Object.fromEntries(impacts.map((impact) => [impact, findings.filter((f) => f.impact === impact).length]));
      console.log(`axe ${colorScheme}/${lang}: ${JSON.stringify(counts)}`);
      for (const f of findings) console.log(`  [${f.impact}] ${f.screen}: ${f.rule} (${f.help}) ${f.targets.slice(0, 4).join(' | ')}`);
      expect(findings.filter((f) => f.impact === 'serious' || f.impact === 'critical')).toEqual([]);
    });
  }
}

test('keyboard: the message list shows a focus ring, and Rescan in the model picker is reached with Tab', async ({ page }) => {
  await ready(page);
  const nav = page.getByRole('navigation', { name: 'Chats' });
  await nav.getByRole('button', { name: 'Once upon a time', exact: true }).click();
  await expect(page.locator('article[data-status="done"]')).toBeVisible();

  // The scroller follows the header's last control in Tab order.
  await page.getByRole('button', { name: 'Settings', exact: true }).focus();
  await page.keyboard.press('Tab');
  const scroller = page.getByRole('region', { name: 'Messages' }).locator('.message-scroller');
  await expect(scroller).toBeFocused();
  await expect(scroller).toHaveCSS('outline-style', 'solid');
  await expect(scroller).toHaveCSS('outline-width', '2px');

  const picker = page.getByRole('button', { name: /^Model:/ });
  await picker.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listbox')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Rescan' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox')).toBeHidden();
  await expect(picker).toBeFocused();
});

test('focus never falls to the page: after a rename, a deleted message, a closed dialog and a chat sent to the trash', async ({ page }) => {
  await ready(page);
  const nav = page.getByRole('navigation', { name: 'Chats' });
  const box = page.getByRole('textbox', { name: 'Message' });
  await nav.getByRole('button', { name: 'New chat' }).click();
  await box.fill('Focus test');
  await box.press('Enter');
  await expect(page.locator('article[data-status]').last()).toHaveAttribute('data-status', 'done');

  await nav.getByRole('button', { name: 'Rename chat “Focus test”' }).click();
  await nav.getByRole('textbox', { name: 'Chat title' }).fill('Renamed');
  await page.keyboard.press('Enter');
  await expect(nav.getByRole('button', { name: 'Renamed', exact: true })).toBeFocused();

  await page.locator('article[data-status]').last().getByRole('button', { name: 'Delete message' }).click();
  await expect(page.locator('article[data-status]')).toHaveCount(0);
  await expect(box).toBeFocused();

  const settings = page.getByRole('button', { name: 'Settings', exact: true });
  await settings.click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(settings).toBeFocused();

  await nav.getByRole('button', { name: 'Delete chat “Renamed”' }).click();
  await expect(nav.getByRole('button', { name: 'Undo' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(nav.getByRole('button', { name: 'Renamed', exact: true })).toBeVisible();
});

test('the help sheet opens with "?" and has no serious or critical axe violations; the skip link comes first', async ({ page }) => {
  await ready(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to message box' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();

  // "?" typed in the message box is text: the sheet opens only from outside a field.
  await page.keyboard.press('?');
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('?');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).focus();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  const findings: Finding[] = [];
  await scan(page, 'shortcuts', findings);
  expect(findings.filter((f) => f.impact === 'serious' || f.impact === 'critical')).toEqual([]);
});

test('at 320 px wide the chat list, the message box and the Models button are visible and work', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'en-US' });
  const page = await context.newPage();
  await ready(page);
  const nav = page.getByRole('navigation', { name: 'Chats' });
  const chat = nav.getByRole('button', { name: 'Once upon a time', exact: true });
  await expect(chat).toBeVisible();
  const listBox = await nav.locator('.chat-groups').boundingBox();
  expect(listBox?.height ?? 0).toBeGreaterThan(40);
  await chat.click();
  await expect(page.locator('article[data-status="done"]').first()).toBeVisible();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.scrollIntoViewIfNeeded();
  await expect(box).toBeInViewport();
  await box.fill('Still usable');
  await expect(page.getByRole('button', { name: 'Send' })).toBeEnabled();
  // A click lands only if nothing covers the button.
  await nav.getByRole('button', { name: 'Models', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Catalog' })).toBeVisible();
  await context.close();
});
