import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { modelInfo, treeEntries } from './fake-hf/api-json';
import { FaultRegistry } from './fake-hf/faults';
import { searchModels } from './fake-hf/model-search';
import { RepoStore, type StoredFile, type StoredRepo } from './fake-hf/repo-store';
import { serveFile } from './fake-hf/serve-file';
import type { DirectHash, Fault, FaultMatcher, FaultTarget, FakeFileSpec, FakeHfHostOptions, FakeRepoSpec, LoggedRequest } from './fake-hf/types';

export type {
  DirectHash,
  Fault,
  FaultAction,
  FaultMatcher,
  FaultStage,
  FaultTarget,
  FakeFileSpec,
  FakeHfHostOptions,
  FakeRepoSpec,
  FileSource,
  LoggedRequest,
} from './fake-hf/types';

export interface FakeHostedFile {
  size: number;
  sha256: string;
  /** What the hub sends as `X-Linked-Etag` (LFS) or `ETag` (plain git files), quotes included. */
  etag: string;
  lfs: boolean;
}

export interface FakeHfHost {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every request received, oldest first. Tests may clear it with `requests.length = 0`. */
  readonly requests: LoggedRequest[];
  /** `…/{repo}/resolve/main/{path}`: the URL Candil downloads from. */
  fileUrl(repoId: string, path: string): string;
  file(repoId: string, path: string): FakeHostedFile;
  setFault(matcher: FaultMatcher, fault: Fault): void;
  clearFaults(): void;
  addRepo(spec: FakeRepoSpec): Promise<void>;
  /** Simulates a new commit changing the file: new content, SHA-256, ETag and repo sha. */
  updateFile(repoId: string, file: FakeFileSpec): Promise<FakeHostedFile>;
  close(): Promise<void>;
}

const cdnLinkLifetimeMs = 60 * 60 * 1000;

/**
 * A local stand-in for huggingface.co: the model API, `resolve` redirects to a CDN path with LFS headers,
 * and a CDN that honours ranges. Dependency-free so unit, e2e and bench code can all start it.
 */
export async function startFakeHfHost(options: FakeHfHostOptions = {}): Promise<FakeHfHost> {
  const store = new RepoStore();
  for (const spec of options.repos ?? []) await store.add(spec);
  const faults = new FaultRegistry();
  const requests: LoggedRequest[] = [];
  const secret = randomBytes(16);
  const startedAt = new Date().toISOString();
  const tokens = options.tokens ? new Set(options.tokens) : null;

  const sign = (sha: string, repoId: string, filePath: string, expires: number): string =>
    createHmac('sha256', secret).update(`${sha}\n${repoId}\n${filePath}\n${expires}`).digest('hex');

  const context: RouteContext = { store, faults, startedAt, tokens, sign };
  const server = createServer((req, res) => {
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      range: headerValue(req, 'range'),
      ifRange: headerValue(req, 'if-range'),
      authorization: headerValue(req, 'authorization'),
      status: null,
      at: Date.now(),
    };
    requests.push(entry);
    res.once('close', () => (entry.status = res.headersSent ? res.statusCode : null));
    route(req, res, context).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: `fake HF host: ${(error as Error).message}` });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const describe = (file: StoredFile): FakeHostedFile => ({
    size: file.size,
    sha256: file.sha256,
    etag: `"${file.lfs ? file.sha256 : file.gitOid}"`,
    lfs: file.lfs,
  });

  return {
    url,
    requests,
    fileUrl: (repoId, path) => `${url}/${repoId}/resolve/main/${encodePath(path)}`,
    file(repoId, path) {
      const file = store.repo(repoId)?.files.get(path);
      if (!file) throw new Error(`fake HF host: no file ${repoId}/${path}`);
      return describe(file);
    },
    setFault: (matcher, fault) => faults.add(matcher, fault),
    clearFaults: () => faults.clear(),
    addRepo: (spec) => store.add(spec),
    updateFile: async (repoId, file) => describe(await store.update(repoId, file)),
    close: () => closeServer(server),
  };
}

