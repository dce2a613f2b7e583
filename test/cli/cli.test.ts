import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonl, writeConfigFolder } from '../support/app-harness.js';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';
import { alertSchemaErrors, articleSchemaErrors } from '../support/contract.js';
import { ARTICLES, renderArticle, startTestSite, type TestSite } from '../support/test-site.js';

let root: string;
let site: TestSite;

beforeAll(async () => {
  ensureBuilt();
  root = await mkdtemp(path.join(tmpdir(), 'forcewatch-cli-'));
  site = await startTestSite();
}, 120_000);
afterAll(async () => {
  await site?.close();
  await rm(root, { recursive: true, force: true });
});

describe('forcewatch --help', () => {
  it.each(['run', 'extract', 'history', 'check-config', 'demo', 'register-commands'])('%s --help prints its usage and exits 0', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`Usage: forcewatch ${command}`)).toBe(true);
    expect(result.stderr).toBe('');
  });

  it('without a command lists every command; an unknown command or option is a usage error', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    for (const command of ['run', 'extract', 'history', 'check-config', 'demo', 'register-commands']) expect(main.stdout).toContain(`  ${command}`);
    const unknown = await runCli(['frobnicate']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect((await runCli(['run', '--onse'])).code).toBe(2);
  });
});

describe('forcewatch check-config', () => {
  it('passes the shipped config folder', async () => {
    const result = await runCli(['check-config', '--config', path.join(REPO, 'config')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/config: OK — \d+ feeds, sinks: console, jsonl, store: sqlite:.*data\/forcewatch\.sqlite/);
  });

  it('fails a broken folder, naming the file and key of every problem', async () => {
    const dir = path.join(root, 'broken', 'config');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'forcewatch.yaml'), 'schedule: "*/10 * *"\nbackfill: soon\nsinks:\n  - type: jsonl\n');
    await writeFile(path.join(dir, 'watchlist.yaml'), 'forces: [gotham]\n');
    const result = await runCli(['check-config', '--config', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${dir}: 4 problems:`);
    for (const key of ['forcewatch.yaml: schedule:', 'forcewatch.yaml: backfill:', 'forcewatch.yaml: sinks[0].path: required', 'watchlist.yaml: forces[0]:']) expect(result.stderr).toContain(key);
  });

  it('reads FORCEWATCH_CONFIG when --config is not given', async () => {
    const result = await runCli(['check-config'], { env: { FORCEWATCH_CONFIG: path.join(root, 'broken', 'config') }, cwd: root });
    expect(result.code).toBe(1);
  });
});

describe('forcewatch extract --json', () => {
  it('prints one contract object per input in order, an error object for an unreadable one, and exits 1', async () => {
    const wmp = path.join(root, 'wmp.html');
    const kent = path.join(root, 'kent.html');
    await writeFile(wmp, renderArticle(ARTICLES.wmpRelease, 'https://hmicfrs.example'));
    await writeFile(kent, renderArticle(ARTICLES.kentGazette, 'https://gazette.example'));
    const missing = path.join(root, 'no-such-page.html');
    const result = await runCli(['extract', '--json', wmp, missing, kent]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.url)).toEqual([wmp, missing, kent]);
    expect(articleSchemaErrors(lines[0])).toEqual([]);
    expect(articleSchemaErrors(lines[2])).toEqual([]);
    expect(lines[0]).toMatchObject({ schema: 1, relevant: true, inspectorate: 'HMICFRS', inspectionType: 'child-protection', forces: { primary: ['west-midlands'] }, outlet: 'HMICFRS' });
    expect(lines[2]).toMatchObject({ relevant: true, inspectionType: 'peel', forces: { primary: ['kent'] } });
    expect(lines[1]).toEqual({ schema: 1, url: missing, error: { code: 'unreadable-file', message: expect.stringContaining('no-such-page.html') } });
    expect(result.stderr).toContain(`forcewatch extract: ${missing}:`);
  });

  it('extracts a page served over HTTP and exits 0', async () => {
    const url = site.url(ARTICLES.kentRelease.path);
    const result = await runCli(['extract', '--json', url]);
    expect(result.code).toBe(0);
    const article = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(articleSchemaErrors(article)).toEqual([]);
    expect(article).toMatchObject({ url, relevant: true, forces: { primary: ['kent'] } });
  });
});

describe('forcewatch run --once, then history', () => {
  let configDir: string;
  let jsonl: string;
  beforeAll(async () => {
    site.setFeed('/cli/hmicfrs.xml', { title: 'HMICFRS news', items: ['wmpRelease', 'kentRelease'] });
    site.setFeed('/cli/courier.xml', { title: 'Midlands Courier', items: ['wmpCourier', 'distractor'] });
    site.setFeed('/cli/gazette.atom', { title: 'Garden County Gazette', items: ['kentGazette'], format: 'atom' });
    site.fail('/cli/down.xml', 500);
    const runRoot = path.join(root, 'run');
    configDir = await writeConfigFolder(runRoot, {
      feeds: [
        { url: site.url('/cli/hmicfrs.xml'), name: 'HMICFRS' },
        { url: site.url('/cli/courier.xml'), name: 'Midlands Courier' },
        { url: site.url('/cli/gazette.atom'), name: 'Garden County Gazette' },
        { url: site.url('/cli/down.xml'), name: 'Down Daily' },
      ],
    });
    jsonl = path.join(runRoot, 'data', 'alerts.jsonl');
  });

  it('alerts once per report in schema-valid lines, names the failing feed on stderr, and exits 0', async () => {
    const result = await runCli(['run', '--once', '--config', configDir], { timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`feed failed: Down Daily (${site.url('/cli/down.xml')})`);
    const lines = await readJsonl(jsonl);
    expect(lines.map((line) => line.type)).toEqual(['alert.created', 'alert.created']);
    for (const line of lines) expect(alertSchemaErrors(line)).toEqual([]);
    expect(lines.map((line) => (line.forces as { id: string }[]).map((force) => force.id)).sort()).toEqual([['kent'], ['west-midlands']]);
  });

  it('prints no new events on a second run', async () => {
    const result = await runCli(['run', '--once', '--config', configDir], { timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    expect(await readJsonl(jsonl)).toHaveLength(2);
  });

  it('lists the force’s stories with history --json, by id or abbreviation', async () => {
    const result = await runCli(['history', 'west-midlands', '--json', '--config', configDir]);
    expect(result.code).toBe(0);
    const stories = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(stories).toHaveLength(1);
    expect(stories[0]).toMatchObject({ forces: ['west-midlands'], inspectionType: 'child-protection', reportDate: ARTICLES.wmpRelease.published });
    expect((stories[0]!.sources as { url: string }[]).map((source) => source.url)).toEqual([site.url(ARTICLES.wmpRelease.path), site.url(ARTICLES.wmpCourier.path)]);

    const byName = await runCli(['history', 'WMP', '--json', '--config', configDir]);
    expect(JSON.parse(byName.stdout)).toEqual(stories);
    const text = await runCli(['history', 'kent', '--config', configDir]);
    expect(text.stdout).toContain('2025-11-19  HMICFRS: Kent Police — PEEL inspection');
    const unknown = await runCli(['history', 'gotham', '--config', configDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no force called "gotham"');
  });

  it('refuses to run with an invalid config, naming file and key', async () => {
    const result = await runCli(['run', '--once', '--config', path.join(root, 'broken', 'config')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('forcewatch.yaml: schedule');
  });
});

describe('forcewatch demo', () => {
  it('polls the bundled site into the console and exits 0', async () => {
    const result = await runCli(['demo'], { timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('━━ [NEW] HMICFRS: ');
    expect(result.stdout).toContain('covered by: ');
  });
});
