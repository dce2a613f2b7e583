import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, parseMaxAge, parseRetryAfter } from '../../src/ingest/http.js';
import type { FetchOutcome, HttpClientOptions } from '../../src/ingest/http.js';
import { FEED_TEXTS, RSS_ETAG, RSS_LAST_MODIFIED, startFeedServer, startSilentTcpServer } from '../support/feed-server.js';
import type { FeedServer } from '../support/feed-server.js';

const USER_AGENT = 'forcewatch/0.0.0-test (+https://example.org/contact)';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.clearLog());

/** A client for the loopback server: private addresses allowed unless a test says otherwise. */
function client(options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({ userAgent: USER_AGENT, allowPrivateAddresses: true, ...options });
}

function expectOk(outcome: FetchOutcome): Extract<FetchOutcome, { kind: 'ok' }> {
  if (outcome.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function expectFailed(outcome: FetchOutcome): Extract<FetchOutcome, { kind: 'failed' }> {
  if (outcome.kind !== 'failed') throw new Error(`expected failed, got ${outcome.kind}`);
  return outcome;
}

async function waitUntil(condition: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
}

describe('fetching', () => {
  it('returns the body, validators and content type, and sends polite headers', async () => {
    const ok = expectOk(await client().fetch({ url: server.url('/rss.xml'), accept: 'application/rss+xml' }));
    expect(ok).toMatchObject({
      url: server.url('/rss.xml'),
      status: 200,
      contentType: 'application/rss+xml; charset=utf-8',
      etag: RSS_ETAG,
      lastModified: RSS_LAST_MODIFIED,
      cacheMaxAgeSeconds: null,
    });
    expect(ok.body.toString('utf8')).toBe(FEED_TEXTS.rss);
    const [logged] = server.requestsFor('/rss.xml');
    expect(logged?.headers).toMatchObject({ 'user-agent': USER_AGENT, accept: 'application/rss+xml', 'accept-encoding': 'gzip, deflate, br' });
    expect(logged?.headers['if-none-match']).toBeUndefined();
    expect(logged?.headers['if-modified-since']).toBeUndefined();
  });

  it('sends If-None-Match and returns not-modified on 304', async () => {
    const outcome = await client().fetch({ url: server.url('/rss.xml'), etag: RSS_ETAG });
    expect(outcome).toEqual({ kind: 'not-modified', url: server.url('/rss.xml'), etag: RSS_ETAG, lastModified: RSS_LAST_MODIFIED, cacheMaxAgeSeconds: null });
    expect(server.requestsFor('/rss.xml')[0]?.headers['if-none-match']).toBe(RSS_ETAG);
  });

  it('sends If-Modified-Since when only a Last-Modified is known', async () => {
    const outcome = await client().fetch({ url: server.url('/rss.xml'), lastModified: RSS_LAST_MODIFIED });
    expect(outcome.kind).toBe('not-modified');
    expect(server.requestsFor('/rss.xml')[0]?.headers['if-modified-since']).toBe(RSS_LAST_MODIFIED);
  });

  it.each(['/gzip.xml', '/deflate.xml', '/deflate-raw.xml', '/br.xml'])('decompresses %s', async (path) => {
    const ok = expectOk(await client().fetch({ url: server.url(path) }));
    expect(ok.body.toString('utf8')).toBe(FEED_TEXTS.rss);
  });

  it('reports an encoding it cannot read instead of returning compressed bytes', async () => {
    const failed = expectFailed(await client().fetch({ url: server.url('/zstd.xml') }));
    expect(failed).toMatchObject({ code: 'network', message: expect.stringContaining('unsupported Content-Encoding "zstd"') });
  });

  it('reads Cache-Control max-age', async () => {
    expect(expectOk(await client().fetch({ url: server.url('/max-age-7200.xml') })).cacheMaxAgeSeconds).toBe(7200);
  });
});

describe('HTTP errors', () => {
  it('returns http-status for a 500 with a readable message', async () => {
    const failed = expectFailed(await client().fetch({ url: server.url('/status-500') }));
    expect(failed).toEqual({
      kind: 'failed',
      url: server.url('/status-500'),
      code: 'http-status',
      status: 500,
      message: `${server.url('/status-500')} answered HTTP 500 Internal Server Error`,
    });
  });

  it('parses Retry-After in seconds on 429', async () => {
    expect(expectFailed(await client().fetch({ url: server.url('/status-429') }))).toMatchObject({ status: 429, retryAfterSeconds: 7200 });
  });

  it('parses Retry-After as an HTTP date on 503', async () => {
    const failed = expectFailed(await client().fetch({ url: server.url('/status-503-date') }));
    expect(failed.status).toBe(503);
    expect(failed.retryAfterSeconds).toBeGreaterThanOrEqual(85);
    expect(failed.retryAfterSeconds).toBeLessThanOrEqual(91);
  });

  it('answers a network failure with code network', async () => {
    const closed = await startSilentTcpServer();
    const port = closed.port;
    await closed.close(); // nothing listens on this port any more
    const failed = expectFailed(await client().fetch({ url: `http://127.0.0.1:${port}/` }));
    expect(failed.code).toBe('network');
    expect(failed.message).toMatch(/ECONNREFUSED/);
  });
});

describe('time limits', () => {
  it('ends a slow drip as timeout within the total limit, and closes the connection', async () => {
    const started = Date.now();
    const failed = expectFailed(await client({ totalTimeoutMs: 600 }).fetch({ url: server.url('/drip') }));
    const elapsed = Date.now() - started;
    expect(failed.code).toBe('timeout');
    expect(failed.message).toContain('600 ms');
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(600 + 2000);
    expect(await waitUntil(() => server.inFlight() === 0, 1000)).toBe(true);
  });

  it('times out a server that never sends headers', async () => {
    const failed = expectFailed(await client({ totalTimeoutMs: 400 }).fetch({ url: server.url('/stall') }));
    expect(failed.code).toBe('timeout');
  });

  it('does not let the connect timeout cut short a slow response on an established connection', async () => {
    // /slow-ok answers after 150 ms, three times the connect limit.
    const ok = expectOk(await client({ connectTimeoutMs: 50, totalTimeoutMs: 5000 }).fetch({ url: server.url('/slow-ok') }));
    expect(ok.body.toString('utf8')).toBe(FEED_TEXTS.rss);
  });

  it('applies the connect timeout to a TLS handshake that never happens', async () => {
    const silent = await startSilentTcpServer();
    try {
      const started = Date.now();
      const failed = expectFailed(
        await client({ connectTimeoutMs: 300, totalTimeoutMs: 10_000 }).fetch({ url: `https://127.0.0.1:${silent.port}/feed.xml` }),
      );
      expect(failed.code).toBe('timeout');
      expect(failed.message).toBe(`could not connect to 127.0.0.1:${silent.port} within 300 ms`);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await silent.close();
    }
  });
});

describe('size limits', () => {
  it('refuses a body whose Content-Length is over the limit', async () => {
    const failed = expectFailed(await client({ maxBytes: 64 * 1024 }).fetch({ url: server.url('/oversize') }));
    expect(failed.code).toBe('too-large');
    expect(failed.message).toContain('2097152 bytes, over the 65536-byte limit');
  });

  it('stops a chunked body at the limit while streaming', async () => {
    const failed = expectFailed(await client({ maxBytes: 64 * 1024 }).fetch({ url: server.url('/oversize-chunked') }));
    expect(failed.code).toBe('too-large');
    expect(await waitUntil(() => server.inFlight() === 0, 1000)).toBe(true);
  });

  it('lets a request override the limit', async () => {
    const tight = expectFailed(await client().fetch({ url: server.url('/rss.xml'), maxBytes: 100 }));
    expect(tight.code).toBe('too-large');
    expect(expectOk(await client({ maxBytes: 100 }).fetch({ url: server.url('/rss.xml'), maxBytes: 100_000 })).body.length).toBeGreaterThan(100);
  });

  it('stops a gzip bomb at the default 10 MiB cap on decompressed bytes', async () => {
    const failed = expectFailed(await client().fetch({ url: server.url('/gzip-bomb') }));
    expect(failed.code).toBe('too-large');
    expect(failed.message).toContain('10485760-byte limit after decompression');
  });

  it('stops a gzip bomb at a small cap just as well', async () => {
    const failed = expectFailed(await client({ maxBytes: 256 * 1024 }).fetch({ url: server.url('/gzip-bomb') }));
    expect(failed).toMatchObject({ code: 'too-large', message: expect.stringContaining('after decompression') });
  });
});

describe('redirects', () => {
  it('follows up to maxRedirects relative redirects and reports the final URL', async () => {
    const ok = expectOk(await client({ maxRedirects: 5 }).fetch({ url: server.url('/redirect/4') }));
    expect(ok.url).toBe(server.url('/rss.xml'));
    expect(server.requests.map((request) => request.path)).toEqual([
      '/redirect/4',
      '/redirect/3',
      '/redirect/2',
      '/redirect/1',
      '/redirect/0',
      '/rss.xml',
    ]);
  });

  it('gives up after maxRedirects', async () => {
    const failed = expectFailed(await client({ maxRedirects: 5 }).fetch({ url: server.url('/redirect/5') }));
    expect(failed.code).toBe('too-many-redirects');
    expect(server.requests).toHaveLength(6);
  });

  it('breaks a redirect loop', async () => {
    const failed = expectFailed(await client({ maxRedirects: 3 }).fetch({ url: server.url('/redirect-loop-a') }));
    expect(failed.code).toBe('too-many-redirects');
    expect(server.requests.map((request) => request.path)).toEqual(['/redirect-loop-a', '/redirect-loop-b', '/redirect-loop-a', '/redirect-loop-b']);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const failed = expectFailed(await client().fetch({ url: server.url('/redirect-file') }));
    expect(failed.code).toBe('bad-url');
    expect(failed.message).toContain('only http and https URLs are fetched, not file:');
  });

  it('treats a redirect without Location as an http-status failure', async () => {
    expect(expectFailed(await client().fetch({ url: server.url('/redirect-no-location') }))).toMatchObject({ code: 'http-status', status: 302 });
  });
});

describe('SSRF guard', () => {
  const strict = () => createHttpClient({ userAgent: USER_AGENT });

  it('explains a refusal in a sentence', async () => {
    const failed = expectFailed(await strict().fetch({ url: 'http://10.0.0.1/x' }));
    expect(failed).toEqual({ kind: 'failed', url: 'http://10.0.0.1/x', code: 'blocked-address', message: 'refused http://10.0.0.1/x: resolves to private address 10.0.0.1' });
  });

  it('fetches the loopback server only when private addresses are allowed', async () => {
    expect(expectFailed(await strict().fetch({ url: server.url('/rss.xml') })).code).toBe('blocked-address');
    expect(server.requests).toHaveLength(0);
    expect((await client({ allowPrivateAddresses: true }).fetch({ url: server.url('/rss.xml') })).kind).toBe('ok');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['decimal', (port: number) => `http://2130706433:${port}/rss.xml`],
    ['hex', (port: number) => `http://0x7f.1:${port}/rss.xml`],
    ['octal', (port: number) => `http://0177.0.0.1:${port}/rss.xml`],
    ['short', (port: number) => `http://127.1:${port}/rss.xml`],
    ['IPv4-mapped IPv6', (port: number) => `http://[::ffff:127.0.0.1]:${port}/rss.xml`],
    ['IPv4-mapped IPv6 in hex', (port: number) => `http://[::ffff:7f00:1]:${port}/rss.xml`],
    ['localhost', (port: number) => `http://localhost:${port}/rss.xml`],
    ['unspecified', (port: number) => `http://0.0.0.0:${port}/rss.xml`],
  ])('refuses the %s spelling of loopback before any request is sent', async (_name, spell) => {
    const failed = expectFailed(await strict().fetch({ url: spell(server.port) }));
    expect(failed.code).toBe('blocked-address');
    expect(failed.message).toMatch(/resolves to (loopback|unspecified) address/);
    expect(server.requests).toHaveLength(0);
  });

  it('never reaches the server through "localhost." (refused if it resolves, a DNS failure if not)', async () => {
    const failed = expectFailed(await strict().fetch({ url: `http://localhost.:${server.port}/rss.xml` }));
    expect(['blocked-address', 'network']).toContain(failed.code);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['decimal', (port: number) => `http://2130706433:${port}/rss.xml`],
    ['octal', (port: number) => `http://0177.0.0.1:${port}/rss.xml`],
  ])('reaches the server through the %s spelling when private addresses are allowed', async (_name, spell) => {
    expect((await client().fetch({ url: spell(server.port) })).kind).toBe('ok');
  });

  it('re-checks every redirect hop: private target refused even though the first hop was allowed', async () => {
    const loopbackOnly = client({ allowPrivateAddresses: false, allowedAddresses: ['127.0.0.1'] });
    const failed = expectFailed(await loopbackOnly.fetch({ url: server.url('/redirect-private') }));
    expect(failed).toMatchObject({ code: 'blocked-address', url: 'http://10.0.0.1/feed.xml' });
    expect(failed.message).toBe(`redirect from ${server.url('/redirect-private')} refused http://10.0.0.1/feed.xml: resolves to private address 10.0.0.1`);
    expect(server.requests.map((request) => request.path)).toEqual(['/redirect-private']);
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    const loopbackOnly = client({ allowPrivateAddresses: false, allowedAddresses: ['127.0.0.1'] });
    const failed = expectFailed(await loopbackOnly.fetch({ url: server.url('/redirect-metadata') }));
    expect(failed.message).toContain('resolves to link-local address 169.254.169.254');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'data:text/xml,<rss/>', 'ftp://example.org/feed.xml', 'not a url', ''])(
    'refuses %j as bad-url',
    async (url) => {
      const failed = expectFailed(await client().fetch({ url }));
      expect(failed.code).toBe('bad-url');
      expect(failed.message).toMatch(/^refused /);
    },
  );
});

describe('concurrency', () => {
  it('keeps at most maxPerHost requests open to one host', async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => client({ maxPerHost: 2 }).fetch({ url: server.url('/slow-ok') })));
    // Separate clients do not share slots, so this is the control: six at once.
    expect(outcomes.every((outcome) => outcome.kind === 'ok')).toBe(true);
    expect(server.peakInFlight()).toBe(6);

    server.clearLog();
    const shared = client({ maxPerHost: 2 });
    const limited = await Promise.all(Array.from({ length: 6 }, () => shared.fetch({ url: server.url('/slow-ok') })));
    expect(limited.every((outcome) => outcome.kind === 'ok')).toBe(true);
    expect(server.requests).toHaveLength(6);
    expect(server.peakInFlight()).toBe(2);
  });

  it('keeps at most maxConcurrent requests open overall', async () => {
    const shared = client({ maxConcurrent: 1, maxPerHost: 2 });
    const outcomes = await Promise.all(Array.from({ length: 3 }, () => shared.fetch({ url: server.url('/slow-ok') })));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['ok', 'ok', 'ok']);
    expect(server.peakInFlight()).toBe(1);
  });

  it('frees the slot after a failure', async () => {
    const shared = client({ maxConcurrent: 1 });
    expect((await shared.fetch({ url: server.url('/status-500') })).kind).toBe('failed');
    expect((await shared.fetch({ url: 'file:///x' })).kind).toBe('failed');
    expect((await shared.fetch({ url: server.url('/rss.xml') })).kind).toBe('ok');
  });
});

describe('options', () => {
  it('checks its options when created', () => {
    expect(() => createHttpClient({ userAgent: '' })).toThrow(/userAgent is required/);
    expect(() => createHttpClient({ userAgent: USER_AGENT, maxBytes: 0 })).toThrow(/maxBytes must be an integer >= 1/);
    expect(() => createHttpClient({ userAgent: USER_AGENT, totalTimeoutMs: Number.NaN })).toThrow(/totalTimeoutMs/);
    expect(() => createHttpClient({ userAgent: USER_AGENT, maxRedirects: 0 })).not.toThrow();
  });
});

describe('header parsing', () => {
  const now = Date.parse('2025-06-10T12:00:00Z');

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Tue, 10 Jun 2025 12:05:00 GMT', now)).toBe(300);
    expect(parseRetryAfter('Tue, 10 Jun 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('reads max-age from Cache-Control', () => {
    expect(parseMaxAge('public, max-age=600')).toBe(600);
    expect(parseMaxAge('max-age="60", must-revalidate')).toBe(60);
    expect(parseMaxAge('s-maxage=100')).toBeNull();
    expect(parseMaxAge('no-cache')).toBeNull();
    expect(parseMaxAge(undefined)).toBeNull();
  });
});
