// A real HTTP server on 127.0.0.1 standing in for publishers, well-behaved and otherwise. Each path
// is one behaviour; tests read the request log to see exactly what the client sent.
import { once } from 'node:events';
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';

export const RSS_ETAG = '"rss-v1"';
export const RSS_LAST_MODIFIED = 'Tue, 10 Jun 2025 09:00:00 GMT';
/** How many bytes the gzip bomb inflates to: more than the client's default 10 MiB cap. */
export const GZIP_BOMB_INFLATED_BYTES = 24 * 1024 * 1024;
/** Size of the oversize bodies: far more than the small caps tests set. */
export const OVERSIZE_BYTES = 2 * 1024 * 1024;

export const FEED_TEXTS = {
  rss: `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Policing Inspections Wire</title>
    <link>https://news.example.org/policing/</link>
    <description>Inspection reports on police forces in England and Wales</description>
    <item>
      <title>Inspectors grade Kent Police ‘adequate’ at investigating crime</title>
      <link>https://News.Example.org:443/policing/kent-peel-2025/?utm_source=rss&amp;utm_medium=feed&amp;page=2#comments</link>
      <guid isPermaLink="false">pi-wire-1001</guid>
      <pubDate>Tue, 10 Jun 2025 09:30:00 BST</pubDate>
      <description>&lt;p&gt;The inspectorate’s PEEL report rates Kent &amp;amp; finds room to improve…&lt;/p&gt;</description>
    </item>
    <item>
      <title>Cumbria custody suites need urgent improvement, report says</title>
      <link>/policing/cumbria-custody</link>
      <guid>pi-wire-1002</guid>
      <pubDate>Mon, 09 Jun 2025 16:05:00 +0100</pubDate>
      <description>Unannounced inspection of police custody in Cumbria.</description>
    </item>
    <item>
      <title>A note to our readers</title>
      <link>javascript:alert(document.cookie)</link>
      <guid>pi-wire-1003</guid>
      <pubDate>Sun, 08 Jun 2025 12:00:00 GMT</pubDate>
      <description>Not a news item.</description>
    </item>
  </channel>
</rss>
`,

  rssWithContent: `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Force News Digest</title>
    <link>https://digest.example.com/</link>
    <description>Daily digest</description>
    <item>
      <title>Thames Valley Police responds to inspection</title>
      <link>https://digest.example.com/2025/06/thames-valley-response</link>
      <pubDate>Wed, 11 Jun 2025 07:45:00 EST</pubDate>
      <description>The chief constable welcomed the findings.</description>
      <content:encoded><![CDATA[<p>The chief constable <strong>welcomed</strong> the findings.</p><p>“We accept every recommendation,” she said.</p>]]></content:encoded>
    </item>
  </channel>
</rss>
`,

  atom: `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://inspections.example.net/reports/">
  <title type="text">Inspection Reports</title>
  <id>urn:uuid:5b0e7c1e-0000-4000-8000-000000000001</id>
  <updated>2025-06-11T10:00:00Z</updated>
  <link rel="self" href="/atom.xml"/>
  <entry>
    <title type="html">West Midlands &amp;amp; Staffordshire: joint child protection inspection</title>
    <id>tag:inspections.example.net,2025:jtai-west-midlands</id>
    <link rel="alternate" href="west-midlands-jtai"/>
    <published>2025-06-11T09:15:00+01:00</published>
    <updated>2025-06-11T10:00:00Z</updated>
    <summary type="html">&lt;p&gt;Agencies &lt;em&gt;must&lt;/em&gt; improve.&lt;/p&gt;</summary>
    <content type="html">&lt;p&gt;Full text of the inspection summary.&lt;/p&gt;</content>
  </entry>
  <entry xml:base="https://archive.example.net/peel/">
    <title>Durham PEEL 2025</title>
    <id>tag:inspections.example.net,2025:peel-durham</id>
    <link href="durham"/>
    <updated>2025-06-10T08:00:00.500Z</updated>
    <summary>Durham graded good in four areas.</summary>
  </entry>
</feed>
`,

  duplicateGuids: `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Echo Chamber</title>
    <link>https://echo.example.org/</link>
    <description>Publishes the same guid twice</description>
    <item><title>Essex PEEL report published</title><link>https://echo.example.org/essex</link><guid>echo-7</guid></item>
    <item><title>Essex PEEL report published (updated)</title><link>https://echo.example.org/essex?v=2</link><guid>echo-7</guid></item>
  </channel>
</rss>
`,

  missingDates: `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Undated</title>
    <link>https://undated.example.org/</link>
    <description>Dates missing or nonsense</description>
    <item><title>No date at all</title><link>https://undated.example.org/a</link></item>
    <item><title>Garbage date</title><link>https://undated.example.org/b</link><pubDate>sometime last week</pubDate></item>
    <item><title>Impossible date</title><link>https://undated.example.org/c</link><pubDate>Mon, 31 Feb 2025 10:00:00 GMT</pubDate></item>
    <item><title>Unknown zone</title><link>https://undated.example.org/d</link><pubDate>Mon, 02 Jun 2025 10:00:00 XYZ</pubDate></item>
  </channel>
</rss>
`,

  malformed: `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Broken</title><item><title>Unclosed item</title></channel></rss>
`,

  html: `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Our feed has moved</title></head>
<body><h1>Sorry</h1><p>Our RSS feed now lives somewhere else.</p></body></html>
`,

  /** Written here as text; served as ISO-8859-1 bytes. */
  latin1: `<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0">
  <channel>
    <title>Gazette Galloise</title>
    <link>https://gazette.example.org/</link>
    <description>Latin-1 encoded</description>
    <item><title>Café owner praises North Wales Police after £2m review</title><link>https://gazette.example.org/cafe</link><guid>gg-1</guid></item>
  </channel>
</rss>
`,

  /** Served as windows-1252 bytes: ’ is 0x92, € is 0x80, “ ” are 0x93 0x94. */
  windows1252: `<?xml version="1.0" encoding="windows-1252"?>
<rss version="2.0">
  <channel>
    <title>Budget Watch</title>
    <link>https://budget.example.org/</link>
    <description>windows-1252 encoded</description>
    <item><title>Force’s €2m overspend “unacceptable”, say inspectors</title><link>https://budget.example.org/overspend</link><guid>bw-1</guid></item>
  </channel>
</rss>
`,
} as const;

