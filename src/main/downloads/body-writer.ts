import type { IncomingMessage } from 'node:http';
import { DownloadError, lostConnection, ranOutOfSpace, stalled } from './download-error';
import type { HashState } from './part-file';
import { PartWriter } from './part-writer';

export interface BodyWriteOptions {
  partPath: string;
  modelsDir: string;
  stallTimeoutMs: number;
  signal: AbortSignal;
  onBytes(received: number): void;
}

export interface BodyWriteOutcome {
  /** False when a write failed: the .part then holds fewer bytes than were hashed. */
  hashMatchesDisk: boolean;
  error: Error | null;
}

/**
 * Streams a response body onto the end of the .part, hashing as bytes arrive (no second pass).
 * Always waits until every write has finished, so after a failure the .part is a clean prefix.
 */
export function writeBody(res: IncomingMessage, state: HashState, options: BodyWriteOptions): Promise<BodyWriteOutcome> {
  return new Promise((resolve) => {
    const writer = new PartWriter(options.partPath, state.bytes);
    let failure: Error | null = null;
    let writeFailed = false;
    let waitingForDisk = false;
    let waitingForHash = false;
    let finished = false;

    const stallTimer = setTimeout(function onStall() {
      // A slow disk or hasher is not a stalled server: only time the network while we are reading.
      if (waitingForDisk || waitingForHash) stallTimer.refresh();
      else fail(stalled(options.stallTimeoutMs));
    }, options.stallTimeoutMs);

    const onAbort = (): void => fail(abortError(options.signal));
    options.signal.addEventListener('abort', onAbort, { once: true });

    function fail(error: Error): void {
      if (failure) return;
      failure = error;
      res.destroy();
      finish();
    }

    function finish(): void {
      if (finished) return;
      finished = true;
      clearTimeout(stallTimer);
      options.signal.removeEventListener('abort', onAbort);
      void writer.close().then((result) => {
        if (result.error) writeFailed = true;
        resolve({ hashMatchesDisk: !writeFailed, error: failure });
      });
    }

    function resumeIfReady(): void {
      if (failure || waitingForDisk || waitingForHash) return;
      stallTimer.refresh();
      res.resume();
    }

    writer.onError((error) => {
      writeFailed = true;
      const wrapped =
        error.code === 'ENOSPC' || error.code === 'EDQUOT'
          ? ranOutOfSpace(options.modelsDir)
          : new DownloadError('DOWNLOAD_FAILED', `Cannot write ${options.partPath}: ${error.message}`, false);
      // A full disk outranks whatever the network did meanwhile: it decides what the user must do.
      if (failure && !(failure instanceof DownloadError && failure.code === 'DISK_FULL')) failure = wrapped;
      fail(wrapped);
    });

    res.on('data', (chunk: Buffer) => {
      if (failure) return;
      stallTimer.refresh();
      state.bytes += chunk.length;
      const hashKeepsUp = state.hash.update(chunk);
      const diskKeepsUp = writer.write(chunk);
      options.onBytes(state.bytes);
      if (diskKeepsUp && hashKeepsUp) return;
      res.pause();
      if (!diskKeepsUp && !waitingForDisk) {
        waitingForDisk = true;
        writer.whenDrained(() => {
          waitingForDisk = false;
          resumeIfReady();
        });
      }
      if (!hashKeepsUp && !waitingForHash) {
        waitingForHash = true;
        state.hash.whenDrained(() => {
          waitingForHash = false;
          resumeIfReady();
        });
      }
    });
    res.on('end', finish);
    res.on('error', (error) => fail(options.signal.aborted ? abortError(options.signal) : lostConnection(error)));
    res.on('close', () => {
      if (!res.complete) fail(options.signal.aborted ? abortError(options.signal) : lostConnection(new Error('the server closed the connection early')));
    });
    // The response may have died while the transfer was still deciding what to do with it.
    if (res.destroyed && !res.complete) fail(lostConnection(res.errored ?? new Error('the connection closed')));
  });
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('Download interrupted', 'AbortError');
}
