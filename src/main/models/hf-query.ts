import { AppError } from '../../shared/errors';
import type { HfModelQuery } from '../../shared/models';

const repoPart = /^[A-Za-z0-9][\w.-]*$/;

/**
 * Understand what the user typed in the model search box:
 * - `llama 3.2` → keyword search
 * - `owner/repo` or `owner/repo/path/file.gguf` → that repo (and file)
 * - `https://huggingface.co/owner/repo`, `.../tree/main`, `.../blob/main/file.gguf`,
 *   `.../resolve/main/file.gguf` (any host, so a mirror or the test host works too) → repo + file
 * - `hf:owner/repo/file.gguf` (node-llama-cpp's URI style) → repo + file
 */
export function parseModelQuery(input: string): HfModelQuery {
  const text = input.trim();
  if (text === '') return { kind: 'search', query: '' };

  const withScheme = /^(?:huggingface\.co|hf\.co)\//i.test(text) ? `https://${text}` : text;
  if (/^https?:\/\//i.test(withScheme)) return fromUrl(withScheme, text);
  if (/^hf:/i.test(text)) return fromSegments(text.slice(3).split('/').filter(Boolean), text);

  const segments = text.split('/');
  if (segments.length >= 2 && !/\s/.test(text) && segments.every((s) => s !== '')) {
    return fromSegments(segments, text);
  }
  return { kind: 'search', query: text };
}

function fromUrl(url: string, original: string): HfModelQuery {
  let segments: string[];
  try {
    segments = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new AppError('BAD_REQUEST', `"${original}" is not a valid address`, { reason: 'badAddress', query: original });
  }
  if (segments[0] === 'models') segments = segments.slice(1);
  if (segments[0] === 'datasets' || segments[0] === 'spaces') {
    throw new AppError('BAD_REQUEST', `"${original}" is a ${segments[0].slice(0, -1)}, not a model repository`, {
      reason: 'notModelRepo',
      query: original,
    });
  }
  const [owner, name, action, , ...rest] = segments;
  if (owner === undefined || name === undefined) {
    throw new AppError('BAD_REQUEST', `"${original}" does not name a model repository (owner/name)`, { reason: 'notRepoName', query: original });
  }
  const file = (action === 'blob' || action === 'resolve') && rest.length > 0 ? rest.join('/') : null;
  return repoQuery(owner, name, file, original);
}

function fromSegments(segments: string[], original: string): HfModelQuery {
  const [owner, name, ...rest] = segments;
  if (owner === undefined || name === undefined) {
    throw new AppError('BAD_REQUEST', `"${original}" does not name a model repository (owner/name)`, { reason: 'notRepoName', query: original });
  }
  const file = rest.length > 0 ? rest.join('/') : null;
  if (file !== null && !file.toLowerCase().endsWith('.gguf')) {
    throw new AppError('BAD_REQUEST', `"${original}" points to a file that is not a .gguf model`, { reason: 'notGguf', query: original });
  }
  return repoQuery(owner, name, file, original);
}

function repoQuery(owner: string, name: string, file: string | null, original: string): HfModelQuery {
  if (!repoPart.test(owner) || !repoPart.test(name)) {
    throw new AppError('BAD_REQUEST', `"${original}" does not name a model repository (owner/name)`, { reason: 'notRepoName', query: original });
  }
  return { kind: 'repo', repo: `${owner}/${name}`, file };
}

export function isRepoId(value: string): boolean {
  const [owner, name, extra] = value.split('/');
  return extra === undefined && owner !== undefined && name !== undefined && repoPart.test(owner) && repoPart.test(name);
}