export interface LoggedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  receivedAt: number;
}

export interface FeedServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  url(path: string): string;
  requests: LoggedRequest[];
  requestsFor(path: string): LoggedRequest[];
  clearLog(): void;
  /** Serve `path` with the behaviour of `behaviourPath` from now on (e.g. make a feed start failing). */
  serveAs(path: string, behaviourPath: string): void;
  /** Most requests the server has had open at once since the last clearLog(). */
  peakInFlight(): number;
  /** Requests whose connection is still open (a client that gives up should bring this to 0). */
  inFlight(): number;
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

function sendFeed(response: ServerResponse, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers });
  response.end(body);
}

function redirect(response: ServerResponse, location: string, status = 302): void {
  response.writeHead(status, { location });
  response.end();
}

/** Conditional GET as a careful publisher implements it. */
function serveWithValidators(request: IncomingMessage, response: ServerResponse, body: string, contentType: string): void {
  const sinceHeader = request.headers['if-modified-since'];
  const etagMatches = request.headers['if-none-match'] === RSS_ETAG;
  const notModifiedSince = sinceHeader !== undefined && Date.parse(sinceHeader) >= Date.parse(RSS_LAST_MODIFIED);
  const validators = { etag: RSS_ETAG, 'last-modified': RSS_LAST_MODIFIED };
  if (etagMatches || (request.headers['if-none-match'] === undefined && notModifiedSince)) {
    response.writeHead(304, validators);
    response.end();
    return;
  }
  sendFeed(response, body, { ...validators, 'content-type': contentType });
}

/** Trickles a byte every `intervalMs` until the client hangs up: never completes on its own. */
function drip(response: ServerResponse, intervalMs: number): void {
  response.writeHead(200, { 'content-type': 'application/rss+xml' });
  response.write('<?xml version="1.0"?>');
  const timer = setInterval(() => response.write(' '), intervalMs);
  response.on('close', () => clearInterval(timer));
}

function streamZeros(response: ServerResponse, totalBytes: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const pump = (): void => {
    while (sent < totalBytes && !response.destroyed) {
      sent += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  pump();
}

async function buildGzipBomb(inflatedBytes: number): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (part: Buffer) => parts.push(part));
  const finished = once(gzip, 'end');
  const zeros = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < inflatedBytes; written += zeros.length) {
    if (!gzip.write(zeros)) await once(gzip, 'drain');
  }
  gzip.end();
  await finished;
  return Buffer.concat(parts);
}

