import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookSink, parseRetryAfter } from '../../src/deliver/sinks/webhook-sink.js';
import { alertEvent, memoryLog } from './fixtures.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('generic webhook sink against a local server', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  let answers: { status: number; headers?: Record<string, string>; hang?: boolean }[];
  let log: ReturnType<typeof memoryLog>;

  beforeEach(async () => {
    received = [];
    answers = [];
    log = memoryLog();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = answers.shift() ?? { status: 204 };
        if (answer.hang) return;
        res.writeHead(answer.status, answer.headers ?? {});
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-path-token`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const line of log.lines) expect(line).not.toContain('secret-path-token');
  });

  it('POSTs the alert JSON, signed over the exact body, with an idempotency key', async () => {
    const secret = 's3cret';
    const sink = createWebhookSink({ url, secret, log });
    const event = alertEvent({ version: 3 });
    expect(await sink.deliver(event, null)).toMatchObject({ kind: 'delivered', record: { version: 3 } });
    const [request] = received;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual(event);
    const expected = `sha256=${createHmac('sha256', secret).update(request!.body).digest('hex')}`;
    expect(request!.headers['x-forcewatch-signature']).toBe(expected);
    expect(request!.headers['idempotency-key']).toBe('st_7f3a01@3');
    expect(sink.id).not.toContain('secret-path-token');
  });

  it('sends no signature without a secret, and skips a version already delivered', async () => {
    const sink = createWebhookSink({ url, log });
    const first = await sink.deliver(alertEvent(), null);
    if (first.kind !== 'delivered') throw new Error(JSON.stringify(first));
    expect(received[0]!.headers['x-forcewatch-signature']).toBeUndefined();
    expect(await sink.deliver(alertEvent(), first.record)).toMatchObject({ kind: 'delivered' });
    expect(received).toHaveLength(1);
  });

  it('retries on 408, 429 (honouring Retry-After) and 5xx; rejects other 4xx', async () => {
    const sink = createWebhookSink({ url, log });
    answers.push({ status: 429, headers: { 'retry-after': '120' } }, { status: 503 }, { status: 408 }, { status: 410 }, { status: 302, headers: { location: 'http://elsewhere.example/' } });
    expect(await sink.deliver(alertEvent(), null)).toEqual({ kind: 'retry', reason: expect.stringContaining('429'), retryAfterMs: 120_000 });
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('503') });
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'retry' });
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('410') });
    expect(await sink.deliver(alertEvent(), null)).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('redirect') });
  });

  it('retries on timeout and on a refused connection', async () => {
    answers.push({ status: 200, hang: true });
    const slow = createWebhookSink({ url, log, timeoutMs: 300 });
    expect(await slow.deliver(alertEvent(), null)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('no answer') });
    const closed = createWebhookSink({ url: 'http://127.0.0.1:1/hooks/secret-path-token', log });
    expect(await closed.deliver(alertEvent(), null)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('network error') });
  });

  it('sends notices unsigned-or-signed without an idempotency key, never throwing', async () => {
    const sink = createWebhookSink({ url, secret: 'k', log });
    const notice = { schema: 1 as const, type: 'feed.recovered' as const, at: '2025-11-21T10:00:00Z', feed: { url: 'https://f.example/x', name: null }, since: '2025-11-20T10:00:00Z', reason: null };
    await sink.notify(notice);
    expect(JSON.parse(received[0]!.body)).toEqual(notice);
    expect(received[0]!.headers['idempotency-key']).toBeUndefined();
    const closed = createWebhookSink({ url: 'http://127.0.0.1:1/x', log });
    await expect(closed.notify(notice)).resolves.toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2025-11-21T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5', now)).toBe(5_000);
    expect(parseRetryAfter('Fri, 21 Nov 2025 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
