// Delivers recorded alerts to every sink, in the order they were recorded. A sink that fails
// (Discord down, a webhook timing out) keeps its entries pending with a backoff; later entries
// for the same story wait behind it so edits never overtake the post they edit. Bounded: a
// drain stops handing work to a sink once its time budget for this poll is spent.
import { faultPoint } from '../core/fault-points.js';
import type { OutboxEntry, OutboxRepository, SinkDeliveryState } from '../store/outbox-repository.js';
import type { DeliveryOutcome, Sink } from './sink.js';

export interface DrainOptions {
  now: () => Date;
  /** Time a sink may spend in one drain before the rest waits for the next poll. */
  budgetMs?: number;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface DrainReport {
  delivered: number;
  retrying: number;
  rejected: number;
  skipped: number;
  pending: number;
}

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

export function retryDelayMs(attempts: number, retryAfterMs?: number): number {
  const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

export async function drainOutbox(outbox: OutboxRepository, sinks: readonly Sink[], options: DrainOptions): Promise<DrainReport> {
  const report: DrainReport = { delivered: 0, retrying: 0, rejected: 0, skipped: 0, pending: 0 };
  const budgetMs = options.budgetMs ?? 60_000;
  const started = new Map<string, number>();
  // A story whose earlier version is still pending at a sink must not have a later one sent first.
  const blocked = new Set<string>();
  // A sink whose due alert just failed (down, 5xx, no answer) gets nothing more in this drain:
  // otherwise each pending alert costs another timeout, and a later story could get through first.
  const down = new Set<string>();
  // Sinks contacted in this drain (they have an alert due). For them, alerts still waiting out an
  // earlier failure's backoff go first, oldest first, so that after an outage alerts arrive in the
  // order they were recorded, not shortest-backoff first. One such early retry failing stops the
  // early retries but not the due alerts behind it: a story that fails on its own (a poison
  // payload) cannot hold up the others.
  const contacted = new Set<string>();
  const noEarly = new Set<string>();
  const finished: string[] = [];
  // A torn entry is named each drain and skipped; later versions of its story still go out.
  const entries = await outbox.pending((error) => options.log('error', error.message));
  // Several versions of a story waiting for one sink (a poll that found three articles at once)
  // are delivered as the latest only, at the place of the earliest: one post, not a post and two edits.
  const latest = new Map<string, OutboxEntry>();
  const nowMs = options.now().getTime();
  for (const entry of entries) {
    for (const [sinkId, state] of Object.entries(entry.sinks)) {
      if (state.state !== 'pending') continue;
      const key = `${sinkId}|${entry.event.storyId}`;
      if (entry.event.version > (latest.get(key)?.event.version ?? 0)) latest.set(key, entry);
      if (isDue(state, nowMs)) contacted.add(sinkId);
    }
  }

  const configured = new Set(sinks.map((sink) => sink.id));
  for (const entry of entries) {
    if (await dropRemovedSinks(outbox, entry, configured, options.now())) report.skipped += 1;
    for (const sink of sinks) {
      const state = entry.sinks[sink.id];
      if (!state || state.state !== 'pending') continue;
      const key = `${sink.id}|${entry.event.storyId}`;
      const now = options.now();
      const begun = started.get(sink.id) ?? now.getTime();
      started.set(sink.id, begun);
      const due = isDue(state, now.getTime());
      const early = !due && contacted.has(sink.id) && !noEarly.has(sink.id) && mayRetryEarly(state, now.getTime());
      if (blocked.has(key) || down.has(sink.id) || !(due || early) || now.getTime() - begun > budgetMs) {
        blocked.add(key);
        continue;
      }
      const newest = latest.get(key) ?? entry;
      const superseded = { ...state, state: 'skipped' as const, lastError: `superseded by version ${newest.event.version}`, at: now.toISOString() };
      let previous = await outbox.delivery(sink.id, entry.event.storyId);
      if (previous && previous.version >= newest.event.version) {
        // Already delivered (a crash after the send, before the mark): nothing to send again.
        entry.sinks[sink.id] = newest === entry ? { ...state, state: 'sent', at: now.toISOString() } : superseded;
        await outbox.save(entry);
        continue;
      }
      // A send that began and was never answered (the process died) may have reached the sink.
      // When a newer version waits, that version goes again first (sinks are idempotent per
      // version), so the newer one is an update of the story, not its second creation.
      let outcome: DeliveryOutcome | null = null;
      const interrupted = state.sending ?? null;
      if (!previous && interrupted !== null && interrupted < newest.event.version) {
        const earlier = await outbox.get(`${entry.event.storyId}@${interrupted}`);
        const again = earlier ? await deliverSafely(sink, { ...earlier, event: { ...earlier.event, type: 'alert.created' } }, null) : null;
        if (again?.kind === 'delivered') {
          await outbox.recordDelivery(sink.id, entry.event.storyId, again.record);
          previous = again.record;
        } else if (again?.kind === 'retry') outcome = again;
      }
      if (outcome === null) {
        // Marked before the send, so that a crash during it is known to the next drain.
        entry.sinks[sink.id] = { ...state, sending: newest.event.version };
        await outbox.save(entry);
        // The first delivery of a story to a sink is its creation, whatever version it carries.
        const event = previous ? newest.event : { ...newest.event, type: 'alert.created' as const };
        outcome = await deliverSafely(sink, { ...newest, event }, previous);
        faultPoint('sink-answered');
      }
      count(report, outcome);
      if (outcome.kind === 'retry') {
        // The earliest version keeps its place in the queue (and the story stays blocked behind it).
        entry.sinks[sink.id] = await applyOutcome(outbox, sink, entry, state, outcome, options);
        (early ? noEarly : down).add(sink.id);
        blocked.add(key);
      } else {
        newest.sinks[sink.id] = await applyOutcome(outbox, sink, newest, newest.sinks[sink.id] ?? state, outcome, options);
        if (newest !== entry) {
          entry.sinks[sink.id] = superseded;
          await outbox.save(newest);
        }
      }
      await outbox.save(entry);
    }
    if (Object.values(entry.sinks).every((state) => state.state !== 'pending')) finished.push(entry.id);
    else report.pending += 1;
  }
  await outbox.compact(finished);
  return report;
}

function isDue(state: SinkDeliveryState, nowMs: number): boolean {
  return !state.nextAttemptAt || Date.parse(state.nextAttemptAt) <= nowMs;
}

/** Failed at least FIRST_RETRY_MS ago, and waiting out our own backoff rather than a Retry-After. */
function mayRetryEarly(state: SinkDeliveryState, nowMs: number): boolean {
  if (!state.nextAttemptAt || !state.at) return false;
  const failedAt = Date.parse(state.at);
  return nowMs - failedAt >= FIRST_RETRY_MS && Date.parse(state.nextAttemptAt) - failedAt <= retryDelayMs(state.attempts);
}

/**
 * A sink taken out of the config (or whose id changed, e.g. a jsonl file moved) will never take
 * its pending alerts: without this they would stay queued and be counted as waiting forever.
 */
async function dropRemovedSinks(outbox: OutboxRepository, entry: OutboxEntry, configured: ReadonlySet<string>, now: Date): Promise<boolean> {
  let dropped = false;
  for (const [sinkId, state] of Object.entries(entry.sinks)) {
    if (state.state !== 'pending' || configured.has(sinkId)) continue;
    entry.sinks[sinkId] = { ...state, state: 'skipped', nextAttemptAt: null, lastError: 'the sink is no longer configured', at: now.toISOString() };
    dropped = true;
  }
  if (dropped) await outbox.save(entry);
  return dropped;
}

async function deliverSafely(sink: Sink, entry: OutboxEntry, previous: Awaited<ReturnType<OutboxRepository['delivery']>>): Promise<DeliveryOutcome> {
  try {
    return await sink.deliver(entry.event, previous);
  } catch (error) {
    return { kind: 'retry', reason: `sink ${sink.id} failed: ${(error as Error).message}` };
  }
}

async function applyOutcome(
  outbox: OutboxRepository,
  sink: Sink,
  entry: OutboxEntry,
  state: SinkDeliveryState,
  outcome: DeliveryOutcome,
  options: DrainOptions,
): Promise<SinkDeliveryState> {
  const now = options.now();
  const attempts = state.attempts + 1;
  switch (outcome.kind) {
    case 'delivered':
      await outbox.recordDelivery(sink.id, entry.event.storyId, outcome.record);
      return { state: 'sent', attempts, nextAttemptAt: null, lastError: null, at: now.toISOString() };
    case 'skipped':
      return { state: 'skipped', attempts, nextAttemptAt: null, lastError: outcome.reason, at: now.toISOString() };
    case 'rejected':
      options.log('error', `${sink.id} rejected alert ${entry.id}: ${outcome.reason}`);
      return { state: 'rejected', attempts, nextAttemptAt: null, lastError: outcome.reason, at: now.toISOString() };
    case 'retry': {
      const delay = retryDelayMs(attempts, outcome.retryAfterMs);
      options.log('warn', `${sink.id} could not deliver alert ${entry.id} (attempt ${attempts}): ${outcome.reason}; retrying in ${Math.round(delay / 1000)} s`);
      // `at` is when it failed: it tells an early retry (mayRetryEarly) from a fresh failure.
      return { state: 'pending', attempts, nextAttemptAt: new Date(now.getTime() + delay).toISOString(), lastError: outcome.reason, at: now.toISOString() };
    }
  }
}

function count(report: DrainReport, outcome: DeliveryOutcome): void {
  if (outcome.kind === 'delivered') report.delivered += 1;
  else if (outcome.kind === 'retry') report.retrying += 1;
  else if (outcome.kind === 'rejected') report.rejected += 1;
  else report.skipped += 1;
}
