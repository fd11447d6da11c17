import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { writeScriptedModel } from '../src/test-support/scripted-model';
import { resolveTestModel, TEST_MODEL } from '../src/test-support/test-model';
import { addSlowModel, makeDataDir, SLOW_MODEL } from './candil-host';

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

const mainEntry = resolve(import.meta.dirname, '..', 'out', 'main', 'index.js');
const APP_URL = 'app://candil/index.html';

/** A reply the scripted model writes word for word, with a fenced code block in it. */
const CODE_REPLY = ['Try this:', '\n\n```js\n', 'console.log', '("candil")', ';\n```'];
const CODE = 'console.log("candil");';

interface Running {
  app: ElectronApplication;
  page: Page;
}

/** Starts the built app on a data folder, as the installed app would start, and waits for its first data. */
async function launch(dataDir: string): Promise<Running> {
  const app = await electron.launch({
    executablePath: binary as string,
    args: [mainEntry],
    env: { ...process.env, CANDIL_DATA_DIR: dataDir },
  });
  const page = await app.firstWindow();
  await expect(page.locator('html[data-ready="true"]')).toBeAttached();
  return { app, page };
}

async function chooseModel(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('button', { name: /^Model:/ }).click();
  await page.getByRole('option', { name }).click();
  await expect(page.getByRole('button', { name: /^Model:/ })).toContainText(name);
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'New chat' }).click();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

async function setSettings(page: Page, fields: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog');
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
}

const replies = (page: Page) => page.locator('article[data-status]');

