import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FakeFileSpec, FakeRepoSpec, FileSource } from './types';

export interface StoredFile {
  path: string;
  source: FileSource;
  size: number;
  sha256: string;
  lfs: boolean;
  /** Git blob id: of the LFS pointer for LFS files, of the content otherwise (what HF reports as `oid`). */
  gitOid: string;
  pointerSize: number;
}

export interface StoredRepo {
  spec: FakeRepoSpec;
  /** Fake commit id; changes whenever a file changes, like a real push. */
  sha: string;
  files: Map<string, StoredFile>;
}

const lfsExtensions = /\.(gguf|bin|safetensors|pt|pth|onnx|zip|tar|gz)$/i;
const lfsSizeThreshold = 10 * 1024 * 1024;

/** Repos and their files, with the hashes and ids HF derives from the content. */
export class RepoStore {
  private readonly repos = new Map<string, StoredRepo>();
  /** Every content version ever served, by SHA-256, so CDN links handed out earlier keep working. */
  private readonly blobs = new Map<string, StoredFile>();

  async add(spec: FakeRepoSpec): Promise<void> {
    const files = new Map<string, StoredFile>();
    for (const fileSpec of spec.files) files.set(fileSpec.path, await this.describe(fileSpec));
    this.repos.set(spec.id, { spec, sha: randomCommit(), files });
  }

  /** Replaces a file's content, as a new commit would: new SHA-256, new ETag, new repo sha. */
  async update(repoId: string, fileSpec: FakeFileSpec): Promise<StoredFile> {
    const repo = this.repos.get(repoId);
    if (!repo) throw new Error(`fake HF host: no repo ${repoId}`);
    const file = await this.describe(fileSpec);
    repo.files.set(file.path, file);
    repo.sha = randomCommit();
    return file;
  }

  repo(id: string): StoredRepo | undefined {
    return this.repos.get(id);
  }

  all(): StoredRepo[] {
    return [...this.repos.values()];
  }

  blob(sha256: string): StoredFile | undefined {
    return this.blobs.get(sha256);
  }

  private async describe(spec: FakeFileSpec): Promise<StoredFile> {
    const size = typeof spec.source === 'string' ? (await stat(spec.source)).size : spec.source.length;
    const sha256 = spec.sha256 ?? (await hashSource(spec.source));
    const lfs = spec.lfs ?? (lfsExtensions.test(spec.path) || size > lfsSizeThreshold);
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
    const gitOid = lfs ? gitBlobId(Buffer.from(pointer)) : await gitBlobIdOfSource(spec.source, size);
    const file: StoredFile = { path: spec.path, source: spec.source, size, sha256, lfs, gitOid, pointerSize: pointer.length };
    this.blobs.set(sha256, file);
    return file;
  }
}

function randomCommit(): string {
  return createHash('sha1').update(String(Math.random())).update(String(process.hrtime.bigint())).digest('hex');
}

function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

async function gitBlobIdOfSource(source: FileSource, size: number): Promise<string> {
  const hash = createHash('sha1').update(`blob ${size}\0`);
  return digestSource(source, hash);
}

async function hashSource(source: FileSource): Promise<string> {
  return digestSource(source, createHash('sha256'));
}

async function digestSource(source: FileSource, hash: ReturnType<typeof createHash>): Promise<string> {
  if (typeof source !== 'string') return hash.update(source).digest('hex');
  for await (const chunk of createReadStream(source, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
