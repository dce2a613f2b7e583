// The outbox under a long outage, a poison alert and a Retry-After, drain by drain with a clock
// moved ten minutes at a time (a poll's cadence), over a temp sqlite store. The app-level story
// (Discord and a webhook down, then back) is in sinks-down.test.ts; these pin the rules it needs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/core/story.js';
import { drainOutbox, type DrainOptions } from '../../src/deliver/outbox.js';
import type { DeliveryOutcome } from '../../src/deliver/sink.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { alertFor } from '../../src/stories/alert.js';
import { storyOf } from '../support/articles.js';
import { recordingSink } from '../support/recording-sink.js';
import { openTempStore, type TempStore } from '../support/temp-store.js';

const T0 = Date.parse('2025-11-21T12:00:00Z');
const POLL = 10 * 60_000;

function event(storyId: string, version = 1): AlertEvent {
  const story = { ...storyOf(storyId, [{ url: `https://news.example/${storyId}`, primary: ['kent'] }]), version };
  return alertFor(story, version === 1 ? 'alert.created' : 'alert.updated', new Date(T0));
}

describe('outbox order and isolation under faults', () => {
  let temp: TempStore;
  let outbox: OutboxRepository;
  let clock: number;
  let options: DrainOptions;

  beforeEach(async () => {
    temp = await openTempStore('forcewatch-fault-outbox-');
    outbox = new OutboxRepository(temp.store);
    clock = T0;
    options = { now: () => new Date(clock), log: () => undefined };
  });
  afterEach(async () => {
    await temp.close();
  });

  const enqueue = (e: AlertEvent) => outbox.enqueue(e, ['chat'], new Date(clock));
  const label = (call: { event: AlertEvent }) => `${call.event.storyId}@${call.event.version}`;

  it('after a long outage, delivers what waited in the order it was recorded, in one drain', async () => {
    let up = false;
    const answer = (e: AlertEvent): DeliveryOutcome => (up ? { kind: 'delivered', record: { version: e.version, at: e.at } } : { kind: 'retry', reason: 'connection refused' });
    const sink = recordingSink('chat', Array.from({ length: 200 }, () => answer));
    // Twelve polls down (two hours); a story found every few polls, one of them growing meanwhile.
    const found: Record<number, AlertEvent[]> = { 0: [event('st_a')], 3: [event('st_b')], 5: [event('st_a', 2), event('st_c')], 9: [event('st_d')] };
    for (let poll = 0; poll < 12; poll += 1) {
      for (const e of found[poll] ?? []) await enqueue(e);
      const report = await drainOutbox(outbox, [sink], options);
      // At most the oldest waiting alert and one due alert are tried while down, not every alert.
      expect(report.retrying, `poll ${poll}`).toBeLessThanOrEqual(2);
      clock += POLL;
    }
    const calledWhileDown = sink.calls.length;
    up = true;
    const report = await drainOutbox(outbox, [sink], options);
    expect(report).toMatchObject({ pending: 0 });
    expect(sink.calls.slice(calledWhileDown).map(label)).toEqual(['st_a@2', 'st_b@1', 'st_c@1', 'st_d@1']);
    expect(sink.calls.at(-4)!.event.type).toBe('alert.created');
    expect(await outbox.depth()).toBe(0);
  });

  it('does not let one alert that always fails hold up the others', async () => {
    const poison = (e: AlertEvent): DeliveryOutcome =>
      e.storyId === 'st_poison' ? { kind: 'retry', reason: 'sink answered 500 for this payload' } : { kind: 'delivered', record: { version: e.version, at: e.at } };
    const sink = recordingSink('chat', Array.from({ length: 200 }, () => poison));
    await enqueue(event('st_poison'));
    for (let poll = 0; poll < 10; poll += 1) {
      await enqueue(event(`st_${poll}`));
      await drainOutbox(outbox, [sink], options);
      clock += POLL;
    }
    const delivered = sink.calls.filter((call) => call.event.storyId !== 'st_poison').map((call) => call.event.storyId);
    expect(delivered).toEqual(Array.from({ length: 10 }, (_, poll) => `st_${poll}`));
    expect((await outbox.get('st_poison@1'))!.sinks.chat!.state).toBe('pending');
    // Retried, but not more than once per poll.
    expect(sink.calls.filter((call) => call.event.storyId === 'st_poison').length).toBeLessThanOrEqual(10);
  });

  it('never retries before a Retry-After, even when the sink is contacted for a later alert', async () => {
    let calls = 0;
    const sink = recordingSink('chat', Array.from({ length: 50 }, () => (e: AlertEvent): DeliveryOutcome => {
      calls += 1;
      return calls === 1 ? { kind: 'retry', reason: 'rate limited', retryAfterMs: 3 * POLL + 60_000 } : { kind: 'delivered', record: { version: e.version, at: e.at } };
    }));
    await enqueue(event('st_limited'));
    await drainOutbox(outbox, [sink], options);
    for (let poll = 1; poll <= 3; poll += 1) {
      clock += POLL;
      await enqueue(event(`st_${poll}`));
      await drainOutbox(outbox, [sink], options);
      expect(sink.calls.filter((call) => call.event.storyId === 'st_limited'), `poll ${poll}`).toHaveLength(1);
    }
    clock += POLL;
    await drainOutbox(outbox, [sink], options);
    expect(sink.calls.filter((call) => call.event.storyId === 'st_limited')).toHaveLength(2);
  });
});
