// Prometheus metrics for one app: its own registry (never prom-client's global one, so two
// apps in one process — tests, the demo — do not mix their numbers), fed by the poll report,
// by a wrapper around each sink, and by the lease manager; the outbox depth is read at scrape.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryOutcome, Sink } from '../deliver/sink.js';
import { createScrubber } from '../log.js';
import type { PollReport } from '../poll.js';

export interface AppMetrics {
  readonly registry: Registry;
  recordPoll(report: PollReport, durationMs: number): void;
  recordPollFailure(): void;
  /** The sink, with every delivery counted by outcome and timed. */
  instrumentSink(sink: Sink): Sink;
  leaseChanged(name: string, held: boolean, token: number): void;
  /** Prometheus text exposition. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsOptions {
  /** Read at scrape time. */
  outboxDepth: () => Promise<number>;
  /** This replica's id in the lease table. */
  replica: string;
  /** The store backend in use (memory, sqlite, redis, postgres). */
  store: string;
  version: string;
  now?: () => number;
}

export function createMetrics(options: MetricsOptions): AppMetrics {
  const registry = new Registry();
  // Labels are as public as logs: a token in a feed URL is redacted the same way.
  const scrub = createScrubber();
  const now = options.now ?? (() => performance.now());
  const registers = [registry];

  new Gauge({ name: 'forcewatch_info', help: 'This replica: version, store backend and lease holder id.', labelNames: ['version', 'store', 'replica'], registers }).set(
    { version: options.version, store: options.store, replica: options.replica },
    1,
  );
  const polls = new Counter({ name: 'forcewatch_polls_total', help: 'Polls run, by outcome (ok, failed).', labelNames: ['outcome'], registers });
  const pollSeconds = new Histogram({
    name: 'forcewatch_poll_duration_seconds',
    help: 'How long a poll took, feeds to delivery.',
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers,
  });
  const lastPoll = new Gauge({ name: 'forcewatch_last_poll_timestamp_seconds', help: 'When the last poll finished (Unix time).', registers });
  const feedPolls = new Counter({
    name: 'forcewatch_feed_polls_total',
    help: 'Feeds handled by this replica per poll, by outcome (fetched, unchanged, not-due, failed, held-elsewhere).',
    labelNames: ['outcome'],
    registers,
  });
  const feedFailures = new Counter({ name: 'forcewatch_feed_failures_total', help: 'Failed feed fetches, by feed URL.', labelNames: ['feed'], registers });
  const itemsSeen = new Counter({ name: 'forcewatch_items_seen_total', help: 'New feed items (not seen before) read by this replica.', registers });
  const itemsRelevant = new Counter({ name: 'forcewatch_items_relevant_total', help: 'New items about an inspection of a UK police force.', registers });
  const stories = new Counter({ name: 'forcewatch_stories_total', help: 'Story changes, by change (created, updated).', labelNames: ['change'], registers });
  const alerts = new Counter({
    name: 'forcewatch_alerts_total',
    help: 'Alert deliveries attempted, by sink and outcome (delivered, retry, rejected, skipped).',
    labelNames: ['sink', 'outcome'],
    registers,
  });
  const deliverySeconds = new Histogram({
    name: 'forcewatch_delivery_duration_seconds',
    help: 'How long a sink took to answer a delivery, by sink.',
    labelNames: ['sink'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  new Gauge({
    name: 'forcewatch_outbox_depth',
    help: 'Alerts recorded in the outbox and not yet finished at every sink.',
    registers,
    async collect() {
      this.set(await options.outboxDepth().catch(() => Number.NaN));
    },
  });
  const leaseHeld = new Gauge({
    name: 'forcewatch_lease_held',
    help: 'Leases and whether this replica holds them now (1) or not (0): outbox, stories, feed:<url>.',
    labelNames: ['lease'],
    registers,
  });
  const leaseToken = new Gauge({ name: 'forcewatch_lease_token', help: 'Fencing token of the last grant of each lease to this replica.', labelNames: ['lease'], registers });

  return {
    registry,
    recordPoll(report, durationMs) {
      polls.inc({ outcome: 'ok' });
      pollSeconds.observe(durationMs / 1000);
      lastPoll.set(Date.now() / 1000);
      const failed = report.failed.length;
      const heldElsewhere = report.heldElsewhere ?? 0;
      feedPolls.inc({ outcome: 'unchanged' }, report.unchanged);
      feedPolls.inc({ outcome: 'not-due' }, report.skipped);
      feedPolls.inc({ outcome: 'failed' }, failed);
      feedPolls.inc({ outcome: 'held-elsewhere' }, heldElsewhere);
      feedPolls.inc({ outcome: 'fetched' }, Math.max(0, report.feeds - report.unchanged - report.skipped - failed - heldElsewhere));
      for (const failure of report.failed) feedFailures.inc({ feed: scrub(failure.url) });
      itemsSeen.inc(report.newItems);
      itemsRelevant.inc(report.relevant);
      stories.inc({ change: 'created' }, report.created);
      stories.inc({ change: 'updated' }, report.updated);
    },
    recordPollFailure() {
      polls.inc({ outcome: 'failed' });
    },
    instrumentSink(sink) {
      return {
        id: sink.id,
        async deliver(event, previous): Promise<DeliveryOutcome> {
          const started = now();
          let outcome: DeliveryOutcome | null = null;
          try {
            outcome = await sink.deliver(event, previous);
            return outcome;
          } finally {
            alerts.inc({ sink: sink.id, outcome: outcome?.kind ?? 'retry' });
            deliverySeconds.observe({ sink: sink.id }, (now() - started) / 1000);
          }
        },
        notify: (notice) => sink.notify(notice),
        ...(sink.close ? { close: () => sink.close!() } : {}),
      };
    },
    leaseChanged(name, held, token) {
      const lease = scrub(name);
      leaseHeld.set({ lease }, held ? 1 : 0);
      if (held) leaseToken.set({ lease }, token);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
