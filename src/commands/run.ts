// `forcewatch run [--once]`: poll on the schedule (or once), deliver, and serve /interactions,
// /healthz and /metrics. A failing feed is reported and never fails the run. Asked to stop
// (SIGTERM/SIGINT), it abandons the poll in progress between items, flushes the outbox, and
// closes the gateway, the server and the store, each step within its own time limit.
import cron from 'node-cron';
import { createApp, type App } from '../app.js';
import type { LoadedConfig } from '../config/load.js';
import type { Logger } from '../core/logger.js';
import type { PollReport } from '../poll.js';
import { startHttpServer, type RunningServer } from '../http-server.js';
import { within } from '../ops/shutdown.js';

/** Stop budget (the process deadline is 10 s): the poll in progress, the outbox flush, the rest. */
const STOP_POLL_GRACE_MS = 4_000;
const STOP_FLUSH_MS = 2_500;
const STOP_CLOSE_MS = 1_500;

export interface RunOptions {
  config: LoadedConfig;
  once: boolean;
  log: Logger;
  env: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Resolves when the process is asked to stop (SIGTERM/SIGINT). */
  stopSignal?: Promise<void>;
}

export async function runCommand(options: RunOptions): Promise<number> {
  const app = await createApp(options.config, { log: options.log, env: options.env, stdout: options.stdout });
  const stopping = new AbortController();
  void options.stopSignal?.then(() => stopping.abort());
  try {
    if (options.once) {
      const report = await app.pollOnce(stopping.signal);
      printReport(report, options);
      // An abandoned poll did not drain: deliver what it recorded before leaving.
      if (stopping.signal.aborted) await flushOnStop(app, options);
      return 0;
    }
    await runScheduled(app, options, stopping.signal);
    return 0;
  } finally {
    await within(app.close(), STOP_CLOSE_MS, undefined);
  }
}

async function flushOnStop(app: App, options: Pick<RunOptions, 'log'>): Promise<void> {
  const flushed = await within(
    app.flushOutbox(STOP_FLUSH_MS - 500).catch((error: Error) => options.log.warn(`outbox not flushed: ${error.message}`)),
    STOP_FLUSH_MS,
    'timed out' as const,
  );
  if (flushed === 'timed out') options.log.warn('outbox flush cut short by the shutdown; the rest is delivered after the restart');
  else if (flushed) options.log.info(`outbox flushed: ${flushed.delivered} delivered, ${flushed.pending} waiting`, { delivery: flushed });
}

export function printReport(report: PollReport, options: Pick<RunOptions, 'stderr' | 'log'>): void {
  // Through the logger (on stderr), so a token in a feed URL is redacted like everywhere else.
  for (const failure of report.failed) options.log.warn(`feed failed: ${failure.name ?? failure.url} (${failure.url}): ${failure.reason}`, { feed: failure.url, reason: failure.reason });
  const held = report.heldElsewhere ? `, ${report.heldElsewhere} polled by another replica` : '';
  options.log.info(
    `poll: ${report.feeds} feeds (${report.unchanged} unchanged, ${report.skipped} not due, ${report.failed.length} failed${held}), ` +
      `${report.newItems} new items, ${report.relevant} relevant, ${report.created} stories created, ${report.updated} updated, ` +
      `${report.delivery.delivered} deliveries${report.delivery.pending ? `, ${report.delivery.pending} alerts waiting to be retried` : ''}` +
      `${report.abandoned ? '; stopped before every new item was placed (they are fetched again next time)' : ''}`,
    {
      poll: {
        feeds: report.feeds,
        unchanged: report.unchanged,
        notDue: report.skipped,
        failed: report.failed.length,
        heldElsewhere: report.heldElsewhere ?? 0,
        newItems: report.newItems,
        relevant: report.relevant,
        created: report.created,
        updated: report.updated,
        delivered: report.delivery.delivered,
        retrying: report.delivery.retrying,
        pending: report.delivery.pending,
        feedBytes: report.feedBytes,
        abandoned: report.abandoned ?? false,
      },
    },
  );
}

