import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { GgmlType, GgufFileType, GgufInsights, readGgufFileInfo, type GgufFileInfo } from 'node-llama-cpp';
import { AppError, type ReasonParams } from '../../shared/errors';
import type { GgufSummary } from '../../shared/models';
import { proxyErrorIn } from '../net/proxy-error';
import { ggmlTensorBytes } from './ggml-sizes';
import { describeFetchError, fetchRemoteFileSize, isHttpUrl } from './remote-file-size';

export interface InspectOptions {
  signal?: AbortSignal;
  /** Extra HTTP headers for URLs (e.g. Authorization for gated Hugging Face repos). */
  headers?: Record<string, string>;
  /** Size of a remote file when already known (catalog, Hub listing), to skip the HEAD request. */
  knownFileSize?: number;
}

/** Parsed GGUF header plus what it takes to judge it; compatibility.ts reuses the insights. */
export interface GgufInspection {
  summary: GgufSummary;
  info: GgufFileInfo;
  insights: GgufInsights;
}

/** magic (4) + version (4) + tensor count (8) + metadata count (8). */
const minimalHeaderBytes = 24;

/**
 * Read a GGUF file's header (locally, or over HTTP range requests for URLs) and summarise it.
 * Throws AppError MODEL_INVALID, naming the file and the reason, for empty files, files that are not
 * GGUF, truncated headers and files shorter than the tensor data their header describes (the usual
 * result of an interrupted download), so a bad file is caught before llama.cpp tries to load it.
 */
export async function inspectGguf(pathOrUrl: string, opts: InspectOptions = {}): Promise<GgufSummary> {
  return (await inspectGgufDetailed(pathOrUrl, opts)).summary;
}

export async function inspectGgufDetailed(pathOrUrl: string, opts: InspectOptions = {}): Promise<GgufInspection> {
  const remote = isHttpUrl(pathOrUrl);
  const label = fileLabel(pathOrUrl);
  const fileSize = remote
    ? (opts.knownFileSize ?? (await fetchRemoteFileSize(pathOrUrl, opts)))
    : await checkLocalFile(pathOrUrl, label);
  if (fileSize === 0) throw invalid(label, 'is empty', { reason: 'empty' });
  if (remote && fileSize < minimalHeaderBytes) throw invalid(label, 'is too short to be a GGUF file', { reason: 'tooShort' });

  const info = await readHeader(pathOrUrl, label, remote, opts);
  const infoEnd = info.infoEndOffset;
  if (infoEnd === undefined || infoEnd > fileSize) {
    // The fs reader pads reads past the end with zeros, so a cut header can still "parse": the
    // parser then ends up past the end of the file, which is what this catches.
    throw invalid(label, `has a truncated header (it needs ${infoEnd ?? '?'} bytes, the file has ${fileSize})`, { reason: 'headerCut', size: fileSize });
  }

  const architecture: unknown = info.metadata.general?.architecture;
  if (typeof architecture !== 'string' || architecture === '') {
    throw invalid(label, 'has no general.architecture in its header', { reason: 'noArchitecture' });
  }

  const tensors = info.tensorInfo ?? [];
  const split = readSplit(info);
  if (tensors.length === 0 && split === null) throw invalid(label, 'contains no tensors (vocabulary-only file?)', { reason: 'noTensors' });

  const { expectedFileSize, dominantType } = measureTensors(info, infoEnd);
  if (fileSize < expectedFileSize) {
    throw invalid(
      label,
      `is truncated: its tensor data ends at byte ${expectedFileSize} but the file has only ${fileSize} bytes (incomplete download?)`,
      { reason: 'truncated', expected: expectedFileSize, size: fileSize },
    );
  }

  const insights = await GgufInsights.from(info);
  const summary: GgufSummary = {
    architecture,
    name: nonEmptyString(info.metadata.general?.name),
    quantization: quantizationName(info, dominantType),
    contextLength: positiveNumber(insights.trainContextSize),
    hasChatTemplate: nonEmptyString(info.metadata.tokenizer?.chat_template) !== null,
    fileSize,
    tensorDataBytes: expectedFileSize - infoEnd,
    expectedFileSize,
    supported: insights.isSupportedByLlamaCpp,
    ggufVersion: info.version,
    split,
  };
  // A split part holds only some tensors, so its count would mislead.
  if (split === null) summary.parameterCount = insights.totalParameters;
  return { summary, info, insights };
}

