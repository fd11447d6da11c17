/** A file in a fake repo: a path on disk (streamed, never loaded) or bytes in memory. */
export type FileSource = string | Buffer;

export interface FakeFileSpec {
  /** Path inside the repo, e.g. `tinyllamas/stories260K.gguf`. */
  path: string;
  source: FileSource;
  /** Known SHA-256 of the content; computed at start-up when omitted. */
  sha256?: string;
  /** Stored through LFS (redirect to the CDN). Default: `.gguf`/`.bin`/`.safetensors` or larger than 10 MiB. */
  lfs?: boolean;
}

export interface FakeRepoSpec {
  /** `owner/name`. */
  id: string;
  files: FakeFileSpec[];
  downloads?: number;
  likes?: number;
  /** ISO date; defaults to the host's start time. */
  lastModified?: string;
  createdAt?: string;
  /** Gated repos serve files only with `Authorization: Bearer <token>`. `true` means `'manual'`. */
  gated?: boolean | 'auto' | 'manual';
  private?: boolean;
  tags?: string[];
  license?: string;
  pipelineTag?: string;
  libraryName?: string;
  /** Returned as-is under `gguf` in model info (real HF: `{ total, architecture, context_length, … }`). */
  gguf?: Record<string, unknown>;
}

export interface FakeHfHostOptions {
  repos?: FakeRepoSpec[];
  /** When set, only these bearer tokens are accepted for gated repos; otherwise any non-empty one is. */
  tokens?: string[];
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
}

/**
 * What a fault does to a matching request.
 * Byte offsets (`atByte`) are positions in the file, so a resumed range request past them is unaffected.
 */
export type FaultAction =
  /** Destroy the socket once the response has sent the file up to `atByte`. */
  | { type: 'drop'; atByte: number }
  /** Send the file up to `atByte`, then nothing for `ms` (default: until the client gives up), then carry on. */
  | { type: 'stall'; atByte: number; ms?: number }
  /** Answer with this status and a small JSON error body instead of the file; `retryAfter` is sent as Retry-After. */
  | { type: 'status'; status: number; retryAfter?: string }
  /** Serve bytes that differ from the advertised SHA-256 (same length). */
  | { type: 'corrupt' }
  /** Answer every body request with 200 and the full file, whatever Range says. */
  | { type: 'ignore-range' }
  /** Limit the response to this many bytes per second. */
  | { type: 'throttle'; bytesPerSecond: number }
  /**
   * Answer `resolve` itself with 200 and the bytes, as a mirror without a CDN does. `hash` says where
   * it puts the SHA-256: in X-Linked-Etag, as the ETag, or nowhere (the ETag is then the git blob id).
   * Only meaningful with stage `resolve`; applies to HEAD and GET alike.
   */
  | { type: 'direct'; hash: DirectHash }
  /** A new version of the file is pushed just before this request is answered (so after the client's probe). */
  | { type: 'update'; source: FileSource };

export type DirectHash = 'x-linked-etag' | 'etag' | 'none';

/** Which requests a fault applies to: the hub's `resolve` URL, the CDN body, or both. */
export type FaultStage = 'resolve' | 'body' | 'any';

export type Fault = FaultAction & {
  /** How many matching requests it affects; omitted = every one until cleared. */
  times?: number;
  /** Default: `any` for `status`, `resolve` for `direct`, `body` for the rest (they only make sense where bytes flow). */
  stage?: FaultStage;
};

export interface FaultTarget {
  method: string;
  /** URL path without the query string. */
  urlPath: string;
  repoId: string;
  /** Path of the file inside the repo. */
  filePath: string;
  stage: Exclude<FaultStage, 'any'>;
}

/** A repo file path (`tinyllamas/stories260K.gguf`), a URL path, or any test. */
export type FaultMatcher = string | ((target: FaultTarget) => boolean);

export interface LoggedRequest {
  method: string;
  /** URL path and query as received. */
  url: string;
  range: string | null;
  ifRange: string | null;
  authorization: string | null;
  /** Filled in when the response head is sent; null if the request was cut short first. */
  status: number | null;
  at: number;
}
