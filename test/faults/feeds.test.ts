// Every misbehaviour of the ingestion test server at once (test/support/feed-server.ts: 500,
// 429, 503 with a date, a drip feed, a stall, oversize bodies with and without a length, a gzip
// bomb, an unknown encoding, malformed XML, an HTML page, Latin-1 and windows-1252, redirect
// loops and chains, a redirect to file:, ...) beside a healthy newsroom feed, in one real
// `run --once`. The healthy feed still alerts, the run ends within its time bounds, and the
// peak memory of the process stays bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { HOSTILE_FEED_PATHS } from './support/hostile.js';
import { force, peelRelease } from './support/news.js';
import { startNewsroom, type Newsroom } from './support/newsroom.js';
import { baseSettings, makeWorkspace, readJsonl, runForcewatch, type Workspace } from './support/forcewatch-process.js';

const FAILING = ['/malformed.xml', '/html-page', '/zstd.xml', '/gzip-bomb', '/status-500', '/status-429', '/status-503-date', '/drip', '/stall', '/oversize', '/oversize-chunked', '/redirect-loop-a', '/redirect-file', '/redirect-no-location', '/redirect/9', '/no-such-feed'];

describe('every feed fault at once, beside healthy feeds', () => {
  let server: FeedServer;
  let newsroom: Newsroom;
  let workspace: Workspace;

  beforeAll(async () => {
    server = await startFeedServer();
    newsroom = await startNewsroom();
    workspace = await makeWorkspace();
    const recent = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    newsroom.publish('/feeds/healthy.xml', peelRelease(force('kent'), recent(3)));
    newsroom.publish('/feeds/healthy.xml', peelRelease(force('essex'), recent(2)));
    await workspace.writeConfig(
      baseSettings(workspace, {
        // Items of the test server's feeds are from June 2025: outside the window, marked seen
        // unread. Its undated items are read, and fail fast (their hosts are not resolved).
        backfill: '2d',
        fetch: { allowPrivateAddresses: true, connectTimeoutMs: 1_000, totalTimeoutMs: 3_000, maxBytes: 1024 * 1024, maxConcurrent: 8, maxPerHost: 8 },
        feeds: [
          { url: newsroom.url('/feeds/healthy.xml'), name: 'Healthy Courier' },
          ...HOSTILE_FEED_PATHS.map((path) => ({ url: server.url(path), name: `hostile ${path}` })),
        ],
      }),
    );
  });
  afterAll(async () => {
    await server?.close();
    await newsroom?.close();
    await workspace?.remove();
  });

  it('alerts from the healthy feed, names each failing feed, and stays within time and memory', async () => {
    const result = await runForcewatch(['run', '--once', '--config', workspace.configDir], { cwd: workspace.dir, timeoutMs: 40_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.ms).toBeLessThan(20_000);
    // Reported in the README's Reliability section.
    console.info(`feeds at once: ${result.ms} ms, peak RSS ${result.peakRssMiB} MiB`);
    if (result.peakRssMiB > 0) expect(result.peakRssMiB).toBeLessThan(400);

    const alerts = readJsonl(workspace.file('data/alerts.jsonl')).filter((line) => String(line.type).startsWith('alert.'));
    expect(alerts.map((alert) => (alert.forces as { id: string }[])[0]?.id).sort()).toEqual(['essex', 'kent']);

    for (const path of FAILING) expect(result.stderr, path).toContain(`feed failed: hostile ${path} (`);
    expect(result.stderr).toMatch(/gzip-bomb.*exceeds the 1048576-byte limit after decompression/);
    expect(result.stderr).toMatch(/oversize-chunked.*more than the 1048576-byte limit/);
    expect(result.stderr).toMatch(/\/stall.*3000 ms/);
    // The client hung up on the drip, the stall and the floods instead of reading on.
    expect(server.inFlight()).toBe(0);

    // The next poll leaves the failing feeds to their backoff and alerts nothing again.
    const again = await runForcewatch(['run', '--once', '--config', workspace.configDir], { cwd: workspace.dir, timeoutMs: 40_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(again.ms).toBeLessThan(10_000);
    expect(readJsonl(workspace.file('data/alerts.jsonl')).filter((line) => String(line.type).startsWith('alert.'))).toHaveLength(2);
  }, 60_000);
});