async function runScheduled(app: App, options: RunOptions, stopping: AbortSignal): Promise<void> {
  const { settings, secrets } = options.config;
  let lastPollAt: string | null = null;
  let running: Promise<void> | null = null;
  // Polls on the schedule spread their feeds' start times; the first poll at start-up does not
  // wait, so a fresh start shows its results at once.
  const poll = async (spreadMs = 0) => {
    if (running) return;
    running = (async () => {
      try {
        printReport(await app.pollOnce(stopping, { spreadMs }), options);
        lastPollAt = new Date().toISOString();
      } catch (error) {
        options.log.error(`poll failed: ${(error as Error).message}`);
      } finally {
        running = null;
      }
    })();
    await running;
  };

  app.watchConfig();
  let server: RunningServer | null = null;
  let gateway: { stop(): Promise<void> } | null = null;
  const handlers = await commandHandlers(app, options);
  if (settings.http.enabled) {
    const interactions = secrets.discordPublicKey
      ? (await import('../discord/interactions-endpoint.js')).createInteractionsHandler({
          publicKey: secrets.discordPublicKey,
          handlers,
          log: options.log,
          apiBase: settings.discord.apiBase,
        })
      : null;
    server = await startHttpServer({
      host: settings.http.host,
      port: settings.http.port,
      interactions,
      now: () => new Date(),
      health: {
        lastPollAt: () => lastPollAt,
        staleAfterMs: 3 * 60 * 60_000,
        storeReachable: async () => (await app.store.ping(), true),
      },
      metrics: () => app.metrics.render(),
    });
    options.log.info(`serving /healthz, /metrics${interactions ? ' and /interactions' : ''} on ${settings.http.host}:${server.port}`, {
      http: { host: settings.http.host, port: server.port },
    });
  }
  if (secrets.discordToken && settings.discord.gateway) {
    const { startGateway } = await import('../discord/gateway.js');
    gateway = await startGateway({ token: secrets.discordToken, handlers, log: options.log, apiBase: settings.discord.apiBase }).catch((error: Error) => {
      options.log.error(`Discord gateway not started: ${error.message}`);
      return null;
    });
  }

  // node-cron 4: noOverlap skips a tick while the previous poll is still running.
  // A tick spreads its feeds over at most half the time to the next tick, so polls never pile up.
  const task = cron.schedule(
    settings.schedule,
    () => {
      const next = task.getNextRun();
      return poll(next ? Math.max(0, (next.getTime() - Date.now()) / 2) : 0);
    },
    { timezone: settings.timezone, noOverlap: true },
  );
  // Expired seen-item records stay in keyv's sqlite table until read: read them away once a day.
  const prune = cron.schedule(
    '17 4 * * *',
    async () => {
      try {
        const kept = await app.seen.prune();
        options.log.info(`seen items pruned: ${kept} kept`);
      } catch (error) {
        options.log.warn(`pruning seen items failed: ${(error as Error).message}`);
      }
    },
    { timezone: settings.timezone, noOverlap: true },
  );
  const firstPoll = poll(0);
  if (!stopping.aborted) await new Promise<void>((resolve) => stopping.addEventListener('abort', () => resolve(), { once: true }));
  options.log.info('stopping: finishing or abandoning the poll in progress, then flushing the outbox');
  await task.stop();
  await prune.stop();
  const inProgress = running ?? firstPoll;
  if ((await within(inProgress, STOP_POLL_GRACE_MS, 'timed out' as const)) === 'timed out') {
    options.log.warn('the poll in progress did not stop in time and is abandoned; its feeds are fetched again next time');
  }
  await flushOnStop(app, options);
  await within(Promise.all([gateway?.stop(), server?.close()]), STOP_CLOSE_MS, undefined);
}

async function commandHandlers(app: App, options: RunOptions) {
  const { createCommandHandlers } = await import('../discord/commands/index.js');
  return createCommandHandlers({
    context: () => ({ stories: app.stories, seen: app.seen, outbox: app.outbox, watchlist: app.watchlist(), now: new Date() }),
    log: options.log,
  });
}
