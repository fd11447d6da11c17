import { open, rm, stat, statfs, truncate } from 'node:fs/promises';
import type { DiskIo, StreamHash } from './disk-io';

/** A running SHA-256 over exactly the first `bytes` bytes of a .part file. */
export interface HashState {
  hash: StreamHash;
  bytes: number;
}

export function partPathOf(targetPath: string): string {
  return `${targetPath}.part`;
}

export async function partSize(partPath: string): Promise<number> {
  try {
    return (await stat(partPath)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * Returns a hash state that matches the .part on disk: the one kept in memory when it still does,
 * otherwise a fresh pass over the existing prefix (after a restart or a failed write).
 */
export async function hashStateFor(partPath: string, cached: HashState | undefined, disk: DiskIo, signal: AbortSignal): Promise<HashState> {
  const size = await partSize(partPath);
  if (cached && cached.bytes === size) return cached;
  cached?.hash.dispose();
  if (size === 0) return { hash: disk.createHash(), bytes: 0 };
  const pending = disk.hashFile(partPath, size, signal);
  // Re-reading a multi-GB .part takes seconds; a pause or shutdown should not wait for it.
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return { hash: await Promise.race([pending, aborted]), bytes: size };
  } catch (error) {
    pending.then((hash) => hash.dispose(), () => undefined);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Empties the .part (keeping the file) so a restart from byte 0 never splices old bytes. */
export async function resetPart(partPath: string, previous: HashState | undefined, disk: DiskIo): Promise<HashState> {
  previous?.hash.dispose();
  try {
    await truncate(partPath, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { hash: disk.createHash(), bytes: 0 };
}

export async function removePart(partPath: string): Promise<void> {
  await rm(partPath, { force: true });
}

/** Bytes an unprivileged process may still write on the volume holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

/** Flushes the finished .part to stable storage before the rename makes it visible as a model. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
