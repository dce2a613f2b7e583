import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backoffMs, initialFeedState, pollFeed, spreadOffsetMs, UNHEALTHY_AFTER_FAILURES } from '../../src/ingest/feed-poll.js';
import type { FeedPollResult, FeedState } from '../../src/ingest/feed-poll.js';
import { createHttpClient } from '../../src/ingest/http.js';
import type { HttpClient } from '../../src/ingest/http.js';
import { FEED_TEXTS, RSS_ETAG, RSS_LAST_MODIFIED, startFeedServer } from '../support/feed-server.js';
import type { FeedServer } from '../support/feed-server.js';

const MINUTE = 60_000;
const NOW = new Date('2025-06-12T08:00:00.000Z');
const later = (ms: number, from: Date = NOW): Date => new Date(from.getTime() + ms);

let server: FeedServer;
let http: HttpClient;
beforeAll(async () => {
  server = await startFeedServer();
  http = createHttpClient({ userAgent: 'forcewatch/0.0.0-test (+https://example.org/contact)', allowPrivateAddresses: true });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.clearLog());

describe('pollFeed: conditional GET and change detection', () => {
  it('parses a first poll into items and records validators, hash and times', async () => {
    const result = await pollFeed(http, { url: server.url('/rss.xml'), name: 'Wire' }, null, NOW);
    expect(result.outcome).toBe('items');
    expect(result.items.map((item) => item.guid)).toEqual(['pi-wire-1001', 'pi-wire-1002', 'pi-wire-1003']);
    expect(result.error).toBeNull();
    expect(result.notice).toBeNull();
    expect(result.feedBytes).toBe(Buffer.byteLength(FEED_TEXTS.rss));
    expect(result.state).toEqual({
      url: server.url('/rss.xml'),
      etag: RSS_ETAG,
      lastModified: RSS_LAST_MODIFIED,
      bodyHash: createHash('sha256').update(FEED_TEXTS.rss).digest('hex'),
      nextPollAt: null,
      consecutiveFailures: 0,
      failingSince: null,
      lastError: null,
      unhealthy: false,
      firstPolledAt: NOW.toISOString(),
      lastSuccessAt: NOW.toISOString(),
    });
  });

  it('sends the stored validators and reports a 304 as unchanged', async () => {
    const first = await pollFeed(http, { url: server.url('/rss.xml') }, null, NOW);
    server.clearLog();
    const second = await pollFeed(http, { url: server.url('/rss.xml') }, first.state, later(MINUTE));
    expect(second.outcome).toBe('unchanged');
    expect(second.items).toEqual([]);
    expect(second.feedBytes).toBe(0);
    expect(second.state.etag).toBe(RSS_ETAG);
    expect(second.state.firstPolledAt).toBe(NOW.toISOString());
    expect(second.state.lastSuccessAt).toBe(later(MINUTE).toISOString());
    const [request] = server.requests;
    expect(request?.headers['if-none-match']).toBe(RSS_ETAG);
    expect(request?.headers['if-modified-since']).toBe(RSS_LAST_MODIFIED);
    expect(request?.headers.accept).toContain('application/rss+xml');
  });

  it('treats a 200 with the same body as unchanged, for servers that ignore validators', async () => {
    const first = await pollFeed(http, { url: server.url('/no-validators.xml') }, null, NOW);
    expect(first.outcome).toBe('items');
    const second = await pollFeed(http, { url: server.url('/no-validators.xml') }, first.state, later(MINUTE));
    expect(second.outcome).toBe('unchanged');
    expect(second.items).toEqual([]);
    expect(second.feedBytes).toBe(Buffer.byteLength(FEED_TEXTS.rss));
    expect(server.requests).toHaveLength(2);
  });

  it('does not parse a body whose hash is unchanged (a malformed body would otherwise fail)', async () => {
    const state: FeedState = {
      ...initialFeedState(server.url('/malformed.xml')),
      bodyHash: createHash('sha256').update(FEED_TEXTS.malformed).digest('hex'),
    };
    const result = await pollFeed(http, { url: server.url('/malformed.xml') }, state, NOW);
    expect(result.outcome).toBe('unchanged');
    expect(result.error).toBeNull();
  });

  it('skips without any request while nextPollAt is in the future', async () => {
    const state: FeedState = { ...initialFeedState(server.url('/rss.xml')), nextPollAt: later(10 * MINUTE).toISOString() };
    const result = await pollFeed(http, { url: server.url('/rss.xml') }, state, later(10 * MINUTE - 1));
    expect(result).toEqual({ state, outcome: 'skipped', items: [], error: null, notice: null, feedBytes: 0 });
    expect(server.requests).toHaveLength(0);

    const due = await pollFeed(http, { url: server.url('/rss.xml') }, state, later(10 * MINUTE));
    expect(due.outcome).toBe('items');
    expect(server.requests).toHaveLength(1);
  });
});

describe('pollFeed: decoding and parsing', () => {
  it('decodes a Latin-1 feed declared only in its prolog', async () => {
    const result = await pollFeed(http, { url: server.url('/latin1.xml') }, null, NOW);
    expect(result.items.map((item) => item.title)).toEqual(['Café owner praises North Wales Police after £2m review']);
  });

  it('decodes a windows-1252 feed with curly quotes and the euro sign', async () => {
    const result = await pollFeed(http, { url: server.url('/cp1252.xml') }, null, NOW);
    expect(result.items.map((item) => item.title)).toEqual(['Force’s €2m overspend “unacceptable”, say inspectors']);
  });

  it('reads a gzip-compressed feed and an Atom feed', async () => {
    const gzipped = await pollFeed(http, { url: server.url('/gzip.xml') }, null, NOW);
    expect(gzipped.items).toHaveLength(3);
    const atom = await pollFeed(http, { url: server.url('/atom.xml') }, null, NOW);
    expect(atom.items.map((item) => item.link)).toEqual([
      'https://inspections.example.net/reports/west-midlands-jtai',
      'https://archive.example.net/peel/durham',
    ]);
  });

  it('passes duplicate guids through for the seen-store to handle', async () => {
    const result = await pollFeed(http, { url: server.url('/duplicate-guids.xml') }, null, NOW);
    expect(result.items.map((item) => item.guid)).toEqual(['echo-7', 'echo-7']);
  });

  it('counts an HTML page as a failure and keeps the old validators', async () => {
    const previous: FeedState = { ...initialFeedState(server.url('/html-page')), etag: '"old"', bodyHash: 'old-hash' };
    const result = await pollFeed(http, { url: server.url('/html-page') }, previous, NOW);
    expect(result.outcome).toBe('failed');
    expect(result.error).toEqual({
      code: 'not-a-feed',
      message: `${server.url('/html-page')} is not a feed: the document is an HTML page, not an RSS or Atom feed`,
    });
    expect(result.state).toMatchObject({ etag: '"old"', bodyHash: 'old-hash', consecutiveFailures: 1, lastError: result.error?.message });
    expect(result.feedBytes).toBe(Buffer.byteLength(FEED_TEXTS.html));
  });

  it('reports malformed XML as not-a-feed', async () => {
    const result = await pollFeed(http, { url: server.url('/malformed.xml') }, null, NOW);
    expect(result.error?.code).toBe('not-a-feed');
    expect(result.error?.message).toMatch(/Unexpected close tag/);
  });
});

describe('pollFeed: scheduling', () => {
  it('waits at least the per-feed interval after a success', async () => {
    const result = await pollFeed(http, { url: server.url('/rss.xml'), intervalMinutes: 30 }, null, NOW);
    expect(result.state.nextPollAt).toBe(later(30 * MINUTE).toISOString());
  });

  it('honours Cache-Control max-age as the earliest next poll', async () => {
    const result = await pollFeed(http, { url: server.url('/max-age-600.xml'), intervalMinutes: 5 }, null, NOW);
    expect(result.state.nextPollAt).toBe(later(10 * MINUTE).toISOString());
    const longerInterval = await pollFeed(http, { url: server.url('/max-age-600.xml'), intervalMinutes: 30 }, null, NOW);
    expect(longerInterval.state.nextPollAt).toBe(later(30 * MINUTE).toISOString());
  });

  it('caps max-age at one hour', async () => {
    const result = await pollFeed(http, { url: server.url('/max-age-7200.xml') }, null, NOW);
    expect(result.state.nextPollAt).toBe(later(60 * MINUTE).toISOString());
  });

  it('backs off exponentially from 5 minutes, capped at 24 hours', () => {
    expect([1, 2, 3, 4, 9, 10, 11, 50].map((failures) => backoffMs(failures) / MINUTE)).toEqual([5, 10, 20, 40, 1280, 1440, 1440, 1440]);
  });

  it('applies the backoff to nextPollAt on consecutive failures', async () => {
    const first = await pollFeed(http, { url: server.url('/status-500') }, null, NOW);
    expect(first.outcome).toBe('failed');
    expect(first.error).toEqual({ code: 'http-status', message: `${server.url('/status-500')} answered HTTP 500 Internal Server Error` });
    expect(first.state).toMatchObject({ consecutiveFailures: 1, failingSince: NOW.toISOString(), nextPollAt: later(5 * MINUTE).toISOString() });
    const secondAt = later(5 * MINUTE);
    const second = await pollFeed(http, { url: server.url('/status-500') }, first.state, secondAt);
    expect(second.state).toMatchObject({ consecutiveFailures: 2, failingSince: NOW.toISOString(), nextPollAt: later(10 * MINUTE, secondAt).toISOString() });
  });

  it('waits for Retry-After on 429 when it is longer than the backoff', async () => {
    const result = await pollFeed(http, { url: server.url('/status-429') }, null, NOW);
    expect(result.state.nextPollAt).toBe(later(7200 * 1000).toISOString());
  });

  it('keeps its own backoff on 503 when Retry-After is shorter', async () => {
    const result = await pollFeed(http, { url: server.url('/status-503-date') }, null, NOW);
    expect(result.state.nextPollAt).toBe(later(5 * MINUTE).toISOString());
  });
});

describe('pollFeed: health notices', () => {
  it('reports a feed failing once after 10 failures, and recovered once on the next success', async () => {
    const feed = { url: server.url('/flaky.xml'), name: 'Flaky Wire' };
    server.serveAs('/flaky.xml', '/status-500');
    let state: FeedState | null = null;
    let now = NOW;
    const results: FeedPollResult[] = [];
    for (let poll = 1; poll <= UNHEALTHY_AFTER_FAILURES + 1; poll += 1) {
      const result: FeedPollResult = await pollFeed(http, feed, state, now);
      results.push(result);
      state = result.state;
      now = new Date(Date.parse(result.state.nextPollAt ?? '') + 1000);
    }
    expect(results.map((result) => result.outcome)).toEqual(Array<string>(11).fill('failed'));
    expect(results.slice(0, 9).map((result) => result.notice)).toEqual(Array<null>(9).fill(null));
    expect(results.slice(0, 9).every((result) => !result.state.unhealthy)).toBe(true);
    expect(results[9]?.notice).toEqual({
      type: 'feed.failing',
      url: feed.url,
      name: 'Flaky Wire',
      since: NOW.toISOString(),
      reason: `${feed.url} answered HTTP 500 Internal Server Error`,
    });
    expect(results[9]?.state.unhealthy).toBe(true);
    expect(results[10]?.notice).toBeNull();
    expect(results[10]?.state).toMatchObject({ unhealthy: true, consecutiveFailures: 11 });

    server.serveAs('/flaky.xml', '/rss.xml');
    const recovered = await pollFeed(http, feed, state, now);
    expect(recovered.outcome).toBe('items');
    expect(recovered.notice).toEqual({ type: 'feed.recovered', url: feed.url, name: 'Flaky Wire', since: NOW.toISOString() });
    expect(recovered.state).toMatchObject({ unhealthy: false, consecutiveFailures: 0, failingSince: null, lastError: null });

    const afterwards = await pollFeed(http, feed, recovered.state, later(MINUTE, now));
    expect(afterwards.outcome).toBe('unchanged');
    expect(afterwards.notice).toBeNull();
  });

  it('does not announce recovery after failures that never reached the threshold', async () => {
    const failing = await pollFeed(http, { url: server.url('/status-500') }, null, NOW);
    const back = await pollFeed(http, { url: server.url('/rss.xml') }, { ...failing.state, nextPollAt: null }, later(MINUTE));
    expect(back.outcome).toBe('items');
    expect(back.notice).toBeNull();
  });
});

describe('spreadOffsetMs', () => {
  it('is stable and falls inside the window', () => {
    const url = 'https://www.justiceinspectorates.gov.uk/hmicfrs/feed/';
    expect(spreadOffsetMs(url, 60_000)).toBe(spreadOffsetMs(url, 60_000));
    for (let index = 0; index < 200; index += 1) {
      const offset = spreadOffsetMs(`https://feeds.example.org/${index}.xml`, 60_000);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(60_000);
    }
  });

  it('spreads different feeds across the window', () => {
    const offsets = Array.from({ length: 100 }, (_, index) => spreadOffsetMs(`https://feeds.example.org/${index}.xml`, 60_000));
    expect(new Set(offsets.map((offset) => Math.floor(offset / 1000))).size).toBeGreaterThan(40);
    expect(Math.max(...offsets) - Math.min(...offsets)).toBeGreaterThan(45_000);
  });

  it('gives 0 for an empty window', () => {
    expect(spreadOffsetMs('https://x.example.org/', 0)).toBe(0);
  });
});
