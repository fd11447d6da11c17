import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** One request the proxy passed on: a CONNECT tunnel (`host:port`) or an absolute-URI request. */
export interface ForwardedRequest {
  method: string;
  target: string;
}

export interface ForwardProxyOptions {
  /** Answer 407 unless the client sends these in `Proxy-Authorization: Basic`. */
  auth?: { user: string; password: string };
  /** Port to listen on; 0 (default) picks a free one. Restarting on the same port needs it. */
  port?: number;
}

export interface ForwardProxy {
  /** `http://127.0.0.1:PORT`, without credentials. */
  readonly url: string;
  readonly port: number;
  /** Every request forwarded, oldest first. */
  readonly forwarded: ForwardedRequest[];
  /** Requests turned away with 407. */
  readonly refusedAuth: number;
  /** Bytes sent from servers back to clients, over every tunnel and forwarded response. */
  readonly bytesToClients: number;
  /** Dies on the spot: stops listening and cuts every open connection, mid-transfer included. */
  kill(): Promise<void>;
}

/**
 * A real HTTP forward proxy for tests (RFC 9110 §9.3.6 CONNECT tunnels and absolute-URI requests),
 * so proxy support is proven against the protocol, not against a mock of our client.
 */
export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const forwarded: ForwardedRequest[] = [];
  const sockets = new Set<Socket>();
  let refusedAuth = 0;
  let bytesToClients = 0;

  const authorized = (req: IncomingMessage): boolean => {
    if (!options.auth) return true;
    const expected = `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`;
    if (req.headers['proxy-authorization'] === expected) return true;
    refusedAuth += 1;
    return false;
  };
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!authorized(req)) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"', 'Content-Length': '0' }).end();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400, { 'Content-Length': '0' }).end();
      return;
    }
    forwarded.push({ method: req.method ?? 'GET', target: target.href });
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on('data', (chunk: Buffer) => (bytesToClients += chunk.byteLength));
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    if (!authorized(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host = '', port = ''] = splitHostPort(req.url ?? '');
    forwarded.push({ method: 'CONNECT', target: `${host}:${port}` });
    const upstream = connect(Number(port), host);
    track(upstream);
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.byteLength > 0) upstream.write(head);
      upstream.on('data', (chunk: Buffer) => (bytesToClients += chunk.byteLength));
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });

  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    forwarded,
    get refusedAuth() {
      return refusedAuth;
    },
    get bytesToClients() {
      return bytesToClients;
    },
    async kill() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** `host:port` or `[v6]:port`. */
function splitHostPort(authority: string): [string, string] {
  const match = /^\[?([^\]]*)\]?:(\d+)$/.exec(authority);
  return match ? [match[1] ?? '', match[2] ?? ''] : [authority, '443'];
}