async function checkLocalFile(path: string, label: string): Promise<number> {
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw invalid(label, 'is not a file', { reason: 'notAFile' });
    size = stats.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (isErrnoCode(error, 'ENOENT')) throw new AppError('NOT_FOUND', `"${label}" does not exist (${path})`, { reason: 'noFile', file: label, path });
    const detail = error instanceof Error ? error.message : String(error);
    throw invalid(label, `cannot be read: ${detail}`, { reason: 'unreadable', detail });
  }
  if (size === 0) return 0;

  // Check the magic ourselves: it is cheap and gives a clear message for any non-GGUF file.
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead < 4 || head.toString('latin1') !== 'GGUF') throw invalid(label, 'is not a GGUF file', { reason: 'notGguf' });
  } finally {
    await handle.close();
  }
  if (size < minimalHeaderBytes) throw invalid(label, `has a truncated header (only ${size} bytes)`, { reason: 'headerTooShort', size });
  return size;
}

async function readHeader(source: string, label: string, remote: boolean, opts: InspectOptions): Promise<GgufFileInfo> {
  try {
    return await readGgufFileInfo(source, {
      logWarnings: false,
      // Each part of a split model is inspected (and checked for truncation) on its own.
      spliceSplitFiles: false,
      signal: opts.signal,
      fetchHeaders: opts.headers,
      // The default retries for ~a minute; a header read is interactive, so fail sooner.
      fetchRetryOptions: { retries: 2, minTimeout: 200, maxTimeout: 1000 },
    });
  } catch (error) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const proxy = proxyErrorIn(error);
    if (proxy) throw proxy;
    const message = describeFetchError(error);
    if (/magic/i.test(message)) throw invalid(label, 'is not a GGUF file', { reason: 'notGguf' });
    if (remote && /\b(401|403)\b|Unauthorized|Forbidden/i.test(message)) {
      throw new AppError('AUTH_REQUIRED', `"${label}" needs a Hugging Face token (the repository may be gated): ${message}`, { reason: 'ggufGated', file: label });
    }
    if (remote && /fetch failed|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET/i.test(message)) {
      throw new AppError('NETWORK', `Could not read the header of "${label}": ${message}`, { reason: 'headerUnreadable', file: label, detail: message });
    }
    throw invalid(label, `has a truncated or corrupt header (${message})`, { reason: 'corruptHeader', detail: message });
  }
}

/**
 * Where the tensor data ends according to the header: the largest tensor offset plus its byte size
 * (offsets are relative to the aligned start of the data section). llama.cpp refuses a file shorter
 * than that. Tensors of a type unknown to `ggml-sizes` count only up to their start offset.
 */
function measureTensors(info: GgufFileInfo, infoEnd: number): { expectedFileSize: number; dominantType: number | null } {
  let end = infoEnd;
  const bytesPerType = new Map<number, number>();
  for (const tensor of info.tensorInfo ?? []) {
    const bytes = ggmlTensorBytes(tensor.ggmlType, tensor.dimensions);
    const tensorEnd = Number(tensor.fileOffset) + (bytes ?? 0);
    if (tensorEnd > end) end = tensorEnd;
    bytesPerType.set(tensor.ggmlType, (bytesPerType.get(tensor.ggmlType) ?? 0) + (bytes ?? 0));
  }
  let dominantType: number | null = null;
  let dominantBytes = -1;
  for (const [type, bytes] of bytesPerType) {
    if (bytes > dominantBytes) [dominantType, dominantBytes] = [type, bytes];
  }
  return { expectedFileSize: end, dominantType };
}

/** "Q4_K_M" from `general.file_type`; files without one (like stories260K) get their dominant tensor type. */
function quantizationName(info: GgufFileInfo, dominantType: number | null): string | null {
  const fileType = info.metadata.general?.file_type;
  if (typeof fileType === 'number') {
    const name = GgufFileType[fileType];
    if (typeof name === 'string') return name.replace(/^(MOSTLY|ALL)_/, '');
  }
  if (dominantType === null) return null;
  const name = GgmlType[dominantType];
  return typeof name === 'string' ? name : null;
}

function readSplit(info: GgufFileInfo): GgufSummary['split'] {
  // `split.*` keys are written by llama.cpp's gguf-split and are not in node-llama-cpp's metadata type.
  const split = (info.metadata as unknown as Record<string, unknown>)['split'];
  if (typeof split !== 'object' || split === null) return null;
  const { no, count } = split as Record<string, unknown>;
  if (typeof count !== 'number' || count < 2) return null;
  return { index: (typeof no === 'number' ? no : 0) + 1, count };
}

function fileLabel(pathOrUrl: string): string {
  if (!isHttpUrl(pathOrUrl)) return basename(pathOrUrl);
  try {
    const last = new URL(pathOrUrl).pathname.split('/').filter(Boolean).pop();
    return last === undefined ? pathOrUrl : decodeURIComponent(last);
  } catch {
    return pathOrUrl;
  }
}

/** MODEL_INVALID naming the file; `params` say why, in words the UI translates. */
function invalid(label: string, reason: string, params: ReasonParams<'MODEL_INVALID'>): AppError {
  return new AppError('MODEL_INVALID', `"${label}" ${reason}`, { ...params, file: label });
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function positiveNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function isErrnoCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
