import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatRepository } from '../chat/chat-repository';
import { DatabaseBackups } from './backups';
import { openDatabase, type Database } from './database';

const DAY = 24 * 60 * 60 * 1000;
let dir: string;
let db: Database;
let clock: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candil-backups-'));
  db = openDatabase(join(dir, 'candil.db'));
  clock = Date.parse('2025-03-01T09:00:00Z');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const backupsDir = () => join(dir, 'backups');
const make = (keep = 3) => new DatabaseBackups(db, backupsDir(), { keep, now: () => clock });

describe('rolling backups of the history', () => {
  it('writes a copy that opens on its own and holds the chats', async () => {
    const repo = new ChatRepository(db);
    const chat = repo.createChat({ title: 'Receta de paella' });
    repo.addMessage({ chatId: chat.id, role: 'user', content: 'Una conversación', status: 'done' });
    const file = await make().backupIfDue();
    expect(file).toBe(join(backupsDir(), 'candil-2025-03-01T09-00-00Z.db'));
    const copy = new BetterSqlite3(file as string, { readonly: true });
    const restored = new ChatRepository(copy);
    expect(restored.listChats().map((c) => c.title)).toEqual(['Receta de paella']);
    expect(restored.listChats('conversacion').map((c) => c.id)).toEqual([chat.id]);
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('makes one a day and keeps only the newest N', async () => {
    const backups = make(3);
    const made: (string | null)[] = [];
    for (let day = 0; day < 5; day++) {
      made.push(await backups.backupIfDue());
      clock += 6 * 60 * 60 * 1000;
      // Later the same day: nothing to do.
      made.push(await backups.backupIfDue());
      clock += DAY - 6 * 60 * 60 * 1000;
    }
    expect(made.filter((f) => f !== null)).toHaveLength(5);
    expect(made.filter((_, i) => i % 2 === 1)).toEqual([null, null, null, null, null]);
    expect(readdirSync(backupsDir()).sort()).toEqual([
      'candil-2025-03-03T09-00-00Z.db',
      'candil-2025-03-04T09-00-00Z.db',
      'candil-2025-03-05T09-00-00Z.db',
    ]);
  });

  it('leaves alone files it did not write and never counts a half-written copy', async () => {
    const backups = make(1);
    await backups.backupIfDue();
    writeFileSync(join(backupsDir(), 'my-notes.txt'), 'mine');
    writeFileSync(join(backupsDir(), 'candil-2025-03-09T00-00-00Z.db.partial'), 'cut short');
    clock += DAY;
    await backups.backupIfDue();
    expect(readdirSync(backupsDir()).sort()).toEqual(['candil-2025-03-02T09-00-00Z.db', 'my-notes.txt']);
  });
});
