import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sink } from '../../src/deliver/sink.js';
import { createDiscordWebhookSink, parseWebhookUrl } from '../../src/discord/discord-webhook-sink.js';
import { startDiscordStub } from '../support/discord-stub.js';
import type { DiscordStub } from '../support/discord-stub.js';
import { alertEvent, memoryLog } from './fixtures.js';

const HOOK_ID = '400000000000000001';
const HOOK_TOKEN = 'webhook-secret-token_abc';

describe('parseWebhookUrl', () => {
  it('splits a Discord webhook URL and refuses other URLs', () => {
    expect(parseWebhookUrl(`https://discord.com/api/webhooks/${HOOK_ID}/${HOOK_TOKEN}?thread_id=5`)).toEqual({
      apiBase: 'https://discord.com/api',
      id: HOOK_ID,
      token: HOOK_TOKEN,
      threadId: '5',
    });
    expect(parseWebhookUrl(`https://discord.com/api/v10/webhooks/${HOOK_ID}/${HOOK_TOKEN}`)?.apiBase).toBe('https://discord.com/api');
    expect(parseWebhookUrl('https://example.org/hook')).toBeNull();
    expect(() => createDiscordWebhookSink({ url: 'https://example.org/hook', log: memoryLog() })).toThrow(/webhooks/);
  });
});

describe('discord-webhook sink against the Discord-API stub', () => {
  let stub: DiscordStub;
  let sink: Sink;
  let log: ReturnType<typeof memoryLog>;

  beforeEach(async () => {
    stub = await startDiscordStub();
    log = memoryLog();
    sink = createDiscordWebhookSink({ url: `${stub.apiBase}/webhooks/${HOOK_ID}/${HOOK_TOKEN}`, log, timeoutMs: 1_000 });
  });
  afterEach(async () => {
    await sink.close?.();
    await stub.close();
    for (const line of log.lines) expect(line).not.toContain(HOOK_TOKEN);
  });

  it('is named without its token', () => {
    expect(sink.id).toBe(`discord-webhook:${HOOK_ID}`);
  });

  it('posts with ?wait=true and no bot token, then edits the same message', async () => {
    const first = await sink.deliver(alertEvent(), null);
    if (first.kind !== 'delivered') throw new Error(JSON.stringify(first));
    const messageId = first.record.messages?.[HOOK_ID];
    expect(messageId).toMatch(/^\d+$/);
    expect(stub.requests[0]).toMatchObject({ method: 'POST', path: `/webhooks/${HOOK_ID}/${HOOK_TOKEN}` });
    expect(stub.requests[0]!.query.get('wait')).toBe('true');
    expect(stub.requests[0]!.headers.authorization).toBeUndefined();
    expect(stub.requests[0]!.body).toMatchObject({ allowed_mentions: { parse: [] }, embeds: [{ title: 'West Midlands Police — child protection inspection' }] });

    const second = await sink.deliver(alertEvent({ version: 2, type: 'alert.updated' }), first.record);
    expect(second).toMatchObject({ kind: 'delivered', record: { version: 2, messages: { [HOOK_ID]: messageId } } });
    expect(stub.requests[1]).toMatchObject({ method: 'PATCH', path: `/webhooks/${HOOK_ID}/${HOOK_TOKEN}/messages/${messageId}` });
  });

  it('posts anew when the message was deleted', async () => {
    const first = await sink.deliver(alertEvent(), null);
    if (first.kind !== 'delivered') throw new Error(JSON.stringify(first));
    stub.deleteMessage(first.record.messages![HOOK_ID]!);
    const second = await sink.deliver(alertEvent({ version: 2 }), first.record);
    expect(second.kind).toBe('delivered');
    expect(stub.requests.map((r) => r.method)).toEqual(['POST', 'PATCH', 'POST']);
  });

  it('maps 500 to retry, 404 (webhook deleted) to rejected, a long 429 to retry', async () => {
    stub.script({ status: 500 });
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'retry' });
    stub.script({ status: 404, code: 10015, message: 'Unknown Webhook' });
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('Unknown Webhook') });
    stub.script({ status: 429, retryAfter: 30 });
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'retry', retryAfterMs: expect.any(Number) });
    for (const outcome of log.lines) expect(outcome).not.toContain(HOOK_TOKEN);
  });

  it('applies the watch list when given one', async () => {
    const watched = createDiscordWebhookSink({
      url: `${stub.apiBase}/webhooks/${HOOK_ID}/${HOOK_TOKEN}`,
      log,
      getWatchlist: () => ({ forces: ['kent'], routes: [], mentions: [] }),
    });
    expect(await watched.deliver(alertEvent(), null)).toMatchObject({ kind: 'skipped' });
    await watched.close?.();
  });
});
