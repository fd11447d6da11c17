import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { startHost } from '../../e2e/candil-host';
import type { ServerFrame } from '../../src/shared/ipc-contract';
import { writeLongChats } from '../../src/test-support/long-history';
import { writeScriptedModel } from '../../src/test-support/scripted-model';

/**
 * Long chats in the real app: the browser host in Chromium, a history of 100,000 messages with
 * two chats of 5,000, and a reply of 20,000 tokens from a model that writes as fast as the
 * engine can (the scripted model), so the window, not the model, is what is timed.
 */
const LONG_CHAT = Number(process.env.BENCH_UI_CHAT ?? 5_000);
const HISTORY = Number(process.env.BENCH_UI_HISTORY ?? 100_000);
const REPLY_TOKENS = 20_000;

/** Two long chats to open and switch between, and older ones that make up the history. */
function fillHistory(dbPath: string): void {
  const older = Array.from({ length: Math.max(0, Math.floor(HISTORY / LONG_CHAT) - 2) }, (_, c) => ({ title: `Older chat ${c}`, mark: `O${c}-`, count: LONG_CHAT }));
  writeLongChats(dbPath, [{ title: 'Long chat A', mark: 'A', count: LONG_CHAT }, { title: 'Long chat B', mark: 'B', count: LONG_CHAT }, ...older]);
}

interface DonePayload {
  message: { completionTokens: number | null; status: string; error: { code: string; message: string } | null };
}

/** The IPC contract over the host's WebSocket, as the window speaks it. */
async function connect(openUrl: string): Promise<{
  call(name: string, input: unknown): Promise<unknown>;
  deltas(): number;
  nextDone(): Promise<DonePayload>;
  close(): void;
}> {
  const url = new URL(openUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const ws = new WebSocket(`ws://${url.host}/ipc?token=${encodeURIComponent(token)}`, { origin: url.origin });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  let deltas = 0;
  let done: ((payload: DonePayload) => void) | null = null;
  const waiting = new Map<number, (frame: ServerFrame) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.type === 'event' && frame.name === 'chat.delta') deltas++;
    if (frame.type === 'event' && frame.name === 'chat.done') done?.(frame.payload as DonePayload);
    if (frame.type === 'result') waiting.get(frame.id)?.(frame);
  });
  return {
    call: (name, input) =>
      new Promise((resolve, reject) => {
        const frameId = ++id;
        waiting.set(frameId, (frame) => {
          if (frame.type === 'result' && frame.result.ok) resolve(frame.result.value);
          else reject(new Error(JSON.stringify(frame)));
        });
        ws.send(JSON.stringify({ type: 'call', id: frameId, name, input }));
      }),
    deltas: () => deltas,
    nextDone: () => new Promise((resolve) => (done = resolve)),
    close: () => ws.close(),
  };
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN;

/**
 * Clicks a chat in the list and times, in the page, until its last message is on screen and
 * painted (timed in the page: Playwright's own polling would add its intervals).
 */
async function timeOpen(page: Page, title: string, lastText: string): Promise<number> {
  return (await page.evaluate(`new Promise((resolve) => {
    const title = ${JSON.stringify(title)};
    const text = ${JSON.stringify(lastText)};
    const button = [...document.querySelectorAll('nav button.chat-link')].find((b) => b.textContent.trim() === title);
    if (!button) throw new Error('no chat named ' + title + ' in the list');
    setTimeout(() => resolve(Number.NaN), 30000);
    const log = () => document.querySelector('[role=log], .message-log');
    const shown = () => (log()?.textContent ?? '').includes(text);
    const started = performance.now();
    const done = () => requestAnimationFrame(() => resolve(performance.now() - started));
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      done();
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    button.click();
  })`)) as number;
}

