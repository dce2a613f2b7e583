// `forcewatch run [--once]`: poll on the schedule (or once), deliver, and serve /interactions and
// /healthz. A failing feed is reported and never fails the run.
import cron from 'node-cron';
import { createApp, type App } from '../app.js';
import type { LoadedConfig } from '../config/load.js';
import type { Logger } from '../core/logger.js';
import type { PollReport } from '../poll.js';
import { startHttpServer, type RunningServer } from '../http-server.js';

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
  try {
    if (options.once) {
      const report = await app.pollOnce();
      printReport(report, options);
      return 0;
    }
    await runScheduled(app, options);
    return 0;
  } finally {
    await app.close();
  }
}

export function printReport(report: PollReport, options: Pick<RunOptions, 'stderr' | 'log'>): void {
  for (const failure of report.failed) options.stderr.write(`feed failed: ${failure.name ?? failure.url} (${failure.url}): ${failure.reason}\n`);
  options.log.info(
    `poll: ${report.feeds} feeds (${report.unchanged} unchanged, ${report.skipped} not due, ${report.failed.length} failed), ` +
      `${report.newItems} new items, ${report.relevant} relevant, ${report.created} stories created, ${report.updated} updated, ` +
      `${report.delivery.delivered} deliveries${report.delivery.pending ? `, ${report.delivery.pending} alerts waiting to be retried` : ''}`,
  );
}

async function runScheduled(app: App, options: RunOptions): Promise<void> {
  const { settings, secrets } = options.config;
  let lastPollAt: string | null = null;
  let running: Promise<void> | null = null;
  const poll = async () => {
    if (running) return;
    running = (async () => {
      try {
        printReport(await app.pollOnce(), options);
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
        storeReachable: async () => (await app.store.ns('feeds').get('__health__'), true),
      },
    });
    options.log.info(`serving /healthz${interactions ? ' and /interactions' : ''} on ${settings.http.host}:${server.port}`);
  }
  if (secrets.discordToken && settings.discord.gateway) {
    const { startGateway } = await import('../discord/gateway.js');
    gateway = await startGateway({ token: secrets.discordToken, handlers, log: options.log, apiBase: settings.discord.apiBase }).catch((error: Error) => {
      options.log.error(`Discord gateway not started: ${error.message}`);
      return null;
    });
  }

  // node-cron 4: noOverlap skips a tick while the previous poll is still running.
  const task = cron.schedule(settings.schedule, poll, { timezone: settings.timezone, noOverlap: true });
  await poll();
  await (options.stopSignal ?? new Promise<void>(() => undefined));
  await task.stop();
  if (running) await running;
  await gateway?.stop();
  await server?.close();
}

async function commandHandlers(app: App, options: RunOptions) {
  const { createCommandHandlers } = await import('../discord/commands/index.js');
  return createCommandHandlers({
    context: () => ({ stories: app.stories, seen: app.seen, outbox: app.outbox, watchlist: app.watchlist(), now: new Date() }),
    log: options.log,
  });
}
