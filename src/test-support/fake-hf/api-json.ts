import type { StoredFile, StoredRepo } from './repo-store';

/** The JSON shapes of huggingface.co's model API, limited to the fields Candil reads (plus a few for realism). */

export interface ApiModelSummary {
  _id: string;
  id: string;
  modelId: string;
  author: string;
  likes: number;
  downloads: number;
  trendingScore: number;
  private: boolean;
  gated: false | 'auto' | 'manual';
  tags: string[];
  pipeline_tag?: string;
  library_name?: string;
  createdAt: string;
  lastModified: string;
}

export interface ApiSibling {
  rfilename: string;
  size?: number;
  blobId?: string;
  lfs?: { sha256: string; size: number; pointerSize: number };
}

export interface ApiModelInfo extends ApiModelSummary {
  sha: string;
  disabled: boolean;
  cardData: { license?: string; tags: string[] };
  siblings: ApiSibling[];
  spaces: string[];
  usedStorage: number;
  gguf?: Record<string, unknown>;
}

export interface ApiTreeEntry {
  type: 'file' | 'directory';
  oid: string;
  size: number;
  path: string;
  lfs?: { oid: string; size: number; pointerSize: number };
}

export function gatedValue(repo: StoredRepo): false | 'auto' | 'manual' {
  const gated = repo.spec.gated;
  if (gated === true) return 'manual';
  return gated || false;
}

export function modelSummary(repo: StoredRepo, startedAt: string): ApiModelSummary {
  const { spec } = repo;
  const summary: ApiModelSummary = {
    _id: objectId(spec.id),
    id: spec.id,
    modelId: spec.id,
    author: spec.id.split('/')[0] ?? spec.id,
    likes: spec.likes ?? 0,
    downloads: spec.downloads ?? 0,
    trendingScore: 0,
    private: spec.private ?? false,
    gated: gatedValue(repo),
    tags: repoTags(repo),
    createdAt: spec.createdAt ?? startedAt,
    lastModified: spec.lastModified ?? startedAt,
  };
  if (spec.pipelineTag) summary.pipeline_tag = spec.pipelineTag;
  const library = spec.libraryName ?? (hasGguf(repo) ? 'gguf' : undefined);
  if (library) summary.library_name = library;
  return summary;
}

export function modelInfo(repo: StoredRepo, startedAt: string, withBlobs: boolean): ApiModelInfo {
  const files = [...repo.files.values()];
  const info: ApiModelInfo = {
    ...modelSummary(repo, startedAt),
    sha: repo.sha,
    disabled: false,
    cardData: { tags: repo.spec.tags ?? [], ...(repo.spec.license ? { license: repo.spec.license } : {}) },
    siblings: files.map((file) => sibling(file, withBlobs)),
    spaces: [],
    usedStorage: files.reduce((sum, file) => sum + file.size, 0),
  };
  if (repo.spec.gguf) info.gguf = repo.spec.gguf;
  return info;
}

/** Entries under `dir` ('' = root): direct children, or every descendant when `recursive`. */
export function treeEntries(repo: StoredRepo, dir: string, recursive: boolean): ApiTreeEntry[] | null {
  const prefix = dir === '' ? '' : `${dir}/`;
  const files = [...repo.files.values()].filter((file) => file.path.startsWith(prefix));
  if (dir !== '' && files.length === 0) return null;
  const directories = new Set<string>();
  const entries: ApiTreeEntry[] = [];
  for (const file of files) {
    const rest = file.path.slice(prefix.length).split('/');
    // Every folder between `dir` and the file is listed once, as HF does.
    for (let depth = 1; depth < rest.length; depth++) {
      if (!recursive && depth > 1) break;
      directories.add(prefix + rest.slice(0, depth).join('/'));
    }
    if (recursive || rest.length === 1) entries.push(treeFile(file));
  }
  const dirEntries: ApiTreeEntry[] = [...directories].map((path) => ({
    type: 'directory',
    oid: objectId(`${repo.sha}:${path}`).padEnd(40, '0'),
    size: 0,
    path,
  }));
  return [...dirEntries, ...entries].sort((a, b) => a.path.localeCompare(b.path));
}

function treeFile(file: StoredFile): ApiTreeEntry {
  const entry: ApiTreeEntry = { type: 'file', oid: file.gitOid, size: file.size, path: file.path };
  if (file.lfs) entry.lfs = { oid: file.sha256, size: file.size, pointerSize: file.pointerSize };
  return entry;
}

function sibling(file: StoredFile, withBlobs: boolean): ApiSibling {
  if (!withBlobs) return { rfilename: file.path };
  const entry: ApiSibling = { rfilename: file.path, size: file.size, blobId: file.gitOid };
  if (file.lfs) entry.lfs = { sha256: file.sha256, size: file.size, pointerSize: file.pointerSize };
  return entry;
}

function repoTags(repo: StoredRepo): string[] {
  const tags = new Set(repo.spec.tags ?? []);
  if (hasGguf(repo)) tags.add('gguf');
  if (repo.spec.license) tags.add(`license:${repo.spec.license}`);
  return [...tags];
}

function hasGguf(repo: StoredRepo): boolean {
  return [...repo.files.keys()].some((path) => path.toLowerCase().endsWith('.gguf'));
}

/** A stable 24-hex-digit id in the style of HF's Mongo `_id`. */
function objectId(seed: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let h3 = 0x12345678;
  for (let i = 0; i < seed.length; i++) {
    const c = seed.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    h3 = Math.imul(h3 ^ c, 0x27d4eb2d) >>> 0;
  }
  return [h1, h2, h3].map((h) => h.toString(16).padStart(8, '0')).join('');
}
