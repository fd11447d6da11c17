import type { BodyResponse } from './body-request';
import type { DiskIo, FileErrorInfo } from './disk-io';
import { DownloadError, lostConnection, ranOutOfSpace, stalled } from './download-error';
import type { HashState } from './part-file';

const flushIntervalMs = 100;

export interface BodyWriteOptions {
  disk: DiskIo;
  partPath: string;
  modelsDir: string;
  stallTimeoutMs: number;
  signal: AbortSignal;
  onBytes(received: number): void;
}

export interface BodyWriteOutcome {
  /** False when the sink could not say what reached the disk: the hash must be rebuilt from the .part. */
  hashMatchesDisk: boolean;
  error: Error | null;
}

/**
 * Streams a response body onto the end of the .part, hashing as bytes arrive (no second pass).
 * Resolves only once every byte is written (or refused); `state.bytes` then equals the
 * .part's length, so after any failure the .part is a clean prefix that a later attempt resumes.
 */
export function writeBody(res: BodyResponse, state: HashState, options: BodyWriteOptions): Promise<BodyWriteOutcome> {
  return new Promise((resolve) => {
    const sink = options.disk.openSink(options.partPath, state.bytes, state.hash);
    let received = state.bytes;
    let failure: Error | null = null;
    let waitingForDisk = false;
    let flushTimer: NodeJS.Timeout | null = null;
    let finished = false;

    const stallTimer = setTimeout(function onStall() {
      // A slow disk is not a stalled server: only time the network while we are reading.
      if (waitingForDisk) stallTimer.refresh();
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
      if (flushTimer) clearTimeout(flushTimer);
      options.signal.removeEventListener('abort', onAbort);
      sink.close().then(
        (result) => {
          state.bytes = result.size;
          if (result.error && !failure) failure = writeError(result.error, options);
          resolve({ hashMatchesDisk: true, error: failure });
        },
        (error: unknown) => resolve({ hashMatchesDisk: false, error: failure ?? DownloadError.from(error) }),
      );
    }

    sink.onError((error) => {
      const wrapped = writeError(error, options);
      // A full disk outranks whatever the network did meanwhile: it decides what the user must do.
      if (failure && wrapped.code === 'DISK_FULL') failure = wrapped;
      fail(wrapped);
    });

    res.consume({
      // The socket reads straight into the sink's batches: no copy between the kernel and the write.
      readBuffer: () => sink.readBuffer(),
      data(chunk) {
        if (failure) return;
        stallTimer.refresh();
        received += chunk.byteLength;
        options.onBytes(received);
        // Usually already in the sink's batch (readBuffer); write() copies anything else.
        if (!sink.write(chunk)) {
          waitingForDisk = true;
          res.pause();
          sink.whenDrained(() => {
            waitingForDisk = false;
            if (failure) return;
            stallTimer.refresh();
            res.resume();
          });
        }
        // Fast links fill 1 MiB batches long before this fires; slow ones still reach the disk within
        // a fraction of a second, so a crash loses little.
        flushTimer ??= setTimeout(() => {
          flushTimer = null;
          if (!failure && !finished) sink.flush();
        }, flushIntervalMs);
      },
      end: finish,
      error: (error) => fail(options.signal.aborted ? abortError(options.signal) : lostConnection(error)),
    });
  });
}

function writeError(error: FileErrorInfo, options: BodyWriteOptions): DownloadError {
  if (error.code === 'ENOSPC' || error.code === 'EDQUOT') return ranOutOfSpace(options.modelsDir);
  return new DownloadError('DOWNLOAD_FAILED', `Cannot write ${options.partPath}: ${error.message}`, { reason: 'writeFailed', path: options.partPath, detail: error.message }, false);
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('Download interrupted', 'AbortError');
}
