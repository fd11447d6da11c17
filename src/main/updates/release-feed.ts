import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { parseVersion } from './version-order';

/**
 * The one outgoing request the update check makes, given to it rather than imported: the app
 * passes Node's fetch (core.ts), so whichever HTTP client Candil uses can take its place.
 */
export type HttpGet = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export interface LatestRelease {
  version: string;
  /** The release's page, opened in the system browser. */
  url: string;
}

/** The fields of GitHub's "latest release" answer that the check reads. */
const latestReleaseSchema = z.object({
  tag_name: z.string().min(1).max(100),
  html_url: z.url({ protocol: /^https$/ }).max(2000),
});

/** Where Candil is released: package.json's `repository` (update-service.test.ts keeps the two equal). */
export const CANDIL_REPOSITORY = 'candil-app/candil';

/** GitHub's address for the latest release of a repository, written as package.json may write it. */
export function latestReleaseUrl(repository: string): string {
  const match = /^(?:git\+)?(?:https:\/\/github\.com\/|github:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(repository.trim());
  if (!match) throw new Error(`package.json's repository is not a GitHub repository: ${repository}`);
  return `https://api.github.com/repos/${match[1]}/${match[2]}/releases/latest`;
}

/** Asks `url` for the latest release; fails with NETWORK and a `reason` the UI explains. */
export async function fetchLatestRelease(http: HttpGet, url: string, timeoutMs: number): Promise<LatestRelease> {
  const signal = AbortSignal.timeout(timeoutMs);
  let body: string;
  try {
    const response = await http(url, { headers: { Accept: 'application/vnd.github+json', 'User-Agent': 'Candil' }, signal });
    if (!response.ok) throw new AppError('NETWORK', `GitHub answered HTTP ${response.status} for the latest release`, { reason: 'updateStatus', status: response.status });
    body = await response.text();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (signal.aborted) throw new AppError('NETWORK', `GitHub did not answer within ${timeoutMs / 1000} s`, { reason: 'updateTimeout' });
    throw new AppError('NETWORK', `Could not reach GitHub: ${(error as Error).message}`, { reason: 'updateUnreachable' });
  }
  let parsed: z.infer<typeof latestReleaseSchema>;
  try {
    parsed = latestReleaseSchema.parse(JSON.parse(body));
  } catch {
    throw new AppError('NETWORK', 'GitHub’s answer about the latest release could not be read', { reason: 'updateMalformed' });
  }
  if (!parseVersion(parsed.tag_name)) throw new AppError('NETWORK', `The latest release's tag is not a version: ${parsed.tag_name}`, { reason: 'updateMalformed' });
  return { version: parsed.tag_name.trim().replace(/^v/, ''), url: parsed.html_url };
}
