import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/errors';

/**
 * One Candil per data folder: the desktop app and `npm run serve` share a folder, and two of them
 * would each mark the other's streaming reply as interrupted. A lock left by a crashed Candil
 * (its process is gone) is taken over.
 */
export function acquireDataLock(dataDir: string): () => void {
  const file = join(dataDir, 'candil.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new AppError('BUSY', `Another Candil (process ${owner}) is using the data folder ${dataDir}. Close it first.`, {
          reason: 'dataLocked',
          pid: owner,
          path: dataDir,
        });
      }
      unlinkSync(file);
    }
  }
  throw new AppError('BUSY', `Cannot lock the data folder ${dataDir}.`, { reason: 'lockFailed', path: dataDir });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
