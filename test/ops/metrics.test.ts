// The app's metrics: a registry of its own (two apps never mix their numbers), fed by poll
// reports, sink deliveries and lease changes; the outbox depth read at scrape time; and served by
// the HTTP server at /metrics beside /healthz.
import { describe, expect, it } from 'vitest';
import type { Sink } from '../../src/deliver/sink.js';
import { startHttpServer } from '../../src/http-server.js';
import { createMetrics } from '../../src/ops/metrics.js';
import type { PollReport } from '../../src/poll.js';

function report(overrides: Partial<PollReport> = {}): PollReport {
  return {
    feeds: 5,
    unchanged: 1,
    skipped: 1,
    failed: [{ url: 'https://bad.example/feed.xml?token=abc', name: null, reason: '500' }],
    newItems: 4,
    relevant: 3,
    created: 2,
    updated: 1,
    delivery: { delivered: 3, retrying: 0, rejected: 0, skipped: 0, pending: 0 },
    feedBytes: 100,
    heldElsewhere: 1,
    ...overrides,
  };
}

const metric = (text: string, line: string) => text.split('\n').find((candidate) => candidate.startsWith(line));

describe('metrics', () => {
  it('counts polls, feeds, items and stories from the poll report', async () => {
    let depth = 4;
    const metrics = createMetrics({ outboxDepth: async () => depth, replica: 'host:1:abc', store: 'redis', version: '9.9.9' });
    metrics.recordPoll(report(), 1500);
    metrics.recordPoll(report({ failed: [], created: 0 }), 500);
    metrics.recordPollFailure();
    const { contentType, body } = await metrics.render();
    expect(contentType).toContain('text/plain');
    expect(metric(body, 'forcewatch_polls_total{outcome="ok"}')).toBe('forcewatch_polls_total{outcome="ok"} 2');
    expect(metric(body, 'forcewatch_polls_total{outcome="failed"}')).toBe('forcewatch_polls_total{outcome="failed"} 1');
    expect(body).toContain('forcewatch_feed_failures_total{feed="https://bad.example/feed.xml?token=***"} 1');
    expect(body).toContain('forcewatch_feed_polls_total{outcome="held-elsewhere"} 2');
    expect(body).toContain('forcewatch_feed_polls_total{outcome="fetched"} 3');
    expect(body).toContain('forcewatch_items_seen_total 8');
    expect(body).toContain('forcewatch_stories_total{change="created"} 2');
    expect(body).toContain('forcewatch_stories_total{change="updated"} 2');
    expect(body).toContain('forcewatch_poll_duration_seconds_count 2');
    expect(body).toContain('forcewatch_outbox_depth 4');
    expect(body).toContain('forcewatch_info{version="9.9.9",store="redis",replica="host:1:abc"} 1');
    depth = 0;
    expect((await metrics.render()).body).toContain('forcewatch_outbox_depth 0');
  });

  it('counts and times deliveries by sink and outcome, a throwing sink as a retry', async () => {
    const metrics = createMetrics({ outboxDepth: async () => 0, replica: 'r', store: 'sqlite', version: '1' });
    const outcomes = [{ kind: 'delivered', record: { version: 1, at: 'x' } }, { kind: 'rejected', reason: '403' }] as const;
    let call = 0;
    const sink: Sink = {
      id: 'discord:1',
      async deliver() {
        const outcome = outcomes[call++];
        if (!outcome) throw new Error('socket hang up');
        return outcome;
      },
      notify: async () => undefined,
    };
    const instrumented = metrics.instrumentSink(sink);
    expect(instrumented.id).toBe('discord:1');
    const event = { storyId: 'st', version: 1 } as Parameters<Sink['deliver']>[0];
    await instrumented.deliver(event, null);
    await instrumented.deliver(event, null);
    await expect(instrumented.deliver(event, null)).rejects.toThrow('socket hang up');
    const { body } = await metrics.render();
    expect(body).toContain('forcewatch_alerts_total{sink="discord:1",outcome="delivered"} 1');
    expect(body).toContain('forcewatch_alerts_total{sink="discord:1",outcome="rejected"} 1');
    expect(body).toContain('forcewatch_alerts_total{sink="discord:1",outcome="retry"} 1');
    expect(body).toContain('forcewatch_delivery_duration_seconds_count{sink="discord:1"} 3');
  });

  it('shows which leases this replica holds, with their fencing tokens', async () => {
    const metrics = createMetrics({ outboxDepth: async () => 0, replica: 'r', store: 'postgres', version: '1' });
    metrics.leaseChanged('outbox', true, 7);
    metrics.leaseChanged('feed:https://a.example/feed.xml', true, 3);
    metrics.leaseChanged('feed:https://a.example/feed.xml', false, 3);
    metrics.leaseChanged('feed:https://b.example/feed.xml?token=s3cret', true, 1);
    const { body } = await metrics.render();
    expect(body).toContain('forcewatch_lease_held{lease="outbox"} 1');
    expect(body).toContain('forcewatch_lease_token{lease="outbox"} 7');
    expect(body).toContain('forcewatch_lease_held{lease="feed:https://a.example/feed.xml"} 0');
    expect(body).toContain('forcewatch_lease_held{lease="feed:https://b.example/feed.xml?token=***"} 1');
    expect(body).not.toContain('s3cret');
  });

  it('keeps two apps apart: each has its own registry', async () => {
    const one = createMetrics({ outboxDepth: async () => 0, replica: 'a', store: 'memory', version: '1' });
    const two = createMetrics({ outboxDepth: async () => 0, replica: 'b', store: 'memory', version: '1' });
    one.recordPoll(report(), 10);
    expect((await one.render()).body).toContain('forcewatch_polls_total{outcome="ok"} 1');
    expect((await two.render()).body).not.toContain('forcewatch_polls_total{outcome="ok"}');
  });

  it('is served at /metrics next to /healthz, and is a 404 without metrics', async () => {
    const metrics = createMetrics({ outboxDepth: async () => 2, replica: 'r', store: 'sqlite', version: '1' });
    const health = { lastPollAt: () => new Date().toISOString(), staleAfterMs: 60_000, storeReachable: async () => true };
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, interactions: null, health, now: () => new Date(), metrics: () => metrics.render() });
    const bare = await startHttpServer({ host: '127.0.0.1', port: 0, interactions: null, health, now: () => new Date() });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toContain('forcewatch_outbox_depth 2');
      expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'HEAD' })).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${bare.port}/metrics`)).status).toBe(404);
    } finally {
      await Promise.all([server.close(), bare.close()]);
    }
  });
});
