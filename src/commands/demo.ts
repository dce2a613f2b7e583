// `forcewatch demo [--watch]`: serves the bundled sample site on 127.0.0.1, points a temporary
// config at its feeds (sqlite store in a temp folder, console sink) and polls once — or every
// minute with --watch. Works offline and without Discord.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../config/load.js';
import type { Logger } from '../core/logger.js';
import { startDemoSite } from '../demo/site-server.js';
import { runCommand } from './run.js';

export interface DemoOptions {
  watch: boolean;
  log: Logger;
  env: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stopSignal?: Promise<void>;
}

export async function runDemo(options: DemoOptions): Promise<number> {
  const site = await startDemoSite();
  const dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-demo-'));
  try {
    const configDir = path.join(dir, 'config');
    await mkdir(configDir, { recursive: true });
    await writeFile(
      path.join(configDir, 'forcewatch.yaml'),
      stringify({
        schedule: '* * * * *',
        store: `sqlite:${path.join(dir, 'data', 'demo.sqlite')}`,
        backfill: 'all',
        fetch: { allowPrivateAddresses: true },
        feeds: site.feeds.map((feed) => ({ url: feed.url, name: feed.name })),
        sinks: [{ type: 'console' }],
        http: { enabled: false },
      }),
    );
    await writeFile(path.join(configDir, 'watchlist.yaml'), stringify({ forces: 'all' }));
    options.log.info(`demo: sample site on ${site.baseUrl} with ${site.feeds.length} feeds; polling ${options.watch ? 'every minute (Ctrl+C to stop)' : 'once'}`);
    const config = await loadConfig(configDir, options.env);
    return await runCommand({ ...options, config, once: !options.watch });
  } finally {
    await site.close();
    await rm(dir, { recursive: true, force: true });
  }
}
