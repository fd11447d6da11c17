/**
 * Test fixture run in a child process (via tsx) so a test can SIGKILL a manager mid-download,
 * the way a crash or power cut would. Prints one JSON line per event.
 */
import { openDatabase } from '../main/db/database';
import { DownloadManager } from '../main/downloads/manager';

const [dbPath, modelsDir, url, fileName] = process.argv.slice(2);
if (!dbPath || !modelsDir || !url || !fileName) throw new Error('usage: download-crash-child <db> <modelsDir> <url> <fileName>');
const db = openDatabase(dbPath);
const manager = new DownloadManager({
  db,
  modelsDir,
  progressIntervalMs: 20,
  onChange: (info) => process.stdout.write(`${JSON.stringify({ state: info.state, receivedBytes: info.receivedBytes })}\n`),
});
await manager.start();
await manager.enqueue({ url, fileName });
