// poll: one poll of 500 feeds served on loopback (50 local servers, 10 feeds each, so the per-host
// limit applies as it would across publishers) — when every feed answers 304, and when every feed
// has changed (20 items each) but all its items were already seen. The poll is the real pollOnce
// with the real HTTP client and repositories; the repositories are wrapped to see where time goes.
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { extractArticle } from '../../dist/extract/article.js';
import { parseFeed } from '../../dist/ingest/feed-parser.js';
import { createHttpClient } from '../../dist/ingest/http.js';
import { itemKeys } from '../../dist/pipeline/item-keys.js';
import { pollOnce } from '../../dist/poll.js';
import { OutboxRepository } from '../../dist/store/outbox-repository.js';
import { openStore } from '../../dist/store/keyv-store.js';
import { FeedStateRepository, SeenItemRepository, StoryRepository } from '../../dist/store/repositories.js';
import { bulkWrite } from '../lib/bulk-write.mjs';
import { rssFeed } from '../lib/corpus.mjs';
import { median, now, profile, round } from '../lib/measure.mjs';

const SERVERS = 50;
const FEEDS_PER_SERVER = 10;
const ITEMS = 20;
const SQLITE_CHANGED_FEEDS = 100;
const silent = { info() {}, warn() {}, error() {} };

async function startServers() {
  const site = { version: 1, requests: 0, notModified: 0 };
  const servers = [];
  for (let s = 0; s < SERVERS; s += 1) {
    const server = http.createServer((req, res) => {
      site.requests += 1;
      const index = Number(/\/feed\/(\d+)\.xml$/.exec(req.url ?? '')?.[1]);
      const base = `http://127.0.0.1:${server.address().port}`;
      const etag = `"v${site.version}-${index}"`;
      if (req.headers['if-none-match'] === etag) {
        site.notModified += 1;
        res.writeHead(304, { ETag: etag });
        return res.end();
      }
      const body = rssFeed(base, index, ITEMS, site.version);
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: etag, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  const feeds = servers.flatMap((server, s) =>
    Array.from({ length: FEEDS_PER_SERVER }, (_, f) => ({ url: `http://127.0.0.1:${server.address().port}/feed/${s * FEEDS_PER_SERVER + f}.xml`, name: `Feed ${s * FEEDS_PER_SERVER + f}` })));
  return {
    site,
    feeds,
    close: () => Promise.all(servers.map((server) => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))))),
  };
}

/** Wraps an object's async methods to add their time and call count to `tally`, and note first/last calls. */
function timed(target, name, tally) {
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property);
      if (typeof value !== 'function') return value;
      const key = `${name}.${String(property)}`;
      return async (...args) => {
        const entry = (tally[key] ??= { calls: 0, ms: 0, first: null, last: null });
        const t = now();
        entry.first ??= t;
        entry.calls += 1;
        try {
          return await value.apply(object, args);
        } finally {
          entry.ms += now() - t;
          entry.last = now();
        }
      };
    },
  });
}

/** Feed state and seen items as they would be after earlier polls: every item known, validators kept. */
async function prime(store, storeUrl, feeds, site) {
  const at = new Date().toISOString();
  const entries = [];
  for (const [index, feed] of feeds.entries()) {
    const body = rssFeed(new URL(feed.url).origin, index, ITEMS, site.version);
    const parsed = await parseFeed(body, feed.url);
    for (const item of parsed.items) {
      const record = { url: item.link, title: item.title, feedUrl: feed.url, decision: 'not-relevant', reason: 'bench', storyId: null, at };
      for (const key of itemKeys(feed.url, item)) entries.push(['seen', key, record]);
    }
    entries.push(['feeds', feed.url, {
      url: feed.url, etag: `"v${site.version}-${index}"`, lastModified: null, bodyHash: createHash('sha256').update(body).digest('hex'), nextPollAt: null,
      consecutiveFailures: 0, failingSince: null, lastError: null, unhealthy: false, firstPolledAt: at, lastSuccessAt: at,
    }]);
  }
  await bulkWrite(store, storeUrl, entries);
  // The repositories must read back what was written as they would have written it.
  const first = (await parseFeed(rssFeed(new URL(feeds[0].url).origin, 0, ITEMS, site.version), feeds[0].url)).items[0];
  if (!(await new SeenItemRepository(store, 1).find(itemKeys(feeds[0].url, first))) || !(await new FeedStateRepository(store).get(feeds[0].url))) {
    throw new Error('the primed store does not read back through the repositories');
  }
}

