import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Watchlist } from '../../src/config/schema.js';
import type { Sink } from '../../src/deliver/sink.js';
import { createDiscordSink, messageNonce } from '../../src/discord/discord-sink.js';
import { startDiscordStub } from '../support/discord-stub.js';
import type { DiscordStub } from '../support/discord-stub.js';
import { alertEvent, memoryLog } from './fixtures.js';

const CHANNEL = '100000000000000001';
const WMP_CHANNEL = '100000000000000002';
const TOKEN = 'Bot-token.for-tests.secret-value';

describe('discord sink against the Discord-API stub', () => {
  let stub: DiscordStub;
  let sink: Sink;
  let log: ReturnType<typeof memoryLog>;
  let watchlist: Watchlist;

  beforeEach(async () => {
    stub = await startDiscordStub();
    log = memoryLog();
    watchlist = { forces: 'all', routes: [], mentions: [{ role: '300000000000000001', forces: 'watched', grade: 'requires-improvement' }] };
    sink = createDiscordSink({ channel: CHANNEL, token: TOKEN, apiBase: stub.apiBase, getWatchlist: () => watchlist, timeoutMs: 1_000, maxRateLimitWaitMs: 2_000, log });
  });
  afterEach(async () => {
    await sink.close?.();
    await stub.close();
    for (const line of log.lines) expect(line).not.toContain(TOKEN);
  });

  it('posts the rendered alert with a nonce, the bot token and role mentions', async () => {
    const outcome = await sink.deliver(alertEvent(), null);
    expect(outcome).toMatchObject({ kind: 'delivered', record: { version: 1, messages: { [CHANNEL]: expect.any(String) } } });
    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request).toMatchObject({ method: 'POST', path: `/channels/${CHANNEL}/messages` });
    expect(request!.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(request!.body).toMatchObject({
      content: '<@&300000000000000001>',
      allowed_mentions: { parse: [], roles: ['300000000000000001'] },
      nonce: messageNonce('st_7f3a01', CHANNEL),
      enforce_nonce: true,
      embeds: [{ title: 'West Midlands Police — child protection inspection', footer: { text: 'HMICFRS · report 21 Nov 2025' } }],
    });
  });

  it('edits the same message on an update', async () => {
    const first = await sink.deliver(alertEvent(), null);
    if (first.kind !== 'delivered') throw new Error('first delivery failed');
    const messageId = first.record.messages?.[CHANNEL];
    const update = alertEvent({ type: 'alert.updated', version: 2, grades: [{ force: 'west-midlands', area: 'leadership', grade: 'good' }] });
    const second = await sink.deliver(update, first.record);
    expect(second).toMatchObject({ kind: 'delivered', record: { version: 2, messages: { [CHANNEL]: messageId } } });
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /channels/${CHANNEL}/messages`, `PATCH /channels/${CHANNEL}/messages/${messageId}`]);
    expect(stub.requests[1]!.body).toMatchObject({ content: '', embeds: [{ description: expect.stringContaining('Leadership: **Good**') }] });
    expect(stub.messages.get(messageId!)?.edited_timestamp).not.toBeNull();
  });

  it('does not send the same story version twice', async () => {
    const first = await sink.deliver(alertEvent(), null);
    if (first.kind !== 'delivered') throw new Error('first delivery failed');
    expect(await sink.deliver(alertEvent(), first.record)).toMatchObject({ kind: 'delivered', record: first.record });
    expect(stub.requests).toHaveLength(1);
  });

  it('a repeated first POST (crash before the id was recorded) lands on the same message', async () => {
    const first = await sink.deliver(alertEvent(), null);
    const again = await sink.deliver(alertEvent(), null);
    if (first.kind !== 'delivered' || again.kind !== 'delivered') throw new Error('delivery failed');
    expect(again.record.messages).toEqual(first.record.messages);
    expect(stub.messages.size).toBe(1);
  });

  it('brings a nonce-deduplicated older message up to date', async () => {
    await sink.deliver(alertEvent(), null);
    const v2 = alertEvent({ version: 2, type: 'alert.updated', reinspection: true });
    const outcome = await sink.deliver(v2, null);
    expect(outcome.kind).toBe('delivered');
    expect(stub.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'PATCH']);
    expect([...stub.messages.values()][0]?.embeds).toMatchObject([{ title: 'West Midlands Police — child protection re-inspection' }]);
  });

  it('posts in routed channels', async () => {
    watchlist = { ...watchlist, routes: [{ forces: ['west-midlands'], channel: WMP_CHANNEL }] };
    const outcome = await sink.deliver(alertEvent(), null);
    expect(outcome).toMatchObject({ kind: 'delivered', record: { messages: { [WMP_CHANNEL]: expect.any(String) } } });
    expect(stub.requests.map((r) => r.path)).toEqual([`/channels/${WMP_CHANNEL}/messages`]);
  });

  it('skips alerts that are not watched, without calling Discord', async () => {
    watchlist = { ...watchlist, forces: ['kent'] };
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('not watched') });
    expect(stub.requests).toHaveLength(0);
  });

  it('waits out a short 429 and then delivers', async () => {
    stub.script({ status: 429, retryAfter: 0.2 }, { method: 'POST' });
    const started = Date.now();
    const outcome = await sink.deliver(alertEvent(), null);
    expect(outcome.kind).toBe('delivered');
    expect(stub.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('gives a long 429 back to the outbox as a retry with its wait', async () => {
    stub.script({ status: 429, retryAfter: 60 }, { method: 'POST' });
    const started = Date.now();
    const outcome = await sink.deliver(alertEvent(), null);
    expect(outcome).toMatchObject({ kind: 'retry', reason: expect.stringContaining('rate limited'), retryAfterMs: expect.any(Number) });
    if (outcome.kind === 'retry') expect(outcome.retryAfterMs).toBeGreaterThanOrEqual(60_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up on a chain of short 429s when the delivery budget is spent', async () => {
    const budgeted = createDiscordSink({ channel: CHANNEL, token: TOKEN, apiBase: stub.apiBase, getWatchlist: () => watchlist, deliveryBudgetMs: 800, log });
    stub.script({ status: 429, retryAfter: 0.3, global: true }, { times: 50 });
    const started = Date.now();
    expect(await budgeted.deliver(alertEvent(), null)).toMatchObject({ kind: 'retry' });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(stub.requests.length).toBeLessThan(6);
    await budgeted.close?.();
  });

  it('keeps what a partly failed delivery posted and reuses it on the retry', async () => {
    watchlist = {
      ...watchlist,
      routes: [{ forces: ['west-midlands'], channel: WMP_CHANNEL }, { forces: ['warwickshire'], channel: CHANNEL }],
    };
    const joint = alertEvent({ forces: [{ id: 'west-midlands', name: 'West Midlands Police' }, { id: 'warwickshire', name: 'Warwickshire Police' }] });
    stub.script({ status: 403 }, { path: new RegExp(`^/channels/${CHANNEL}/`) });
    expect(await sink.deliver(joint, null)).toMatchObject({ kind: 'rejected' });
    const retried = await sink.deliver(joint, null);
    expect(retried).toMatchObject({ kind: 'delivered', record: { messages: { [WMP_CHANNEL]: expect.any(String), [CHANNEL]: expect.any(String) } } });
    expect(stub.requests.filter((r) => r.path === `/channels/${WMP_CHANNEL}/messages`)).toHaveLength(1);
  });

  it('turns a 500 into a retry at once, without hammering Discord', async () => {
    stub.script({ status: 500 }, { times: 10 });
    const started = Date.now();
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('500') });
    expect(stub.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('turns a hanging Discord into a retry after the timeout', async () => {
    stub.script({ hang: true });
    const started = Date.now();
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('in time') });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('rejects on 403 with a clear reason', async () => {
    stub.script({ status: 403 });
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/no permission to post in channel \d+ .*Missing Permissions/) });
  });

  it('rejects a deleted channel (404 on POST)', async () => {
    stub.script({ status: 404 });
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('not found') });
  });

  it('posts anew when the message was deleted (404 on PATCH)', async () => {
    const first = await sink.deliver(alertEvent(), null);
    if (first.kind !== 'delivered') throw new Error('first delivery failed');
    const oldId = first.record.messages![CHANNEL]!;
    stub.deleteMessage(oldId);
    const second = await sink.deliver(alertEvent({ version: 2, type: 'alert.updated' }), first.record);
    if (second.kind !== 'delivered') throw new Error(`update failed: ${JSON.stringify(second)}`);
    expect(second.record.messages![CHANNEL]).not.toBe(oldId);
    expect(stub.requests.map((r) => r.method)).toEqual(['POST', 'PATCH', 'POST']);
    expect(stub.requests[2]!.body).toMatchObject({ nonce: messageNonce('st_7f3a01', CHANNEL, 'repost:2') });
  });

  it('stops after a rejected token (401) until restarted', async () => {
    stub.script({ status: 401 });
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('credentials') });
    expect(await sink.deliver(alertEvent({ storyId: 'st_other' }), null)).toMatchObject({ kind: 'rejected' });
    expect(stub.requests).toHaveLength(1);
  });

  it('notify() posts a short plain line and never throws', async () => {
    await sink.notify({ schema: 1, type: 'feed.failing', at: '2025-11-21T10:00:00Z', feed: { url: 'https://feeds.example/x.xml', name: 'Courier @everyone' }, since: '2025-11-20T10:00:00Z', reason: '503 from the feed' });
    expect(stub.requests[0]).toMatchObject({ method: 'POST', path: `/channels/${CHANNEL}/messages`, body: { allowed_mentions: { parse: [] } } });
    expect((stub.requests[0]!.body as { content: string }).content).toBe('⚠️ Feed failing: Courier @\u200beveryone (since 20 Nov 2025) — 503 from the feed');
    stub.script({ status: 500 });
    await expect(sink.notify({ schema: 1, type: 'sink.rejected', at: '2025-11-21T10:00:00Z', message: 'x' })).resolves.toBeUndefined();
  });
});
