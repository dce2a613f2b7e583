import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/core/story.js';
import { drainOutbox, retryDelayMs, type DrainOptions } from '../../src/deliver/outbox.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { alertFor } from '../../src/stories/alert.js';
import { storyOf } from '../support/articles.js';
import { recordingSink } from '../support/recording-sink.js';
import { openTempStore, rawUpdate, type TempStore } from '../support/temp-store.js';

const T0 = Date.parse('2025-11-21T12:00:00Z');

function event(storyId: string, version: number, type: AlertEvent['type'] = version === 1 ? 'alert.created' : 'alert.updated'): AlertEvent {
  const story = { ...storyOf(storyId, [{ url: `https://news.example/${storyId}`, primary: ['kent'] }]), version };
  return alertFor(story, type, new Date(T0));
}

describe('drainOutbox (over a temp sqlite store)', () => {
  let temp: TempStore;
  let outbox: OutboxRepository;
  let clock: number;
  let logged: string[];
  let options: DrainOptions;

  beforeEach(async () => {
    temp = await openTempStore();
    outbox = new OutboxRepository(temp.store);
    clock = T0;
    logged = [];
    options = { now: () => new Date(clock), log: (level, message) => logged.push(`${level}: ${message}`) };
  });
  afterEach(async () => {
    await temp.close();
  });

  const enqueue = (e: AlertEvent, sinkIds: string[]) => outbox.enqueue(e, sinkIds, new Date(clock));

  it('delivers every entry to every sink in the order recorded, then empties the queue', async () => {
    const a = recordingSink('a');
    const b = recordingSink('b');
    await enqueue(event('st_1', 1), ['a', 'b']);
    await enqueue(event('st_2', 1), ['a', 'b']);
    await enqueue(event('st_3', 1), ['a', 'b']);
    const report = await drainOutbox(outbox, [a, b], options);
    expect(report).toEqual({ delivered: 6, retrying: 0, rejected: 0, skipped: 0, pending: 0 });
    expect(a.calls.map((call) => call.event.storyId)).toEqual(['st_1', 'st_2', 'st_3']);
    expect(b.calls.map((call) => call.event.storyId)).toEqual(['st_1', 'st_2', 'st_3']);
    expect(await outbox.depth()).toBe(0);
    expect((await outbox.get('st_2@1'))?.sinks.a).toMatchObject({ state: 'sent', attempts: 1 });
    expect(await outbox.delivery('a', 'st_2')).toEqual({ version: 1, at: new Date(T0).toISOString() });
    // A second drain has nothing to do.
    await drainOutbox(outbox, [a, b], options);
    expect(a.calls).toHaveLength(3);
  });

  it('names a torn entry, delivers everything queued around it, and leaves it for the operator', async () => {
    const a = recordingSink('a');
    await enqueue(event('st_1', 1), ['a']);
    await enqueue(event('st_2', 1), ['a']);
    await enqueue(event('st_3', 1), ['a']);
    await enqueue(event('st_3', 2), ['a']);
    // st_2's entry is cut short on disk; st_3's first version is not an outbox entry at all.
    await rawUpdate(temp.file, 'outbox:entry:st_2@1', '{"value":{"id":');
    await temp.store.ns('outbox').set('entry:st_3@1', { note: 'not an entry' });

    const report = await drainOutbox(outbox, [a], options);
    expect(a.calls.map((call) => `${call.event.storyId}@${call.event.version}`)).toEqual(['st_1@1', 'st_3@2']);
    expect(report.delivered).toBe(2);
    expect(logged).toContainEqual(expect.stringMatching(/^error: outbox:entry:st_2@1 in the store cannot be read .*remove it or restore the store; the alerts queued after it are delivered/));
    expect(logged).toContainEqual(expect.stringMatching(/^error: outbox:entry:st_3@1 in the store is not an outbox entry/));
    // Nothing was dropped or rewritten: both stay queued, and a later drain names them again.
    expect(await outbox.depth()).toBe(2);
    logged.length = 0;
    await drainOutbox(outbox, [a], options);
    expect(a.calls).toHaveLength(2);
    expect(logged.filter((line) => line.startsWith('error: outbox:entry:'))).toHaveLength(2);
    // Enqueueing onto a torn entry is a store error naming it, which the poll reports per item.
    await expect(enqueue(event('st_2', 1), ['a'])).rejects.toThrow(/outbox:entry:st_2@1 .*cannot be read/);
  });

  it('records the same story version once however often it is enqueued', async () => {
    await enqueue(event('st_1', 1), ['a']);
    await enqueue(event('st_1', 1), ['a']);
    expect(await outbox.depth()).toBe(1);
  });

  it('retries a failing sink with backoff on later drains while the other sinks proceed', async () => {
    const flaky = recordingSink('flaky', ['throw', 'retry']);
    const steady = recordingSink('steady');
    await enqueue(event('st_1', 1), ['flaky', 'steady']);

    let report = await drainOutbox(outbox, [flaky, steady], options);
    expect(report).toMatchObject({ delivered: 1, retrying: 1, pending: 1 });
    expect(steady.calls).toHaveLength(1);
    const state = (await outbox.get('st_1@1'))!.sinks.flaky!;
    expect(state).toMatchObject({ state: 'pending', attempts: 1, lastError: 'sink flaky failed: flaky is down' });
    expect(state.nextAttemptAt).toBe(new Date(T0 + 30_000).toISOString());
    expect(logged.some((line) => line.startsWith('warn: flaky could not deliver alert st_1@1 (attempt 1)'))).toBe(true);

    // Before the backoff has passed the sink is left alone.
    clock = T0 + 20_000;
    report = await drainOutbox(outbox, [flaky, steady], options);
    expect(flaky.calls).toHaveLength(1);
    expect(report.pending).toBe(1);

    // After it, a second failure doubles the wait.
    clock = T0 + 31_000;
    await drainOutbox(outbox, [flaky, steady], options);
    expect(flaky.calls).toHaveLength(2);
    expect((await outbox.get('st_1@1'))!.sinks.flaky).toMatchObject({ attempts: 2, nextAttemptAt: new Date(clock + 60_000).toISOString() });

    clock += 61_000;
    report = await drainOutbox(outbox, [flaky, steady], options);
    expect(report).toMatchObject({ delivered: 1, pending: 0 });
    expect(flaky.calls).toHaveLength(3);
    expect(steady.calls).toHaveLength(1);
    expect(await outbox.depth()).toBe(0);
  });

  it('backs off exponentially up to an hour, and honours a longer Retry-After', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
    expect(retryDelayMs(1, 90_000)).toBe(90_000);
    expect(retryDelayMs(3, 1_000)).toBe(120_000);
  });

  it('keeps a rejected alert (readable, not retried) and goes on with the next', async () => {
    const sink = recordingSink('chat', ['rejected']);
    await enqueue(event('st_1', 1), ['chat']);
    await enqueue(event('st_2', 1), ['chat']);
    const report = await drainOutbox(outbox, [sink], options);
    expect(report).toMatchObject({ delivered: 1, rejected: 1, pending: 0 });
    expect((await outbox.get('st_1@1'))!.sinks.chat).toMatchObject({ state: 'rejected', lastError: 'chat answered 403', nextAttemptAt: null });
    expect(logged).toContain('error: chat rejected alert st_1@1: chat answered 403');
    clock += 24 * 3_600_000;
    await drainOutbox(outbox, [sink], options);
    expect(sink.calls.map((call) => call.event.storyId)).toEqual(['st_1', 'st_2']);
  });

  it('sends a later version of a story only after the earlier one, never overtaking it', async () => {
    const sink = recordingSink('chat', ['retry']);
    await enqueue(event('st_1', 1), ['chat']);
    await drainOutbox(outbox, [sink], options);
    // v2 arrives while v1 waits for its retry: v2 waits too.
    await enqueue(event('st_1', 2), ['chat']);
    await enqueue(event('st_2', 1), ['chat']);
    let report = await drainOutbox(outbox, [sink], options);
    expect(sink.calls.map((call) => `${call.event.storyId}@${call.event.version}`)).toEqual(['st_1@1', 'st_2@1']);
    expect(report.pending).toBe(2);
    // Once the retry is due, v1 is superseded and v2 goes out as the story's first post.
    clock += 31_000;
    report = await drainOutbox(outbox, [sink], options);
    expect(sink.calls.map((call) => `${call.event.storyId}@${call.event.version}`)).toEqual(['st_1@1', 'st_2@1', 'st_1@2']);
    expect(sink.calls[2]!.event.type).toBe('alert.created');
    expect((await outbox.get('st_1@1'))!.sinks.chat).toMatchObject({ state: 'skipped', lastError: 'superseded by version 2' });
    expect(report.pending).toBe(0);
  });

  it('coalesces several pending versions into one delivery: created for a first delivery, updated after', async () => {
    const sink = recordingSink('chat');
    await enqueue(event('st_1', 1), ['chat']);
    await enqueue(event('st_1', 2), ['chat']);
    await enqueue(event('st_1', 3), ['chat']);
    let report = await drainOutbox(outbox, [sink], options);
    expect(sink.calls).toHaveLength(1);
    expect(sink.calls[0]!.event).toMatchObject({ storyId: 'st_1', version: 3, type: 'alert.created' });
    expect(sink.calls[0]!.previous).toBeNull();
    expect(report).toMatchObject({ delivered: 1, pending: 0 });

    await enqueue(event('st_1', 4), ['chat']);
    await enqueue(event('st_1', 5), ['chat']);
    report = await drainOutbox(outbox, [sink], options);
    expect(sink.calls).toHaveLength(2);
    expect(sink.calls[1]!.event).toMatchObject({ version: 5, type: 'alert.updated' });
    expect(sink.calls[1]!.previous).toMatchObject({ version: 3 });
  });

  it('does not send again what was sent before a crash between the send and the mark', async () => {
    const sink = recordingSink('chat');
    await enqueue(event('st_1', 2), ['chat']);
    // The process sent v2 and recorded the delivery, then died before saving the entry's state.
    await outbox.recordDelivery('chat', 'st_1', { version: 2, at: new Date(T0).toISOString() });
    const report = await drainOutbox(outbox, [sink], options);
    expect(sink.calls).toHaveLength(0);
    expect((await outbox.get('st_1@2'))!.sinks.chat!.state).toBe('sent');
    expect(report.pending).toBe(0);
    expect(await outbox.depth()).toBe(0);
  });

  it('counts a sink that skips an alert (not watched) without retrying it', async () => {
    const sink = recordingSink('console', ['skipped']);
    await enqueue(event('st_1', 1), ['console']);
    const report = await drainOutbox(outbox, [sink], options);
    expect(report).toMatchObject({ skipped: 1, pending: 0 });
    expect((await outbox.get('st_1@1'))!.sinks.console).toMatchObject({ state: 'skipped', lastError: 'not watched' });
  });

  it('stops handing work to a sink once its time budget for the drain is spent', async () => {
    // Each delivery takes 40 s of (simulated) time; the budget is a minute.
    const slow = recordingSink('slow', Array.from({ length: 5 }, () => (e: AlertEvent) => {
      clock += 40_000;
      return { kind: 'delivered' as const, record: { version: e.version, at: e.at } };
    }));
    for (let index = 1; index <= 5; index += 1) await enqueue(event(`st_${index}`, 1), ['slow']);
    const report = await drainOutbox(outbox, [slow], { ...options, budgetMs: 60_000 });
    expect(slow.calls.map((call) => call.event.storyId)).toEqual(['st_1', 'st_2']);
    expect(report).toMatchObject({ delivered: 2, pending: 3 });
    await drainOutbox(outbox, [slow], { ...options, budgetMs: 60_000 });
    expect(slow.calls.map((call) => call.event.storyId)).toEqual(['st_1', 'st_2', 'st_3', 'st_4']);
  });

  it('lets go of alerts waiting for a sink that is no longer configured', async () => {
    const kept = recordingSink('console');
    await enqueue(event('st_1', 1), ['console', 'jsonl:/old/place/alerts.jsonl']);
    const report = await drainOutbox(outbox, [kept], options);
    expect(report.pending).toBe(0);
    expect(await outbox.depth()).toBe(0);
    expect((await outbox.get('st_1@1'))!.sinks['jsonl:/old/place/alerts.jsonl']).toMatchObject({ state: 'skipped', lastError: 'the sink is no longer configured' });
  });

  it('keeps the queue across a reopen of the store', async () => {
    await enqueue(event('st_1', 1), ['chat']);
    await temp.store.close();
    const { openStore } = await import('../../src/store/keyv-store.js');
    const reopened = await openStore(`sqlite:${temp.file}`);
    try {
      const sink = recordingSink('chat');
      await drainOutbox(new OutboxRepository(reopened), [sink], options);
      expect(sink.calls.map((call) => call.event.storyId)).toEqual(['st_1']);
    } finally {
      await reopened.close();
    }
  });
});
