// Crash: the process is SIGKILLed at each point of a poll where one durable step is done and the
// next is not, then restarted. Real child processes, a real sqlite file, a jsonl sink and a
// webhook sink to a loopback receiver. Afterwards every story has been alerted exactly once
// (created once, each version at most once per sink; the webhook may see one re-send, always
// with the same Idempotency-Key) and no article is missing from its story.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { force, ordinaryNews, peelFollowUp, peelRelease } from './support/news.js';
import { startNewsroom, type Newsroom } from './support/newsroom.js';
import { baseSettings, makeWorkspace, readJsonl, runForcewatch, type RunResult, type Workspace } from './support/forcewatch-process.js';
import { startReceiver, type Receiver } from './support/receiver.js';

interface AlertLine {
  type: string;
  storyId: string;
  version: number;
  forces: { id: string }[];
  sources: { url: string }[];
}

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

describe('crash at any point of a poll, then restart', () => {
  let newsroom: Newsroom;
  let receiver: Receiver;
  let workspace: Workspace;

  beforeAll(async () => {
    newsroom = await startNewsroom();
    receiver = await startReceiver();
    workspace = await makeWorkspace();
    await workspace.writeConfig(
      baseSettings(workspace, {
        feeds: [{ url: newsroom.url('/feeds/county.xml'), name: 'County Courier' }, { url: newsroom.url('/feeds/evening.xml'), name: 'Evening' }],
        // The webhook answers first, then the jsonl file: sink-answered:1 is a webhook send, :2 a jsonl append.
        sinks: [{ type: 'webhook', url: receiver.url('/hook') }, { type: 'jsonl', path: workspace.file('data/alerts.jsonl') }],
      }),
    );
  });
  afterAll(async () => {
    await newsroom?.close();
    await receiver?.close();
    await workspace?.remove();
  });

  const run = (fault?: string): Promise<RunResult> =>
    runForcewatch(['run', '--once', '--config', workspace.configDir], { cwd: workspace.dir, env: fault ? { FORCEWATCH_FAULT_AT: fault } : {}, timeoutMs: 30_000 });

  async function crashAt(fault: string): Promise<void> {
    const result = await run(fault);
    expect(result.signal, `${fault}: the run should have been killed there\n${result.stderr}`).toBe('SIGKILL');
    expect(result.timedOut).toBe(false);
  }

  async function completes(): Promise<RunResult> {
    const result = await run();
    expect(result.code, result.stderr).toBe(0);
    return result;
  }

  it('alerts every story exactly once and loses no article, wherever the process dies', async () => {
    const [kent, essex, surrey, dorset] = [force('kent'), force('essex'), force('surrey'), force('dorset')];
    newsroom.publish('/feeds/county.xml', peelRelease(kent, ago(30)));
    newsroom.publish('/feeds/county.xml', ordinaryNews('cycle-lanes', ago(29)));
    newsroom.publish('/feeds/evening.xml', peelRelease(essex, ago(28), 'Evening'));

    // Poll 1, killed at every step in turn; each restart carries on from what the last one stored.
    await crashAt('feeds-fetched'); // fetched, nothing stored
    await crashAt('outbox-recorded'); // Kent's alert recorded, its story and seen item not yet
    await crashAt('before-drain'); // everything recorded, nothing sent
    await crashAt('sink-answered'); // the webhook has Kent's alert, the outbox does not know
    await crashAt('sink-answered:2'); // Kent re-sent to the webhook (same key), appended to jsonl, not marked
    await completes();

    // Poll 2: Kent grows (an update), Surrey is new.
    newsroom.publish('/feeds/evening.xml', peelFollowUp(kent, ago(6), 'Evening'));
    newsroom.publish('/feeds/county.xml', peelRelease(surrey, ago(5)));
    await crashAt('outbox-recorded:2'); // Kent's update recorded; Surrey's alert recorded, not saved
    await crashAt('sink-answered:3');
    await crashAt('sink-answered:2');
    const last = await completes();
    expect(last.stderr).not.toMatch(/poll failed|error:/);

    // Poll 3: Dorset is written to the jsonl file but not marked when the process dies, and a
    // second account arrives before the restart: it must go out as an update, not a second creation.
    newsroom.publish('/feeds/county.xml', peelRelease(dorset, ago(4)));
    await crashAt('sink-answered:2');
    newsroom.publish('/feeds/evening.xml', peelFollowUp(dorset, ago(3), 'Evening'));
    await completes();
    await completes(); // a quiet poll: nothing new, nothing re-sent

    const lines = readJsonl(workspace.file('data/alerts.jsonl')) as unknown as AlertLine[];
    const alerts = lines.filter((line) => line.type.startsWith('alert.'));
    const byForce = (id: string) => alerts.filter((alert) => alert.forces.some((entry) => entry.id === id));

    // jsonl: exactly once per story version, one creation per story, the non-story never.
    expect(new Set(alerts.map((alert) => `${alert.storyId}@${alert.version}`)).size).toBe(alerts.length);
    for (const subject of [kent, essex, surrey, dorset]) {
      const story = byForce(subject.id);
      expect(story.filter((alert) => alert.type === 'alert.created'), subject.id).toHaveLength(1);
      expect(story[0]?.type, subject.id).toBe('alert.created');
      expect(new Set(story.map((alert) => alert.storyId)).size, subject.id).toBe(1);
      const versions = story.map((alert) => alert.version);
      expect(versions, subject.id).toEqual([...versions].sort((a, b) => a - b));
    }
    expect(alerts.filter((alert) => alert.forces.length === 0 || ![kent, essex, surrey, dorset].some((entry) => alert.forces[0]?.id === entry.id))).toEqual([]);

    // No article lost: Kent's last alert carries both accounts.
    const kentLast = byForce('kent').at(-1);
    expect(kentLast?.sources.map((source) => new URL(source.url).pathname).sort()).toEqual(['/articles/kent-peel-follow-up', '/articles/kent-peel-release']);
    expect(byForce('essex').at(-1)?.sources).toHaveLength(1);
    expect(byForce('surrey').at(-1)?.sources).toHaveLength(1);
    expect(byForce('dorset').map((alert) => alert.type)).toEqual(['alert.created', 'alert.updated']);

    // Webhook: the same story versions; a re-send after a kill between send and mark carries the
    // same Idempotency-Key and body, so the receiver can drop it.
    const hooks = receiver.delivered.filter((delivery) => String(delivery.json?.type ?? '').startsWith('alert.'));
    const keys = hooks.map((delivery) => String(delivery.headers['idempotency-key']));
    const unique = [...new Set(keys)];
    expect(unique.sort()).toEqual(alerts.map((alert) => `${alert.storyId}@${alert.version}`).sort());
    expect(keys.length - unique.length).toBeLessThanOrEqual(4); // at most one re-send per kill after a send
    for (const key of unique) {
      const bodies = new Set(hooks.filter((delivery) => delivery.headers['idempotency-key'] === key).map((delivery) => delivery.body));
      expect(bodies.size, key).toBe(1);
    }
    const created = hooks.filter((delivery) => delivery.json?.type === 'alert.created').map((delivery) => String(delivery.headers['idempotency-key']));
    expect(new Set(created).size).toBe(4); // one creation per story, whatever was re-sent
    const createdStories = hooks.filter((delivery) => delivery.json?.type === 'alert.created').map((delivery) => String(delivery.json?.storyId));
    expect(new Set(createdStories).size).toBe(4);
  }, 90_000);
});
