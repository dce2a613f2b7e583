// Soak: kill -9 at random moments and at random fault points, many times over, while new
// articles keep arriving; then let it finish. Every story is created once, every version written
// once to the jsonl file, every version reaches the webhook under one key, and no article is lost.
import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORCES, ordinaryNews, peelFollowUp, peelRelease } from '../support/news.js';
import { startNewsroom, type Newsroom } from '../support/newsroom.js';
import { baseSettings, makeWorkspace, runForcewatch, startForcewatch, type Workspace } from '../support/forcewatch-process.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

const ITERATIONS = Number(process.env.SOAK_ITERATIONS ?? 80);
const POINTS = ['feeds-fetched', 'outbox-recorded', 'before-drain', 'sink-answered'];

/** A seeded generator, so a failing soak can be replayed with SOAK_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function readLines(file: string): { parsed: Record<string, unknown>[]; torn: number } {
  if (!existsSync(file)) return { parsed: [], torn: 0 };
  let torn = 0;
  const parsed: Record<string, unknown>[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      parsed.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      torn += 1;
    }
  }
  return { parsed, torn };
}

describe('soak: random kills', () => {
  let newsroom: Newsroom;
  let receiver: Receiver;
  let workspace: Workspace;
  const seed = Number(process.env.SOAK_SEED ?? Date.now() % 100_000);
  const next = random(seed);

  beforeAll(async () => {
    newsroom = await startNewsroom();
    receiver = await startReceiver();
    workspace = await makeWorkspace('forcewatch-soak-');
    // Both feeds exist from the first run (a feed that 404s is left alone for its backoff).
    newsroom.publish('/feeds/a.xml', ordinaryNews('a-news', new Date(Date.now() - 7_200_000).toISOString()));
    newsroom.publish('/feeds/b.xml', ordinaryNews('b-news', new Date(Date.now() - 7_200_000).toISOString()));
    await workspace.writeConfig(
      baseSettings(workspace, {
        feeds: [{ url: newsroom.url('/feeds/a.xml'), name: 'A' }, { url: newsroom.url('/feeds/b.xml'), name: 'B' }],
        sinks: [{ type: 'webhook', url: receiver.url('/hook') }, { type: 'jsonl', path: workspace.file('data/alerts.jsonl') }],
      }),
    );
  });
  afterAll(async () => {
    await newsroom?.close();
    await receiver?.close();
    await workspace?.remove();
  });

  it(`survives ${ITERATIONS} kills with every story alerted once`, async () => {
    console.info(`soak seed ${seed} (SOAK_SEED=${seed} replays it)`);
    const published: string[] = [];
    let kills = 0;
    for (let iteration = 0; iteration < ITERATIONS; iteration += 1) {
      // Now and then a new report, or another outlet's account of an earlier one.
      if (next() < 0.5) {
        const subject = FORCES[Math.floor(next() * FORCES.length)]!;
        const when = new Date(Date.now() - 3_600_000 + iteration * 1000).toISOString();
        const article = published.includes(`${subject.id}-peel-release`) ? peelFollowUp(subject, when, 'B') : peelRelease(subject, when, 'A');
        if (!published.includes(article.slug)) {
          newsroom.publish(next() < 0.5 ? '/feeds/a.xml' : '/feeds/b.xml', article);
          published.push(article.slug);
        }
      }
      const byPoint = next() < 0.5;
      const env: Record<string, string> = byPoint ? { FORCEWATCH_FAULT_AT: `${POINTS[Math.floor(next() * POINTS.length)]}:${1 + Math.floor(next() * 3)}` } : {};
      const running = startForcewatch(['run', '--once', '--config', workspace.configDir], { cwd: workspace.dir, env, timeoutMs: 30_000 });
      const killer = byPoint ? null : setTimeout(() => running.child.kill('SIGKILL'), 50 + Math.floor(next() * 1_200));
      const result = await running.done;
      if (killer) clearTimeout(killer);
      if (result.signal === 'SIGKILL') kills += 1;
      else expect(result.code, result.stderr).toBe(0);
    }
    for (let index = 0; index < 2; index += 1) expect((await runForcewatch(['run', '--once', '--config', workspace.configDir], { cwd: workspace.dir, timeoutMs: 60_000 })).code).toBe(0);
    console.info(`soak: ${ITERATIONS} runs, ${kills} killed, ${published.length} articles`);

    const { parsed, torn } = readLines(workspace.file('data/alerts.jsonl'));
    const alerts = parsed.filter((line) => String(line.type).startsWith('alert.')) as unknown as { type: string; storyId: string; version: number; forces: { id: string }[]; sources: { url: string }[] }[];
    expect(new Set(alerts.map((alert) => `${alert.storyId}@${alert.version}`)).size).toBe(alerts.length);
    const stories = new Map<string, typeof alerts>();
    for (const alert of alerts) stories.set(alert.storyId, [...(stories.get(alert.storyId) ?? []), alert]);
    const forces = new Set<string>();
    for (const [storyId, versions] of stories) {
      expect(versions.filter((alert) => alert.type === 'alert.created'), storyId).toHaveLength(1);
      const force = versions[0]!.forces[0]!.id;
      expect(forces.has(force), `${force} has two stories`).toBe(false);
      forces.add(force);
    }
    // No article lost: every published slug is a source of the last version of its story.
    const sources = new Set([...stories.values()].flatMap((versions) => versions.at(-1)!.sources.map((source) => new URL(source.url).pathname.replace('/articles/', ''))));
    expect(published.filter((slug) => !sources.has(slug))).toEqual([]);
    // Webhook: one creation per story, re-sends only under the same key and body, and each story
    // ends at the same version as in the jsonl file.
    const hooks = receiver.delivered.filter((delivery) => String(delivery.json?.type ?? '').startsWith('alert.'));
    const bodiesByKey = new Map<string, Set<string>>();
    for (const delivery of hooks) {
      const key = String(delivery.headers['idempotency-key']);
      bodiesByKey.set(key, (bodiesByKey.get(key) ?? new Set()).add(delivery.body));
    }
    for (const [key, bodies] of bodiesByKey) expect(bodies.size, key).toBe(1);
    for (const [storyId, versions] of stories) {
      const atHook = hooks.filter((delivery) => delivery.json?.storyId === storyId);
      expect(new Set(atHook.filter((delivery) => delivery.json?.type === 'alert.created').map((delivery) => delivery.headers['idempotency-key'])).size, storyId).toBe(1);
      expect(Math.max(...atHook.map((delivery) => Number(delivery.json?.version))), storyId).toBe(versions.at(-1)!.version);
    }
    console.info(`soak: ${stories.size} stories, ${alerts.length} alert lines, ${torn} torn line(s) left by kills mid-append`);
  });
});
