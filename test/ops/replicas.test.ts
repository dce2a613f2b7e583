// Two replicas, two processes, one shared store (Redis, then PostgreSQL), the same loopback
// feeds: every story is created and delivered exactly once between them, and when one is killed
// mid-poll the other takes over its feeds once their leases expire, losing nothing. The jsonl
// sink (one file both replicas write, as with a shared volume) shows what was delivered; a
// webhook receiver counts every delivery, duplicates included.
import { readFile, rm, writeFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/core/story.js';
import { openStore } from '../../src/store/keyv-store.js';
import { StoryRepository } from '../../src/store/repositories.js';
import { startChild, type Child } from './support/child.js';
import { postgresStores, redisStores, type SharedStores } from './support/shared-stores.js';
import { startReceiver, type Receiver } from './support/receiver.js';
import { startOpsSite, type OpsSite } from './support/site.js';

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
const REPLICA = fileURLToPath(new URL('./support/replica.ts', import.meta.url));
const LEASE_TTL_MS = 1_500;
const STORIES = 8;

async function readJsonl(file: string): Promise<AlertEvent[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AlertEvent)
    .filter((event) => event.type?.startsWith('alert.'));
}

function latestByStory(events: AlertEvent[]): Map<string, AlertEvent> {
  const latest = new Map<string, AlertEvent>();
  for (const event of events) if ((latest.get(event.storyId)?.version ?? 0) < event.version) latest.set(event.storyId, event);
  return latest;
}

