// One repository contract, run against every store backend (test/store/backends.test.ts): feed
// state, seen items (with expiry and prune), stories and their indexes, the outbox (queue order,
// compaction, delivery records), raw entries and the lease primitive. A backend is correct when
// the same tests pass on it; nothing here knows which backend it runs on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent, Story } from '../../src/core/story.js';
import type { KeyValueStore } from '../../src/store/keyv-store.js';
import { StoreError } from '../../src/store/keyv-store.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { FeedStateRepository, SeenItemRepository, StoryRepository, type SeenItem } from '../../src/store/repositories.js';

export type OpenTestStore = () => Promise<{ store: KeyValueStore; cleanup(): Promise<void> }>;

const NOW = new Date('2025-10-23T09:00:00Z');

export function story(id: string, overrides: Partial<Story> = {}): Story {
  return {
    id,
    version: 1,
    firstSeen: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    reportDate: '2025-10-20T00:00:00Z',
    forces: ['northumbria'],
    mentionedForces: [],
    inspectorate: 'HMICFRS',
    inspectionType: 'child-protection',
    reinspection: false,
    grades: [],
    officials: [],
    caseAudits: [],
    sources: [{ url: `https://news.example/${id}`, title: `Story ${id}`, outlet: 'Example', published: '2025-10-20T00:00:00Z', fromInspectorate: false }],
    fingerprints: [],
    ...overrides,
  } as Story;
}

export function alert(storyId: string, version: number): AlertEvent {
  return {
    schema: 1,
    type: version === 1 ? 'alert.created' : 'alert.updated',
    storyId,
    version,
    at: NOW.toISOString(),
    headline: `Story ${storyId}`,
    forces: [],
    inspectorate: 'HMICFRS',
    inspectionType: 'child-protection',
    reinspection: false,
    reportDate: null,
    grades: [],
    officials: [],
    caseAudits: [],
    sources: [],
    mentionedForces: [],
  } as AlertEvent;
}

