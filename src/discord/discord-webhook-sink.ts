// The `discord-webhook` sink: posts the same alert message through a channel webhook URL (no bot
// needed) with ?wait=true to learn the message id, and edits that message on updates. The URL's
// token is a secret: it never appears in the sink id, in logs or in outcome reasons.
import { DiscordAPIError } from '@discordjs/rest';
import type { APIMessage } from 'discord-api-types/v10';
import type { Watchlist } from '../config/schema.js';
import type { AlertEvent } from '../core/story.js';
import type { DeliveryOutcome, DeliveryRecord, Sink } from '../deliver/sink.js';
import { noticeText } from './discord-sink.js';
import { renderAlertMessage } from './embed.js';
import { truncate } from './format.js';
import { createBoundedRest, outcomeForError, redactSecrets } from './rest-client.js';
import { mentionsFor } from './routing.js';
import { isWatched } from '../deliver/watch.js';

type Log = Pick<Console, 'info' | 'warn' | 'error'>;

export interface DiscordWebhookSinkOptions {
  /** https://discord.com/api/webhooks/{id}/{token}, optionally with ?thread_id=… */
  url: string;
  /** When given, alerts outside the watch list are skipped and mention rules apply. */
  getWatchlist?: () => Watchlist;
  timeoutMs?: number;
  maxRateLimitWaitMs?: number;
  deliveryBudgetMs?: number;
  log: Log;
  now?: () => Date;
}

export interface ParsedWebhookUrl {
  apiBase: string;
  id: string;
  token: string;
  threadId: string | null;
}

const UNKNOWN_MESSAGE = 10008;

/** Splits a webhook URL into the REST base, webhook id and token; null when it is not one. */
export function parseWebhookUrl(raw: string): ParsedWebhookUrl | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const match = /^(.*?)(?:\/v\d+)?\/webhooks\/(\d{15,22})\/([\w-]+)\/?$/.exec(url.pathname);
  if (!match || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  const [, prefix = '', id = '', token = ''] = match;
  return { apiBase: `${url.origin}${prefix}`, id, token, threadId: url.searchParams.get('thread_id') };
}

export function createDiscordWebhookSink(options: DiscordWebhookSinkOptions): Sink {
  const parsed = parseWebhookUrl(options.url);
  if (parsed === null) throw new TypeError('discord-webhook sink: url must look like https://discord.com/api/webhooks/{id}/{token}');
  const hook: ParsedWebhookUrl = parsed;
  const rest = createBoundedRest({
    apiBase: hook.apiBase,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxRateLimitWaitMs === undefined ? {} : { maxRateLimitWaitMs: options.maxRateLimitWaitMs }),
  });
  const now = options.now ?? (() => new Date());
  const budgetMs = options.deliveryBudgetMs ?? 30_000;
  const target = `discord webhook ${hook.id}`;
  const route = `/webhooks/${hook.id}/${hook.token}` as const;
  const redact = (text: string) => redactSecrets(text, [hook.token]);
  const query = (extra: Record<string, string>) =>
    new URLSearchParams({ ...extra, ...(hook.threadId === null ? {} : { thread_id: hook.threadId }) });

  async function post(body: object, signal: AbortSignal): Promise<APIMessage> {
    return (await rest.post(route, { body, query: query({ wait: 'true' }), auth: false, signal })) as APIMessage;
  }

  async function deliver(event: AlertEvent, previous: DeliveryRecord | null): Promise<DeliveryOutcome> {
    if (previous !== null && previous.version >= event.version) {
      return { kind: 'delivered', record: previous, detail: `version ${event.version} already delivered` };
    }
    const watchlist = options.getWatchlist?.();
    if (watchlist !== undefined) {
      const watched = isWatched(event, watchlist);
      if (!watched.watched) return { kind: 'skipped', reason: watched.reason };
    }
    const payload = renderAlertMessage(event, { mentionRoleIds: watchlist === undefined ? [] : mentionsFor(event, watchlist) });
    const signal = AbortSignal.timeout(budgetMs);
    const existing = previous?.messages?.[hook.id];
    try {
      if (existing !== undefined) {
        try {
          await rest.patch(`${route}/messages/${existing}`, { body: { ...payload, content: payload.content ?? '' }, query: query({}), auth: false, signal });
          return delivered(event, existing, 'edited');
        } catch (error) {
          if (!(error instanceof DiscordAPIError && error.status === 404 && error.code === UNKNOWN_MESSAGE)) throw error;
          options.log.info(`discord-webhook: message ${existing} was deleted; posting story ${event.storyId} anew`);
        }
      }
      const message = await post(payload, signal);
      return delivered(event, message.id, existing === undefined ? 'posted' : 'reposted');
    } catch (error) {
      const outcome = outcomeForError(error, target);
      options.log.warn(`discord-webhook: story ${event.storyId} v${event.version} → ${outcome.kind}: ${redact(outcome.reason)}`);
      return outcome;
    }
  }

  function delivered(event: AlertEvent, messageId: string, action: string): DeliveryOutcome {
    const record: DeliveryRecord = { version: event.version, at: now().toISOString(), messages: { [hook.id]: messageId } };
    return { kind: 'delivered', record, detail: `${action} ${messageId} via ${target}` };
  }

  return {
    id: `discord-webhook:${hook.id}`,
    deliver,
    async notify(notice) {
      try {
        await post({ content: truncate(noticeText(notice), 2000), allowed_mentions: { parse: [] } }, AbortSignal.timeout(budgetMs));
      } catch (error) {
        options.log.warn(`discord-webhook: could not post a ${notice.type} notice: ${redact(outcomeForError(error, target).reason)}`);
      }
    },
    async close() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}
