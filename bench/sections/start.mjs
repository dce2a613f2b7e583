// start: `forcewatch run --once` with an empty feed list, from process start to exit (spawned
// several times, median), against a bare `node -e ""`; and which packages such a run loads — jsdom,
// discord.js and the store adapters other than the configured one should not be among them.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, now, round } from '../lib/measure.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = path.join(root, 'dist/cli.js');
const probe = fileURLToPath(new URL('../lib/load-probe.mjs', import.meta.url));
const HEAVY = ['jsdom', '@mozilla/readability', 'discord.js', '@discordjs/rest', '@discordjs/ws', 'undici', '@keyv/redis', '@keyv/postgres', 'pg', 'redis', '@keyv/sqlite', 'sqlite3', 'rss-parser', 'pino', 'prom-client'];

function timedRun(args, env = {}) {
  const t = now();
  const child = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8' });
  const ms = now() - t;
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return ms;
}

function packagesIn(lines) {
  const packages = new Set();
  for (const line of lines) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(line);
    if (match) packages.add(match[1]);
  }
  return [...packages].sort();
}

export async function run(options) {
  const runs = options.quick ? 3 : 7;
  const dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-bench-start-'));
  const results = {};
  try {
    for (const store of ['sqlite', 'memory']) {
      const configDir = path.join(dir, store, 'config');
      await mkdir(configDir, { recursive: true });
      await writeFile(path.join(configDir, 'forcewatch.yaml'), JSON.stringify({ store: store === 'sqlite' ? 'sqlite:data/fw.sqlite' : 'memory:', feeds: [], http: { enabled: false } }));
      await writeFile(path.join(configDir, 'watchlist.yaml'), 'forces: all\n');
      const args = [cli, 'run', '--once', '--config', configDir];
      timedRun(args);
      const times = Array.from({ length: runs }, () => timedRun(args));
      const probeFile = path.join(dir, `${store}.loaded`);
      timedRun(['--import', probe, ...args], { FORCEWATCH_BENCH_PROBE: probeFile });
      const loaded = packagesIn((await readFile(probeFile, 'utf8')).split('\n'));
      results[store] = { medianMs: round(median(times), 0), runsMs: times.map((t) => round(t, 0)), packagesLoaded: loaded, heavyLoaded: HEAVY.filter((name) => loaded.includes(name)) };
    }
    const bare = Array.from({ length: runs }, () => timedRun(['-e', '']));
    results.bareNodeMedianMs = round(median(bare), 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { runs, ...results, heavyPackagesChecked: HEAVY };
}
