import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in for GitHub's releases API answers next. */
export interface FeedAnswer {
  status: number;
  body: string;
  /** Milliseconds to wait before answering at all. */
  delayMs?: number;
}

export interface ReleaseFeedServer {
  /** The latest-release address, as GitHub's would be for a repository. */
  url: string;
  answer(next: FeedAnswer): void;
  /** Headers of each request received, oldest first. */
  requests(): IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** GitHub's `releases/latest` answer for a tag. */
export function releaseJson(tag: string, htmlUrl = `https://github.com/candil-app/candil/releases/tag/${tag}`): string {
  return JSON.stringify({ tag_name: tag, name: `Candil ${tag}`, html_url: htmlUrl, draft: false, prerelease: false, assets: [] });
}

/** A local HTTP server on 127.0.0.1 standing in for api.github.com's latest-release endpoint. */
export async function startReleaseFeed(): Promise<ReleaseFeedServer> {
  let next: FeedAnswer = { status: 404, body: '{"message":"Not Found"}' };
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    const { status, body, delayMs = 0 } = next;
    const timer = setTimeout(() => res.writeHead(status, { 'Content-Type': 'application/json' }).end(body), delayMs);
    res.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/repos/candil-app/candil/releases/latest`,
    answer: (answer) => (next = answer),
    requests: () => [...received],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
