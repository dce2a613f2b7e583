import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedState } from '../../src/ingest/feed-poll.js';
import { createHttpClient } from '../../src/ingest/http.js';
import { extractArticle } from '../../src/extract/article.js';
import { createJsonlSink } from '../../src/deliver/sinks/jsonl-sink.js';
import { readArticle } from '../../src/pipeline/read-article.js';
import { pollOnce, type PollDeps } from '../../src/poll.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { FeedStateRepository, SeenItemRepository, StoryRepository } from '../../src/store/repositories.js';
import type { ArticleText } from '../../src/core/types.js';
import { readJsonl, recordingLogger } from '../support/app-harness.js';
import { openTempStore, type TempStore } from '../support/temp-store.js';
import { ARTICLES, startTestSite, type TestSite } from '../support/test-site.js';

let site: TestSite;
let temp: TempStore;
beforeAll(async () => {
  site = await startTestSite();
  temp = await openTempStore();
});
afterAll(async () => {
  await temp.close();
  await site.close();
});

describe('pollOnce with a page that breaks extraction', () => {
  it('skips that item (seen, with the reason) and goes on with the rest, every poll', async () => {
    site.setFeed('/feeds/poison.xml', { title: 'HMICFRS news', items: ['kentRelease', 'wmpRelease'] });
    const http = createHttpClient({ userAgent: 'forcewatch-test', allowPrivateAddresses: true });
    const logs: string[] = [];
    const jsonl = `${temp.dir}/alerts.jsonl`;
    const sink = createJsonlSink(jsonl);
    let clock = Date.parse('2025-11-21T12:00:00Z');
    const deps: PollDeps = {
      feeds: [{ url: site.url('/feeds/poison.xml'), name: 'HMICFRS' }],
      http,
      read: (item, outlet) => readArticle(http, item, outlet),
      // The real extractor, except that the Kent page makes it throw.
      extract: (text: ArticleText) => {
        if (text.url.includes('kent')) throw new RangeError('Maximum call stack size exceeded');
        return extractArticle(text);
      },
      feedStates: new FeedStateRepository<FeedState>(temp.store),
      seen: new SeenItemRepository(temp.store, 400 * 86_400_000),
      stories: new StoryRepository(temp.store),
      outbox: new OutboxRepository(temp.store),
      sinks: () => [sink],
      now: () => new Date(clock),
      backfill: 'all',
      storyWindowMs: 21 * 86_400_000,
      feedConcurrency: 2,
      pageConcurrency: 2,
      log: recordingLogger(logs),
    };

    const report = await pollOnce(deps);
    expect(report).toMatchObject({ newItems: 2, relevant: 1, created: 1, delivery: { delivered: 1 } });
    const kent = await deps.seen.find([`url:${site.url(ARTICLES.kentRelease.path)}`]);
    expect(kent).toMatchObject({ decision: 'unreadable', reason: 'extraction failed: Maximum call stack size exceeded' });
    expect(logs.some((line) => line.startsWith('error: ') && line.includes('extraction failed'))).toBe(true);
    expect((await readJsonl(jsonl)).map((line) => (line.forces as { id: string }[])[0]?.id)).toEqual(['west-midlands']);

    // The feed's state was saved: the next poll is a 304 and reads nothing again.
    clock += 10 * 60_000;
    expect(await pollOnce(deps)).toMatchObject({ unchanged: 1, newItems: 0 });
  });
});
