// The composition root: builds the pipeline from a validated config. The only place that
// decides which HTTP client, store, sinks and clock the stages get; nothing else wires.
import path from 'node:path';
import { ConfigError, resolveConfigPath, resolveStoreUrl, type LoadedConfig } from './config/load.js';
import { watchWatchlist, type WatchlistWatcher } from './config/watch.js';
import { parseDurationMs, type SinkConfig, type Watchlist } from './config/schema.js';
import type { Logger } from './core/logger.js';
import { createConsoleSink } from './deliver/sinks/console-sink.js';
import { createJsonlSink } from './deliver/sinks/jsonl-sink.js';
import { createWebhookSink } from './deliver/sinks/webhook-sink.js';
import type { Sink } from './deliver/sink.js';
import { withWatchFilter } from './deliver/watch-filter.js';
import { extractArticle } from './extract/article.js';
import type { FeedState } from './ingest/feed-poll.js';
import { createHttpClient, type HttpClient } from './ingest/http.js';
import { createPageWorkerPool } from './ingest/page-worker-pool.js';
import { readArticle } from './pipeline/read-article.js';
import { createLeaseManager, type LeaseManager } from './ops/lease.js';
import { createMetrics, type AppMetrics } from './ops/metrics.js';
import { drainHeld, pollOnce, type PollReport } from './poll.js';
import type { DrainReport } from './deliver/outbox.js';
import { openStore, type KeyValueStore } from './store/keyv-store.js';
import { OutboxRepository } from './store/outbox-repository.js';
import { FeedStateRepository, SeenItemRepository, StoryRepository } from './store/repositories.js';
import { VERSION } from './version.js';

export interface AppOptions {
  log: Logger;
  now?: () => Date;
  /** Where the console sink writes (stdout by default). */
  stdout?: NodeJS.WritableStream;
  /** The environment, for `${VAR}` references when watchlist.yaml is reloaded. */
  env: Readonly<Record<string, string | undefined>>;
  /** Replaces the HTTP client (tests of the composition itself). */
  http?: HttpClient;
  /** How long a replica's lease lasts without renewal (default 60 s): how soon another takes over. */
  leaseTtlMs?: number;
}

export interface App {
  config: LoadedConfig;
  store: KeyValueStore;
  stories: StoryRepository;
  seen: SeenItemRepository;
  outbox: OutboxRepository;
  sinks: readonly Sink[];
  watchlist(): Watchlist;
  /** Leases shared with other replicas on the same store (in-process for memory/sqlite). */
  leases: LeaseManager;
  metrics: AppMetrics;
  /** One poll; when `signal` aborts, it stops before the next item and saves no feed state. */
  /** One poll; `spreadMs` staggers the feeds' start times (scheduled polls), capped by fetch.spreadSeconds. */
  pollOnce(signal?: AbortSignal, options?: { spreadMs?: number }): Promise<PollReport>;
  /** Delivers what the outbox holds (under the outbox lease), each sink for at most budgetMs. */
  flushOutbox(budgetMs?: number): Promise<DrainReport>;
  /** Reloads watchlist.yaml when it changes; a broken edit keeps the last good one. */
  watchConfig(): void;
  close(): Promise<void>;
}

