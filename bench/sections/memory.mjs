// memory: 1,000 polls of the bundled demo site in one process through the real app (createApp,
// default settings: 2 parse workers, console sink to nowhere, an in-memory store). The store is
// emptied every 10th poll, so 100 polls read all ten pages again (jsdom in the workers,
// extraction, stories, alerts) and the 900 between are the conditional-GET polls of a quiet
// day. Memory is sampled after a forced GC every 50 polls; growth is measured after a 300-poll
// warm-up: V8 grows each parse worker's young generation in steps towards its 128 MB cap and
// compiles hot code for a while, which showed as RSS rising until about poll 350 and then flat
// (a heap-snapshot diff of the main thread between polls 400 and 2,400 found only compiled code).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../dist/app.js';
import { loadConfig } from '../../dist/config/load.js';
import { startDemoSite } from '../../dist/demo/site-server.js';
import { NAMESPACES } from '../../dist/store/keyv-store.js';
import { linearFit, median, now, round } from '../lib/measure.mjs';

const MiB = 2 ** 20;
const silent = { info() {}, warn() {}, error() {} };

function sample(poll) {
  globalThis.gc?.();
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return { poll, rssMiB: round(usage.rss / MiB, 1), heapUsedMiB: round(usage.heapUsed / MiB, 2), externalMiB: round(usage.external / MiB, 2) };
}

export async function run(options) {
  if (!globalThis.gc) throw new Error('run with --expose-gc');
  const polls = options.quick ? 200 : 1_000;
  const freshEvery = 10;
  const warmUp = options.quick ? 50 : 300;
  const site = await startDemoSite();
  const dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-bench-memory-'));
  const configDir = path.join(dir, 'config');
  await mkdir(configDir);
  await writeFile(path.join(configDir, 'forcewatch.yaml'), JSON.stringify({
    store: 'memory:', backfill: 'all', fetch: { allowPrivateAddresses: true }, feeds: site.feeds, sinks: [{ type: 'console' }], http: { enabled: false },
  }));
  await writeFile(path.join(configDir, 'watchlist.yaml'), 'forces: all\n');
  const config = await loadConfig(configDir, {});
  const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() });
  const app = await createApp(config, { log: silent, env: {}, stdout: nowhere });
  const samples = [];
  const times = { full: [], quiet: [] };
  let alerts = 0;
  try {
    for (let poll = 1; poll <= polls; poll += 1) {
      const fresh = poll % freshEvery === 1;
      if (fresh) for (const namespace of NAMESPACES) await app.store.ns(namespace).clear();
      const t = now();
      const report = await app.pollOnce();
      (fresh ? times.full : times.quiet).push(now() - t);
      alerts += report.created + report.updated;
      if (fresh && report.newItems !== 10) throw new Error(`poll ${poll}: expected 10 new items after emptying the store, got ${report.newItems}`);
      if (poll === 1 || poll % 50 === 0) samples.push(sample(poll));
    }
  } finally {
    await app.close();
    await site.close();
    await rm(dir, { recursive: true, force: true });
  }
  // RSS includes the workers' heaps, which the main thread's gc() does not collect: compare the
  // median of four samples just after warm-up with the median of the last four, not two single points.
  const after = samples.filter((s) => s.poll >= warmUp);
  const mid = (list, field) => median(list.map((s) => s[field]));
  const point = (list) => ({ polls: `${list[0].poll}-${list.at(-1).poll}`, rssMiB: round(mid(list, 'rssMiB'), 1), heapUsedMiB: round(mid(list, 'heapUsedMiB'), 2), externalMiB: round(mid(list, 'externalMiB'), 2) });
  const base = point(after.slice(0, 4));
  const last = point(samples.slice(-4));
  const growth = (field) => round(((last[field] - base[field]) / base[field]) * 100, 1);
  const slope = (field) => round(linearFit(after.map((s) => s.poll), after.map((s) => s[field])).slope * 100, 3);
  const avg = (list) => round(list.reduce((a, b) => a + b, 0) / list.length, 1);
  return {
    polls,
    storeEmptiedEvery: freshEvery,
    fullPolls: times.full.length,
    alertsDelivered: alerts,
    msPerFullPoll: avg(times.full),
    msPerQuietPoll: avg(times.quiet),
    warmUpPolls: warmUp,
    afterWarmUp: base,
    end: last,
    growthPercent: { rss: growth('rssMiB'), heapUsed: growth('heapUsedMiB') },
    slopeMiBPer100Polls: { rss: slope('rssMiB'), heapUsed: slope('heapUsedMiB') },
    targetGrowthPercent: 5,
    maxRssMiB: Math.max(...samples.map((s) => s.rssMiB)),
    samples,
  };
}
