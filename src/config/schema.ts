// The shape of config/forcewatch.yaml and config/watchlist.yaml. Keys named in
// ../shared/contract/CONFIG.md must keep working; everything else has a default.
import cron from 'node-cron';
import { z } from 'zod';
import { FORCE_IDS } from '../core/types.js';

const durationPattern = /^(\d+)\s*(m|h|d|w)$/;

/** "3d", "12h", "30m", "2w" → milliseconds. */
export function parseDurationMs(text: string): number | null {
  const match = durationPattern.exec(text.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return amount * unitMs;
}

const DURATION_HINT = 'a duration such as 30m, 12h, 3d or 2w';
/** A span that must not be zero: a zero window or retention would silently disable the feature. */
const positiveDuration = z.string({ error: `expected ${DURATION_HINT}` }).refine((text) => (parseDurationMs(text) ?? 0) > 0, {
  error: (issue) => (parseDurationMs(String(issue.input)) === null ? `expected ${DURATION_HINT}` : `must be longer than zero (${DURATION_HINT})`),
});

const cronExpression = z.string().refine((text) => cron.validate(text), {
  message: 'not a valid cron expression (five or six fields, e.g. "*/10 * * * *")',
});

const timezone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown time zone (use an IANA name such as Europe/London)' },
);

const storeUrl = z
  .string()
  .refine((url) => /^(sqlite:.+|redis(s)?:\/\/.+|postgres(ql)?:\/\/.+|memory:)$/.test(url), {
    message: 'expected sqlite:PATH, redis://host:port, postgres://… or memory:',
  });

const httpUrl = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' });
// Quoted: YAML reads an unquoted 18-digit id as a number and rounds it.
const SNOWFLAKE_HINT = 'expected a Discord id (a string of 15–22 digits, quoted)';
const snowflake = z.string({ error: SNOWFLAKE_HINT }).regex(/^\d{15,22}$/, SNOWFLAKE_HINT);

const feedSchema = z.strictObject({
  url: httpUrl,
  name: z.string().min(1).optional(),
  interval: positiveDuration.optional(),
});

const sinkSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('console') }),
  z.strictObject({ type: z.literal('jsonl'), path: z.string().min(1) }),
  z.strictObject({ type: z.literal('discord'), channel: snowflake }),
  z.strictObject({ type: z.literal('webhook'), url: httpUrl, secret: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal('discord-webhook'), url: httpUrl }),
]);

export const forcewatchConfigSchema = z.strictObject({
  schedule: cronExpression.default('*/10 * * * *'),
  timezone: timezone.default('Europe/London'),
  store: storeUrl.default('sqlite:data/forcewatch.sqlite'),
  backfill: z
    .string({ error: `expected none, all or ${DURATION_HINT}` })
    .refine((text) => text === 'none' || text === 'all' || parseDurationMs(text) !== null, { message: `expected none, all or ${DURATION_HINT}` })
    .default('3d'),
  contact: z.string().min(1).default('https://github.com/forcewatch/forcewatch'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  fetch: z
    .strictObject({
      allowPrivateAddresses: z.boolean().default(false),
      connectTimeoutMs: z.number().int().positive().default(10_000),
      totalTimeoutMs: z.number().int().positive().default(20_000),
      maxBytes: z.number().int().positive().default(10 * 1024 * 1024),
      maxConcurrent: z.number().int().positive().default(8),
      maxPerHost: z.number().int().positive().default(2),
      /** Scheduled polls start their feeds spread over this many seconds (0: all at once). */
      spreadSeconds: z.number().int().min(0).max(600).default(30),
      /** Worker threads that parse article pages (Readability on jsdom); 0 parses on the main thread. */
      parseWorkers: z.number().int().min(0).max(16).default(2),
    })
    .prefault({}),
  retention: z
    .strictObject({
      seenItems: positiveDuration.default('400d'),
    })
    .prefault({}),
  stories: z
    .strictObject({
      /** How far apart two articles may be published and still tell the same report. */
      window: positiveDuration.default('21d'),
    })
    .prefault({}),
  feeds: z.array(feedSchema).default([]),
  sinks: z.array(sinkSchema).min(1, 'at least one sink is needed, e.g. {type: console}').default([{ type: 'console' }]),
  discord: z
    .strictObject({
      apiBase: httpUrl.default('https://discord.com/api'),
      applicationId: snowflake.optional(),
      guildId: snowflake.optional(),
      gateway: z.boolean().default(true),
    })
    .prefault({}),
  http: z
    .strictObject({
      port: z.number().int().min(0).max(65_535).default(8080),
      host: z.string().min(1).default('0.0.0.0'),
      enabled: z.boolean().default(true),
    })
    .prefault({}),
});

const forceId = z.enum(FORCE_IDS, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a force id (ids are data.police.uk slugs such as west-midlands, metropolitan, thames-valley, btp)`,
});
const inspectionType = z.enum(['child-protection', 'peel', 'custody', 'thematic', 'other']);
const gradeName = z.enum(['outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate']);

export const watchlistSchema = z.strictObject({
  forces: z.union([z.literal('all'), z.array(forceId).min(1)], { error: 'expected all or a list of force ids, e.g. [west-midlands, warwickshire]' }).default('all'),
  /** Inspection types to alert on; absent = every type. */
  topics: z.array(inspectionType).min(1).optional(),
  /** Per-force channel routes for the discord sink; unrouted forces go to the sink's channel. */
  routes: z.array(z.strictObject({ forces: z.array(forceId).min(1), channel: snowflake })).default([]),
  /** Role mentions added to an alert when a rule matches. */
  mentions: z
    .array(
      z.strictObject({
        role: snowflake,
        forces: z.union([z.literal('watched'), z.array(forceId).min(1)]).default('watched'),
        grade: gradeName.optional(),
        inspectionType: inspectionType.optional(),
      }),
    )
    .default([]),
});

export type ForcewatchConfig = z.infer<typeof forcewatchConfigSchema>;
export type Watchlist = z.infer<typeof watchlistSchema>;
export type SinkConfig = ForcewatchConfig['sinks'][number];
export type FeedConfig = ForcewatchConfig['feeds'][number];
