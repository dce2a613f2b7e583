// The `discord` sink: posts one message per story in each routed channel with the bot token,
// and edits it when the story grows. Talks to Discord only through the discord.js REST client.
import { createHash } from 'node:crypto';
import { DiscordAPIError } from '@discordjs/rest';
import type { REST } from '@discordjs/rest';
import type { APIMessage } from 'discord-api-types/v10';
import type { Watchlist } from '../config/schema.js';
import type { AlertEvent, FeedNoticeEvent } from '../core/story.js';
import type { DeliveryOutcome, DeliveryRecord, OperatorNotice, Sink } from '../deliver/sink.js';
import { renderAlertMessage } from './embed.js';
import type { AlertMessage } from './embed.js';
import { escapeMarkdown, formatDay, truncate } from './format.js';
import { createBoundedRest, outcomeForError, redactSecrets } from './rest-client.js';
import { routeAlert } from './routing.js';

type Log = Pick<Console, 'info' | 'warn' | 'error'>;

export interface DiscordSinkOptions {
  /** The default channel (the sink's `channel` in forcewatch.yaml). */
  channel: string;
  token: string;
  apiBase: string;
  /** Read on every delivery, so a reloaded watch list takes effect at once. */
  getWatchlist: () => Watchlist;
  /** Per HTTP attempt; default 10 s. */
  timeoutMs?: number;
  /** Longest rate-limit wait accepted inside one delivery; default 5 s. */
  maxRateLimitWaitMs?: number;
  /** Whole delivery (every channel, every wait); default 30 s. */
  deliveryBudgetMs?: number;
  log: Log;
  now?: () => Date;
}

const UNKNOWN_MESSAGE = 10008;

export function createDiscordSink(options: DiscordSinkOptions): Sink {
  if (!/^\d{15,22}$/.test(options.channel)) throw new TypeError('discord sink: channel must be a Discord channel id');
  if (options.token.trim() === '') throw new TypeError('discord sink: a bot token is needed (DISCORD_TOKEN)');
  const rest = createBoundedRest({ apiBase: options.apiBase, token: options.token, ...pick(options) });
  const now = options.now ?? (() => new Date());
  const budgetMs = options.deliveryBudgetMs ?? 30_000;
  const redact = (text: string) => redactSecrets(text, [options.token]);
  /** Messages posted for a delivery that then failed in another channel: reused on its retry. */
  const partial = new Map<string, Record<string, string>>();
  let tokenRejected: string | null = null;

  async function deliver(event: AlertEvent, previous: DeliveryRecord | null): Promise<DeliveryOutcome> {
    if (previous !== null && previous.version >= event.version) {
      return { kind: 'delivered', record: previous, detail: `version ${event.version} already delivered` };
    }
    if (tokenRejected !== null) return { kind: 'rejected', reason: tokenRejected };
    const decision = routeAlert(event, options.getWatchlist(), options.channel);
    if (!decision.watched) return { kind: 'skipped', reason: decision.reason };
    const payload = renderAlertMessage(event, { mentionRoleIds: decision.mentionRoleIds });
    const messages: Record<string, string> = { ...previous?.messages, ...partial.get(event.storyId) };
    const routed = new Set(decision.channels);
    const signal = AbortSignal.timeout(budgetMs);
    const actions: string[] = [];
    for (const channel of new Set([...Object.keys(messages), ...decision.channels])) {
      try {
        const { id, action } = await send(channel, messages[channel], payload, event, signal);
        messages[channel] = id;
        actions.push(`${action} ${id} in ${channel}`);
        partial.set(event.storyId, { ...messages });
      } catch (error) {
        const outcome = outcomeForError(error, `channel ${channel}`);
        if (!routed.has(channel) && outcome.kind === 'rejected') {
          // A channel no longer routed to has gone (deleted, permission removed): stop editing there.
          options.log.warn(`discord: dropping channel ${channel} for story ${event.storyId}: ${redact(outcome.reason)}`);
          delete messages[channel];
          continue;
        }
        if (error instanceof DiscordAPIError && error.status === 401) tokenRejected = outcome.reason;
        options.log.warn(`discord: story ${event.storyId} v${event.version} → ${outcome.kind}: ${redact(outcome.reason)}`);
        return outcome;
      }
    }
    partial.delete(event.storyId);
    return { kind: 'delivered', record: { version: event.version, at: now().toISOString(), messages }, detail: actions.join('; ') };
  }

  /** Edits the message already in `channel`, or posts one (again, when it was deleted). */
  async function send(channel: string, existing: string | undefined, payload: AlertMessage, event: AlertEvent, signal: AbortSignal) {
    if (existing !== undefined) {
      try {
        await edit(rest, channel, existing, payload, signal);
        return { id: existing, action: 'edited' };
      } catch (error) {
        if (!(error instanceof DiscordAPIError && error.status === 404 && error.code === UNKNOWN_MESSAGE)) throw error;
        options.log.info(`discord: message ${existing} in ${channel} was deleted; posting story ${event.storyId} anew`);
      }
    }
    const nonce = messageNonce(event.storyId, channel, existing === undefined ? '' : `repost:${event.version}`);
    const body = { ...payload, nonce, enforce_nonce: true };
    const posted = (await rest.post(`/channels/${channel}/messages`, { body, signal })) as APIMessage;
    // With enforce_nonce, Discord answers a repeated nonce with the message first posted: when
    // that holds an older version of the story, bring it up to date.
    if (!sameEmbed(payload, posted)) await edit(rest, channel, posted.id, payload, signal);
    return { id: posted.id, action: existing === undefined ? 'posted' : 'reposted' };
  }

  return {
    id: `discord:${options.channel}`,
    deliver,
    async notify(notice) {
      try {
        const content = truncate(noticeText(notice), 2000);
        await rest.post(`/channels/${options.channel}/messages`, { body: { content, allowed_mentions: { parse: [] } }, signal: AbortSignal.timeout(budgetMs) });
      } catch (error) {
        const outcome = outcomeForError(error, `channel ${options.channel}`);
        options.log.warn(`discord: could not post a ${notice.type} notice: ${redact(outcome.reason)}`);
      }
    },
    async close() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}

function pick(options: DiscordSinkOptions) {
  return {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxRateLimitWaitMs === undefined ? {} : { maxRateLimitWaitMs: options.maxRateLimitWaitMs }),
  };
}

