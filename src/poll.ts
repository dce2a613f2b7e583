// One poll, start to finish: feeds in, alerts out. Feeds are fetched concurrently; new items are
// then read and placed in stories one at a time, oldest first, so the story an article founds
// does not depend on which feed answered first. A feed's state (validators, body hash) is saved
// only after its items are recorded, so a crash re-fetches rather than loses them. Replicas
// sharing a store coordinate through leases: a feed is polled by the replica holding its lease,
// stories are placed by one replica at a time, the outbox is drained by one at a time.
import { parseDurationMs, type FeedConfig } from './config/schema.js';
import { mapLimit, sleep } from './core/concurrency.js';
import { faultPoint } from './core/fault-points.js';
import type { Logger } from './core/logger.js';
import type { FeedNoticeEvent, StorySource } from './core/story.js';
import type { ArticleText, ExtractedArticle, FeedItem } from './core/types.js';
import { drainOutbox, type DrainReport } from './deliver/outbox.js';
import type { Sink } from './deliver/sink.js';
import { pollFeed, spreadOffsetMs, type FeedPollResult, type FeedState } from './ingest/feed-poll.js';
import type { HttpClient } from './ingest/http.js';
import { itemKeys } from './pipeline/item-keys.js';
import type { ReadResult } from './pipeline/read-article.js';
import { placeInStory } from './pipeline/story-step.js';
import { fenceSink, type Lease, type LeaseManager } from './ops/lease.js';
import { simhash } from './stories/fingerprint.js';
import { StoreError } from './store/keyv-store.js';
import type { OutboxRepository } from './store/outbox-repository.js';
import type { FeedStateRepository, SeenItemRepository, StoryRepository } from './store/repositories.js';

export interface PollDeps {
  feeds: readonly FeedConfig[];
  http: HttpClient;
  read: (item: FeedItem, outlet: string | null) => Promise<ReadResult>;
  extract: (text: ArticleText) => ExtractedArticle;
  feedStates: FeedStateRepository<FeedState>;
  seen: SeenItemRepository;
  stories: StoryRepository;
  outbox: OutboxRepository;
  sinks: () => readonly Sink[];
  now: () => Date;
  /** 'all', 'none', or milliseconds: what a feed's first poll alerts on. */
  backfill: 'all' | 'none' | number;
  storyWindowMs: number;
  feedConcurrency: number;
  /** Spread feed start times over this many ms (scheduled polls); 0 starts them all at once. */
  spreadMs?: number;
  pageConcurrency: number;
  log: Logger;
  /** Replicas sharing the store (feed, stories and outbox leases); absent when this process is alone. */
  leases?: LeaseManager;
  /** Aborted when the process is asked to stop: no further item is placed and no feed state saved. */
  signal?: AbortSignal;
}

/** How long a replica waits for another to finish placing stories before leaving its items for next time. */
const STORIES_LEASE_WAIT_MS = 60_000;

export interface PollReport {
  feeds: number;
  unchanged: number;
  skipped: number;
  failed: { url: string; name: string | null; reason: string }[];
  newItems: number;
  relevant: number;
  created: number;
  updated: number;
  delivery: DrainReport;
  feedBytes: number;
  /** Feeds left to another replica, which holds their lease. */
  heldElsewhere?: number;
  /** Stopped before every new item was placed (shutdown, or stories busy elsewhere); feed states not saved. */
  abandoned?: boolean;
}

interface PendingItem {
  feed: FeedConfig;
  item: FeedItem;
  keys: string[];
}

export async function pollOnce(deps: PollDeps): Promise<PollReport> {
  const feedLeases = new Map<string, Lease>();
  try {
    return await pollFeeds(deps, feedLeases);
  } finally {
    await Promise.all([...feedLeases.values()].map((lease) => lease.release()));
  }
}

