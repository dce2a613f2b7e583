import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ConfigError, environmentProblems, loadConfig, loadWatchlist, resolveConfigDir, resolveConfigPath, resolveStoreUrl } from '../../src/config/load.js';
import { silentLogger } from '../../src/core/logger.js';

const SHIPPED = fileURLToPath(new URL('../../config/', import.meta.url));

async function problemsOf(dir: string, env: Record<string, string> = {}): Promise<string[]> {
  try {
    await loadConfig(dir, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the config loaded without problems');
}

describe('the shipped config folder', () => {
  it('loads, with the defaults filled in and nothing asked of the environment', async () => {
    const config = await loadConfig(path.resolve(SHIPPED), {});
    expect(config.baseDir).toBe(path.dirname(path.resolve(SHIPPED)));
    expect(config.settings.feeds.length).toBeGreaterThan(0);
    expect(config.settings.feeds.every((feed) => /^https:\/\//.test(feed.url))).toBe(true);
    expect(config.settings.sinks.map((sink) => sink.type)).toEqual(['console', 'jsonl']);
    expect(config.settings).toMatchObject({ schedule: '*/10 * * * *', timezone: 'Europe/London', backfill: '3d', stories: { window: '21d' }, fetch: { allowPrivateAddresses: false } });
    expect(config.watchlist).toMatchObject({ forces: 'all', routes: [], mentions: [] });
    expect(config.secrets).toEqual({ discordToken: null, discordPublicKey: null });
    expect(environmentProblems(config)).toEqual([]);
  });
});

describe('loadConfig on a folder of its own', () => {
  let root: string;
  let dir: string;
  const write = async (name: string, text: string) => writeFile(path.join(dir, name), text);

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'forcewatch-config-'));
    dir = path.join(root, 'config');
    await mkdir(dir);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('fills every default from an empty forcewatch.yaml and a missing watchlist.yaml', async () => {
    await write('forcewatch.yaml', '');
    const config = await loadConfig(dir, {});
    expect(config.settings).toMatchObject({ store: 'sqlite:data/forcewatch.sqlite', backfill: '3d', sinks: [{ type: 'console' }], feeds: [], http: { port: 8080, enabled: true } });
    expect(config.watchlist.forces).toBe('all');
  });

  it('reports every problem in both files at once, each with its file and key path', async () => {
    await write(
      'forcewatch.yaml',
      [
        'schedule: "*/10 * * *"',
        'timezone: Europe/Lundun',
        'store: mysql://db/forcewatch',
        'backfill: 3x',
        'fetch:',
        '  maxBytes: -1',
        '  maxBytez: 5',
        'stories:',
        '  window: 0d',
        'feeds:',
        '  - url: ftp://example.org/feed.xml',
        '  - name: Missing URL',
        'sinks:',
        '  - type: slack',
        '  - type: jsonl',
        '  - type: discord',
        '    channel: 123456789012345678',
        'http:',
        '  port: 70000',
        'polling: fast',
      ].join('\n'),
    );
    await write('watchlist.yaml', ['forces: [west-midlands, gotham]', 'topics: [peel, traffic]', 'routes:', '  - forces: [kent]', '    channel: "12"', 'extra: true'].join('\n'));
    const problems = await problemsOf(dir);
    const keyed = problems.map((problem) => problem.split(': ').slice(0, 2).join(': '));
    expect(keyed).toEqual([
      'forcewatch.yaml: schedule',
      'forcewatch.yaml: timezone',
      'forcewatch.yaml: store',
      'forcewatch.yaml: backfill',
      'forcewatch.yaml: fetch.maxBytes',
      'forcewatch.yaml: fetch.maxBytez',
      'forcewatch.yaml: stories.window',
      'forcewatch.yaml: feeds[0].url',
      'forcewatch.yaml: feeds[1].url',
      'forcewatch.yaml: sinks[0].type',
      'forcewatch.yaml: sinks[1].path',
      'forcewatch.yaml: sinks[2].channel',
      'forcewatch.yaml: http.port',
      'forcewatch.yaml: polling',
      'watchlist.yaml: forces[1]',
      'watchlist.yaml: topics[1]',
      'watchlist.yaml: routes[0].channel',
      'watchlist.yaml: extra',
    ]);
    expect(problems).toContain('forcewatch.yaml: schedule: not a valid cron expression (five or six fields, e.g. "*/10 * * * *")');
    expect(problems).toContain('forcewatch.yaml: backfill: expected none, all or a duration such as 30m, 12h, 3d or 2w');
    expect(problems).toContain('forcewatch.yaml: fetch.maxBytez: unknown key');
    expect(problems).toContain('forcewatch.yaml: stories.window: must be longer than zero (a duration such as 30m, 12h, 3d or 2w)');
    expect(problems).toContain('forcewatch.yaml: feeds[1].url: required');
    expect(problems).toContain('forcewatch.yaml: sinks[1].path: required');
    expect(problems).toContain('forcewatch.yaml: sinks[2].channel: expected a Discord id (a string of 15–22 digits, quoted)');
    expect(problems).toContain('forcewatch.yaml: polling: unknown key');
    expect(problems.find((problem) => problem.startsWith('watchlist.yaml: forces[1]'))).toContain('"gotham" is not a force id');
  });

  it('says what a force list should look like when it is neither all nor a list', async () => {
    await write('forcewatch.yaml', '');
    await write('watchlist.yaml', 'forces: west-midlands');
    expect(await problemsOf(dir)).toEqual(['watchlist.yaml: forces: expected all or a list of force ids, e.g. [west-midlands, warwickshire]']);
  });

  it('reports YAML syntax errors with the file name, and a missing forcewatch.yaml', async () => {
    await write('forcewatch.yaml', 'feeds:\n  - url: "https://x.example/feed\n');
    await write('watchlist.yaml', 'forces: [kent\n');
    const problems = await problemsOf(dir);
    expect(problems.some((problem) => problem.startsWith('forcewatch.yaml: YAML syntax: '))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('watchlist.yaml: YAML syntax: '))).toBe(true);

    await rm(path.join(dir, 'forcewatch.yaml'));
    expect((await problemsOf(dir)).some((problem) => problem.startsWith(`forcewatch.yaml: cannot read ${path.join(dir, 'forcewatch.yaml')}`))).toBe(true);
  });

  describe('${ENV} references', () => {
    beforeEach(async () => {
      await write(
        'forcewatch.yaml',
        ['contact: mailto:${CONTACT_USER}@example.org', 'sinks:', '  - type: webhook', '    url: ${HOOK_URL}', '    secret: ${HOOK_SECRET}', '  - type: console'].join('\n'),
      );
    });

    it('are filled from the environment, inside longer strings too', async () => {
      const config = await loadConfig(dir, { CONTACT_USER: 'newsdesk', HOOK_URL: 'https://hooks.example/abc', HOOK_SECRET: 's3cret-value' });
      expect(config.settings.contact).toBe('mailto:newsdesk@example.org');
      expect(config.settings.sinks[0]).toEqual({ type: 'webhook', url: 'https://hooks.example/abc', secret: 's3cret-value' });
    });

    it('that are unset or empty are each reported once at their key', async () => {
      expect(await problemsOf(dir, { CONTACT_USER: 'newsdesk', HOOK_SECRET: '' })).toEqual([
        'forcewatch.yaml: sinks[0].url: environment variable HOOK_URL is not set',
        'forcewatch.yaml: sinks[0].secret: environment variable HOOK_SECRET is not set',
      ]);
    });
  });

  describe('durations', () => {
    it.each(['30m', '12h', '3d', '2w', '400d', 'none', 'all'])('backfill %s is accepted', async (value) => {
      await write('forcewatch.yaml', `backfill: ${value}\nfeeds:\n  - url: https://x.example/feed\n    interval: 15m`);
      expect((await loadConfig(dir, {})).settings.backfill).toBe(value);
    });

    it.each(['3', '3 days', '1.5h', '10s', '-3d', 'forever'])('backfill %s is refused', async (value) => {
      await write('forcewatch.yaml', `backfill: "${value}"`);
      expect(await problemsOf(dir)).toEqual(['forcewatch.yaml: backfill: expected none, all or a duration such as 30m, 12h, 3d or 2w']);
    });

    it('a zero retention, window or feed interval is refused', async () => {
      await write('forcewatch.yaml', 'retention:\n  seenItems: 0d\nstories:\n  window: 0h\nfeeds:\n  - url: https://x.example/feed\n    interval: 0m');
      expect(await problemsOf(dir)).toEqual([
        'forcewatch.yaml: retention.seenItems: must be longer than zero (a duration such as 30m, 12h, 3d or 2w)',
        'forcewatch.yaml: stories.window: must be longer than zero (a duration such as 30m, 12h, 3d or 2w)',
        'forcewatch.yaml: feeds[0].interval: must be longer than zero (a duration such as 30m, 12h, 3d or 2w)',
      ]);
    });
  });

  describe('cron schedules', () => {
    it.each(['*/10 * * * *', '0 7 * * 1-5', '30 */2 * * *', '0 */5 * * * *'])('%s is valid', async (schedule) => {
      await write('forcewatch.yaml', `schedule: "${schedule}"`);
      expect((await loadConfig(dir, {})).settings.schedule).toBe(schedule);
    });

    it.each(['*/10 * * *', '61 * * * *', '* * 32 * *', 'every ten minutes', '* * * * * * *'])('%s is refused', async (schedule) => {
      await write('forcewatch.yaml', `schedule: "${schedule}"`);
      expect(await problemsOf(dir)).toEqual(['forcewatch.yaml: schedule: not a valid cron expression (five or six fields, e.g. "*/10 * * * *")']);
    });
  });

  describe('paths', () => {
    it('resolves relative store and jsonl paths against the config folder’s parent, whatever the working directory', async () => {
      await write('forcewatch.yaml', 'store: sqlite:state/fw.sqlite\nsinks:\n  - type: jsonl\n    path: out/alerts.jsonl\nhttp:\n  enabled: false');
      const config = await loadConfig(dir, {});
      expect(resolveStoreUrl(config)).toBe(`sqlite:${path.join(root, 'state', 'fw.sqlite')}`);
      expect(resolveConfigPath(config, 'out/alerts.jsonl')).toBe(path.join(root, 'out', 'alerts.jsonl'));

      const app = await createApp(config, { log: silentLogger, env: {} });
      try {
        expect(app.sinks.map((sink) => sink.id)).toEqual([`jsonl:${path.join(root, 'out', 'alerts.jsonl')}`]);
        expect((await stat(path.join(root, 'state', 'fw.sqlite'))).isFile()).toBe(true);
      } finally {
        await app.close();
      }
    });

    it('keeps absolute paths as written', async () => {
      const elsewhere = path.join(root, 'elsewhere');
      await write('forcewatch.yaml', `store: sqlite:${elsewhere}/fw.sqlite\nsinks:\n  - type: jsonl\n    path: ${elsewhere}/alerts.jsonl`);
      const config = await loadConfig(dir, {});
      expect(resolveStoreUrl(config)).toBe(`sqlite:${elsewhere}/fw.sqlite`);
      expect(resolveConfigPath(config, `${elsewhere}/alerts.jsonl`)).toBe(`${elsewhere}/alerts.jsonl`);
    });

    it('leaves other store URLs alone', async () => {
      await write('forcewatch.yaml', 'store: redis://cache.internal:6379');
      expect(resolveStoreUrl(await loadConfig(dir, {}))).toBe('redis://cache.internal:6379');
    });
  });

  it('asks for DISCORD_TOKEN when a discord sink is configured', async () => {
    await write('forcewatch.yaml', 'sinks:\n  - type: console\n  - type: discord\n    channel: "111111111111111111"');
    const config = await loadConfig(dir, {});
    expect(environmentProblems(config)).toEqual(['forcewatch.yaml: sinks[1]: the discord sink needs the bot token in DISCORD_TOKEN']);
    expect(environmentProblems(await loadConfig(dir, { DISCORD_TOKEN: 'token-value' }))).toEqual([]);
  });

  it('reloads the watch list alone', async () => {
    await write('watchlist.yaml', 'forces: [kent, essex]\ntopics: [peel]');
    expect(await loadWatchlist(dir, {})).toMatchObject({ forces: ['kent', 'essex'], topics: ['peel'] });
    await write('watchlist.yaml', 'forces: [kent, gotham]');
    await expect(loadWatchlist(dir, {})).rejects.toThrow(ConfigError);
  });
});

describe('resolveConfigDir', () => {
  it('takes --config, then FORCEWATCH_CONFIG, then ./config, as absolute paths', () => {
    expect(resolveConfigDir('/etc/fw', { FORCEWATCH_CONFIG: '/srv/fw' })).toBe('/etc/fw');
    expect(resolveConfigDir(undefined, { FORCEWATCH_CONFIG: '/srv/fw' })).toBe('/srv/fw');
    expect(resolveConfigDir(undefined, {})).toBe(path.resolve('config'));
  });
});