export async function benchChatUi(): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'candil-bench-ui-'));
  const modelsDir = join(dataDir, 'models');
  mkdirSync(modelsDir);
  const lines: string[] = [];
  const fillStarted = performance.now();
  fillHistory(join(dataDir, 'candil.db'));
  lines.push(`history: ${HISTORY.toLocaleString('en')} messages, two chats of ${LONG_CHAT.toLocaleString('en')} (filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s)`);
  const modelPath = join(modelsDir, 'fast-writer.gguf');
  await writeScriptedModel(modelPath, {
    // Paragraphs of about twenty tokens, as long replies are written.
    reply: ['Había', ' una', ' vez', ' un', ' candil', ' que', ' alumbraba', ' la', ' cocina', ' de', ' una', ' casa', ' muy', ' vieja', '.', '\n\n'].map((p, i) => (i === 10 ? ' aquella' : p)),
    endless: true,
    contextLength: 32_768,
  });
  const host = await startHost(dataDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const ipc = await connect(host.url);
  try {
    await ipc.call('models.list', { rescan: true });
    await ipc.call('models.select', { path: modelPath });
    await ipc.call('settings.update', { contextSize: 24_576, sampling: { maxTokens: REPLY_TOKENS, temperature: 0 } });
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
    await page.goto(host.url);
    await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });

    const chats = (await ipc.call('chats.list', {})) as { id: string; title: string }[];
    const loads: number[] = [];
    for (const title of ['Long chat A', 'Long chat B', 'Long chat A']) {
      const started = performance.now();
      await ipc.call('chats.get', { chatId: chats.find((c) => c.title === title)?.id });
      loads.push(performance.now() - started);
    }
    const open = await timeOpen(page, 'Long chat A', `A${LONG_CHAT - 1}: `);
    const switches: number[] = [];
    for (let i = 0; i < 6; i++) switches.push(await timeOpen(page, i % 2 ? 'Long chat A' : 'Long chat B', `${i % 2 ? 'A' : 'B'}${LONG_CHAT - 1}: `));
    lines.push(`open a chat of ${LONG_CHAT.toLocaleString('en')} messages: ${open.toFixed(0)} ms (target < 1,000)`);
    const timed = switches.filter((ms) => !Number.isNaN(ms));
    lines.push(
      `switch between two such chats: median ${median(timed).toFixed(0)} ms of ${timed.length} (target < 300)` +
        (timed.length < switches.length ? `; ${switches.length - timed.length} switch(es) did not show the other chat's last message within 30 s` : ''),
    );
    lines.push(`of which main reads the chat and sends it over the WebSocket: median ${median(loads).toFixed(0)} ms`);

    const searches: number[] = [];
    for (const query of ['paella', 'cordoba funcion', 'recet', 'viaje modelo', 'tokens']) {
      const started = performance.now();
      await ipc.call('chats.list', { query });
      await ipc.call('chats.matches', { query });
      searches.push(performance.now() - started);
    }
    lines.push(`search ${HISTORY.toLocaleString('en')} messages (chats and where each matched): median ${median(searches).toFixed(0)} ms (target < 100)`);

    // A 20,000-token reply in a new chat, while the user types in the message box.
    await page.getByRole('button', { name: 'New chat' }).click();
    // In the page (as text: these scripts are compiled without the DOM's types).
    await page.evaluate(`(() => {
      window.longTasks = [];
      window.frames_ = [];
      window.longTaskObserver = new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push(e.duration)));
      window.longTaskObserver.observe({ type: 'longtask' });
      let last = performance.now();
      const tick = (now) => { window.frames_.push(now - last); last = now; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    // The observer sees a long task when there is one: a 70 ms one made on purpose, then forgotten.
    const calibrated = (await page.evaluate(`new Promise((resolve) => {
      setTimeout(() => {
        const end = performance.now() + 70;
        while (performance.now() < end);
      }, 0);
      setTimeout(() => {
        window.longTaskObserver.takeRecords().forEach((e) => window.longTasks.push(e.duration));
        const seen = window.longTasks.length;
        window.longTasks = [];
        resolve(seen);
      }, 500);
    })`)) as number;
    if (calibrated < 1) throw new Error('The page did not report a 70 ms task as long: the long-task figures would mean nothing.');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Cuéntame un cuento muy largo');
    const finished = ipc.nextDone();
    const sentAt = performance.now();
    await box.press('Enter');
    const deltasBefore = ipc.deltas();
    await page.locator('article[data-status="streaming"]').waitFor();
    await box.pressSequentially('mientras tanto escribo otra pregunta sin esperar', { delay: 30 });
    const { message } = await finished;
    const seconds = (performance.now() - sentAt) / 1000;
    if (message.status !== 'done') throw new Error(`The reply ended ${message.status}: ${message.error?.message ?? ''}`);
    // The page has drawn the whole reply once it shows it as finished.
    await page.locator('article[data-status="done"]').last().waitFor({ state: 'attached' });
    const { longTasks, frames } = (await page.evaluate(`(() => {
      window.longTaskObserver.takeRecords().forEach((e) => window.longTasks.push(e.duration));
      return { longTasks: window.longTasks, frames: window.frames_ };
    })()`)) as { longTasks: number[]; frames: number[] };
    const deltas = ipc.deltas() - deltasBefore;
    const tenth = Math.max(1, Math.floor(frames.length / 10));
    const early = median(frames.slice(tenth, 2 * tenth));
    const late = median(frames.slice(-2 * tenth, -tenth));
    lines.push(
      `a reply of ${(message.completionTokens ?? 0).toLocaleString('en')} tokens streamed in ${seconds.toFixed(1)} s as ${deltas.toLocaleString('en')} events (${(deltas / seconds).toFixed(0)}/s)`,
    );
    lines.push(
      // The page reports tasks of 50 ms or more only.
      `while it streamed and the user typed: ${longTasks.length === 0 ? 'no task of 50 ms or more' : `longest task ${Math.max(...longTasks).toFixed(0)} ms`}, ${longTasks.filter((d) => d > 50).length} over 50 ms (target: none); ` +
        `median frame ${early.toFixed(1)} ms early in the reply, ${late.toFixed(1)} ms late in it`,
    );
  } finally {
    ipc.close();
    await browser.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return lines;
}
