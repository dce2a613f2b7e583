// The per-feed polling policy: when to ask, what to send so an unchanged feed costs a 304, when to
// back off, and when to tell a human that a feed is broken (and again when it heals). Pure apart
// from the injected HttpClient; the caller persists the returned state and passes `now`.
import { createHash } from 'node:crypto';
import type { FeedItem } from '../core/types.js';
import { decodeBody } from './charset.js';
import { parseFeed } from './feed-parser.js';
import type { FetchFailureCode, HttpClient } from './http.js';

export interface FeedState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** sha256 of the last body parsed, to skip re-parsing servers that ignore conditional GET. */
  bodyHash: string | null;
  /** ISO time before which the feed is not fetched again. */
  nextPollAt: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  lastError: string | null;
  unhealthy: boolean;
  firstPolledAt: string | null;
  lastSuccessAt: string | null;
}

export interface FeedToPoll {
  url: string;
  name?: string | undefined;
  intervalMinutes?: number | undefined;
}

export type FeedNotice =
  | { type: 'feed.failing'; url: string; name: string | null; since: string; reason: string }
  | { type: 'feed.recovered'; url: string; name: string | null; since: string };

export type FeedPollErrorCode = FetchFailureCode | 'not-a-feed';

export interface FeedPollResult {
  state: FeedState;
  outcome: 'skipped' | 'unchanged' | 'items' | 'failed';
  items: FeedItem[];
  error: { code: FeedPollErrorCode; message: string } | null;
  notice: FeedNotice | null;
  /** Body bytes downloaded by this poll (0 for skipped, 304 and failures). */
  feedBytes: number;
}

/** After this many failures in a row a feed is reported as failing. */
export const UNHEALTHY_AFTER_FAILURES = 10;
const MINUTE_MS = 60_000;
const FIRST_BACKOFF_MS = 5 * MINUTE_MS;
const MAX_BACKOFF_MS = 24 * 60 * MINUTE_MS;
/** A publisher's max-age may slow us down, but not for longer than this: news goes stale. */
const MAX_CACHE_AGE_MS = 60 * MINUTE_MS;

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export function initialFeedState(url: string): FeedState {
  return {
    url,
    etag: null,
    lastModified: null,
    bodyHash: null,
    nextPollAt: null,
    consecutiveFailures: 0,
    failingSince: null,
    lastError: null,
    unhealthy: false,
    firstPolledAt: null,
    lastSuccessAt: null,
  };
}

/**
 * A stable offset in [0, windowMs) derived from the URL, so feeds added together do not all fall
 * due in the same second, and a restart keeps each feed in its slot.
 */
export function spreadOffsetMs(url: string, windowMs: number): number {
  if (!(windowMs >= 1)) return 0;
  const digest = createHash('sha256').update(url).digest();
  return digest.readUIntBE(0, 6) % Math.floor(windowMs);
}

/** 5 min, 10, 20, … doubling per consecutive failure, capped at 24 h. */
export function backoffMs(consecutiveFailures: number): number {
  const exponent = Math.max(consecutiveFailures - 1, 0);
  return Math.min(FIRST_BACKOFF_MS * 2 ** exponent, MAX_BACKOFF_MS);
}

function at(now: Date, delayMs: number): string {
  return new Date(now.getTime() + delayMs).toISOString();
}

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

function nextPollAfterSuccess(now: Date, feed: FeedToPoll, cacheMaxAgeSeconds: number | null): string | null {
  const delays: number[] = [];
  if (feed.intervalMinutes !== undefined && feed.intervalMinutes > 0) delays.push(feed.intervalMinutes * MINUTE_MS);
  if (cacheMaxAgeSeconds !== null && cacheMaxAgeSeconds > 0) delays.push(Math.min(cacheMaxAgeSeconds * 1000, MAX_CACHE_AGE_MS));
  // With neither, the scheduler's own cadence decides.
  return delays.length === 0 ? null : at(now, Math.max(...delays));
}

interface Failure {
  code: FeedPollErrorCode;
  message: string;
  status?: number | undefined;
  retryAfterSeconds?: number | undefined;
}