async function onePoll(store, feeds, tally) {
  const client = createHttpClient({ userAgent: 'forcewatch-bench/1', allowPrivateAddresses: true, maxConcurrent: 8, maxPerHost: 2 });
  const deps = {
    feeds,
    http: timed(client, 'http', tally),
    read: async () => {
      throw new Error('every item is already seen: no page should be read');
    },
    extract: extractArticle,
    feedStates: timed(new FeedStateRepository(store), 'feedStates', tally),
    seen: timed(new SeenItemRepository(store, 400 * 86_400_000), 'seen', tally),
    stories: new StoryRepository(store),
    outbox: new OutboxRepository(store),
    sinks: () => [],
    now: () => new Date(),
    backfill: 'all',
    storyWindowMs: 21 * 86_400_000,
    feedConcurrency: 8,
    pageConcurrency: 8,
    log: silent,
  };
  const t = now();
  const report = await pollOnce(deps);
  return { ms: now() - t, start: t, report };
}

function phases(run, tally) {
  const itemsStart = tally['seen.find']?.first ?? tally['feedStates.put'].first;
  const putStart = tally['feedStates.put'].first;
  const ops = Object.fromEntries(Object.entries(tally).map(([key, entry]) => [key, { calls: entry.calls, totalMs: round(entry.ms, 0), meanMs: round(entry.ms / entry.calls, 3) }]));
  return {
    fetchAndParseMs: round(itemsStart - run.start, 0),
    itemsMs: round(putStart - itemsStart, 0),
    saveStateAndDrainMs: round(run.start + run.ms - putStart, 0),
    operations: ops,
  };
}

/** Primes one store, then polls it: first with every feed unchanged (304), then with every feed changed. */
async function scenarios(storeUrl, plan, site, feeds) {
  const store = await openStore(storeUrl);
  const results = [];
  try {
    const tPrime = now();
    await prime(store, storeUrl, feeds, site);
    const primeMs = now() - tPrime;
    for (const { mode, repeats, profiled } of plan) {
      const runs = [];
      for (let r = 0; r < repeats; r += 1) {
        if (mode === 'changed') site.version += 1;
        const tally = {};
        const requestsBefore = site.requests;
        const run = await onePoll(store, feeds, tally);
        if (mode === '304' && run.report.unchanged !== feeds.length) throw new Error(`expected ${feeds.length} unchanged feeds, got ${run.report.unchanged}`);
        if (run.report.failed.length > 0) throw new Error(`feeds failed: ${run.report.failed[0].reason}`);
        runs.push({ ms: run.ms, requests: site.requests - requestsBefore, newItems: run.report.newItems, ...phases(run, tally) });
      }
      let hotSpots = null;
      if (profiled) {
        if (mode === 'changed') site.version += 1;
        const cpu = await profile(() => onePoll(store, feeds, {}), { top: 12 });
        hotSpots = { profiledMs: cpu.totalMs, byOrigin: cpu.byOrigin.slice(0, 10), selfTime: cpu.hotFunctions.slice(0, 10) };
      }
      const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
      results.push({
        store: storeUrl.startsWith('sqlite') ? 'sqlite' : 'memory',
        mode,
        primeMs: round(primeMs, 0),
        runs: runs.length,
        medianMs: round(median(runs.map((r) => r.ms)), 0),
        bestMs: round(best.ms, 0),
        requestsPerSecond: round(best.requests / ((best.fetchAndParseMs || best.ms) / 1000), 0),
        feedsPerSecond: round(feeds.length / (best.ms / 1000), 0),
        newItems: best.newItems,
        best,
        hotSpots,
      });
    }
    return results;
  } finally {
    await store.close();
  }
}

export async function run(options) {
  const quick = Boolean(options.quick);
  const { site, feeds, close } = await startServers();
  const dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-bench-poll-'));
  const results = [];
  try {
    const repeats = quick ? 2 : 3;
    results.push(...(await scenarios('memory:', [{ mode: '304', repeats, profiled: true }, { mode: 'changed', repeats, profiled: true }], site, feeds)));
    results.push(...(await scenarios(`sqlite:${dir}/poll.sqlite`, [{ mode: '304', repeats, profiled: true }], site, feeds)));
    // sqlite, all changed: every seen item is written again, each write its own fsync'd transaction
    // (see the README) — minutes for 500 feeds, so it runs once on the first 100 feeds.
    const some = feeds.slice(0, SQLITE_CHANGED_FEEDS);
    const changed = await scenarios(`sqlite:${dir}/poll-changed.sqlite`, [{ mode: 'changed', repeats: 1, profiled: false }], site, some);
    results.push(...changed.map((result) => ({ ...result, feeds: some.length })));
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
  return { feeds: feeds.length, hosts: SERVERS, itemsPerFeed: ITEMS, concurrency: { maxConcurrent: 8, maxPerHost: 2 }, target304Ms: 1500, scenarios: results };
}
