import { listFiles, listModels } from '@huggingface/hub';
import { AppError } from '../../shared/errors';
import { mayCarryToken } from '../../shared/hub-address';
import { netFetch } from '../net/http';
import { proxyErrorIn } from '../net/proxy-error';
import type { HfGgufFile, HfRepoSummary, HfSort } from '../../shared/models';
import { groupGgufFiles, type RepoFileEntry } from './hf-files';
import { isRepoId } from './hf-query';
import { describeFetchError } from './remote-file-size';

export { parseModelQuery } from './hf-query';
export { quantizationFromFileName } from './hf-files';

export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

export interface HfClientOptions {
  /** Hub base URL; defaults to env CANDIL_HF_ENDPOINT, then https://huggingface.co. */
  endpoint?: string;
  /** Access token for gated/private repos, sent as `Authorization: Bearer`. */
  token?: string | null;
  /** Per-request time limit. */
  timeoutMs?: number;
}

export interface SearchOptions {
  query: string;
  sort?: HfSort;
  limit?: number;
  signal?: AbortSignal;
}

/**
 * Talks to the Hugging Face Hub API through @huggingface/hub, pointed at a configurable endpoint
 * (tests and the e2e run use a local fake host). Our own fetch wrapper (the app's dispatcher, so proxies
 * apply) adds the token (the library refuses tokens that don't start with "hf_"), a time limit and cancellation.
 */
export class HfClient {
  readonly endpoint: string;
  private readonly token: string | null;
  private readonly timeoutMs: number;

  constructor(opts: HfClientOptions = {}) {
    const endpoint = opts.endpoint ?? process.env['CANDIL_HF_ENDPOINT'] ?? DEFAULT_HF_ENDPOINT;
    this.endpoint = endpoint.replace(/\/+$/, '');
    this.token = opts.token ?? null;
    this.timeoutMs = opts.timeoutMs ?? 20_000;
  }

  /** Headers to send when downloading or inspecting a file from this Hub. */
  authHeaders(): Record<string, string> {
    return this.token && mayCarryToken(this.endpoint) ? { Authorization: `Bearer ${this.token}` } : {};
  }

  /** `{endpoint}/{repo}/resolve/main/{path}`, each path segment URL-encoded. */
  downloadUrl(repo: string, path: string): string {
    return `${this.endpoint}/${repo}/resolve/main/${path.split('/').map(encodeURIComponent).join('/')}`;
  }

  /** Model repos with GGUF files matching `query`, most downloaded (or liked / recent) first. */
  async searchGgufRepos({ query, sort = 'downloads', limit = 30, signal }: SearchOptions): Promise<HfRepoSummary[]> {
    const results: HfRepoSummary[] = [];
    await this.call(`search for "${query}"`, null, signal, async (fetchFn) => {
      for await (const entry of listModels({
        search: { query: query.trim() || undefined, tags: ['gguf'] },
        sort,
        limit: Math.max(1, Math.min(limit, 100)),
        additionalFields: ['tags', 'author'],
        hubUrl: this.endpoint,
        fetch: fetchFn,
      })) {
        const tags = Array.isArray(entry.tags) ? entry.tags.filter((t): t is string => typeof t === 'string') : [];
        // The real Hub filters by tag server-side; skip anything a simpler host let through.
        if (tags.length > 0 && !tags.includes('gguf')) continue;
        const updated = entry.updatedAt instanceof Date && !Number.isNaN(entry.updatedAt.getTime()) ? entry.updatedAt.toISOString() : null;
        results.push({
          id: entry.name,
          author: typeof entry.author === 'string' && entry.author !== '' ? entry.author : (entry.name.split('/')[0] ?? ''),
          downloads: entry.downloads ?? 0,
          likes: entry.likes ?? 0,
          lastModified: updated,
          tags,
          gated: entry.gated !== false && entry.gated !== undefined,
          pipelineTag: entry.task ?? null,
        });
      }
    });
    return results;
  }

  /** The `.gguf` models in a repo (split parts grouped), smallest first. */
  async listGgufFiles(repo: string, opts: { signal?: AbortSignal } = {}): Promise<HfGgufFile[]> {
    if (!isRepoId(repo)) throw new AppError('BAD_REQUEST', `"${repo}" is not a repository name (owner/name)`, { reason: 'notRepoName', query: repo });
    const entries: RepoFileEntry[] = [];
    await this.call(`list the files of ${repo}`, repo, opts.signal, async (fetchFn) => {
      for await (const entry of listFiles({ repo, recursive: true, hubUrl: this.endpoint, fetch: fetchFn })) {
        if (entry.type !== 'file') continue;
        entries.push({ path: entry.path, size: entry.lfs?.size ?? entry.size, sha256: entry.lfs?.oid ?? null });
      }
    });
    return groupGgufFiles(entries, (path) => this.downloadUrl(repo, path));
  }

  private async call(what: string, repo: string | null, signal: AbortSignal | undefined, run: (fetchFn: typeof fetch) => Promise<void>): Promise<void> {
    const fetchFn: typeof fetch = (input, init) => {
      const signals = [AbortSignal.timeout(this.timeoutMs), ...(signal ? [signal] : [])];
      const headers = new Headers(init?.headers);
      if (this.token && mayCarryToken(requestUrl(input))) headers.set('Authorization', `Bearer ${this.token}`);
      return netFetch(input, { ...init, headers, signal: AbortSignal.any(signals) });
    };
    try {
      await run(fetchFn);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw this.toAppError(error, what, repo);
    }
  }

  private toAppError(error: unknown, what: string, repo: string | null): AppError {
    if (error instanceof AppError) return error;
    const proxy = proxyErrorIn(error);
    if (proxy) return proxy;
    const status = hubStatus(error);
    if (status !== null) {
      const text = error instanceof Error ? error.message : '';
      // The Hub answers 401 "Repository not found" for repos that don't exist (or are private).
      if (status === 404 || (status === 401 && /not found/i.test(text))) {
        const endpoint = this.endpoint;
        return repo
          ? new AppError('NOT_FOUND', `Repository ${repo} was not found on ${endpoint}`, { reason: 'noRepo', repo, endpoint })
          : new AppError('NOT_FOUND', `Not found on ${endpoint}`, { reason: 'notOnHub', endpoint });
      }
      if (status === 401 || status === 403) {
        return new AppError('AUTH_REQUIRED', `${this.endpoint} refused to ${what} (HTTP ${status}): the repository may be gated or need an access token`, {
          reason: 'hubRefused',
          endpoint: this.endpoint,
          status,
        });
      }
      if (status === 429) return new AppError('NETWORK', `${this.endpoint} is rate-limiting requests; try again in a minute`, { reason: 'hubRateLimited', endpoint: this.endpoint });
      return new AppError('NETWORK', `${this.endpoint} could not ${what} (HTTP ${status})`, { reason: 'hubStatus', endpoint: this.endpoint, status });
    }
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return new AppError('NETWORK', `${this.endpoint} did not answer in time while trying to ${what}`, { reason: 'hubTimeout', endpoint: this.endpoint });
    }
    const detail = describeFetchError(error);
    return new AppError('NETWORK', `Could not reach ${this.endpoint} to ${what}: ${detail}`, { reason: 'hubUnreachable', endpoint: this.endpoint, detail });
  }
}

function requestUrl(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

function hubStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : null;
}
