// Scheduled polls start feeds at offsets from a hash of their URL, within the spread window.
import { afterEach, describe, expect, it } from 'vitest';
import { spreadOffsetMs, type FeedState } from '../../src/ingest/feed-poll.js';
import type { FetchOutcome, FetchRequest, HttpClient } from '../../src/ingest/http.js';
import { pollOnce } from '../../src/poll.js';
import { openStore, type KeyValueStore } from '../../src/store/keyv-store.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { FeedStateRepository, SeenItemRepository, StoryRepository } from '../../src/store/repositories.js';

let store: KeyValueStore | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

async function pollWith(feedUrls: string[], spreadMs: number) {
  store = await openStore('memory:');
  const started: Record<string, number> = {};
  const t0 = Date.now();
  const http: HttpClient = {
    async fetch(request: FetchRequest): Promise<FetchOutcome> {
      started[request.url] = Date.now() - t0;
      return { kind: 'not-modified', url: request.url, etag: null, lastModified: null, cacheMaxAgeSeconds: null };
    },
  };
  await pollOnce({
    feeds: feedUrls.map((url) => ({ url })),
    http,
    read: async () => {
      throw new Error('no items in this test');
    },
    extract: () => {
      throw new Error('no items in this test');
    },
    feedStates: new FeedStateRepository<FeedState>(store),
    seen: new SeenItemRepository(store, 86_400_000),
    stories: new StoryRepository(store),
    outbox: new OutboxRepository(store),
    sinks: () => [],
    now: () => new Date(),
    backfill: 'all',
    storyWindowMs: 86_400_000,
    feedConcurrency: 8,
    pageConcurrency: 2,
    spreadMs,
    log: { info() {}, warn() {}, error() {} },
  });
  return started;
}

describe('poll spread', () => {
  const urls = Array.from({ length: 6 }, (_, index) => `https://feeds.example/${index}.xml`);

  it('starts each feed no earlier than its offset, in offset order', async () => {
    const started = await pollWith(urls, 600);
    const byOffset = [...urls].sort((a, b) => spreadOffsetMs(a, 600) - spreadOffsetMs(b, 600));
    expect(Object.keys(started).sort((a, b) => started[a]! - started[b]!)).toEqual(byOffset);
    for (const url of urls) expect(started[url]).toBeGreaterThanOrEqual(spreadOffsetMs(url, 600) - 5);
  });

  it('starts all feeds at once when the spread is 0 (run --once)', async () => {
    const started = await pollWith(urls, 0);
    expect(Math.max(...Object.values(started))).toBeLessThan(200);
  });
});
