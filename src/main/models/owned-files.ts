import type { Database, Statement } from 'better-sqlite3';
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

/**
 * The model files Candil itself wrote, so it deletes those and nothing else. The models folder
 * can be set anywhere — a home folder, `/` — and the scanner then lists every `.gguf` there so
 * Candil can use them, but being listed never makes a file deletable. A file is Candil's when:
 * - it is inside Candil's own models folder (`<data folder>/models`, which no other program uses;
 *   this also covers models downloaded before files were recorded), or
 * - Candil downloaded it (recorded when the download completes, and any completed download in the
 *   database), or copied it in with Import → copy (recorded when the copy is renamed into place).
 * Paths are compared after realpath, so a symlink or `..` cannot make another file look recorded.
 */
export class OwnedModelFiles {
  private readonly read: Statement;
  private readonly write: Statement;
  private readonly downloaded: Statement;

  constructor(
    db: Database,
    private readonly ownFolder: string,
  ) {
    this.read = db.prepare("SELECT value FROM settings WHERE key = 'owned-model-files'");
    this.write = db.prepare(
      "INSERT INTO settings (key, value) VALUES ('owned-model-files', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    );
    this.downloaded = db.prepare("SELECT target_path FROM downloads WHERE state = 'completed'").pluck();
  }

  add(path: string): void {
    const real = realOrResolved(path);
    const files = this.recorded();
    if (!files.includes(real)) this.write.run(JSON.stringify([...files, real]));
  }

  remove(path: string): void {
    const real = realOrResolved(path);
    this.write.run(JSON.stringify(this.recorded().filter((p) => p !== real)));
  }

  /** `realFile` must already be a realpath (the caller checked what it is about to delete). */
  owns(realFile: string): boolean {
    if (isInside(realFile, realOrResolved(this.ownFolder))) return true;
    if (this.recorded().includes(realFile)) return true;
    return (this.downloaded.all() as string[]).some((p) => realOrResolved(p) === realFile);
  }

  private recorded(): string[] {
    const row = this.read.get() as { value: string } | undefined;
    if (!row) return [];
    try {
      const value: unknown = JSON.parse(row.value);
      return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : [];
    } catch {
      return [];
    }
  }
}

/** True when `file` is below `folder` (both real paths), never equal to it or beside it. */
export function isInside(file: string, folder: string): boolean {
  const rel = relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
