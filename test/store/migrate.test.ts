// Copying a store to another backend: every namespace, values intact, remaining lifetimes kept,
// expired entries left behind; and the `migrate-store` command around it (progress on a terminal
// only, a summary on stdout, usage errors).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrateStore } from '../../src/commands/migrate-store.js';
import { openStore, type KeyValueStore } from '../../src/store/keyv-store.js';
import { copyStore } from '../../src/store/migrate.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { FeedStateRepository, SeenItemRepository, StoryRepository } from '../../src/store/repositories.js';
import { CLI_SOURCE, startChild } from '../ops/support/child.js';
import { postgresStores, redisStores, type SharedStores } from '../ops/support/shared-stores.js';
import { alert, story } from './contract.js';

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
const NOW = new Date('2025-10-23T09:00:00Z');

async function fill(store: KeyValueStore): Promise<void> {
  await new FeedStateRepository<{ url: string; etag: string }>(store).put({ url: 'https://a.example/feed.xml', etag: '"1"' });
  await new SeenItemRepository(store, 3_600_000).mark(['url:https://a.example/1', 'guid:a|1'], {
    url: 'https://a.example/1',
    title: 'One',
    feedUrl: 'https://a.example/feed.xml',
    decision: 'alerted',
    reason: null,
    storyId: 'st_1',
    at: NOW.toISOString(),
  });
  await new SeenItemRepository(store, 1).mark(['url:https://a.example/gone'], {
    url: 'https://a.example/gone',
    title: 'Gone',
    feedUrl: 'https://a.example/feed.xml',
    decision: 'not-relevant',
    reason: null,
    storyId: null,
    at: NOW.toISOString(),
  });
  await new StoryRepository(store).save(story('st_1', { fingerprints: ['00ff00ff00ff00ff'] }));
  const outbox = new OutboxRepository(store);
  await outbox.enqueue(alert('st_1', 1), ['console'], NOW);
  await outbox.recordDelivery('console', 'st_1', { version: 1, at: NOW.toISOString() });
  await new Promise((resolve) => setTimeout(resolve, 20));
}

async function expectCopied(store: KeyValueStore): Promise<void> {
  expect(await new FeedStateRepository(store).get('https://a.example/feed.xml')).toEqual({ url: 'https://a.example/feed.xml', etag: '"1"' });
  const seen = new SeenItemRepository(store, 1);
  expect(await seen.find(['guid:a|1'])).toMatchObject({ storyId: 'st_1' });
  expect(await seen.find(['url:https://a.example/gone'])).toBeNull();
  const stories = new StoryRepository(store);
  expect(await stories.get('st_1')).toMatchObject({ id: 'st_1' });
  const story1 = (await stories.get('st_1'))!;
  const byText = await stories.candidates(['kent'], '00ff00ff00ff00ff', story1.reportDate ?? story1.firstSeen, 86_400_000, (a, b) => a === b);
  expect(byText.map((found) => found.id)).toEqual(['st_1']);
  expect(await stories.idsForForce('northumbria')).toEqual(['st_1']);
  const outbox = new OutboxRepository(store);
  expect((await outbox.pending()).map((entry) => entry.id)).toEqual(['st_1@1']);
  expect(await outbox.delivery('console', 'st_1')).toEqual({ version: 1, at: NOW.toISOString() });
  // The seen item keeps (about) the hour it had left.
  for await (const entry of store.entries('seen')) {
    expect(entry.expires).toBeGreaterThan(Date.now() + 3_500_000);
    expect(entry.expires).toBeLessThanOrEqual(Date.now() + 3_600_000);
  }
}

