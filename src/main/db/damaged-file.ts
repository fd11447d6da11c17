import { constants, copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** SQLite's companions of a database file: the WAL holds committed pages not yet copied back. */
const companions = ['-wal', '-shm'] as const;

/** `2025-03-01T09-00-00-123Z`: sortable, and valid in file names on every system. */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/:/g, '-').replace('.', '-');
}

/**
 * A name in `<folder of file>/damaged/` that no earlier copy uses: a second look at the same
 * damaged file never overwrites what the first one kept.
 */
function freshName(file: string, label: string, now: Date): string {
  const folder = join(dirname(file), 'damaged');
  mkdirSync(folder, { recursive: true });
  const stem = `${basename(file).replace(/\.db$/, '')}-${label}-${fileStamp(now)}`;
  for (let n = 0; ; n++) {
    const candidate = join(folder, `${stem}${n ? `-${n}` : ''}.db`);
    if (!companions.some((c) => existsSync(candidate + c)) && !existsSync(candidate)) return candidate;
  }
}

/**
 * Copies a damaged database (and its WAL, which may hold the latest chats) aside, leaving the
 * original exactly as it was: recovery tools need the bytes as they are. Returns the copy's path.
 */
export function keepDamagedCopy(file: string, now = new Date()): string {
  const copy = freshName(file, 'copy', now);
  copyFileSync(file, copy, constants.COPYFILE_EXCL);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`, constants.COPYFILE_EXCL);
  return copy;
}

/**
 * Moves a damaged database and its companions out of the way (renamed, never deleted), so a new
 * one can be created in its place. The WAL must go with it: left behind, it would be replayed into
 * the new file. Returns where the database went.
 */
export function moveDamagedAside(file: string, now = new Date()): string {
  const target = freshName(file, 'moved', now);
  // The database first: if that fails, nothing has moved.
  renameSync(file, target);
  for (const suffix of companions) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}
