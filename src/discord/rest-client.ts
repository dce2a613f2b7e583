// The discord.js REST client, configured so one delivery gives up within bounded time, and the
// mapping from its errors to delivery outcomes. Used by both Discord sinks.
//
// What @discordjs/rest 2.x does by default, and what is set here instead (read in its source):
// - a 5xx or an aborted/reset request is retried `retries` (3) times at once, without backoff →
//   retries: 0; the outbox retries later with backoff, and message POSTs carry a nonce.
// - each attempt is aborted after `timeout` (15 s) → timeoutMs (10 s by default).
// - a 429 (or a bucket known to be exhausted) sleeps for Retry-After and tries again, with no
//   upper bound → rejectOnRateLimit throws a RateLimitError for waits longer than
//   maxRateLimitWaitMs, and a per-delivery AbortSignal ends a chain of short waits.
import { DiscordAPIError, HTTPError, RateLimitError, REST } from '@discordjs/rest';
import type { RateLimitData } from '@discordjs/rest';
import type { DeliveryOutcome } from '../deliver/sink.js';

export interface BoundedRestOptions {
  apiBase: string;
  token?: string;
  /** Per HTTP attempt. */
  timeoutMs?: number;
  /** Longest rate-limit wait accepted inside one send; longer ones become a retry outcome. */
  maxRateLimitWaitMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 5_000;

export function createBoundedRest(options: BoundedRestOptions): REST {
  const maxWait = options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
  const rest = new REST({
    api: options.apiBase.replace(/\/+$/, ''),
    version: '10',
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retries: 0,
    rejectOnRateLimit: (data: RateLimitData) => Math.max(data.retryAfter, data.timeToReset) > maxWait,
  });
  if (options.token !== undefined) rest.setToken(options.token);
  return rest;
}

/** The HTTP status of a REST error, when it has one. */
export function errorStatus(error: unknown): number | null {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) return error.status;
  return null;
}

/** Discord's JSON error code (10003 unknown channel, 10008 unknown message, 50013 missing permissions…). */
export function errorCode(error: unknown): number | string | null {
  return error instanceof DiscordAPIError ? error.code : null;
}

/**
 * A REST failure as a delivery outcome. `target` names what was addressed ("channel 123",
 * "the webhook") for the reason text; nothing from the error's URL is used (it may hold a token).
 */
export function outcomeForError(error: unknown, target: string): Extract<DeliveryOutcome, { kind: 'retry' | 'rejected' }> {
  if (error instanceof RateLimitError) {
    const waitMs = Math.max(error.retryAfter, error.timeToReset);
    return { kind: 'retry', reason: `rate limited by Discord (${error.global ? 'global' : error.scope} limit, ${Math.ceil(waitMs / 1000)} s)`, retryAfterMs: waitMs };
  }
  if (error instanceof DiscordAPIError) {
    const detail = `${error.status} ${typeof error.code === 'number' ? `code ${error.code}: ` : ''}${oneLine(error.message)}`;
    if (error.status === 401) return { kind: 'rejected', reason: `Discord rejected the credentials for ${target} (${detail}); check the token` };
    if (error.status === 403) return { kind: 'rejected', reason: `no permission to post in ${target} (${detail}); give the bot View Channel, Send Messages and Embed Links` };
    if (error.status === 404) return { kind: 'rejected', reason: `${target} was not found (${detail}); it was deleted or the bot is not in its server` };
    if (error.status === 408) return { kind: 'retry', reason: `Discord timed out (${detail})` };
    return { kind: 'rejected', reason: `Discord refused the message for ${target} (${detail})` };
  }
  if (error instanceof HTTPError) return { kind: 'retry', reason: `Discord answered ${error.status} (server error) for ${target}` };
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return { kind: 'retry', reason: `no answer from Discord in time (${target})` };
  }
  const message = error instanceof Error ? oneLine(error.message) : String(error);
  return { kind: 'retry', reason: `could not reach Discord: ${message}` };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 300);
}

/** Replaces every occurrence of the secrets in a text meant for logs. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secrets.filter((secret) => secret.length >= 6).reduce((out, secret) => out.split(secret).join('***'), text);
}
