import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsFileServer {
  /** `https://127.0.0.1:PORT/file`. */
  readonly url: string;
  /** Range headers of the GETs received, in order (null: whole file). */
  readonly ranges: Array<string | null>;
  close(): Promise<void>;
}

/**
 * An HTTPS mirror of one file (a 200 with a strong ETag, Range honoured) behind a self-signed
 * certificate made with the openssl command line, so HTTPS through a proxy tunnel is tested for real.
 * Clients must be told to accept it (NODE_TLS_REJECT_UNAUTHORIZED=0 in the test).
 */
export async function startTlsFileServer(body: Buffer): Promise<TlsFileServer> {
  const dir = mkdtempSync(join(tmpdir(), 'candil-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  const etag = `"${createHash('sha256').update(body).digest('hex')}"`;
  const ranges: Array<string | null> = [];
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    if (req.url !== '/file') {
      res.writeHead(404).end();
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (req.method === 'GET') ranges.push(req.headers.range ?? null);
    const headers = { ETag: etag, 'Accept-Ranges': 'bytes', 'Content-Length': String(body.length - start) };
    if (range) res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` });
    else res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body.subarray(start));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/file`,
    ranges,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