function buildHandlers(gzipBomb: Buffer): Map<string, Handler> {
  const handlers = new Map<string, Handler>();
  const route = (path: string, handler: Handler): void => void handlers.set(path, handler);

  route('/rss.xml', (req, res) => serveWithValidators(req, res, FEED_TEXTS.rss, 'application/rss+xml; charset=utf-8'));
  route('/atom.xml', (req, res) => serveWithValidators(req, res, FEED_TEXTS.atom, 'application/atom+xml'));
  route('/rss-content.xml', (_req, res) => sendFeed(res, FEED_TEXTS.rssWithContent));
  // Ignores conditional GET entirely, like many real servers: same bytes every time, no validators.
  route('/no-validators.xml', (_req, res) => sendFeed(res, FEED_TEXTS.rss));
  route('/duplicate-guids.xml', (_req, res) => sendFeed(res, FEED_TEXTS.duplicateGuids));
  route('/missing-dates.xml', (_req, res) => sendFeed(res, FEED_TEXTS.missingDates));
  route('/malformed.xml', (_req, res) => sendFeed(res, FEED_TEXTS.malformed));
  route('/html-page', (_req, res) => sendFeed(res, FEED_TEXTS.html, { 'content-type': 'text/html; charset=utf-8' }));
  route('/latin1.xml', (_req, res) => sendFeed(res, Buffer.from(FEED_TEXTS.latin1, 'latin1'), { 'content-type': 'application/xml' }));
  route('/cp1252.xml', (_req, res) => sendFeed(res, iconv.encode(FEED_TEXTS.windows1252, 'windows-1252'), { 'content-type': 'text/xml' }));
  route('/gzip.xml', (_req, res) => sendFeed(res, zlib.gzipSync(FEED_TEXTS.rss), { 'content-encoding': 'gzip' }));
  route('/deflate.xml', (_req, res) => sendFeed(res, zlib.deflateSync(FEED_TEXTS.rss), { 'content-encoding': 'deflate' }));
  route('/deflate-raw.xml', (_req, res) => sendFeed(res, zlib.deflateRawSync(FEED_TEXTS.rss), { 'content-encoding': 'deflate' }));
  route('/br.xml', (_req, res) => sendFeed(res, zlib.brotliCompressSync(FEED_TEXTS.rss), { 'content-encoding': 'br' }));
  route('/zstd.xml', (_req, res) => sendFeed(res, Buffer.from('not really zstd'), { 'content-encoding': 'zstd' }));
  route('/gzip-bomb', (_req, res) => sendFeed(res, gzipBomb, { 'content-encoding': 'gzip' }));
  route('/max-age-7200.xml', (_req, res) => sendFeed(res, FEED_TEXTS.atom, { 'cache-control': 'public, max-age=7200' }));
  route('/max-age-600.xml', (_req, res) => sendFeed(res, FEED_TEXTS.atom, { 'cache-control': 'max-age=600' }));

  route('/status-500', (_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('internal error');
  });
  route('/status-429', (_req, res) => {
    res.writeHead(429, { 'retry-after': '7200' });
    res.end('slow down');
  });
  route('/status-503-date', (_req, res) => {
    res.writeHead(503, { 'retry-after': new Date(Date.now() + 90_000).toUTCString() });
    res.end('maintenance');
  });
  route('/drip', (_req, res) => drip(res, 50));
  route('/stall', () => {
    /* never answers: headers are never sent */
  });
  route('/slow-ok', (_req, res) => {
    setTimeout(() => sendFeed(res, FEED_TEXTS.rss), 150);
  });
  route('/oversize', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(OVERSIZE_BYTES) });
    streamZeros(res, OVERSIZE_BYTES);
  });
  route('/oversize-chunked', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    streamZeros(res, OVERSIZE_BYTES);
  });

  route('/redirect-loop-a', (_req, res) => redirect(res, '/redirect-loop-b', 301));
  route('/redirect-loop-b', (_req, res) => redirect(res, 'redirect-loop-a', 307));
  route('/redirect-private', (_req, res) => redirect(res, 'http://10.0.0.1/feed.xml'));
  route('/redirect-metadata', (_req, res) => redirect(res, 'http://169.254.169.254/latest/meta-data/', 301));
  route('/redirect-file', (_req, res) => redirect(res, 'file:///etc/passwd'));
  route('/redirect-no-location', (_req, res) => {
    res.writeHead(302);
    res.end();
  });
  return handlers;
}

/** `/redirect/N` answers with a relative redirect to `/redirect/N-1`; `/redirect/0` lands on the RSS feed. */
function chainedRedirect(path: string, response: ServerResponse): boolean {
  const match = /^\/redirect\/(\d+)$/.exec(path);
  if (!match) return false;
  const remaining = Number(match[1]);
  redirect(response, remaining === 0 ? '/rss.xml' : String(remaining - 1), remaining % 2 === 0 ? 303 : 302);
  return true;
}

export async function startFeedServer(): Promise<FeedServer> {
  const handlers = buildHandlers(await buildGzipBomb(GZIP_BOMB_INFLATED_BYTES));
  const aliases = new Map<string, string>();
  const requests: LoggedRequest[] = [];
  let inFlight = 0;
  let peak = 0;

  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://placeholder').pathname;
    requests.push({ method: request.method ?? '', path, headers: request.headers, receivedAt: Date.now() });
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    response.on('close', () => (inFlight -= 1));
    if (chainedRedirect(path, response)) return;
    const handler = handlers.get(aliases.get(path) ?? path);
    if (handler) {
      handler(request, response);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    url: (path) => `${origin}${path}`,
    requests,
    requestsFor: (path) => requests.filter((request) => request.path === path),
    clearLog: () => {
      requests.length = 0;
      peak = inFlight;
    },
    serveAs: (path, behaviourPath) => void aliases.set(path, behaviourPath),
    peakInFlight: () => peak,
    inFlight: () => inFlight,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Accepts TCP connections and never says a word: an https client waits forever for the TLS handshake. */
export async function startSilentTcpServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      server.close();
      await once(server, 'close');
    },
  };
}
