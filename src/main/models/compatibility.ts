import { statfs } from 'node:fs/promises';
import { freemem, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import type { CompatReason, CompatReport, CompatVerdict } from '../../shared/models';
import { inspectGgufDetailed } from './gguf-inspect';
import { estimateCpuRam } from './ram-estimate';
import { isHttpUrl } from './remote-file-size';

/**
 * Thresholds, as fractions of total RAM. The OS, Electron and the user's other programs need the
 * rest, so a model using up to 70% runs comfortably ("fits"), up to 90% runs but may swap or force
 * closing other apps ("tight"), and above that llama.cpp would page heavily or fail ("wont-fit").
 */
export const RAM_FITS_FRACTION = 0.7;
export const RAM_TIGHT_FRACTION = 0.9;
/** Room left on the disk after a download, so the system does not run out of space. */
export const DISK_MARGIN_BYTES = 512 * 1024 * 1024;

export interface CompatInput {
  /** Local path or http(s) URL; for URLs only the header is read, with range requests. */
  source: string;
  contextSize: number;
  /** Known size of a remote file (from the catalog or the Hub listing); saves a HEAD request. */
  fileSize?: number;
  /** Folder the model is (or would be) stored in; its free space decides `diskOk`. */
  modelsDir: string;
  /** Override the machine's RAM (tests, or a what-if in the UI). */
  totalRamBytes?: number;
  freeRamBytes?: number;
  batchSize?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** Decide whether a model will run here at the given context size, and explain why not. */
export async function checkCompatibility(input: CompatInput): Promise<CompatReport> {
  if (!Number.isInteger(input.contextSize) || input.contextSize <= 0) {
    throw new AppError('BAD_REQUEST', `contextSize must be a positive integer, got ${input.contextSize}`, {
      reason: 'contextSize',
      value: String(input.contextSize),
    });
  }
  const remote = isHttpUrl(input.source);
  const { summary, insights } = await inspectGgufDetailed(input.source, {
    signal: input.signal,
    headers: input.headers,
    knownFileSize: remote ? input.fileSize : undefined,
  });
  const fileSize = summary.fileSize;
  const totalRamBytes = input.totalRamBytes ?? totalmem();
  const freeRamBytes = input.freeRamBytes ?? freemem();
  const freeDiskBytes = await freeDiskSpace(input.modelsDir);

  const reasons: CompatReason[] = [];
  const verdicts: CompatVerdict[] = ['fits'];

  if (!summary.supported) {
    reasons.push({ code: 'arch-unsupported', architecture: summary.architecture });
    verdicts.push('wont-fit');
  }

  // An unsupported architecture cannot be simulated; its RAM is at least the weights.
  const ramBytes = summary.supported
    ? (await estimateCpuRam(insights, input.contextSize, input.batchSize)).totalBytes
    : summary.tensorDataBytes;

  const ramVerdict = judgeRam(ramBytes, totalRamBytes);
  if (ramVerdict !== 'fits') {
    reasons.push({ code: 'ram', level: ramVerdict, needed: ramBytes, available: totalRamBytes });
    verdicts.push(ramVerdict);
  } else if (ramBytes > freeRamBytes) {
    // Fits this machine, but not next to what is open right now.
    reasons.push({ code: 'free-ram', needed: ramBytes, available: freeRamBytes });
    verdicts.push('tight');
  }

  if (summary.contextLength !== null && input.contextSize > summary.contextLength) {
    // llama.cpp runs it, but quality drops past the trained length.
    reasons.push({ code: 'context-too-large', requested: input.contextSize, trained: summary.contextLength });
    verdicts.push('tight');
  }

  // A local file already occupies its space; a remote one needs room for itself plus a margin.
  const diskNeeded = remote ? fileSize + DISK_MARGIN_BYTES : 0;
  const diskOk = freeDiskBytes >= diskNeeded;
  if (!diskOk) {
    reasons.push({ code: 'disk', needed: diskNeeded, available: freeDiskBytes });
    verdicts.push('wont-fit');
  }

  return {
    summary,
    contextSize: input.contextSize,
    ramBytes,
    totalRamBytes,
    freeRamBytes,
    fileSize,
    freeDiskBytes,
    diskOk,
    verdict: worst(verdicts),
    reasons,
  };
}

export function judgeRam(neededBytes: number, totalRamBytes: number): CompatVerdict {
  if (neededBytes <= totalRamBytes * RAM_FITS_FRACTION) return 'fits';
  if (neededBytes <= totalRamBytes * RAM_TIGHT_FRACTION) return 'tight';
  return 'wont-fit';
}

const verdictRank: Record<CompatVerdict, number> = { fits: 0, tight: 1, 'wont-fit': 2 };

function worst(verdicts: CompatVerdict[]): CompatVerdict {
  return verdicts.reduce((a, b) => (verdictRank[b] > verdictRank[a] ? b : a));
}

/** Free bytes for an unprivileged user on the volume holding `dir` (or its nearest existing parent). */
export async function freeDiskSpace(dir: string): Promise<number> {
  let current = resolve(dir);
  for (;;) {
    try {
      const stats = await statfs(current);
      return stats.bavail * stats.bsize;
    } catch (error) {
      const parent = dirname(current);
      if (parent === current) throw AppError.from(error);
      current = parent;
    }
  }
}
