import type { ErrorPayload } from './errors';

/** What Candil learns from a GGUF file's header, locally or over HTTP range requests. */
export interface GgufSummary {
  /** `general.architecture`, e.g. "llama", "qwen2", "gemma3". */
  architecture: string;
  /** `general.name`, when the file has one. */
  name: string | null;
  /** Total parameters counted from the tensor shapes; absent for one part of a split model. */
  parameterCount?: number;
  /** File type such as "Q4_K_M" or "F32" (from `general.file_type`, else the dominant tensor type). */
  quantization: string | null;
  /** Context length the model was trained with (`{arch}.context_length`). */
  contextLength: number | null;
  /** True when the file ships a non-empty `tokenizer.chat_template`. */
  hasChatTemplate: boolean;
  /** Size of the file on disk or as the server reports it. */
  fileSize: number;
  /** Bytes of tensor data the header describes (end of the last tensor minus start of the data section). */
  tensorDataBytes: number;
  /** Smallest size the file must have to hold every tensor the header lists. */
  expectedFileSize: number;
  /** Whether the llama.cpp build bundled with node-llama-cpp can load this architecture. */
  supported: boolean;
  /** GGUF format version (2 or 3). */
  ggufVersion: number;
  /** Set when the file is one part of a split model (`split.no` / `split.count`, 1-based index). */
  split: { index: number; count: number } | null;
}

/** What a model's settings dialog needs to know about its file and this computer. */
export interface ModelSettingsInfo {
  /** The context the model was trained with (null when its header does not say). */
  trainedContextSize: number | null;
  /** The largest context size (tokens) that fits this computer's memory, at most the trained one. */
  maxContextSize: number;
  /** The batch size the engine picks when none is set (from the model's vocabulary). */
  autoBatchSize: number;
  /** The model's own Jinja chat template (`tokenizer.chat_template`), or null when it has none. */
  ownTemplate: string | null;
}

interface ScannedModelBase {
  path: string;
  fileName: string;
  sizeBytes: number;
  /** Last modification time, epoch milliseconds. */
  modifiedAt: number;
}

/** One `.gguf` file found in the models folder: either its summary or why it could not be read. */
export type ScannedModel = (ScannedModelBase & { summary: GgufSummary }) | (ScannedModelBase & { error: ErrorPayload });

export function isScannedModelOk(model: ScannedModel): model is ScannedModelBase & { summary: GgufSummary } {
  return 'summary' in model;
}

// ---------------------------------------------------------------- Hugging Face

export type HfSort = 'downloads' | 'likes' | 'lastModified';

/** How the user's text in the search box was understood. */
export type HfModelQuery = { kind: 'search'; query: string } | { kind: 'repo'; repo: string; file: string | null };

export interface HfRepoSummary {
  /** "owner/name". */
  id: string;
  author: string;
  downloads: number;
  likes: number;
  /** ISO date string, when the Hub reports it. */
  lastModified: string | null;
  tags: string[];
  /** Gated repos need the user to accept terms (and a token) before files download. */
  gated: boolean;
  pipelineTag: string | null;
}

export interface HfFilePart {
  path: string;
  sizeBytes: number;
  /** LFS object id, which for LFS files is the SHA-256 of the content. */
  sha256: string | null;
  downloadUrl: string;
}

/** One downloadable model in a repo: a single `.gguf` file or all parts of a split one. */
export interface HfGgufFile {
  /** Path of the file (first part for a split model). */
  path: string;
  fileName: string;
  /** Total bytes over all parts. */
  sizeBytes: number;
  quantization: string | null;
  /** SHA-256 of a single-file model; null for split models (see parts) or when the Hub gives none. */
  sha256: string | null;
  downloadUrl: string;
  /** Set for `-00001-of-00003.gguf` style models; `complete` is false when the repo lacks some part. */
  split: { count: number; complete: boolean } | null;
  parts: HfFilePart[];
  /** Multimodal projector (`mmproj-*.gguf`): not a model on its own. */
  isProjector: boolean;
}

// ---------------------------------------------------------------- Compatibility

export type CompatVerdict = 'fits' | 'tight' | 'wont-fit';

/** Why a model is tight or won't fit; the UI turns each code into a sentence. */
export type CompatReason =
  | { code: 'ram'; level: 'tight' | 'wont-fit'; needed: number; available: number }
  | { code: 'free-ram'; needed: number; available: number }
  | { code: 'disk'; needed: number; available: number }
  | { code: 'arch-unsupported'; architecture: string }
  | { code: 'context-too-large'; requested: number; trained: number };

export interface CompatReport {
  summary: GgufSummary;
  contextSize: number;
  /** Estimated RAM for the weights plus a context of `contextSize`, CPU only. */
  ramBytes: number;
  totalRamBytes: number;
  freeRamBytes: number;
  fileSize: number;
  freeDiskBytes: number;
  /** True when the file is already local or the models folder has room for it plus a margin. */
  diskOk: boolean;
  verdict: CompatVerdict;
  reasons: CompatReason[];
}

// ---------------------------------------------------------------- First start

/** The catalog model Candil suggests to someone with no model yet, and the memory it was judged against. */
export interface ModelRecommendation {
  /** Id of the catalog entry (see `catalog.list`). */
  entryId: string;
  totalRamBytes: number;
}

/** GPT4All's models folder on this computer and the `.gguf` files in it. */
export interface Gpt4AllModels {
  folder: string;
  files: { path: string; size: number }[];
}
