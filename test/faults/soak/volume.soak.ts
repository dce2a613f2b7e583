// Soak: a feed of 1,500 items (a few hundred of them new each poll) beside every misbehaving
// feed of the test server, over several real runs: bounded time and memory per run, every
// report alerted once, nothing alerted again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../support/feed-server.js';
import { HOSTILE_FEED_PATHS } from '../support/hostile.js';
import { FORCES, ordinaryNews, peelFollowUp, peelRelease } from '../support/news.js';
import { startNewsroom, type Newsroom } from '../support/newsroom.js';
import { baseSettings, makeWorkspace, readJsonl, runForcewatch, type Workspace } from '../support/forcewatch-process.js';

describe('soak: volume beside hostile feeds', () => {
  let server: FeedServer;
  let newsroom: Newsroom;
  let workspace: Workspace;

  beforeAll(async () => {
    server = await startFeedServer();
    newsroom = await startNewsroom();
    workspace = await makeWorkspace('forcewatch-soak-volume-');
    await workspace.writeConfig(
      baseSettings(workspace, {
        backfill: '2d',
        fetch: { allowPrivateAddresses: true, connectTimeoutMs: 1_000, totalTimeoutMs: 3_000, maxBytes: 1024 * 1024, maxConcurrent: 8, maxPerHost: 8 },
        feeds: [{ url: newsroom.url('/feeds/big.xml'), name: 'Big' }, ...HOSTILE_FEED_PATHS.map((path) => ({ url: server.url(path), name: `hostile ${path}` }))],
      }),
    );
  });
  afterAll(async () => {
    await server?.close();
    await newsroom?.close();
    await workspace?.remove();
  });

  it('stays within time and memory over several polls of a big feed', async () => {
    const figures: string[] = [];
    let serial = 0;
    for (let poll = 0; poll < 4; poll += 1) {
      const when = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
      for (let index = 0; index < 375; index += 1) newsroom.publish('/feeds/big.xml', ordinaryNews(`news-${(serial += 1)}`, when(600 - serial / 10)));
      for (const subject of FORCES.slice(poll * 2, poll * 2 + 2)) {
        newsroom.publish('/feeds/big.xml', peelRelease(subject, when(30)));
        newsroom.publish('/feeds/big.xml', peelFollowUp(subject, when(20)));
      }
      // Publishers may have conditional GET, but this one does not: the whole feed every time.
      server.clearLog();
      const result = await runForcewatch(['run', '--once', '--config', workspace.configDir], { cwd: workspace.dir, timeoutMs: 240_000 });
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
      figures.push(`poll ${poll + 1}: ${result.ms} ms, peak RSS ${result.peakRssMiB} MiB`);
      expect(result.ms).toBeLessThan(180_000);
      if (result.peakRssMiB > 0) expect(result.peakRssMiB).toBeLessThan(700);
    }
    console.info(`volume soak: ${figures.join('; ')}`);
    const alerts = readJsonl(workspace.file('data/alerts.jsonl')).filter((line) => String(line.type).startsWith('alert.'));
    const created = alerts.filter((alert) => alert.type === 'alert.created').map((alert) => (alert.forces as { id: string }[])[0]?.id);
    expect(created.sort()).toEqual(FORCES.map((entry) => entry.id).sort());
    expect(new Set(alerts.map((alert) => `${String(alert.storyId)}@${String(alert.version)}`)).size).toBe(alerts.length);
  });
});
