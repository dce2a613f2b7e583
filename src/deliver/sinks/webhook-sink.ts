// The generic `webhook` sink: POSTs each alert event (the contract JSON) to a URL, signed with
// HMAC-SHA256 when a secret is configured, with an Idempotency-Key per story version. The URL
// may carry a token, so it is never logged: the sink is named by host and a short hash.
import { createHash, createHmac } from 'node:crypto';
import type { AlertEvent, FeedNoticeEvent } from '../../core/story.js';
import type { DeliveryOutcome, DeliveryRecord, OperatorNotice, Sink } from '../sink.js';

type Log = Pick<Console, 'info' | 'warn' | 'error'>;

export interface WebhookSinkOptions {
  url: string;
  secret?: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  log: Log;
  now?: () => Date;
  /** Injected for tests; the global fetch by default. */
  fetch?: typeof fetch;
}

export const SIGNATURE_HEADER = 'X-Forcewatch-Signature';
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** "sha256=<hex>" over the exact body bytes. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Retry-After as seconds or an HTTP date → milliseconds from `now`; null when absent or unusable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Math.ceil(Number(text) * 1000), MAX_RETRY_AFTER_MS);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now.getTime()), MAX_RETRY_AFTER_MS);
}

/** A webhook URL named without its path or query (which may hold tokens). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}#${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;
  } catch {
    return 'invalid-url';
  }
}

type PostResult = { ok: true; status: number } | Extract<DeliveryOutcome, { kind: 'retry' | 'rejected' }>;

export function createWebhookSink(options: WebhookSinkOptions): Sink {
  let target: URL;
  try {
    target = new URL(options.url);
  } catch {
    throw new TypeError('webhook sink: url is not a valid URL');
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new TypeError('webhook sink: url must be http(s)');
  if (options.secret !== undefined && options.secret === '') throw new TypeError('webhook sink: secret must not be empty');
  const name = describeUrl(options.url);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());

  async function post(payload: object, idempotencyKey: string | null): Promise<PostResult> {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'forcewatch' };
    if (options.secret !== undefined) headers[SIGNATURE_HEADER] = signBody(body, options.secret);
    if (idempotencyKey !== null) headers['Idempotency-Key'] = idempotencyKey;
    let response: Response;
    try {
      response = await doFetch(target, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
      const reason = timedOut ? `no answer within ${timeoutMs} ms` : `network error${cause ? ` (${cause.replace(/https?:\/\/\S+/g, '<url>')})` : ''}`;
      return { kind: 'retry', reason: `webhook ${name}: ${reason}` };
    }
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    if (status >= 200 && status < 300) return { ok: true, status };
    if (status === 408 || status === 429 || status >= 500) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      return { kind: 'retry', reason: `webhook ${name} answered ${status}`, ...(retryAfterMs === null ? {} : { retryAfterMs }) };
    }
    return { kind: 'rejected', reason: `webhook ${name} answered ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}` };
  }

  return {
    id: `webhook:${name}`,
    async deliver(event: AlertEvent, previous: DeliveryRecord | null): Promise<DeliveryOutcome> {
      if (previous !== null && previous.version >= event.version) {
        return { kind: 'delivered', record: previous, detail: `version ${event.version} already delivered` };
      }
      const result = await post(event, `${event.storyId}@${event.version}`);
      if (!('ok' in result)) {
        options.log.warn(`${result.reason} for story ${event.storyId} v${event.version} → ${result.kind}`);
        return result;
      }
      return { kind: 'delivered', record: { version: event.version, at: now().toISOString() }, detail: `HTTP ${result.status}` };
    },
    async notify(notice: FeedNoticeEvent | OperatorNotice) {
      try {
        const result = await post(notice, null);
        if (!('ok' in result)) options.log.warn(`${result.reason} for a ${notice.type} notice`);
      } catch (error) {
        options.log.warn(`webhook ${name}: could not send a ${notice.type} notice: ${error instanceof Error ? error.name : 'error'}`);
      }
    },
  };
}
