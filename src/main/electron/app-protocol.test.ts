import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppRequest } from './app-protocol';

const root = join('/opt', 'Candil', 'resources', 'app.asar', 'out', 'renderer');

describe('resolveAppRequest', () => {
  it('serves the renderer’s files with the CSP and nosniff headers', () => {
    const page = resolveAppRequest('app://candil/index.html', root);
    expect(page).toMatchObject({ status: 200, file: join(root, 'index.html') });
    expect(page.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(page.headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(page.headers['Content-Security-Policy']).toContain("object-src 'none'");
    expect(page.headers['Content-Security-Policy']).not.toContain('unsafe-eval');
    expect(page.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(resolveAppRequest('app://candil/', root)).toMatchObject({ status: 200, file: join(root, 'index.html') });
    expect(resolveAppRequest('app://candil/assets/index-1.js?x#y', root)).toMatchObject({ status: 200, file: join(root, 'assets', 'index-1.js') });
  });

  it('never reaches outside the renderer folder', () => {
    for (const url of ['app://candil/../main/index.js', 'app://candil/%2e%2e/%2e%2e/package.json', 'app://candil/..%2F..%2Fpackage.json', 'app://candil/..%5C..%5Cpackage.json']) {
      const answer = resolveAppRequest(url, root);
      if (answer.status === 200) expect(answer.file.startsWith(root)).toBe(true);
    }
    // Escaped dots and slashes collapse at the renderer's root rather than climbing out of it.
    expect(resolveAppRequest('app://candil/..%2F..%2Fmain%2Findex.js', root)).toMatchObject({ file: join(root, 'main', 'index.js') });
  });

  it('refuses other hosts, unknown file types, NUL bytes and malformed escapes', () => {
    expect(resolveAppRequest('app://other/index.html', root).status).toBe(404);
    expect(resolveAppRequest('app://candil/secret.gguf', root).status).toBe(404);
    expect(resolveAppRequest('app://candil/index.html%00.png', root).status).toBe(404);
    expect(resolveAppRequest('app://candil/%E0%A4%A', root).status).toBe(400);
  });
});