async function pollFeeds(deps: PollDeps, feedLeases: Map<string, Lease>): Promise<PollReport> {
  const report: PollReport = { feeds: deps.feeds.length, unchanged: 0, skipped: 0, failed: [], newItems: 0, relevant: 0, created: 0, updated: 0, delivery: emptyDrain(), feedBytes: 0 };

  // Scheduled polls spread their feeds' start times by a hash of the URL, so 200 feeds do not
  // hit their servers in the same second, and each feed keeps its slot from poll to poll.
  const spreadMs = deps.spreadMs ?? 0;
  const started = Date.now();
  const feeds = spreadMs > 0 ? [...deps.feeds].sort((a, b) => spreadOffsetMs(a.url, spreadMs) - spreadOffsetMs(b.url, spreadMs)) : deps.feeds;
  // A record that cannot be read is named in the log and passed over (each repository says how).
  const unreadable = (error: StoreError) => deps.log.error(error.message);
  const attempted = await unlessAborted(deps.signal, mapLimit(feeds, deps.feedConcurrency, async (feed) => {
    if (spreadMs > 0) await waitUntil(started + spreadOffsetMs(feed.url, spreadMs), deps.signal);
    if (deps.leases) {
      const lease = await deps.leases.tryAcquire(`feed:${feed.url}`);
      if (!lease) return null;
      feedLeases.set(feed.url, lease);
    }
    // A feed whose state record cannot be read was polled before: fetched afresh, not as new.
    let stateUnreadable = false;
    const state = await deps.feedStates.get(feed.url, (error) => {
      stateUnreadable = true;
      unreadable(error);
    });
    const result = await pollFeed(deps.http, { url: feed.url, name: feed.name, intervalMinutes: intervalMinutes(feed) }, state, deps.now());
    return { feed, firstPoll: !stateUnreadable && !state?.firstPolledAt, result };
  }));
  // Asked to stop while fetching: nothing recorded yet, the next poll starts over.
  if (!attempted) return { ...report, abandoned: true };
  const polled = attempted.filter((attempt) => attempt !== null);
  if (deps.leases) report.heldElsewhere = attempted.length - polled.length;
  faultPoint('feeds-fetched');

  const pending: PendingItem[] = [];
  for (const { feed, firstPoll, result } of polled) {
    tally(report, feed, result);
    if (result.notice) await notifyAll(deps, noticeEvent(result.notice, deps.now()));
    for (const item of result.items) {
      const keys = itemKeys(feed.url, item);
      const { item: seen, missing } = await deps.seen.lookup(keys, unreadable);
      if (seen) {
        // Known under another key (the same URL from another feed): remember this key too. An
        // item still listed in its own feed is known under all its keys and costs no write.
        if (missing.length > 0) await deps.seen.mark(missing, seen);
        continue;
      }
      if (pending.some((other) => other.keys.some((key) => keys.includes(key)))) continue;
      if (firstPoll && !withinBackfill(item, deps.backfill, deps.now())) {
        await deps.seen.mark(keys, seenRecord(feed, item, 'backfill-skipped', 'published before the backfill window of the feed’s first poll', null, deps.now()));
        continue;
      }
      pending.push({ feed, item, keys });
    }
  }
  pending.sort((a, b) => (a.item.published ?? '').localeCompare(b.item.published ?? ''));
  report.newItems = pending.length;

  // Pages are fetched concurrently; extraction and clustering run in published order.
  const texts = await unlessAborted(deps.signal, mapLimit(pending, deps.pageConcurrency, (entry) => deps.read(entry.item, entry.feed.name ?? null)));
  if (!texts) return { ...report, abandoned: true };
  // With replicas, stories are placed under the stories lease, and an item another replica
  // placed meanwhile (the same article in its feeds) is skipped.
  const storiesLease = deps.leases && pending.length > 0 ? await deps.leases.acquire('stories', { waitMs: STORIES_LEASE_WAIT_MS, signal: deps.signal }) : null;
  if (deps.leases && pending.length > 0 && !storiesLease) report.abandoned = true;
  const unplaced = new Set<string>();
  try {
    for (const [index, entry] of pending.entries()) {
      if (report.abandoned || deps.signal?.aborted) {
        report.abandoned = true;
        break;
      }
      if (storiesLease && (await deps.seen.find(entry.keys, unreadable))) continue;
      try {
        await processItem(deps, report, entry, texts[index]!);
      } catch (error) {
        if (!(error instanceof StoreError && error.code === 'store-corrupt')) throw error;
        // A corrupt record fails the items that touch it, not the poll (nor delivery): the item
        // stays unseen and its feed's state unsaved, so it is retried until the record is removed.
        deps.log.error(`${entry.item.link ?? entry.item.title}: not placed, retried next poll: ${error.message}`);
        unplaced.add(entry.feed.url);
      }
    }
  } finally {
    await storiesLease?.release();
  }

  // Not all items placed: the old states stay, so the feeds are fetched again and nothing is lost.
  // A feed lease lost meanwhile (this replica stalled past its expiry) leaves the state to the new holder.
  if (!report.abandoned) for (const { feed, result } of polled) if (!unplaced.has(feed.url) && (await stillHeld(feedLeases.get(feed.url)))) await deps.feedStates.put(result.state);
  faultPoint('before-drain');
  if (!deps.signal?.aborted) report.delivery = await drainHeld(deps);
  return report;
}

/**
 * Delivers what the outbox holds. With replicas only under the outbox lease — when another
 * replica holds it, that one is draining — and with every delivery fenced by the lease.
 */
export async function drainHeld(deps: Pick<PollDeps, 'outbox' | 'sinks' | 'now' | 'log' | 'leases'>, budgetMs?: number): Promise<DrainReport> {
  const lease = deps.leases ? await deps.leases.tryAcquire('outbox') : null;
  if (deps.leases && !lease) return emptyDrain();
  try {
    const sinks = lease ? deps.sinks().map((sink) => fenceSink(sink, lease)) : deps.sinks();
    return await drainOutbox(deps.outbox, sinks, { now: deps.now, log: (level, message) => deps.log[level](message), ...(budgetMs === undefined ? {} : { budgetMs }) });
  } finally {
    await lease?.release();
  }
}

