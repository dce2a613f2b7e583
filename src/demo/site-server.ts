// The demo news site behind `npm run demo`: a loopback HTTP server that serves the sample
// articles in demo/site/articles as HTML pages and one feed per outlet. Works offline.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEED_FORMATS, renderFeed, renderPage, slugify, sortNewestFirst } from './site-render.js';
import type { DemoArticle } from './site-render.js';

export interface DemoSite {
  baseUrl: string;
  feeds: { url: string; name: string }[];
  close(): Promise<void>;
}

export interface DemoSiteOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Folder of article JSON files; defaults to demo/site/articles in the package root. */
  articlesDir?: string;
}

interface Resource {
  body: string;
  contentType: string;
  etag: string;
  lastModified: string;
}

/** The package root is two levels above this file, both as src/demo/*.ts and dist/demo/*.js. */
export const DEFAULT_ARTICLES_DIR = fileURLToPath(new URL('../../demo/site/articles/', import.meta.url));

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function parseArticle(raw: unknown, file: string): DemoArticle {
  const o = (raw ?? {}) as Record<string, unknown>;
  const fields = ['id', 'outlet', 'path', 'published', 'headline', 'standfirst', 'byline'] as const;
  for (const f of fields) {
    if (typeof o[f] !== 'string') throw new Error(`demo article ${file}: "${f}" must be a string`);
  }
  if (!isStringArray(o.body) || !isStringArray(o.related)) {
    throw new Error(`demo article ${file}: "body" and "related" must be arrays of strings`);
  }
  const a = o as unknown as DemoArticle;
  if (!a.path.startsWith('/') || a.path.startsWith('/feeds/')) {
    throw new Error(`demo article ${file}: "path" must start with "/" and not be under /feeds/`);
  }
  if (Number.isNaN(Date.parse(a.published))) throw new Error(`demo article ${file}: bad "published"`);
  return a;
}

export async function loadDemoArticles(dir: string = DEFAULT_ARTICLES_DIR): Promise<DemoArticle[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const articles: DemoArticle[] = [];
  for (const file of files) {
    articles.push(parseArticle(JSON.parse(await readFile(join(dir, file), 'utf8')), file));
  }
  return articles;
}

function resource(body: string, contentType: string, modified: string): Resource {
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
  return { body, contentType, etag, lastModified: new Date(modified).toUTCString() };
}

/** Every URL path of the site mapped to its rendered response, plus the feed list. */
function buildSite(articles: DemoArticle[], baseUrl: string) {
  const routes = new Map<string, Resource>();
  const feeds: { url: string; name: string }[] = [];
  const outlets = [...new Set(articles.map((a) => a.outlet))].sort((a, b) => a.localeCompare(b));
  outlets.forEach((outlet, i) => {
    const own = sortNewestFirst(articles.filter((a) => a.outlet === outlet));
    const path = `/feeds/${slugify(outlet)}.xml`;
    const format = FEED_FORMATS[i % FEED_FORMATS.length] ?? 'rss-snippet';
    const feed = renderFeed(format, outlet, baseUrl + path, baseUrl, own);
    routes.set(path, resource(feed.body, feed.contentType, own[0]?.published ?? new Date(0).toISOString()));
    feeds.push({ url: baseUrl + path, name: outlet });
  });
  for (const a of articles) {
    if (routes.has(a.path)) throw new Error(`demo site: two articles share the path ${a.path}`);
    routes.set(a.path, resource(renderPage(a, baseUrl), 'text/html; charset=utf-8', a.published));
  }
  return { routes, feeds };
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

function respond(routes: Map<string, Resource>, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed\n');
    return;
  }
  const path = new URL(req.url ?? '/', 'http://demo.invalid').pathname;
  const found = routes.get(path);
  if (!found) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
    return;
  }
  const validators = { ETag: found.etag, 'Last-Modified': found.lastModified, 'Cache-Control': 'no-cache' };
  if (matchesEtag(req.headers['if-none-match'], found.etag)) {
    res.writeHead(304, validators);
    res.end();
    return;
  }
  const bytes = Buffer.from(found.body, 'utf8');
  res.writeHead(200, { ...validators, 'Content-Type': found.contentType, 'Content-Length': bytes.length });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** Starts the demo site on 127.0.0.1 (port 0 = a free port); resolves once it is listening. */
export async function startDemoSite(options: DemoSiteOptions = {}): Promise<DemoSite> {
  const host = options.host ?? '127.0.0.1';
  const articles = await loadDemoArticles(options.articlesDir);
  let routes = new Map<string, Resource>();
  const server = createServer((req, res) => respond(routes, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const close = () => new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
  try {
    const site = buildSite(articles, baseUrl);
    routes = site.routes;
    return { baseUrl, feeds: site.feeds, close };
  } catch (err) {
    await close();
    throw err;
  }
}