function seenItem(overrides: Partial<SeenItem> = {}): SeenItem {
  return { url: 'https://news.example/a', title: 'A', feedUrl: 'https://news.example/feed', decision: 'not-relevant', reason: null, storyId: null, at: NOW.toISOString(), ...overrides };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function defineStoreContract(open: OpenTestStore): void {
  let store: KeyValueStore;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, cleanup } = await open());
  });
  afterEach(async () => {
    await cleanup();
  });

  describe('feed state', () => {
    it('is null for an unknown feed, then what was last put', async () => {
      const feeds = new FeedStateRepository<{ url: string; etag: string | null }>(store);
      expect(await feeds.get('https://a.example/feed.xml')).toBeNull();
      await feeds.put({ url: 'https://a.example/feed.xml', etag: '"v1"' });
      await feeds.put({ url: 'https://a.example/feed.xml', etag: '"v2"' });
      await feeds.put({ url: 'https://b.example/feed.xml', etag: null });
      expect(await feeds.get('https://a.example/feed.xml')).toEqual({ url: 'https://a.example/feed.xml', etag: '"v2"' });
      expect(await feeds.get('https://b.example/feed.xml')).toEqual({ url: 'https://b.example/feed.xml', etag: null });
    });
  });

  describe('seen items', () => {
    it('are found under any of the keys they were marked with', async () => {
      const seen = new SeenItemRepository(store, 60_000);
      expect(await seen.find(['url:https://news.example/a', 'guid:feed|1'])).toBeNull();
      await seen.mark(['url:https://news.example/a', 'guid:feed|1'], seenItem({ decision: 'alerted', storyId: 'st_1' }));
      expect(await seen.find(['guid:other|9', 'guid:feed|1'])).toMatchObject({ decision: 'alerted', storyId: 'st_1' });
      expect(await seen.find(['url:https://news.example/a'])).toMatchObject({ url: 'https://news.example/a' });
    });

    it('say in one read which keys an item is not yet known under', async () => {
      const seen = new SeenItemRepository(store, 60_000);
      expect(await seen.lookup(['url:https://news.example/b', 'guid:feed|2'])).toEqual({ item: null, missing: ['url:https://news.example/b', 'guid:feed|2'] });
      await seen.mark(['url:https://news.example/b'], seenItem({ decision: 'merged', storyId: 'st_2' }));
      const found = await seen.lookup(['url:https://news.example/b', 'guid:other-feed|7']);
      expect(found.item).toMatchObject({ decision: 'merged', storyId: 'st_2' });
      expect(found.missing).toEqual(['guid:other-feed|7']);
    });

    it('keep a key longer than a database index allows', async () => {
      const seen = new SeenItemRepository(store, 60_000);
      const long = `url:https://news.example/${'very-long-path/'.repeat(300)}`;
      await seen.mark([long], seenItem());
      expect(await seen.find([long])).toMatchObject({ decision: 'not-relevant' });
      expect(await seen.find([`${long}x`])).toBeNull();
    });

    it('expire after the retention period', async () => {
      const seen = new SeenItemRepository(store, 300);
      await seen.mark(['url:https://news.example/short'], seenItem());
      expect(await seen.find(['url:https://news.example/short'])).not.toBeNull();
      await sleep(450);
      expect(await seen.find(['url:https://news.example/short'])).toBeNull();
    });

    it('prune deletes the expired rows and counts the rest', async () => {
      const short = new SeenItemRepository(store, 300);
      const long = new SeenItemRepository(store, 60_000);
      for (let i = 0; i < 25; i += 1) await short.mark([`url:https://news.example/old-${i}`], seenItem());
      for (let i = 0; i < 7; i += 1) await long.mark([`url:https://news.example/new-${i}`], seenItem());
      await sleep(450);
      expect(await long.prune()).toBe(7);
      const left: string[] = [];
      for await (const entry of store.entries('seen')) left.push(entry.key);
      expect(left.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `url:https://news.example/new-${i}`).sort());
    });
  });

  describe('stories', () => {
    it('are saved with indexes by force, by month and by fingerprint band', async () => {
      const stories = new StoryRepository(store);
      const near = (a: string, b: string) => a === b;
      await stories.save(story('st_a', { forces: ['northumbria'], fingerprints: ['0123456789abcdef'] }));
      await stories.save(story('st_b', { forces: ['northumbria', 'durham'], reportDate: '2025-10-22T00:00:00Z', fingerprints: ['fedcba9876543210'] }));
      await stories.save(story('st_c', { forces: [], inspectionType: 'thematic', fingerprints: ['1111111111111111'] }));
      await stories.save(story('st_a', { forces: ['northumbria'], version: 2, fingerprints: ['0123456789abcdef'] }));

      expect(await stories.get('st_a')).toMatchObject({ id: 'st_a', version: 2 });
      expect(await stories.get('st_missing')).toBeNull();
      expect(await stories.idsForForce('northumbria')).toEqual(['st_a', 'st_b']);
      expect(await stories.idsForForce('durham')).toEqual(['st_b']);
      expect(await stories.idsForForce('_national')).toEqual(['st_c']);
      expect(await stories.allIds()).toEqual(['st_a', 'st_b', 'st_c']);
      expect((await stories.getMany(['st_a', 'st_a', 'st_x'])).map((s) => s.id)).toEqual(['st_a']);

      const when = (await stories.get('st_a'))!.reportDate ?? (await stories.get('st_a'))!.firstSeen;
      // Same force, same months: the force's stories and the national ones.
      const byForce = await stories.candidates(['northumbria'], '9999999999999999', when, 10 * 86_400_000, near);
      expect(byForce.map((s) => s.id).sort()).toEqual(['st_a', 'st_b', 'st_c']);
      // The index knows each story's type: a PEEL article never reads the thematic report.
      const peelOnly = await stories.candidates(['northumbria'], '9999999999999999', when, 10 * 86_400_000, near, (type) => type !== 'thematic');
      expect(peelOnly.map((s) => s.id).sort()).toEqual(['st_a', 'st_b']);
      // Another force, but the same text: found through the band index.
      const byText = await stories.candidates(['kent'], '0123456789abcdef', when, 10 * 86_400_000, near);
      expect(byText.map((s) => s.id).sort()).toEqual(['st_a', 'st_c']);
      // Years later nothing is a candidate.
      const later = await stories.candidates(['northumbria'], '0123456789abcdef', '2031-01-01T00:00:00Z', 10 * 86_400_000, near);
      expect(later).toEqual([]);
    });

    it('list a force newest report first, and the latest overall', async () => {
      const stories = new StoryRepository(store);
      await stories.save(story('st_old', { reportDate: '2024-01-01T00:00:00Z' }));
      await stories.save(story('st_new', { reportDate: '2025-06-01T00:00:00Z' }));
      await stories.save(story('st_mid', { reportDate: '2025-01-01T00:00:00Z', forces: ['kent'] }));
      expect((await stories.listForForce('northumbria', 10)).map((s) => s.id)).toEqual(['st_new', 'st_old']);
      expect((await stories.listForForce('northumbria', 1)).map((s) => s.id)).toEqual(['st_new']);
      expect((await stories.latest(2)).map((s) => s.id)).toEqual(['st_new', 'st_mid']);
    });

    it('refuse a record that is not a story', async () => {
      await store.ns('stories').set('st_bad', 'not a story');
      await expect(new StoryRepository(store).get('st_bad')).rejects.toBeInstanceOf(StoreError);
    });
  });

  describe('outbox', () => {
    it('records an alert once per story version, for every sink', async () => {
      const outbox = new OutboxRepository(store);
      const first = await outbox.enqueue(alert('st_a', 1), ['console', 'jsonl:x'], NOW);
      const again = await outbox.enqueue(alert('st_a', 1), ['other'], new Date(NOW.getTime() + 1000));
      expect(again).toEqual(first);
      expect(first.id).toBe('st_a@1');
      expect(Object.keys(first.sinks)).toEqual(['console', 'jsonl:x']);
      expect(first.sinks.console).toEqual({ state: 'pending', attempts: 0, nextAttemptAt: null, lastError: null, at: null });
      expect(await outbox.depth()).toBe(1);
      expect(await outbox.get('st_a@1')).toEqual(first);
      expect(await outbox.get('st_a@9')).toBeNull();
    });

    it('hands pending entries back in the order they were recorded', async () => {
      const outbox = new OutboxRepository(store);
      for (const [id, version] of [['st_c', 1], ['st_a', 1], ['st_b', 1], ['st_a', 2]] as const) await outbox.enqueue(alert(id, version), ['console'], NOW);
      expect((await outbox.pending()).map((entry) => entry.id)).toEqual(['st_c@1', 'st_a@1', 'st_b@1', 'st_a@2']);
    });

    it('saves sink states, and compaction drops finished entries from the queue only', async () => {
      const outbox = new OutboxRepository(store);
      const entry = await outbox.enqueue(alert('st_a', 1), ['console'], NOW);
      await outbox.enqueue(alert('st_b', 1), ['console'], NOW);
      entry.sinks.console = { state: 'sent', attempts: 1, nextAttemptAt: null, lastError: null, at: NOW.toISOString() };
      await outbox.save(entry);
      await outbox.compact(['st_a@1']);
      expect((await outbox.pending()).map((e) => e.id)).toEqual(['st_b@1']);
      expect(await outbox.depth()).toBe(1);
      expect((await outbox.get('st_a@1'))?.sinks.console?.state).toBe('sent');
      await outbox.compact([]);
      await outbox.enqueue(alert('st_c', 1), ['console'], NOW);
      await outbox.compact(['st_b@1', 'st_c@1']);
      expect(await outbox.pending()).toEqual([]);
      expect(await outbox.depth()).toBe(0);
      // A finished entry is not queued again by a repeated enqueue (a crash re-deriving it).
      await outbox.enqueue(alert('st_a', 1), ['console'], NOW);
      expect(await outbox.depth()).toBe(0);
    });

    it('keeps an entry enqueued while another process compacts (two writers, one key each)', async () => {
      const placing = new OutboxRepository(store);
      const draining = new OutboxRepository(store);
      await placing.enqueue(alert('st_a', 1), ['console'], NOW);
      await placing.enqueue(alert('st_b', 1), ['console'], NOW);
      // Interleaved as two replicas would: the drain read the queue before the new entry came.
      const finished = (await draining.pending()).map((entry) => entry.id);
      await placing.enqueue(alert('st_c', 1), ['console'], NOW);
      await draining.compact(finished);
      expect((await draining.pending()).map((entry) => entry.id)).toEqual(['st_c@1']);
      await placing.enqueue(alert('st_d', 1), ['console'], NOW);
      expect((await placing.pending()).map((entry) => entry.id)).toEqual(['st_c@1', 'st_d@1']);
    });

    it('remembers what each sink delivered for each story', async () => {
      const outbox = new OutboxRepository(store);
      expect(await outbox.delivery('discord:1', 'st_a')).toBeNull();
      await outbox.recordDelivery('discord:1', 'st_a', { version: 1, at: NOW.toISOString(), messages: { '1': '99' } });
      await outbox.recordDelivery('discord:1', 'st_a', { version: 2, at: NOW.toISOString(), messages: { '1': '99' } });
      expect(await outbox.delivery('discord:1', 'st_a')).toEqual({ version: 2, at: NOW.toISOString(), messages: { '1': '99' } });
      expect(await outbox.delivery('discord:2', 'st_a')).toBeNull();
    });
  });

  describe('many writes at once', () => {
    it('store every entry, replace existing ones and keep their expiry, in one call', async () => {
      const index = store.ns('index');
      await index.set('list:a', ['old']);
      const tricky = `quote " backslash \\ unicode ’ and JSON-looking ["x", 1]`;
      await index.setMany([
        { key: 'list:a', value: ['new', 1] },
        { key: 'list:b', value: { text: tricky } },
        { key: 'list:c', value: 'short-lived', ttl: 60_000 },
      ]);
      expect(await index.get('list:a')).toEqual(['new', 1]);
      expect(await index.get('list:b')).toEqual({ text: tricky });
      expect(await index.get('list:c')).toBe('short-lived');
      const expiries = new Map<string, number | null>();
      for await (const entry of store.entries('index')) expiries.set(entry.key, entry.expires);
      expect(expiries.get('list:a')).toBeNull();
      expect(expiries.get('list:c')).toBeGreaterThan(Date.now());
      await index.setMany([]); // nothing to write is not an error
    });
  });

  describe('raw entries', () => {
    it('list a namespace with unprefixed keys, values and expiry, and nothing of other namespaces', async () => {
      await store.ns('feeds').set('https://a.example/feed.xml', { url: 'https://a.example/feed.xml' });
      await store.ns('feeds').set('https://b.example/feed.xml', { url: 'https://b.example/feed.xml' }, 60_000);
      await store.ns('stories').set('st_x', story('st_x'));
      const entries = [];
      for await (const entry of store.entries('feeds')) entries.push(entry);
      entries.sort((a, b) => a.key.localeCompare(b.key));
      expect(entries.map((entry) => [entry.key, entry.value])).toEqual([
        ['https://a.example/feed.xml', { url: 'https://a.example/feed.xml' }],
        ['https://b.example/feed.xml', { url: 'https://b.example/feed.xml' }],
      ]);
      expect(entries[0]!.expires).toBeNull();
      expect(entries[1]!.expires).toBeGreaterThan(Date.now());
    });
  });

  describe('leases', () => {
    it('go to one holder at a time, with a larger fencing token each grant', async () => {
      const { leases } = store;
      const first = await leases.acquire('feed:x', 'replica-a', 5_000);
      expect(first).toEqual(expect.any(Number));
      expect(await leases.acquire('feed:x', 'replica-b', 5_000)).toBeNull();
      expect(await leases.acquire('feed:y', 'replica-b', 5_000)).toEqual(expect.any(Number));
      expect(await leases.renew('feed:x', 'replica-a', first!, 5_000)).toBe(true);
      expect(await leases.renew('feed:x', 'replica-b', first!, 5_000)).toBe(false);
      await leases.release('feed:x', 'replica-b', first!);
      expect(await leases.acquire('feed:x', 'replica-b', 5_000)).toBeNull();
      await leases.release('feed:x', 'replica-a', first!);
      const second = await leases.acquire('feed:x', 'replica-b', 5_000);
      expect(second).toBeGreaterThan(first!);
      expect(await leases.renew('feed:x', 'replica-a', first!, 5_000)).toBe(false);
    });

    it('expire when not renewed, and the next holder fences the old one out', async () => {
      const { leases } = store;
      const first = await leases.acquire('outbox', 'replica-a', 250);
      await sleep(400);
      const second = await leases.acquire('outbox', 'replica-b', 5_000);
      expect(second).toBeGreaterThan(first!);
      expect(await leases.renew('outbox', 'replica-a', first!, 5_000)).toBe(false);
      expect(await leases.renew('outbox', 'replica-b', second!, 5_000)).toBe(true);
    });

    it('can be renewed just past the expiry while nobody else took them', async () => {
      const { leases } = store;
      const token = await leases.acquire('stories', 'replica-a', 250);
      await sleep(400);
      expect(await leases.renew('stories', 'replica-a', token!, 5_000)).toBe(true);
      expect(await leases.acquire('stories', 'replica-b', 5_000)).toBeNull();
    });
  });

  it('answers a ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
}