async function edit(rest: REST, channel: string, messageId: string, payload: AlertMessage, signal: AbortSignal): Promise<void> {
  // content "" clears a mention line that no longer applies; edits never ping again.
  await rest.patch(`/channels/${channel}/messages/${messageId}`, { body: { ...payload, content: payload.content ?? '' }, signal });
}

/** Same story and channel → same nonce (≤ 25 characters), so a repeated POST is recognised by Discord. */
export function messageNonce(storyId: string, channel: string, salt = ''): string {
  return createHash('sha256').update(`${storyId}\n${channel}\n${salt}`).digest('hex').slice(0, 25);
}

function sameEmbed(sent: AlertMessage, got: Partial<APIMessage>): boolean {
  const a = sent.embeds[0];
  const b = got.embeds?.[0];
  if (b === undefined) return false;
  const norm = (text: string | undefined) => (text ?? '').trim();
  return norm(a.title) === norm(b.title) && norm(a.description) === norm(b.description) && norm(a.footer?.text) === norm(b.footer?.text) && (a.fields?.length ?? 0) === (b.fields?.length ?? 0);
}

/** A short plain line for an operational notice. */
export function noticeText(notice: FeedNoticeEvent | OperatorNotice): string {
  switch (notice.type) {
    case 'feed.failing': {
      const since = formatDay(notice.since);
      const name = escapeMarkdown(notice.feed.name ?? notice.feed.url);
      return `⚠️ Feed failing: ${name}${since === null ? '' : ` (since ${since})`}${notice.reason ? ` — ${escapeMarkdown(notice.reason)}` : ''}`;
    }
    case 'feed.recovered':
      return `✅ Feed recovered: ${escapeMarkdown(notice.feed.name ?? notice.feed.url)}`;
    case 'config.invalid':
      return `⚠️ Configuration problem: ${escapeMarkdown(notice.message)}`;
    case 'sink.rejected':
      return `⚠️ Delivery refused: ${escapeMarkdown(notice.message)}`;
  }
}
