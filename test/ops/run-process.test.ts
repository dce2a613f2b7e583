// `forcewatch run` as a real child process: /healthz and /metrics on its HTTP port, structured
// JSON logs with one line per poll and no secret in them, and a graceful stop on SIGTERM within
// 10 s — also in the middle of a poll, after which nothing is lost.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/core/story.js';
import { CLI_SOURCE, startChild, type Child } from './support/child.js';
import { startOpsSite, type OpsSite } from './support/site.js';

const TOKEN = 'bot-token-for-the-ops-test.0123456789';
const PUBLIC_KEY = 'a'.repeat(64);

describe('forcewatch run (child process)', () => {
  let site: OpsSite;
  let dir: string;
  let children: Child[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-run-'));
  });
  afterEach(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    children = [];
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function writeConfig(extra: Record<string, unknown> = {}): Promise<string> {
    const configDir = path.join(dir, 'config');
    await mkdir(configDir, { recursive: true });
    await writeFile(
      path.join(configDir, 'forcewatch.yaml'),
      stringify({
        // Only the poll at start-up runs during a test.
        schedule: '0 0 1 1 *',
        store: `sqlite:${path.join(dir, 'data', 'state.sqlite')}`,
        backfill: 'all',
        fetch: { allowPrivateAddresses: true, maxConcurrent: 2, parseWorkers: 0, connectTimeoutMs: 2_000, totalTimeoutMs: 8_000 },
        feeds: [...site.feeds, { url: site.failingFeed, name: 'Broken Bulletin' }],
        sinks: [{ type: 'jsonl', path: path.join(dir, 'data', 'alerts.jsonl') }],
        discord: { gateway: false },
        http: { port: 0, host: '127.0.0.1' },
        ...extra,
      }),
    );
    await writeFile(path.join(configDir, 'watchlist.yaml'), 'forces: all\n');
    return configDir;
  }

  function run(configDir: string, args: string[] = []): Child {
    const child = startChild(CLI_SOURCE, ['run', '--config', configDir, ...args], { env: { DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: PUBLIC_KEY } });
    children.push(child);
    return child;
  }

  const portOf = (child: Child) =>
    child.waitFor(() => (child.logs().find((line) => String(line.msg).startsWith('serving /healthz'))?.http as { port: number } | undefined)?.port, 'the HTTP server');
  const pollLine = (child: Child) => child.logs().find((line) => String(line.msg).startsWith('poll:'));

  async function alerts(): Promise<AlertEvent[]> {
    const text = await readFile(path.join(dir, 'data', 'alerts.jsonl'), 'utf8').catch(() => '');
    return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as AlertEvent).filter((event) => event.type.startsWith('alert.'));
  }

  it('serves /healthz and /metrics, logs one JSON line per poll, and never logs a secret', async () => {
    site = await startOpsSite();
    const child = run(await writeConfig());
    const port = await portOf(child);
    await child.waitFor(() => pollLine(child), 'the first poll');

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, store: 'reachable' });

    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    const sink = `jsonl:${path.join(dir, 'data', 'alerts.jsonl')}`;
    for (const line of [
      'forcewatch_polls_total{outcome="ok"} 1',
      'forcewatch_items_seen_total 16',
      'forcewatch_stories_total{change="created"} 8',
      `forcewatch_alerts_total{sink="${sink}",outcome="delivered"} 8`,
      `forcewatch_delivery_duration_seconds_count{sink="${sink}"} 8`,
      'forcewatch_outbox_depth 0',
      `forcewatch_feed_failures_total{feed="${site.failingFeed.replace('feed-secret-token-4242', '***')}"} 1`,
      'forcewatch_feed_polls_total{outcome="failed"} 1',
      'forcewatch_lease_held{lease="outbox"} 0',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toMatch(/^forcewatch_lease_token\{lease="outbox"\} \d+$/m);
    expect(text).toMatch(/^forcewatch_info\{version="[^"]+",store="sqlite",replica="[^"]+"\} 1$/m);
    // A registry of the app's own: no default process metrics from prom-client's global one.
    expect(text).not.toContain('process_cpu');
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);

    child.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);

    // Every line on stderr is a JSON log record; the poll line carries its counts as fields.
    const lines = child.stderr.filter((line) => line.trim());
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    const records = child.logs();
    expect(records.every((record) => typeof record.level === 'string' && typeof record.time === 'string' && typeof record.msg === 'string')).toBe(true);
    const polls = records.filter((record) => String(record.msg).startsWith('poll:'));
    expect(polls).toHaveLength(1);
    expect(polls[0]!.poll).toMatchObject({ feeds: 5, failed: 1, newItems: 16, created: 8, delivered: 8 });
    expect(records.some((record) => String(record.msg).startsWith('feed failed: Broken Bulletin'))).toBe(true);
    const everything = child.stderr.join('\n') + child.stdout.join('\n');
    for (const secret of [TOKEN, PUBLIC_KEY, 'feed-secret-token-4242']) expect(everything).not.toContain(secret);
  });

  it('stops within 10 s of SIGTERM in the middle of a poll, and the next run loses nothing', async () => {
    // Pages answer slowly: the poll is reading them when the signal comes.
    site = await startOpsSite({ pageDelayMs: 3_000 });
    const configDir = await writeConfig();
    const child = run(configDir);
    await child.waitFor(() => site.pageRequests.length >= 2, 'pages being read', 30_000);
    const signalled = Date.now();
    child.kill('SIGTERM');
    const exit = await child.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - signalled).toBeLessThan(10_000);
    const messages = child.logs().map((record) => String(record.msg));
    expect(messages).toContain('stopping: finishing or abandoning the poll in progress, then flushing the outbox');
    expect(messages.some((message) => message.includes('stopped before every new item was placed') || message.includes('abandoned'))).toBe(true);

    // The store was closed cleanly and nothing was lost: a run once the pages answer again
    // alerts every story, each once.
    site.pageDelayMs = 0;
    const again = run(configDir, ['--once']);
    expect((await again.exited).code).toBe(0);
    const events = await alerts();
    const created = events.filter((event) => event.type === 'alert.created');
    expect(new Set(created.map((event) => event.storyId)).size).toBe(8);
    expect(created).toHaveLength(8);
  });

  it('stops at once when idle, and run --once stops mid-poll too', async () => {
    site = await startOpsSite();
    const configDir = await writeConfig();
    const idle = run(configDir);
    await idle.waitFor(() => pollLine(idle), 'the first poll');
    const signalled = Date.now();
    idle.kill('SIGINT');
    const exit = await idle.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - signalled).toBeLessThan(3_000);

    site.pageDelayMs = 3_000;
    await rm(path.join(dir, 'data'), { recursive: true, force: true });
    const once = run(configDir, ['--once']);
    await once.waitFor(() => site.pageRequests.length >= 18, 'pages being read', 30_000);
    const onceSignalled = Date.now();
    once.kill('SIGTERM');
    const onceExit = await once.exited;
    expect(onceExit.code).toBe(0);
    expect(onceExit.at - onceSignalled).toBeLessThan(10_000);
  });
});