describe('copyStore', () => {
  let dir: string;
  let source: KeyValueStore;
  const shared: SharedStores[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-migrate-'));
    source = await openStore(`sqlite:${path.join(dir, 'from.sqlite')}`);
    await fill(source);
  });
  afterEach(async () => {
    await source.close();
    for (const stores of shared.splice(0)) await stores.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('copies every namespace from sqlite to another sqlite file, leaving expired entries behind', async () => {
    const target = await openStore(`sqlite:${path.join(dir, 'to.sqlite')}`);
    try {
      const progress: string[] = [];
      const report = await copyStore(source, target, { onProgress: ({ namespace, done }) => done && progress.push(namespace) });
      expect(report).toMatchObject({ expired: 1, total: 19, copied: { feeds: 1, seen: 2, stories: 1, index: 12, outbox: 3 } });
      expect(progress).toEqual(['feeds', 'seen', 'stories', 'index', 'outbox']);
      await expectCopied(target);
    } finally {
      await target.close();
    }
  });

  it.skipIf(!REDIS_URL)(`copies from sqlite to Redis${REDIS_URL ? '' : ' (skipped: REDIS_URL is not set)'}`, async () => {
    const stores = redisStores(REDIS_URL!, [3]);
    shared.push(stores);
    const target = await openStore(await stores.fresh());
    try {
      await copyStore(source, target);
      await expectCopied(target);
    } finally {
      await target.close();
    }
  });

  it.skipIf(!DATABASE_URL)(`copies from sqlite to PostgreSQL${DATABASE_URL ? '' : ' (skipped: DATABASE_URL is not set)'}`, async () => {
    const stores = postgresStores(DATABASE_URL!);
    shared.push(stores);
    const target = await openStore(await stores.fresh());
    try {
      await copyStore(source, target);
      await expectCopied(target);
    } finally {
      await target.close();
    }
  });
});

describe('migrate-store command', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-migrate-cli-'));
    const source = await openStore(`sqlite:${path.join(dir, 'from.sqlite')}`);
    await fill(source);
    await source.close();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function streams(tty: boolean) {
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: tty });
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    return { stdout, stderr, out: () => out, err: () => err };
  }

  it('prints a summary, and a progress line only when stderr is a terminal', async () => {
    const plain = streams(false);
    const code = await runMigrateStore({ from: `sqlite:${path.join(dir, 'from.sqlite')}`, to: `sqlite:${path.join(dir, 'to.sqlite')}`, ...plain });
    expect(code).toBe(0);
    expect(plain.out()).toMatch(/^copied 19 entries from sqlite:.*from\.sqlite to sqlite:.*to\.sqlite \(feeds 1, seen 2, stories 1, index 12, outbox 3\); 1 expired entries left behind\n$/);
    expect(plain.err()).toBe('');

    const tty = streams(true);
    expect(await runMigrateStore({ from: `sqlite:${path.join(dir, 'from.sqlite')}`, to: `sqlite:${path.join(dir, 'again.sqlite')}`, ...tty })).toBe(0);
    expect(tty.err()).toContain('\r\x1b[2Kcopying');
    expect(tty.err()).toContain('copying outbox: 3 (19 in all)');
  });

  it('refuses what is not a store URL, and copying a store onto itself', async () => {
    const bad = streams(false);
    expect(await runMigrateStore({ from: 'mysql://x', to: `sqlite:${path.join(dir, 'to.sqlite')}`, ...bad })).toBe(2);
    expect(bad.err()).toContain('--from mysql://x is not a store URL');
    const same = streams(false);
    expect(await runMigrateStore({ from: `sqlite:${path.join(dir, 'from.sqlite')}`, to: `sqlite:${path.join(dir, 'from.sqlite')}`, ...same })).toBe(2);
    const unreachable = streams(false);
    expect(await runMigrateStore({ from: `sqlite:${path.join(dir, 'from.sqlite')}`, to: 'redis://127.0.0.1:1', ...unreachable })).toBe(1);
    expect(unreachable.err()).toContain('cannot connect to redis://127.0.0.1:1');
  });

  it('runs from the command line (no progress line when stderr is not a terminal)', async () => {
    const child = startChild(CLI_SOURCE, ['migrate-store', '--from', `sqlite:${path.join(dir, 'from.sqlite')}`, '--to', `sqlite:${path.join(dir, 'cli.sqlite')}`]);
    const exit = await child.exited;
    expect(exit.code).toBe(0);
    expect(child.stdout.join('\n')).toContain('copied 19 entries');
    expect(child.stderr.join('\n')).not.toContain('copying');
    const target = await openStore(`sqlite:${path.join(dir, 'cli.sqlite')}`);
    try {
      await expectCopied(target);
    } finally {
      await target.close();
    }
    const usage = startChild(CLI_SOURCE, ['migrate-store', '--from', `sqlite:${path.join(dir, 'from.sqlite')}`]);
    expect((await usage.exited).code).toBe(2);
    expect(usage.stderr.join('\n')).toContain('migrate-store needs --from and --to');
  });
});
