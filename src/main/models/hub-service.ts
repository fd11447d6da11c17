import type { CatalogEntry } from '../../shared/catalog';
import { mayCarryToken } from '../../shared/hub-address';
import type { CompatReport, HfGgufFile, HfModelQuery, HfRepoSummary, HfSort } from '../../shared/models';
import type { SecretStore } from '../settings/secret-store';
import type { SettingsStore } from '../settings/settings-store';
import { loadCatalog } from './catalog';
import { checkCompatibility } from './compatibility';
import { HfClient, parseModelQuery } from './hf-client';

/** Catalog, Hugging Face search and the pre-download check, with the endpoint and token in force. */
export class HubService {
  private catalog: CatalogEntry[] | null = null;

  constructor(
    private readonly settings: SettingsStore,
    private readonly token: SecretStore,
  ) {}

  private client(): HfClient {
    return new HfClient({ endpoint: this.settings.get().hfEndpoint, token: this.token.get() ?? undefined });
  }

  async listCatalog(): Promise<CatalogEntry[]> {
    this.catalog ??= (await loadCatalog()).models;
    return this.catalog;
  }

  async search(input: { query: string; sort?: HfSort; limit?: number }): Promise<{ query: HfModelQuery; repos: HfRepoSummary[]; files: HfGgufFile[] }> {
    const query = parseModelQuery(input.query);
    const client = this.client();
    if (query.kind === 'search') {
      return { query, repos: await client.searchGgufRepos({ query: query.query, sort: input.sort, limit: input.limit }), files: [] };
    }
    const files = await client.listGgufFiles(query.repo);
    return { query, repos: [], files: query.file ? files.filter((f) => f.path === query.file || f.parts.some((p) => p.path === query.file)) : files };
  }

  listFiles(repo: string): Promise<HfGgufFile[]> {
    return this.client().listGgufFiles(repo);
  }

  /** Reads only the file's header (HTTP range requests for a URL) and judges RAM and disk. */
  check(input: { source: string; fileSize?: number; contextSize?: number }): Promise<CompatReport> {
    const settings = this.settings.get();
    const isHub = sameOrigin(input.source, settings.hfEndpoint);
    return checkCompatibility({
      source: input.source,
      fileSize: input.fileSize,
      contextSize: input.contextSize ?? settings.contextSize,
      modelsDir: settings.modelsDir,
      headers: isHub ? this.client().authHeaders() : undefined,
    });
  }

  /** The token goes to the configured Hub's own origin only (never to a CDN or any other host), and never over plain http off this computer. */
  authHeader(url: URL): string | undefined {
    const token = this.token.get();
    return token && mayCarryToken(url) && sameOrigin(url.href, this.settings.get().hfEndpoint) ? `Bearer ${token}` : undefined;
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