describe.each([
  { name: 'redis', url: REDIS_URL, make: (base: string) => redisStores(base, [5, 6]), unset: 'REDIS_URL' },
  { name: 'postgres', url: DATABASE_URL, make: postgresStores, unset: 'DATABASE_URL' },
])('two replicas on one $name store', ({ name, url, make, unset }) => {
  const skip = !url;
  let backend: SharedStores;
  let site: OpsSite;
  let receiver: Receiver;
  let dir: string;
  const children: Child[] = [];

  beforeAll(async () => {
    if (skip) return;
    backend = make(url!);
    dir = await mkdtemp(path.join(tmpdir(), `forcewatch-replicas-${name}-`));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    await site?.close();
    await receiver?.close();
    await backend?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function startPair(scenario: string, lockstepMs = 0): Promise<{ a: Child; b: Child; jsonl: string; storeUrl: string; go: () => Promise<void> }> {
    site = await startOpsSite({ pageDelayMs: 120, feedDelayMs: 250, lockstepMs });
    receiver = await startReceiver();
    const storeUrl = await backend.fresh();
    const configDir = path.join(dir, scenario, 'config');
    const jsonl = path.join(dir, scenario, 'alerts.jsonl');
    await mkdir(configDir, { recursive: true });
    await writeFile(
      path.join(configDir, 'forcewatch.yaml'),
      stringify({
        store: storeUrl,
        backfill: 'all',
        fetch: { allowPrivateAddresses: true, maxConcurrent: 2, parseWorkers: 0, connectTimeoutMs: 2_000, totalTimeoutMs: 5_000 },
        feeds: site.feeds,
        sinks: [{ type: 'jsonl', path: jsonl }, { type: 'webhook', url: receiver.url }],
        http: { enabled: false },
        discord: { gateway: false },
      }),
    );
    await writeFile(path.join(configDir, 'watchlist.yaml'), 'forces: all\n');
    const goFile = path.join(dir, scenario, 'go');
    const start = () => startChild(REPLICA, [configDir, String(LEASE_TTL_MS), '150', goFile], { limitMs: 120_000 });
    const a = start();
    const b = start();
    children.push(a, b);
    const ready = (child: Child) => child.waitFor(() => child.logs().some((line) => String(line.msg).endsWith(' ready')), 'the replica to be ready');
    return {
      a,
      b,
      jsonl,
      storeUrl,
      go: async () => {
        await Promise.all([ready(a), ready(b)]);
        await writeFile(goFile, '');
      },
    };
  }

  /** Waits until the jsonl shows every story with both of its sources. */
  async function waitForAllStories(jsonl: string, timeoutMs = 60_000): Promise<AlertEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = await readJsonl(jsonl);
      const latest = latestByStory(events);
      if (latest.size >= STORIES && [...latest.values()].every((event) => event.sources.length >= 2)) return events;
      if (Date.now() > deadline) throw new Error(`only ${latest.size} stories after ${timeoutMs} ms: ${JSON.stringify([...latest.values()].map((e) => [e.headline, e.sources.length]))}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function expectEveryStoryOnce(events: AlertEvent[], storeUrl: string): Promise<void> {
    const created = events.filter((event) => event.type === 'alert.created');
    expect(created).toHaveLength(STORIES);
    expect(new Set(created.map((event) => event.storyId)).size).toBe(STORIES);
    // Each story version written once.
    const versions = events.map((event) => `${event.storyId}@${event.version}`);
    expect(new Set(versions).size).toBe(versions.length);
    // Nothing lost: every article is a source of the last version of its story.
    const sources = [...latestByStory(events).values()].flatMap((event) => event.sources.map((source) => new URL(source.url).pathname));
    expect(sources.sort()).toEqual(site.articles.map((article) => article.path).sort());
    // And the shared store holds one story per report.
    const store = await openStore(storeUrl);
    try {
      expect(await new StoryRepository(store).allIds()).toHaveLength(STORIES);
    } finally {
      await store.close();
    }
  }

  const polls = (child: Child) => child.logs().filter((line) => line.msg === 'replica poll').map((line) => line.poll as { newItems: number; heldElsewhere: number });

  it.skipIf(skip)(`deliver every story exactly once between them${skip ? ` (skipped: ${unset} is not set)` : ''}`, async () => {
    // Pages answered in lockstep: both finish reading together and place stories at the same time.
    const { a, b, jsonl, storeUrl, go } = await startPair('together', 150);
    await go();
    const events = await waitForAllStories(jsonl);
    a.kill('SIGTERM');
    b.kill('SIGTERM');
    const [exitA, exitB] = await Promise.all([a.exited, b.exited]);
    expect([exitA.code, exitB.code]).toEqual([0, 0]);

    await expectEveryStoryOnce(events, storeUrl);
    // The webhook saw each story created once and each version once, across both processes.
    const createdAtHook = receiver.alerts.filter((event) => event.type === 'alert.created').map((event) => event.storyId);
    expect(createdAtHook.sort()).toEqual([...new Set(createdAtHook)].sort());
    expect(createdAtHook).toHaveLength(STORIES);
    const hookVersions = receiver.alerts.map((event) => `${event.storyId}@${event.version}`);
    expect(new Set(hookVersions).size).toBe(hookVersions.length);
    // The feeds were shared out: each article was read once, by one replica or the other, and
    // each replica found feeds held by the other.
    const all = [...polls(a), ...polls(b)];
    expect(all.reduce((sum, poll) => sum + poll.newItems, 0)).toBe(site.articles.length);
    expect(polls(a).some((poll) => poll.heldElsewhere > 0)).toBe(true);
    expect(polls(b).some((poll) => poll.heldElsewhere > 0)).toBe(true);
  });

  it.skipIf(skip)(`lose nothing when one is killed mid-poll${skip ? ` (skipped: ${unset} is not set)` : ''}`, async () => {
    await site?.close();
    await receiver?.close();
    const { a, b, jsonl, storeUrl, go } = await startPair('killed');
    await go();
    // Both are reading article pages (slowed down): kill one while it holds its feed leases.
    await a.waitFor(() => site.pageRequests.length >= 3, 'pages being read');
    a.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await a.exited).signal).toBe('SIGKILL');
    const events = await waitForAllStories(jsonl);
    b.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);

    await expectEveryStoryOnce(events, storeUrl);
    // The survivor polled the dead replica's feeds once their leases expired.
    const survivorItems = polls(b).reduce((sum, poll) => sum + poll.newItems, 0);
    expect(survivorItems).toBeGreaterThan(0);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(LEASE_TTL_MS - 200);
    // The webhook may see a version again only if the kill fell between a send and its mark, and
    // then it is the same version (at least once, never two different creations).
    const createdAtHook = new Map<string, Set<number>>();
    for (const event of receiver.alerts.filter((alert) => alert.type === 'alert.created')) {
      createdAtHook.set(event.storyId, (createdAtHook.get(event.storyId) ?? new Set()).add(event.version));
    }
    expect(createdAtHook.size).toBe(STORIES);
    for (const versionsSeen of createdAtHook.values()) expect(versionsSeen.size).toBe(1);
  });
});