/** The step's result, or null as soon as the signal aborts; an abandoned step finishes unobserved. */
function unlessAborted<T>(signal: AbortSignal | undefined, step: Promise<T>): Promise<T | null> {
  if (!signal) return step;
  if (signal.aborted) {
    step.catch(() => undefined);
    return Promise.resolve(null);
  }
  return new Promise<T | null>((resolve, reject) => {
    const onAbort = () => resolve(null);
    signal.addEventListener('abort', onAbort, { once: true });
    void step.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function stillHeld(lease: Lease | undefined): Promise<boolean> {
  return !lease || (await lease.confirm());
}

async function processItem(deps: PollDeps, report: PollReport, entry: PendingItem, read: ReadResult): Promise<void> {
  const { feed, item, keys } = entry;
  const now = deps.now();
  if (read.fallbackReason) deps.log.info(`${item.link ?? item.title}: using the feed's text (${read.fallbackReason})`);
  if (read.text.paragraphs.length === 0) {
    await deps.seen.mark(keys, seenRecord(feed, item, 'unreadable', read.fallbackReason ?? 'no text', null, now));
    return;
  }
  let article: ExtractedArticle;
  try {
    article = deps.extract(read.text);
  } catch (error) {
    // Extraction is pure, so a page that breaks it breaks it every time: left unseen, it would be
    // read again by every poll and stop the poll (and delivery) before anything after it.
    const reason = `extraction failed: ${(error as Error).message}`;
    deps.log.error(`${item.link ?? item.title}: ${reason}; the item is skipped`);
    await deps.seen.mark(keys, seenRecord(feed, item, 'unreadable', reason, null, now));
    return;
  }
  if (!article.relevant) {
    await deps.seen.mark(keys, seenRecord(feed, item, 'not-relevant', 'not about an inspection of a UK police force', null, now));
    return;
  }
  report.relevant += 1;
  const source: StorySource = {
    url: article.url,
    title: article.title,
    outlet: article.outlet,
    published: article.published,
    fromInspectorate: /inspectorate|hmicfrs|hmic\b/i.test(`${feed.name ?? ''} ${feed.url}`),
  };
  const fingerprint = simhash(read.text.paragraphs.join('\n'));
  const placed = await placeInStory(
    { stories: deps.stories, outbox: deps.outbox, sinkIds: () => deps.sinks().map((sink) => sink.id), windowMs: deps.storyWindowMs, onUnreadable: (error) => deps.log.error(error.message) },
    article,
    source,
    fingerprint,
    now,
    read.text.paragraphs[0],
  );
  if (placed.event?.type === 'alert.created') report.created += 1;
  if (placed.event?.type === 'alert.updated') report.updated += 1;
  const decision = placed.decision === 'new' ? 'alerted' : placed.event ? 'merged' : 'no-change';
  await deps.seen.mark(keys, seenRecord(feed, item, decision, null, placed.story.id, now));
}

function seenRecord(feed: FeedConfig, item: FeedItem, decision: Parameters<SeenItemRepository['mark']>[1]['decision'], reason: string | null, storyId: string | null, now: Date) {
  return { url: item.link, title: item.title, feedUrl: feed.url, decision, reason, storyId, at: now.toISOString() };
}

function withinBackfill(item: FeedItem, backfill: PollDeps['backfill'], now: Date): boolean {
  if (backfill === 'all') return true;
  if (backfill === 'none') return false;
  // An undated item on a first poll cannot be placed in time; alert rather than risk losing it.
  if (!item.published) return true;
  return now.getTime() - Date.parse(item.published) <= backfill;
}

function tally(report: PollReport, feed: FeedConfig, result: FeedPollResult): void {
  report.feedBytes += result.feedBytes;
  if (result.outcome === 'unchanged') report.unchanged += 1;
  if (result.outcome === 'skipped') report.skipped += 1;
  if (result.outcome === 'failed') report.failed.push({ url: feed.url, name: feed.name ?? null, reason: result.error?.message ?? 'unknown error' });
}

function noticeEvent(notice: NonNullable<FeedPollResult['notice']>, now: Date): FeedNoticeEvent {
  return {
    schema: 1,
    type: notice.type,
    at: now.toISOString(),
    feed: { url: notice.url, name: notice.name },
    since: notice.since,
    reason: notice.type === 'feed.failing' ? notice.reason : null,
  };
}

async function notifyAll(deps: PollDeps, notice: FeedNoticeEvent): Promise<void> {
  deps.log.warn(`${notice.type}: ${notice.feed.name ?? notice.feed.url} since ${notice.since}${notice.reason ? `: ${notice.reason}` : ''}`);
  await Promise.all(deps.sinks().map((sink) => sink.notify(notice).catch(() => undefined)));
}

function intervalMinutes(feed: FeedConfig): number | undefined {
  const ms = feed.interval ? parseDurationMs(feed.interval) : null;
  return ms === null ? undefined : ms / 60_000;
}

function emptyDrain(): DrainReport {
  return { delivered: 0, retrying: 0, rejected: 0, skipped: 0, pending: 0 };
}

function waitUntil(time: number, signal: AbortSignal | undefined): Promise<void> {
  return sleep(time - Date.now(), signal);
}