function failed(feed: FeedToPoll, previous: FeedState, now: Date, failure: Failure): FeedPollResult {
  const consecutiveFailures = previous.consecutiveFailures + 1;
  let delayMs = backoffMs(consecutiveFailures);
  const askedToWait = failure.status === 429 || failure.status === 503;
  if (askedToWait && failure.retryAfterSeconds !== undefined) {
    // Honour the server's request when it is longer than our own backoff, within the same 24 h cap.
    delayMs = Math.max(delayMs, Math.min(failure.retryAfterSeconds * 1000, MAX_BACKOFF_MS));
  }
  const failingSince = previous.failingSince ?? now.toISOString();
  const unhealthy = consecutiveFailures >= UNHEALTHY_AFTER_FAILURES;
  const becameUnhealthy = unhealthy && !previous.unhealthy;
  return {
    state: {
      ...previous,
      nextPollAt: at(now, delayMs),
      consecutiveFailures,
      failingSince,
      lastError: failure.message,
      unhealthy,
      firstPolledAt: previous.firstPolledAt ?? now.toISOString(),
    },
    outcome: 'failed',
    items: [],
    error: { code: failure.code, message: failure.message },
    notice: becameUnhealthy
      ? { type: 'feed.failing', url: feed.url, name: feed.name ?? null, since: failingSince, reason: failure.message }
      : null,
    feedBytes: 0,
  };
}

interface Success {
  outcome: 'unchanged' | 'items';
  items: FeedItem[];
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  cacheMaxAgeSeconds: number | null;
  feedBytes: number;
}

function succeeded(feed: FeedToPoll, previous: FeedState, now: Date, success: Success): FeedPollResult {
  const recovered = previous.unhealthy;
  return {
    state: {
      ...previous,
      etag: success.etag,
      lastModified: success.lastModified,
      bodyHash: success.bodyHash,
      nextPollAt: nextPollAfterSuccess(now, feed, success.cacheMaxAgeSeconds),
      consecutiveFailures: 0,
      failingSince: null,
      lastError: null,
      unhealthy: false,
      firstPolledAt: previous.firstPolledAt ?? now.toISOString(),
      lastSuccessAt: now.toISOString(),
    },
    outcome: success.outcome,
    items: success.items,
    error: null,
    notice: recovered
      ? { type: 'feed.recovered', url: feed.url, name: feed.name ?? null, since: previous.failingSince ?? now.toISOString() }
      : null,
    feedBytes: success.feedBytes,
  };
}

export async function pollFeed(http: HttpClient, feed: FeedToPoll, state: FeedState | null, now: Date): Promise<FeedPollResult> {
  const previous = state ?? initialFeedState(feed.url);
  if (previous.nextPollAt !== null && now.getTime() < Date.parse(previous.nextPollAt)) {
    return { state: previous, outcome: 'skipped', items: [], error: null, notice: null, feedBytes: 0 };
  }

  const response = await http.fetch({ url: feed.url, etag: previous.etag, lastModified: previous.lastModified, accept: FEED_ACCEPT });
  if (response.kind === 'failed') return failed(feed, previous, now, response);
  if (response.kind === 'not-modified') {
    return succeeded(feed, previous, now, {
      outcome: 'unchanged',
      items: [],
      // A 304 need not repeat the validators; the ones we sent are still the right ones.
      etag: response.etag ?? previous.etag,
      lastModified: response.lastModified ?? previous.lastModified,
      bodyHash: previous.bodyHash,
      cacheMaxAgeSeconds: response.cacheMaxAgeSeconds,
      feedBytes: 0,
    });
  }

  const bodyHash = sha256(response.body);
  const common = {
    etag: response.etag,
    lastModified: response.lastModified,
    bodyHash,
    cacheMaxAgeSeconds: response.cacheMaxAgeSeconds,
    feedBytes: response.body.length,
  };
  if (bodyHash === previous.bodyHash) {
    return succeeded(feed, previous, now, { ...common, outcome: 'unchanged', items: [] });
  }
  const parsed = await parseFeed(decodeBody(response.body, response.contentType, 'xml'), response.url);
  if (parsed.kind === 'not-a-feed') {
    const message = `${response.url} is not a feed: ${parsed.reason}`;
    // This response's validators and hash are not stored, so the next poll fetches and judges the body afresh.
    return { ...failed(feed, previous, now, { code: 'not-a-feed', message }), feedBytes: response.body.length };
  }
  return succeeded(feed, previous, now, { ...common, outcome: 'items', items: parsed.items });
}