export async function createApp(config: LoadedConfig, options: AppOptions): Promise<App> {
  const { settings } = config;
  const now = options.now ?? (() => new Date());
  const log = options.log;
  const store = await openStore(resolveStoreUrl(config));
  const http =
    options.http ??
    createHttpClient({
      userAgent: `forcewatch/${VERSION} (+${settings.contact})`,
      connectTimeoutMs: settings.fetch.connectTimeoutMs,
      totalTimeoutMs: settings.fetch.totalTimeoutMs,
      maxBytes: settings.fetch.maxBytes,
      maxConcurrent: settings.fetch.maxConcurrent,
      maxPerHost: settings.fetch.maxPerHost,
      allowPrivateAddresses: settings.fetch.allowPrivateAddresses,
    });
  let watchlist = config.watchlist;
  const getWatchlist = () => watchlist;
  const createdSinks = await Promise.all(settings.sinks.map((sink) => createSink(sink, config, getWatchlist, log, options.stdout)));

  const feedStates = new FeedStateRepository<FeedState>(store);
  const seen = new SeenItemRepository(store, parseDurationMs(settings.retention.seenItems) ?? 400 * 86_400_000);
  const stories = new StoryRepository(store);
  const outbox = new OutboxRepository(store);
  const leases = createLeaseManager(store.leases, {
    ...(options.leaseTtlMs === undefined ? {} : { ttlMs: options.leaseTtlMs }),
    onChange: (name, held, token) => metrics.leaseChanged(name, held, token),
    onLost: (name, reason) => log.warn(`lease ${name} lost: ${reason}`),
  });
  const metrics = createMetrics({ outboxDepth: () => outbox.depth(), replica: leases.holder, store: store.kind, version: VERSION });
  const sinks = createdSinks.map((sink) => metrics.instrumentSink(sink));
  const backfill = settings.backfill === 'all' || settings.backfill === 'none' ? settings.backfill : (parseDurationMs(settings.backfill) ?? 0);
  // Pages are parsed in worker threads (started on the first page), keeping the main thread free.
  const pages = settings.fetch.parseWorkers > 0
    ? createPageWorkerPool({ workers: settings.fetch.parseWorkers, onWorkerExit: (reason) => log.warn(reason) })
    : null;
  let watcher: WatchlistWatcher | null = null;

  const poll = async (signal?: AbortSignal, options: { spreadMs?: number } = {}): Promise<PollReport> => {
    const started = performance.now();
    try {
      const report = await pollOnce({
        feeds: settings.feeds,
        http,
        read: (item, outlet) => readArticle(http, item, outlet, pages ? (html, url) => pages.parse(html, url) : undefined),
        extract: extractArticle,
        feedStates,
        seen,
        stories,
        outbox,
        sinks: () => sinks,
        now,
        backfill,
        storyWindowMs: parseDurationMs(settings.stories.window) ?? 21 * 86_400_000,
        feedConcurrency: settings.fetch.maxConcurrent,
        spreadMs: Math.min(options.spreadMs ?? 0, settings.fetch.spreadSeconds * 1000),
        pageConcurrency: settings.fetch.maxConcurrent,
        log,
        leases,
        ...(signal ? { signal } : {}),
      });
      metrics.recordPoll(report, performance.now() - started);
      return report;
    } catch (error) {
      metrics.recordPollFailure();
      throw error;
    }
  };

  return {
    config,
    store,
    stories,
    seen,
    outbox,
    sinks,
    watchlist: getWatchlist,
    leases,
    metrics,
    pollOnce: poll,
    flushOutbox: (budgetMs) => drainHeld({ outbox, sinks: () => sinks, now, log, leases }, budgetMs),
    watchConfig() {
      watcher ??= watchWatchlist({
        dir: config.dir,
        env: options.env,
        onReload: (next) => {
          watchlist = next;
          log.info('watchlist.yaml reloaded');
        },
        onInvalid: async (problems, first) => {
          log.error(`watchlist.yaml edit not applied, keeping the last good watch list: ${problems.join('; ')}`);
          if (!first) return;
          const notice = { schema: 1 as const, type: 'config.invalid' as const, at: now().toISOString(), message: `watchlist.yaml edit not applied: ${problems.join('; ')}` };
          await Promise.all(sinks.map((sink) => sink.notify(notice).catch(() => undefined)));
        },
      });
    },
    async close() {
      watcher?.close();
      await pages?.close();
      await Promise.all(sinks.map((sink) => sink.close?.().catch(() => undefined)));
      // Released rather than left to expire, so another replica takes over at once.
      await leases.releaseAll();
      await store.close();
    },
  };
}

async function createSink(sink: SinkConfig, config: LoadedConfig, getWatchlist: () => Watchlist, log: Logger, stdout?: NodeJS.WritableStream): Promise<Sink> {
  switch (sink.type) {
    case 'console':
      return withWatchFilter(createConsoleSink(stdout), getWatchlist);
    case 'jsonl':
      return withWatchFilter(createJsonlSink(resolveConfigPath(config, sink.path)), getWatchlist);
    case 'webhook':
      return withWatchFilter(createWebhookSink({ url: sink.url, log, ...(sink.secret ? { secret: sink.secret } : {}) }), getWatchlist);
    case 'discord': {
      const token = config.secrets.discordToken;
      if (!token) throw new ConfigError([`forcewatch.yaml: sinks: the discord sink for channel ${sink.channel} needs the bot token in DISCORD_TOKEN`]);
      const { createDiscordSink } = await import('./discord/discord-sink.js');
      return createDiscordSink({ channel: sink.channel, token, apiBase: config.settings.discord.apiBase, getWatchlist, log });
    }
    case 'discord-webhook': {
      const { createDiscordWebhookSink } = await import('./discord/discord-webhook-sink.js');
      return createDiscordWebhookSink({ url: sink.url, log, getWatchlist });
    }
  }
}

export function describeStore(config: LoadedConfig): string {
  const url = resolveStoreUrl(config);
  return url.startsWith('sqlite:') ? path.relative(process.cwd(), url.slice('sqlite:'.length)) || url : url.replace(/\/\/[^@/]*@/, '//***@');
}
