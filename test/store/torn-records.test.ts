// Records torn on disk (a write cut short, bit rot) outside stories and outbox entries: the feed
// states, the seen items and the outbox's two lists. Each is named to the caller, read as absent
// or rebuilt from what else is stored, and written afresh by the next ordinary write.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/core/story.js';
import { drainOutbox } from '../../src/deliver/outbox.js';
import type { StoreError } from '../../src/store/keyv-store.js';
import { copyStore } from '../../src/store/migrate.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { FeedStateRepository, SeenItemRepository, type SeenItem } from '../../src/store/repositories.js';
import { openStore } from '../../src/store/keyv-store.js';
import { alertFor } from '../../src/stories/alert.js';
import { storyOf } from '../support/articles.js';
import { recordingSink } from '../support/recording-sink.js';
import { openTempStore, rawUpdate, type TempStore } from '../support/temp-store.js';

const T0 = Date.parse('2025-11-21T12:00:00Z');
const TORN = '{"value":{"url":';

function event(storyId: string, version: number): AlertEvent {
  const story = { ...storyOf(storyId, [{ url: `https://news.example/${storyId}`, primary: ['kent'] }]), version };
  return alertFor(story, version === 1 ? 'alert.created' : 'alert.updated', new Date(T0));
}

const seenItem = (url: string): SeenItem => ({ url, title: 'T', feedUrl: 'https://feeds.example/a.xml', decision: 'alerted', reason: null, storyId: 'st_1', at: new Date(T0).toISOString() });

let temp: TempStore;
let reported: string[];
const report = (error: StoreError) => reported.push(error.message);
beforeEach(async () => {
  temp = await openTempStore();
  reported = [];
});
afterEach(async () => {
  await temp.close();
});

describe('a torn feed state', () => {
  it('is named and read as none, and the next put replaces it', async () => {
    const states = new FeedStateRepository<{ url: string; etag: string }>(temp.store);
    await states.put({ url: 'https://feeds.example/a.xml', etag: '"1"' });
    await states.put({ url: 'https://feeds.example/b.xml', etag: '"2"' });
    await rawUpdate(temp.file, 'feeds:https://feeds.example/a.xml', TORN);
    await temp.store.ns('feeds').set('https://feeds.example/b.xml', ['not', 'a', 'state']);

    expect(await states.get('https://feeds.example/a.xml', report)).toBeNull();
    expect(await states.get('https://feeds.example/b.xml', report)).toBeNull();
    expect(reported).toEqual([
      expect.stringMatching(/^feeds:https:\/\/feeds\.example\/a\.xml in the store cannot be read \(.+\); the feed is fetched afresh and the record rewritten$/),
      'feeds:https://feeds.example/b.xml in the store is not a feed state; the feed is fetched afresh and the record rewritten',
    ]);
    await states.put({ url: 'https://feeds.example/a.xml', etag: '"3"' });
    expect(await states.get('https://feeds.example/a.xml', report)).toEqual({ url: 'https://feeds.example/a.xml', etag: '"3"' });
    expect(reported).toHaveLength(2);
  });
});

describe('a torn seen item', () => {
  it('counts as missing while the item\'s other keys still find it', async () => {
    const seen = new SeenItemRepository(temp.store, 86_400_000);
    await seen.mark(['url:https://news.example/1', 'guid:a|1'], seenItem('https://news.example/1'));
    await rawUpdate(temp.file, 'seen:url:https://news.example/1', TORN);

    const { item, missing } = await seen.lookup(['url:https://news.example/1', 'guid:a|1'], report);
    expect(item).toMatchObject({ url: 'https://news.example/1', storyId: 'st_1' });
    expect(missing).toEqual(['url:https://news.example/1']);
    expect(reported).toEqual([expect.stringMatching(/^seen:url:https:\/\/news\.example\/1 in the store cannot be read .*the item is read again and the record rewritten$/)]);
  });

  it('leaves an item whose every record is torn unseen, and marking it heals them', async () => {
    const seen = new SeenItemRepository(temp.store, 86_400_000);
    await seen.mark(['url:https://news.example/2'], seenItem('https://news.example/2'));
    await rawUpdate(temp.file, 'seen:url:https://news.example/2', TORN);
    expect(await seen.find(['url:https://news.example/2'], report)).toBeNull();
    expect(reported).toHaveLength(1);
    await seen.mark(['url:https://news.example/2'], seenItem('https://news.example/2'));
    expect(await seen.find(['url:https://news.example/2'], report)).toMatchObject({ storyId: 'st_1' });
    expect(reported).toHaveLength(1);
  });

  it('is removed by the retention clean-up (it has no expiry to go by), which reads on past it', async () => {
    const seen = new SeenItemRepository(temp.store, 86_400_000);
    await seen.mark(['url:https://news.example/3', 'url:https://news.example/4'], seenItem('https://news.example/3'));
    await rawUpdate(temp.file, 'seen:url:https://news.example/3', TORN);
    expect(await seen.prune()).toBe(1);
    expect(await seen.find(['url:https://news.example/3'], report)).toBeNull();
    expect(await seen.find(['url:https://news.example/4'], report)).toMatchObject({ storyId: 'st_1' });
    expect(reported).toEqual([]);
  });
});

