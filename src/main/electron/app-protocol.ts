import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy } from '../host/static-files';
import { APP_HOST, APP_SCHEME } from './trusted-origin';

/**
 * What the app:// protocol answers for a request: a file of the built renderer with its headers,
 * or a 404. Nothing outside the renderer folder is reachable, whatever the URL says.
 */
export type AppResponse = { status: 200; file: string; headers: Record<string, string> } | { status: 404 | 400; headers: Record<string, string> };

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The same policy the browser host sends, without its socket: nothing but Candil's own files. */
export function appHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': contentSecurityPolicy(null),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

export function resolveAppRequest(url: string, rendererRoot: string): AppResponse {
  const plain = appHeaders('text/plain; charset=utf-8');
  let parsed: URL;
  let path: string;
  try {
    parsed = new URL(url);
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { status: 400, headers: plain };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || path.includes('\0')) return { status: 404, headers: plain };
  const relative = normalize(path).replace(/^([/\\])+/, '');
  const root = normalize(rendererRoot);
  const file = join(root, relative || 'index.html');
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return { status: 404, headers: plain };
  const type = types[extname(file)];
  if (!type) return { status: 404, headers: plain };
  return { status: 200, file, headers: appHeaders(type) };
}
