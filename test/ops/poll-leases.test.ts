// Two app instances on one store, polling at the very same moment: the site answers article
// pages in lockstep (held until neither asks for more, then all at once), so both finish reading
// together and place stories at once. The feed leases split the feeds, the stories lease serialises the placing (a
// report told on both sides becomes one story), and the outbox lease lets one of them deliver.
// Runs on sqlite (in-process leases) and, when configured, on Redis and PostgreSQL.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import type { AlertEvent } from '../../src/core/story.js';
import { silentLogger } from '../../src/core/logger.js';
import { postgresStores, redisStores, type SharedStores } from './support/shared-stores.js';
import { startOpsSite, type OpsSite } from './support/site.js';

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;

describe.each([
  { name: 'sqlite', stores: null, skip: false, unset: '' },
  { name: 'redis', stores: () => redisStores(REDIS_URL!, [4]), skip: !REDIS_URL, unset: 'REDIS_URL' },
  { name: 'postgres', stores: () => postgresStores(DATABASE_URL!), skip: !DATABASE_URL, unset: 'DATABASE_URL' },
])('two apps polling one $name store at the same moment', ({ name, stores, skip, unset }) => {
  let site: OpsSite | null = null;
  let dir: string | null = null;
  let shared: SharedStores | null = null;
  const apps: App[] = [];

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await site?.close();
    await shared?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)(`place each report in one story and deliver it once${skip ? ` (skipped: ${unset} is not set)` : ''}`, async () => {
    // Feeds answer slowly enough that each app takes two of the four before the other gets there.
    site = await startOpsSite({ feedDelayMs: 200, lockstepMs: 150 });
    dir = await mkdtemp(path.join(tmpdir(), `forcewatch-poll-leases-${name}-`));
    const jsonl = path.join(dir, 'alerts.jsonl');
    shared = stores?.() ?? null;
    const storeUrl = shared ? await shared.fresh() : `sqlite:${path.join(dir, 'state.sqlite')}`;
    await writeFile(
      path.join(dir, 'forcewatch.yaml'),
      stringify({
        store: storeUrl,
        backfill: 'all',
        fetch: { allowPrivateAddresses: true, maxConcurrent: 2, parseWorkers: 0 },
        feeds: site.feeds,
        sinks: [{ type: 'jsonl', path: jsonl }],
        http: { enabled: false },
        discord: { gateway: false },
      }),
    );
    await writeFile(path.join(dir, 'watchlist.yaml'), 'forces: all\n');
    const config = await loadConfig(dir, {});
    const devNull = new Writable({ write: (_chunk, _encoding, done) => done() });
    for (let index = 0; index < 2; index += 1) apps.push(await createApp(config, { log: silentLogger, env: {}, stdout: devNull }));
    const [a, b] = apps as [App, App];

    const [first, second] = await Promise.all([a.pollOnce(), b.pollOnce()]);
    // The feeds were split between them: each left the other's to it.
    expect([first.heldElsewhere, second.heldElsewhere]).toEqual([2, 2]);
    expect(first.newItems + second.newItems).toBe(site.articles.length);
    // A second round delivers whatever the first left to the other's outbox lease.
    await Promise.all([a.pollOnce(), b.pollOnce()]);

    const events = (await readFile(jsonl, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AlertEvent);
    const created = events.filter((event) => event.type === 'alert.created');
    expect(created).toHaveLength(8);
    expect(new Set(created.map((event) => event.storyId)).size).toBe(8);
    expect(first.created + second.created).toBe(8);
    expect(await a.stories.allIds()).toHaveLength(8);
    const stories = await a.stories.getMany(await a.stories.allIds());
    expect(stories.every((story) => story.sources.length === 2)).toBe(true);
    expect(await a.outbox.depth()).toBe(0);
  });
});