describe('torn outbox lists', () => {
  it('rebuilds a torn queue from the entries, in recorded order, keeping a torn entry queued to be named', async () => {
    const outbox = new OutboxRepository(temp.store);
    for (const [id, minute] of [['st_1', 0], ['st_2', 1], ['st_3', 2], ['st_4', 3]] as const) await outbox.enqueue(event(id, 1), ['a'], new Date(T0 + minute * 60_000));
    const sink = recordingSink('a');
    // st_1 is delivered and compacted; then the queue and st_3's entry are torn.
    await outbox.save({ ...(await outbox.get('st_1@1'))!, sinks: { a: { state: 'sent', attempts: 1, nextAttemptAt: null, lastError: null, at: null } } });
    await outbox.compact(['st_1@1']);
    await rawUpdate(temp.file, 'outbox:queue', '["st_1@1","st_2');
    await rawUpdate(temp.file, 'outbox:entry:st_3@1', TORN);

    expect((await outbox.pending(report)).map((entry) => entry.id)).toEqual(['st_2@1', 'st_4@1']);
    expect(reported[0]).toMatch(/^outbox:queue in the store cannot be read .*; the queue is rebuilt from the outbox entries$/);
    expect(reported[1]).toMatch(/^outbox:entry:st_3@1 in the store cannot be read .*remove it or restore the store; the alerts queued after it are delivered$/);

    // The queue's own writer puts it right: the next alert is queued behind the rebuilt ones.
    reported = [];
    await outbox.enqueue(event('st_5', 1), ['a'], new Date(T0 + 10 * 60_000), report);
    expect(reported).toEqual([expect.stringMatching(/^outbox:queue in the store cannot be read/)]);
    const logged: string[] = [];
    const drained = await drainOutbox(outbox, [sink], { now: () => new Date(T0 + 11 * 60_000), log: (level, message) => logged.push(`${level}: ${message}`) });
    expect(sink.calls.map((call) => call.event.storyId)).toEqual(['st_2', 'st_4', 'st_5']);
    expect(drained.delivered).toBe(3);
    expect(logged).toEqual([expect.stringMatching(/^error: outbox:entry:st_3@1 in the store cannot be read/)]);
  });

  it('rebuilds a queue that is not a list of ids, rather than reading it as empty', async () => {
    const outbox = new OutboxRepository(temp.store);
    await outbox.enqueue(event('st_1', 1), ['a'], new Date(T0));
    await temp.store.ns('outbox').set('queue', { ids: 'st_1@1' });
    expect((await outbox.pending(report)).map((entry) => entry.id)).toEqual(['st_1@1']);
    expect(reported).toEqual(['outbox:queue in the store is not a list of entry ids; the queue is rebuilt from the outbox entries']);
  });

  it('reads a torn list of finished ids as none, sends nothing twice, and writes the list afresh', async () => {
    const outbox = new OutboxRepository(temp.store);
    const sink = recordingSink('a');
    const options = { now: () => new Date(T0), log: () => undefined };
    await outbox.enqueue(event('st_1', 1), ['a'], new Date(T0));
    await outbox.enqueue(event('st_2', 1), ['a'], new Date(T0));
    await drainOutbox(outbox, [sink], options);
    // Both are finished, but still in the queue (only the next enqueue trims it).
    await rawUpdate(temp.file, 'outbox:done', '["st_1');

    expect((await outbox.pending(report)).map((entry) => entry.id)).toEqual(['st_1@1', 'st_2@1']);
    expect(reported).toEqual([expect.stringMatching(/^outbox:done in the store cannot be read .*; finished entries are recognised by their delivery states$/)]);
    const drained = await drainOutbox(outbox, [sink], options);
    expect(drained.delivered).toBe(0);
    expect(sink.calls.map((call) => call.event.storyId)).toEqual(['st_1', 'st_2']);
    reported = [];
    expect(await outbox.pending(report)).toEqual([]);
    expect(reported).toEqual([]);
  });
});

describe('copying a store with a torn record', () => {
  it('stops, naming the record, instead of leaving it out of the copy unnoticed', async () => {
    await new FeedStateRepository(temp.store).put({ url: 'https://feeds.example/a.xml' });
    await rawUpdate(temp.file, 'feeds:https://feeds.example/a.xml', TORN);
    const target = await openStore('memory:');
    await expect(copyStore(temp.store, target)).rejects.toThrow(/^feeds:https:\/\/feeds\.example\/a\.xml in the source store cannot be read .*run the copy again/);
    await target.close();
  });
});
