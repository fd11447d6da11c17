import { modelInfo, modelSummary, type ApiModelSummary, type ApiSibling } from './api-json';
import type { StoredRepo } from './repo-store';

type SearchResult = ApiModelSummary & { siblings?: ApiSibling[] };

const sortKeys = new Set(['downloads', 'likes', 'lastModified', 'createdAt', 'trendingScore', 'id']);

/** `GET /api/models` semantics: substring search on the id, tag filters, sort, limit. */
export function searchModels(repos: StoredRepo[], query: URLSearchParams, startedAt: string): SearchResult[] {
  const search = query.get('search')?.toLowerCase() ?? '';
  const author = query.get('author');
  // HF accepts both `filter=a&filter=b` and `filter=a,b`; every one must match.
  const filters = query.getAll('filter').flatMap((value) => value.split(',')).filter(Boolean);
  const withSiblings = query.get('full') === 'true' || query.getAll('expand').includes('siblings');
  const sort = query.get('sort');
  const descending = query.get('direction') !== '1';
  const limit = Math.min(Number(query.get('limit') ?? '1000') || 1000, 1000);

  const matches = repos
    .filter((repo) => !repo.spec.private)
    .filter((repo) => repo.spec.id.toLowerCase().includes(search))
    .filter((repo) => !author || repo.spec.id.split('/')[0] === author)
    .map((repo) => ({ repo, summary: modelSummary(repo, startedAt) }))
    .filter(({ summary }) => filters.every((tag) => summary.tags.includes(tag) || summary.library_name === tag));

  if (sort && sortKeys.has(sort)) {
    const key = sort as keyof ApiModelSummary;
    matches.sort((a, b) => compare(a.summary[key], b.summary[key]) * (descending ? -1 : 1));
  }
  return matches.slice(0, limit).map(({ repo, summary }) =>
    withSiblings ? { ...summary, siblings: modelInfo(repo, startedAt, false).siblings } : summary,
  );
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
