import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/main/db/database';
import { migrations } from '../../src/main/db/migrations';

/** 100 chats of 1,000 messages: a few years of daily use. */
const CHATS = Number(process.env.BENCH_HISTORY_CHATS ?? 100);
const PER_CHAT = 1_000;
const CHECKPOINTS = 20;
const words = ['hola', 'conversación', 'modelo', 'receta', 'paella', 'tokens', 'Córdoba', 'viaje', 'pregunta', 'respuesta', 'código', 'función'];

/** Fills a history database at the given schema with CHATS × PER_CHAT messages, as the app writes them. */
function fill(db: Database): void {
  const chat = db.prepare('INSERT INTO chats (id, title, system_prompt, model_path, created_at, updated_at) VALUES (?, ?, \'\', NULL, 0, 0)');
  const message = db.prepare(
    "INSERT INTO messages (id, chat_id, position, role, content, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'done', 0, 0)",
  );
  let seed = 1;
  const text = (): string =>
    Array.from({ length: 60 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return words[seed % words.length];
    }).join(' ');
  db.transaction(() => {
    for (let c = 0; c < CHATS; c++) {
      chat.run(`chat-${c}`, `Chat ${c} ${words[c % words.length]}`);
      for (let p = 0; p < PER_CHAT; p++) message.run(`msg-${c}-${p}`, `chat-${c}`, p, p % 2 ? 'assistant' : 'user', text());
    }
  })();
}

function ms(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** One checkpoint of a streaming reply and the deletion of a 1,000-message chat, at a schema. */
function measure(label: string, steps: typeof migrations): string {
  const dir = mkdtempSync(join(tmpdir(), 'candil-bench-history-'));
  try {
    const db = openDatabase(join(dir, 'candil.db'), steps);
    fill(db);
    db.prepare(
      "INSERT INTO messages (id, chat_id, position, role, content, status, created_at, updated_at) VALUES ('reply', 'chat-0', 100000, 'assistant', '', 'streaming', 0, 0)",
    ).run();
    // The repository's own checkpoint statement (ChatRepository.checkpoint).
    const checkpoint = db.prepare("UPDATE messages SET content = ?, updated_at = ? WHERE id = ? AND status = 'streaming'");
    let reply = '';
    const checkpoints = Array.from({ length: CHECKPOINTS }, (_, i) => {
      reply += ` palabra${i} y más texto de la respuesta`;
      return ms(() => checkpoint.run(reply, i, 'reply'));
    });
    const deletion = ms(() => db.prepare('DELETE FROM chats WHERE id = ?').run(`chat-${CHATS - 1}`));
    db.close();
    const line = `${label}: one checkpoint ${median(checkpoints).toFixed(2)} ms (median of ${CHECKPOINTS}), deleting a ${PER_CHAT.toLocaleString('en')}-message chat ${deletion.toFixed(0)} ms`;
    if (steps.length === migrations.length) return line;
    // What an existing user waits for once, at the first start of the version that upgrades.
    const upgrade = ms(() => openDatabase(join(dir, 'candil.db')).close());
    return `${line}; upgrading it to the latest schema ${upgrade.toFixed(0)} ms`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchHistory(): string[] {
  const total = (CHATS * PER_CHAT).toLocaleString('en');
  const before = migrations.filter((m) => m.version <= 5);
  const lines = [`history of ${total} messages`, measure('schema 5 (index keyed by a TEXT column)', before)];
  if (migrations.length > before.length) lines.push(measure(`schema ${Math.max(...migrations.map((m) => m.version))} (index keyed by integer)`, migrations));
  return lines;
}