interface RouteContext {
  store: RepoStore;
  faults: FaultRegistry;
  startedAt: string;
  tokens: Set<string> | null;
  sign(sha: string, repoId: string, filePath: string, expires: number): string;
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void> {
  const requestUrl = new URL(req.url ?? '/', 'http://fake.invalid');
  const path = decodeURIComponent(requestUrl.pathname);
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { error: 'Method not allowed' });

  if (path === '/api/models') return sendJson(res, 200, searchModels(ctx.store.all(), requestUrl.searchParams, ctx.startedAt));
  if (path.startsWith('/api/models/')) return apiModel(res, ctx, path.slice('/api/models/'.length), requestUrl.searchParams);
  if (path.startsWith('/cdn/')) return cdn(req, res, ctx, path.slice('/cdn/'.length), requestUrl.searchParams);
  const resolveAt = path.indexOf('/resolve/');
  if (resolveAt > 0) return resolve(req, res, ctx, path.slice(1, resolveAt), path.slice(resolveAt + '/resolve/'.length));
  return sendError(res, 404, 'EntryNotFound', 'Not found');
}

function apiModel(res: ServerResponse, ctx: RouteContext, rest: string, query: URLSearchParams): void {
  const treeAt = rest.indexOf('/tree/');
  const revisionAt = rest.indexOf('/revision/');
  const repoId = treeAt >= 0 ? rest.slice(0, treeAt) : revisionAt >= 0 ? rest.slice(0, revisionAt) : rest;
  const repo = ctx.store.repo(repoId);
  if (!repo) return sendError(res, 404, 'RepoNotFound', 'Repository not found');
  if (treeAt < 0) {
    const revision = revisionAt >= 0 ? rest.slice(revisionAt + '/revision/'.length) : 'main';
    if (!knownRevision(repo, revision)) return sendError(res, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
    return sendJson(res, 200, modelInfo(repo, ctx.startedAt, query.get('blobs') === 'true'));
  }
  const [revision = '', ...dirParts] = rest.slice(treeAt + '/tree/'.length).split('/');
  if (!knownRevision(repo, revision)) return sendError(res, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
  const entries = treeEntries(repo, dirParts.join('/').replace(/\/$/, ''), query.get('recursive') === 'true');
  if (!entries) return sendError(res, 404, 'EntryNotFound', `${dirParts.join('/')} does not exist on "${revision}"`);
  sendJson(res, 200, entries);
}

async function resolve(req: IncomingMessage, res: ServerResponse, ctx: RouteContext, repoId: string, rest: string): Promise<void> {
  const repo = ctx.store.repo(repoId);
  if (!repo) return sendError(res, 404, 'RepoNotFound', 'Repository not found');
  const slash = rest.indexOf('/');
  const revision = rest.slice(0, slash);
  const filePath = rest.slice(slash + 1);
  if (slash < 0 || !knownRevision(repo, revision)) return sendError(res, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);

  const target: FaultTarget = { method: req.method ?? 'GET', urlPath: `/${repoId}/resolve/${rest}`, repoId, filePath, stage: 'resolve' };
  const fault = ctx.faults.take(target);
  if (fault?.type === 'status') return sendFault(res, fault.status, fault.retryAfter);

  if (repo.spec.gated || repo.spec.private) {
    const authorized = isAuthorized(req, ctx.tokens);
    if (authorized === 'missing') {
      return sendError(res, 401, 'GatedRepo', `Access to model ${repoId} is restricted. You must have access to it and be authenticated to access it. Please log in.`);
    }
    if (authorized === 'invalid') return sendError(res, 401, 'InvalidCredentials', 'Invalid credentials in Authorization header');
  }

  const file = repo.files.get(filePath);
  if (!file) return sendError(res, 404, 'EntryNotFound', 'Entry not found');
  const hubHeaders = {
    'X-Repo-Commit': repo.sha,
    'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(baseName(filePath))}; filename="${baseName(filePath)}";`,
  };
  const bodyTarget: FaultTarget = { ...target, stage: 'body' };
  if (fault?.type === 'direct') {
    const hash = fault.hash;
    return serveBody(req, res, ctx, file, bodyTarget, (f) => ({ ...hubHeaders, ...directHashHeaders(f, hash) }));
  }
  if (!file.lfs) return serveBody(req, res, ctx, file, bodyTarget, (f) => ({ ...hubHeaders, ETag: `"${f.gitOid}"` }));
  const expires = Date.now() + cdnLinkLifetimeMs;
  const query = new URLSearchParams({ repo: repoId, file: filePath, expires: String(expires), signature: ctx.sign(file.sha256, repoId, filePath, expires) });
  const location = `/cdn/${file.sha256}?${query.toString()}`;
  res.writeHead(302, {
    ...hubHeaders,
    Location: location,
    ETag: `"${file.sha256}"`,
    'X-Linked-Etag': `"${file.sha256}"`,
    'X-Linked-Size': String(file.size),
    'Content-Type': 'text/plain; charset=utf-8',
  });
  res.end(req.method === 'HEAD' ? undefined : `Found. Redirecting to ${location}`);
}

async function cdn(req: IncomingMessage, res: ServerResponse, ctx: RouteContext, sha: string, query: URLSearchParams): Promise<void> {
  const repoId = query.get('repo') ?? '';
  const filePath = query.get('file') ?? '';
  const expires = Number(query.get('expires'));
  const signature = query.get('signature') ?? '';
  const expected = ctx.sign(sha, repoId, filePath, expires);
  const valid = signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  if (!valid || !(expires > Date.now())) return sendError(res, 403, 'AccessDenied', 'Request has expired or the signature does not match');
  const file = ctx.store.blob(sha);
  if (!file) return sendError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
  const target: FaultTarget = { method: req.method ?? 'GET', urlPath: `/cdn/${sha}`, repoId, filePath, stage: 'body' };
  return serveBody(req, res, ctx, file, target, (f) => ({ ETag: `"${f.sha256}"` }));
}

/** What a mirror that serves `resolve` itself may say about the content's SHA-256. */
function directHashHeaders(file: StoredFile, hash: DirectHash): Record<string, string> {
  if (hash === 'etag') return { ETag: `"${file.sha256}"` };
  if (hash === 'x-linked-etag') return { ETag: `"${file.gitOid}"`, 'X-Linked-Etag': `"${file.sha256}"`, 'X-Linked-Size': String(file.size) };
  return { ETag: `"${file.gitOid}"` };
}

/** `headersOf` gives the file's headers, ETag included; it is asked after an `update` fault swapped the file. */
async function serveBody(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RouteContext,
  file: StoredFile,
  target: FaultTarget,
  headersOf: (file: StoredFile) => Record<string, string>,
): Promise<void> {
  // HEAD requests only read metadata; byte faults are meant for the transfers that follow.
  const fault = req.method === 'HEAD' ? null : ctx.faults.take(target);
  if (fault?.type === 'status') return sendFault(res, fault.status, fault.retryAfter);
  let served = file;
  if (fault?.type === 'update') served = await ctx.store.update(target.repoId, { path: target.filePath, source: fault.source });
  const { ETag: etag = `"${served.sha256}"`, ...headers } = headersOf(served);
  const byteFault = fault?.type === 'update' || fault?.type === 'direct' ? null : fault;
  await serveFile(req, res, served, { etag, fault: byteFault, headers });
}

function sendFault(res: ServerResponse, status: number, retryAfter: string | undefined): void {
  if (retryAfter !== undefined) res.setHeader('Retry-After', retryAfter);
  sendError(res, status, 'InjectedFault', `Injected HTTP ${status}`);
}

function knownRevision(repo: StoredRepo, revision: string): boolean {
  return revision === 'main' || revision === 'HEAD' || revision === repo.sha;
}

function isAuthorized(req: IncomingMessage, tokens: Set<string> | null): 'ok' | 'missing' | 'invalid' {
  const header = headerValue(req, 'authorization');
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!header) return 'missing';
  if (!token || (tokens && !tokens.has(token))) return 'invalid';
  return 'ok';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.setHeader('X-Error-Code', code);
  res.setHeader('X-Error-Message', message);
  sendJson(res, status, { error: message });
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Stalled responses would otherwise keep close() waiting forever.
  server.closeAllConnections();
  await closed;
}
