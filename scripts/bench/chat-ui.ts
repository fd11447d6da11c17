import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { startHost } from '../../e2e/candil-host';
import { ChatRepository } from '../../src/main/chat/chat-repository';
import { openDatabase } from '../../src/main/db/database';
import type { ServerFrame } from '../../src/shared/ipc-contract';
import { writeScriptedModel } from '../../src/test-support/scripted-model';

/**
 * Long chats in the real app: the browser host in Chromium, a history of 100,000 messages with
 * two chats of 5,000, and a reply of 20,000 tokens from a model that writes as fast as the
 * engine can (the scripted model), so the window, not the model, is what is timed.
 */
const LONG_CHAT = 5_000;
const HISTORY = 100_000;
const REPLY_TOKENS = 20_000;
const words = ['hola', 'conversación', 'modelo', 'receta', 'paella', 'tokens', 'Córdoba', 'viaje', 'pregunta', 'respuesta', 'código', 'función'];

/** Writes the history as the app stores it (each message after the one before, the chat ending at the last), in one transaction. */
function fillHistory(dbPath: string): void {
  const db = openDatabase(dbPath);
  const repo = new ChatRepository(db);
  const message = db.prepare(
    `INSERT INTO messages (id, chat_id, parent_id, position, role, content, status, created_at, updated_at, shown_at)
     VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?, ?)`,
  );
  const end = db.prepare('UPDATE chats SET leaf_id = ? WHERE id = ?');
  let seed = 7;
  const text = (n: number) =>
    Array.from({ length: n }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return words[seed % words.length];
    }).join(' ');
  const chat = (title: string, count: number) => {
    const { id } = repo.createChat({ title });
    let parent: string | null = null;
    for (let i = 0; i < count; i++) {
      const messageId = `${id}-${i}`;
      message.run(messageId, id, parent, i, i % 2 ? 'assistant' : 'user', `${i}: ${text(i % 2 ? 60 : 15)}`, i, i, i);
      parent = messageId;
    }
    end.run(parent, id);
  };
  repo.inTransaction(() => {
    chat('Long chat A', LONG_CHAT);
    chat('Long chat B', LONG_CHAT);
    for (let c = 0; (c + 3) * LONG_CHAT <= HISTORY; c++) chat(`Older chat ${c}`, LONG_CHAT);
  });
  db.close();
}

/** The IPC contract over the host's WebSocket, as the window speaks it. */
async function connect(openUrl: string): Promise<{ call(name: string, input: unknown): Promise<unknown>; deltas(): number; close(): void }> {
  const url = new URL(openUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const ws = new WebSocket(`ws://${url.host}/ipc?token=${encodeURIComponent(token)}`, { origin: url.origin });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  let deltas = 0;
  const waiting = new Map<number, (frame: ServerFrame) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.type === 'event' && frame.name === 'chat.delta') deltas++;
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
    close: () => ws.close(),
  };
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN;

async function timeOpen(page: Page, title: string, lastText: string): Promise<number> {
  const started = performance.now();
  await page.getByRole('navigation').getByRole('button', { name: title, exact: true }).click();
  await page.getByText(lastText, { exact: false }).first().waitFor();
  return performance.now() - started;
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
  await writeScriptedModel(modelPath, { reply: ['Había', ' una', ' vez', ' un', ' candil', '.', '\n'], endless: true });
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

    const open = await timeOpen(page, 'Long chat A', `${LONG_CHAT - 1}: `);
    const switches: number[] = [];
    for (let i = 0; i < 6; i++) switches.push(await timeOpen(page, i % 2 ? 'Long chat A' : 'Long chat B', `${LONG_CHAT - 1}: `));
    lines.push(`open a chat of ${LONG_CHAT.toLocaleString('en')} messages: ${open.toFixed(0)} ms (target < 1,000)`);
    lines.push(`switch between two such chats: median ${median(switches).toFixed(0)} ms of ${switches.length} (target < 300)`);

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
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push(e.duration))).observe({ type: 'longtask' });
      let last = performance.now();
      const tick = (now) => { window.frames_.push(now - last); last = now; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Cuéntame un cuento muy largo');
    const sentAt = performance.now();
    await box.press('Enter');
    const deltasBefore = ipc.deltas();
    await page.locator('article[data-status="streaming"]').waitFor();
    await box.pressSequentially('mientras tanto escribo otra pregunta sin esperar', { delay: 30 });
    await page.locator('article[data-status="done"], article[data-status="stopped"]').last().waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - sentAt) / 1000;
    const { longTasks, frames } = (await page.evaluate('({ longTasks: window.longTasks, frames: window.frames_ })')) as { longTasks: number[]; frames: number[] };
    const deltas = ipc.deltas() - deltasBefore;
    const tenth = Math.max(1, Math.floor(frames.length / 10));
    const early = median(frames.slice(tenth, 2 * tenth));
    const late = median(frames.slice(-2 * tenth, -tenth));
    lines.push(`a ${REPLY_TOKENS.toLocaleString('en')}-token reply streamed in ${seconds.toFixed(1)} s as ${deltas.toLocaleString('en')} events (${(deltas / seconds).toFixed(0)}/s)`);
    lines.push(
      `while it streamed and the user typed: longest task ${Math.max(0, ...longTasks).toFixed(0)} ms, ${longTasks.filter((d) => d > 50).length} over 50 ms (target: none); ` +
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