/** The few page globals these specs touch, typed here: the e2e project compiles without DOM types. */
interface PageGlobals {
  candil: object;
  location: { href: string };
  open(url: string): object | null;
  document: {
    querySelector(selector: string): { src: string } | null;
    createElement(tag: 'base'): { href: string };
    head: { append(node: unknown): void };
    addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string }) => void, options: { once: boolean }): void;
  };
}

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, 'the Electron binary is not installed here');

  let data: ReturnType<typeof makeDataDir>;
  let running: Running | null = null;

  test.beforeEach(() => {
    data = makeDataDir();
  });

  test.afterEach(async () => {
    await running?.app.close();
    running = null;
    data.cleanup();
  });

  test('opens a sandboxed, context-isolated window that chats with a local model', async () => {
    copyFileSync(await resolveTestModel(), join(data.modelsDir, TEST_MODEL.fileName));
    running = await launch(data.dataDir);
    const { page } = running;
    expect(page.url()).toBe(APP_URL);
    // contextBridge refuses to run without context isolation: the bridge being there proves it is on.
    // The page sees three bridge functions and nothing of Node.
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).candil).sort())).toEqual(['invoke', 'pathForFile', 'subscribe']);
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process, typeof (globalThis as { module?: unknown }).module])).toEqual([
      'undefined',
      'undefined',
      'undefined',
    ]);
    // Spellchecking would download dictionaries: the session never loads one.
    expect(await running.app.evaluate(({ session }) => session.defaultSession.isSpellCheckerEnabled())).toBe(false);
    await chooseModel(page, /stories260K/);
    await send(page, 'Once upon a time');
    await expect(replies(page).last()).toHaveAttribute('data-status', /done|stopped/);
  });

  test('serves its pages from app:// with the Content-Security-Policy header, and the window enforces it', async () => {
    running = await launch(data.dataDir);
    const { app, page } = running;
    const script = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelector('script[src]')?.src ?? '');
    expect(script).toMatch(/^app:\/\/candil\/assets\/.+\.js$/);
    // Asked through the app's own session, so the answer comes from its app:// handler.
    const answers = await app.evaluate(async ({ net }, urls) => {
      const out: { url: string; status: number; csp: string | null; type: string | null; nosniff: string | null }[] = [];
      for (const url of urls) {
        const response = await net.fetch(url);
        out.push({ url, status: response.status, csp: response.headers.get('content-security-policy'), type: response.headers.get('content-type'), nosniff: response.headers.get('x-content-type-options') });
      }
      return out;
    }, [APP_URL, script, 'app://candil/assets/missing.js']);
    for (const answer of answers.slice(0, 2)) {
      expect(answer, answer.url).toMatchObject({ status: 200, nosniff: 'nosniff' });
      expect(answer.csp, answer.url).toContain("script-src 'self'");
      expect(answer.csp, answer.url).toContain("connect-src 'self'");
      expect(answer.csp, answer.url).toContain("base-uri 'none'");
      expect(answer.csp, answer.url).toContain("object-src 'none'");
    }
    expect(answers[0]?.type).toMatch(/^text\/html/);
    // A missing file is a 404 that carries the policy too.
    expect(answers[2]).toMatchObject({ status: 404, nosniff: 'nosniff' });
    expect(answers[2]?.csp).toContain("default-src 'self'");
    // base-uri is in the header only (index.html's meta policy leaves it out): a refused <base>
    // shows the header's policy governs the window.
    const violated = await page.evaluate(
      () =>
        new Promise<string>((resolvePromise) => {
          const { document } = globalThis as unknown as PageGlobals;
          document.addEventListener('securitypolicyviolation', (event) => resolvePromise(event.violatedDirective), { once: true });
          const base = document.createElement('base');
          base.href = 'https://example.invalid/';
          document.head.append(base);
          setTimeout(() => resolvePromise('no violation'), 5_000);
        }),
    );
    expect(violated).toBe('base-uri');
  });

  test('refuses to navigate away or open windows', async () => {
    running = await launch(data.dataDir);
    const { app, page } = running;
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.invalid/';
    });
    // Give a navigation that was not refused time to start (it would replace the page and its flag).
    await page.waitForTimeout(1_500);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).location.href)).toBe(APP_URL);
    await expect(page.locator('html[data-ready="true"]')).toBeAttached();
    // Not http(s): refused outright, so nothing is handed to the system browser either.
    const opened = await page.evaluate(() => {
      const win = globalThis as unknown as PageGlobals;
      return [win.open('about:blank'), win.open('file:///'), win.open('app://candil/index.html')].map((opened) => opened === null);
    });
    expect(opened).toEqual([true, true, true]);
    await page.waitForTimeout(500);
    expect(app.windows()).toHaveLength(1);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  test('a reply is written by the engine in its own utility process', async () => {
    await writeScriptedModel(join(data.modelsDir, 'candil-code.gguf'), { reply: CODE_REPLY });
    running = await launch(data.dataDir);
    const { app, page } = running;
    await chooseModel(page, /candil-code/);
    await send(page, 'Show me some code');
    await expect(replies(page).last()).toHaveAttribute('data-status', 'done');
    await expect(replies(page).last().locator('pre')).toHaveText(CODE);
    // utility-worker.ts forks the engine as a utility process named "Candil inference" (its
    // serviceName, which Electron reports as the metric's name).
    const engines = await app.evaluate(({ app: electronApp }) =>
      electronApp
        .getAppMetrics()
        .filter((metric) => metric.type === 'Utility' && metric.name === 'Candil inference')
        .map((metric) => metric.pid),
    );
    expect(engines).toHaveLength(1);
    expect(engines[0]).toBeGreaterThan(0);
  });

  test('the Copy button of a code block puts the code on the clipboard', async () => {
    await writeScriptedModel(join(data.modelsDir, 'candil-code.gguf'), { reply: CODE_REPLY });
    running = await launch(data.dataDir);
    const { app, page } = running;
    await chooseModel(page, /candil-code/);
    await send(page, 'Show me some code');
    const reply = replies(page).last();
    await expect(reply).toHaveAttribute('data-status', 'done');
    await app.evaluate(({ clipboard }) => clipboard.writeText('before'));
    await reply.getByRole('button', { name: 'Copy code' }).click();
    await expect(reply.getByRole('button', { name: 'Copied' })).toBeVisible();
    // Chromium writes Windows line endings on Windows.
    await expect.poll(async () => (await app.evaluate(({ clipboard }) => clipboard.readText())).replaceAll('\r\n', '\n')).toBe(`${CODE}\n`);
  });

  test('quitting while a reply is written keeps the reply for the next start', async () => {
    // Two starts, a 353 MB model written (first run only) and loaded, and a shutdown of up to 5 s.
    test.setTimeout(180_000);
    await addSlowModel(data.modelsDir);
    running = await launch(data.dataDir);
    const { app, page } = running;
    await chooseModel(page, SLOW_MODEL);
    await setSettings(page, { 'Maximum reply length (tokens)': '100000', Temperature: '0' });
    await send(page, 'Once upon a time');
    const reply = replies(page).last();
    await expect(reply).toHaveAttribute('data-status', 'streaming');
    const shownText = async () => (await reply.locator('.markdown').allInnerTexts()).join('');
    await expect.poll(async () => (await shownText()).length).toBeGreaterThan(20);
    const shown = await shownText();
    running = null;
    await app.close();

    running = await launch(data.dataDir);
    const again = running.page;
    // The most recent chat opens at start.
    const kept = replies(again).last();
    await expect(kept).toHaveAttribute('data-status', 'stopped');
    const text = await kept.locator('.markdown').innerText();
    expect(text.length).toBeGreaterThanOrEqual(20);
    expect(text.startsWith(shown.slice(0, 20))).toBe(true);
  });
});
