import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { ScannedModel } from '../../shared/models';
import { inspectGguf } from './gguf-inspect';

/** Headers of big models hold ~150k-token vocabularies; parse a few at a time, not all at once. */
const scanConcurrency = 4;

/**
 * List the `.gguf` models in `dir` and one level of sub-folders (people often keep a folder per
 * model). Partial downloads (`.part`) and other files are skipped; a file that fails inspection is
 * listed with its error so the UI can explain it, and never stops the others. A missing folder is
 * created. Results are sorted by file name.
 */
export async function scanModelsFolder(dir: string): Promise<ScannedModel[]> {
  await mkdir(dir, { recursive: true });
  const files = await findGgufFiles(dir, 1);
  const models = await mapLimited(files, scanConcurrency, scanOne);
  return models
    .filter((model): model is ScannedModel => model !== null)
    .sort((a, b) => a.fileName.localeCompare(b.fileName) || a.path.localeCompare(b.path));
}

/** Inspects files that live outside the models folder (models imported "in place"). */
export async function scanModelFiles(paths: readonly string[]): Promise<ScannedModel[]> {
  const models = await mapLimited(
    paths.map((path) => ({ path, fileName: basename(path) })),
    scanConcurrency,
    scanOne,
  );
  return models.filter((model): model is ScannedModel => model !== null);
}

async function findGgufFiles(dir: string, depth: number): Promise<{ path: string; fileName: string }[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    // An unreadable sub-folder should not hide the models in the rest of the tree.
    return [];
  }
  const found: { path: string; fileName: string }[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth > 0 && !entry.name.startsWith('.')) {
      found.push(...(await findGgufFiles(path, depth - 1)));
    } else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.toLowerCase().endsWith('.gguf')) {
      found.push({ path, fileName: entry.name });
    }
  }
  return found;
}

async function scanOne({ path, fileName }: { path: string; fileName: string }): Promise<ScannedModel | null> {
  let sizeBytes: number;
  let modifiedAt: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) return null;
    sizeBytes = stats.size;
    modifiedAt = stats.mtimeMs;
  } catch {
    // Deleted between listing and stat, or a dangling symlink.
    return null;
  }
  try {
    return { path, fileName, sizeBytes, modifiedAt, summary: await inspectGguf(path) };
  } catch (error) {
    return { path, fileName, sizeBytes, modifiedAt, error: AppError.from(error, 'MODEL_INVALID').toPayload() };
  }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
