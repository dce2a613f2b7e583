// One replica for the two-replica tests: the real app (createApp) over the config folder given,
// polling in a loop with a short lease time to live so a takeover is quick to observe. SIGTERM
// stops it the way `forcewatch run` stops: the poll in progress is abandoned between items.
// Usage: node --import tsx test/ops/support/replica.ts CONFIG_DIR LEASE_TTL_MS PAUSE_MS [GO_FILE]
// With GO_FILE, the first poll waits until that file exists, so two replicas start together.
import { existsSync } from 'node:fs';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/log.js';

const [dir, ttl, pause, go] = process.argv.slice(2);
const log = createLogger({ level: 'info', pretty: false });
const config = await loadConfig(dir!, process.env);
const app = await createApp(config, { log, env: process.env, leaseTtlMs: Number(ttl), stdout: process.stderr });
const stopping = new AbortController();
process.on('SIGTERM', () => stopping.abort());
log.info(`replica ${app.leases.holder} ready`, { replica: app.leases.holder });
while (go && !existsSync(go) && !stopping.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 10));
while (!stopping.signal.aborted) {
  try {
    const report = await app.pollOnce(stopping.signal);
    log.info('replica poll', { replica: app.leases.holder, poll: { ...report, failed: report.failed.length } });
  } catch (error) {
    log.error(`poll failed: ${(error as Error).message}`);
  }
  await new Promise((resolve) => setTimeout(resolve, Number(pause)));
}
await app.close();
process.exit(0);
