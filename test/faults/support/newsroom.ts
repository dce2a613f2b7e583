// A loopback news site for the fault tests: feeds of generated inspection articles that grow as a
// test publishes, article pages, and any path a test wants to script (hostile pages, canaries).
// Every request is logged, so a test can prove what forcewatch did — and did not — fetch.
import { once } from 'node:events';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { articlePage, rssFeed, type NewsArticle } from './news.js';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface Newsroom {
  origin: string;
  url(path: string): string;
  /** Adds an article to the feed at `feedPath` (created on first use) and serves its page. */
  publish(feedPath: string, article: NewsArticle): void;
  /** Serves `path` with a handler of the test's own. */
  route(path: string, handler: Handler): void;
  /** Every request path, in arrival order. */
  requests: string[];
  /** Bytes written to responses that the client closed before they were complete, by path. */
  abandoned: Map<string, number>;
  close(): Promise<void>;
}

export async function startNewsroom(host = '127.0.0.1'): Promise<Newsroom> {
  const feeds = new Map<string, NewsArticle[]>();
  const pages = new Map<string, NewsArticle>();
  const routes = new Map<string, Handler>();
  const requests: string[] = [];
  const abandoned = new Map<string, number>();
  let origin = '';

  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://placeholder').pathname;
    requests.push(path);
    response.on('close', () => {
      if (!response.writableFinished) abandoned.set(path, (abandoned.get(path) ?? 0) + 1);
    });
    const handler = routes.get(path);
    if (handler) return handler(request, response);
    const feed = feeds.get(path);
    if (feed) {
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      return void response.end(rssFeed(`Feed ${path}`, origin, feed));
    }
    const page = pages.get(path);
    if (page) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void response.end(articlePage(page));
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    origin,
    url: (path) => `${origin}${path}`,
    publish(feedPath, article) {
      feeds.set(feedPath, [...(feeds.get(feedPath) ?? []), article]);
      pages.set(`/articles/${article.slug}`, article);
    },
    route: (path, handler) => void routes.set(path, handler),
    requests,
    abandoned,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
