// Config faults. A broken edit of watchlist.yaml while running is reported (log and a
// config.invalid notice) and the last good watch list stays in force until a good edit. A broken
// edit of forcewatch.yaml while running changes nothing: the process keeps the configuration it
// started with (forcewatch.yaml is read at start only), and a restart with it refuses to start,
// naming the file and key. check-config names the file and every bad key and exits non-zero.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { force, ordinaryNews, peelFollowUp, peelRelease } from './support/news.js';
import { startNewsroom, type Newsroom } from './support/newsroom.js';
import { baseSettings, makeWorkspace, readJsonl, runForcewatch, startForcewatch, type Workspace } from './support/forcewatch-process.js';
import { until } from './support/until.js';

describe('config faults', () => {
  let newsroom: Newsroom;
  let workspace: Workspace;

  beforeAll(async () => {
    newsroom = await startNewsroom();
    workspace = await makeWorkspace();
  });
  afterAll(async () => {
    await newsroom?.close();
    await workspace?.remove();
  });

  it('keeps the last good config through broken edits while running, and refuses to restart on a broken forcewatch.yaml', async () => {
    const settings = baseSettings(workspace, { schedule: '* * * * * *', feeds: [{ url: newsroom.url('/feeds/news.xml'), name: 'Courier' }] });
    await workspace.writeConfig(settings, { forces: ['kent'] });
    const recent = () => new Date(Date.now() - 60_000).toISOString();
    const lines = () => readJsonl(workspace.file('data/alerts.jsonl'));
    const alertsFor = (id: string) => lines().filter((line) => String(line.type).startsWith('alert.') && (line.forces as { id: string }[]).some((entry) => entry.id === id));

    newsroom.publish('/feeds/news.xml', ordinaryNews('council', recent())); // the feed exists from the first poll
    const running = startForcewatch(['run', '--config', workspace.configDir], { cwd: workspace.dir, timeoutMs: 60_000 });
    try {
      await running.waitFor(/poll: /);
      newsroom.publish('/feeds/news.xml', peelRelease(force('kent'), recent()));
      await until('Kent alerted', () => alertsFor('kent').length === 1);

      // A broken watch list: said in the log and to the sinks, and the old list stays in force.
      await workspace.writeConfigText('watchlist.yaml', 'forces: [kent, atlantis]\ntopics: [cookery\n');
      await running.waitFor(/watchlist\.yaml edit not applied, keeping the last good watch list: watchlist\.yaml: YAML syntax/);
      await until('the config.invalid notice', () => lines().find((line) => line.type === 'config.invalid'));
      newsroom.publish('/feeds/news.xml', peelRelease(force('essex'), recent())); // not on the list in force
      newsroom.publish('/feeds/news.xml', peelFollowUp(force('kent'), recent()));
      await until('Kent updated under the old list', () => alertsFor('kent').length === 2);
      expect(alertsFor('essex')).toEqual([]);

      // Fixed: applied.
      await workspace.writeConfigText('watchlist.yaml', 'forces: all\n');
      await running.waitFor(/watchlist\.yaml reloaded/);
      newsroom.publish('/feeds/news.xml', peelRelease(force('surrey'), recent()));
      await until('Surrey alerted under the new list', () => alertsFor('surrey').length === 1);

      // A broken forcewatch.yaml: the running process goes on with the config it started with.
      await workspace.writeConfigText('forcewatch.yaml', 'schedule: "every now and then"\nsinks: [{type: pigeon}]\nfeeds: [\n');
      newsroom.publish('/feeds/news.xml', peelRelease(force('dorset'), recent()));
      await until('Dorset alerted after the broken edit', () => alertsFor('dorset').length === 1);
      expect(running.output().stderr).not.toMatch(/poll failed/);
    } finally {
      running.child.kill('SIGTERM');
    }
    const stopped = await running.done;
    expect(stopped.signal ?? stopped.code).toBe(0);

    // ... and a restart with it refuses to start, naming the file and the problem.
    const restart = await runForcewatch(['run', '--config', workspace.configDir], { cwd: workspace.dir, timeoutMs: 15_000 });
    expect(restart.code).toBe(2);
    expect(restart.stderr).toMatch(/invalid configuration:\n\s+forcewatch\.yaml: YAML syntax: .* at line \d+, column \d+/);
    expect(alertsFor('kent')).toHaveLength(2); // nothing re-sent by any of it
  }, 60_000);

  it('check-config names the file and every bad key, and exits non-zero', async () => {
    await workspace.writeConfigText(
      'forcewatch.yaml',
      ['schedule: "not cron"', 'colour: red', 'backfill: soon', 'fetch: {maxBytes: -1, bogus: 1}', 'feeds: [{url: "ftp://x.example/feed"}, {name: untitled}]', 'sinks: [{type: nope}, {type: jsonl}]', 'http: {port: 70000}', ''].join('\n'),
    );
    await workspace.writeConfigText('watchlist.yaml', 'forces: [nowhere, kent]\ntopics: [cooking]\nroutes: [{forces: [kent], channel: 12}]\n');
    const result = await runForcewatch(['check-config', '--config', workspace.configDir], { cwd: workspace.dir, timeoutMs: 15_000 });
    expect(result.code).toBe(1);
    const problems = result.stderr.split('\n').filter((line) => /^\s+\S+\.yaml: /.test(line)).map((line) => line.trim().split(':').slice(0, 2).join(':'));
    expect(problems).toEqual(
      expect.arrayContaining([
        'forcewatch.yaml: schedule', 'forcewatch.yaml: colour', 'forcewatch.yaml: backfill', 'forcewatch.yaml: fetch.maxBytes', 'forcewatch.yaml: fetch.bogus',
        'forcewatch.yaml: feeds[0].url', 'forcewatch.yaml: feeds[1].url', 'forcewatch.yaml: sinks[0].type', 'forcewatch.yaml: sinks[1].path', 'forcewatch.yaml: http.port',
        'watchlist.yaml: forces[0]', 'watchlist.yaml: topics[0]', 'watchlist.yaml: routes[0].channel',
      ]),
    );
    expect(result.stderr).toMatch(/^\S*config: \d+ problems:/m);
  }, 30_000);
});
