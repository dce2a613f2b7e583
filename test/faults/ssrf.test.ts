// SSRF: with fetch.allowPrivateAddresses false, feeds and article links that reach loopback,
// private, link-local or metadata addresses, in every spelling, and redirects from an allowed host
// to such an address, are refused before any connection, logged, and nothing is sent to them.
// Canary servers listen on the loopback addresses the spellings reach and must see no request.
// (The child runs with loopback-only.mjs, so even a broken guard could not reach beyond 127/8.)
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { createHttpClient } from '../../src/ingest/http.js';
import { force, ordinaryNews, peelRelease, rssFeed } from './support/news.js';
import { startNewsroom, type Newsroom } from './support/newsroom.js';
import { baseSettings, makeWorkspace, readJsonl, runForcewatch, type Workspace } from './support/forcewatch-process.js';

interface Canary {
  host: string;
  port: number;
  hits: string[];
  close(): Promise<void>;
}

async function startCanary(host: string): Promise<Canary> {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? '/');
    response.writeHead(200, { 'content-type': 'application/rss+xml' });
    response.end('<rss version="2.0"><channel><title>leak</title></channel></rss>');
  });
  server.listen(0, host);
  await once(server, 'listening');
  return {
    host,
    port: (server.address() as AddressInfo).port,
    hits,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Spellings of 127.0.0.1 (and its neighbours) that reach a listener on 127.0.0.1:port. */
function loopbackSpellings(port: number): string[] {
  return [
    `http://127.0.0.1:${port}/feed`, `http://localhost:${port}/feed`, `http://LOCALHOST:${port}/feed`, `http://127.1:${port}/feed`,
    `http://2130706433:${port}/feed`, `http://0x7f000001:${port}/feed`, `http://0177.0.0.1:${port}/feed`, `http://0x7f.0.0.1:${port}/feed`,
    `http://[::ffff:127.0.0.1]:${port}/feed`, `http://[0:0:0:0:0:ffff:7f00:1]:${port}/feed`, `http://127.0.0.1.:${port}/feed`,
    `http://0.0.0.0:${port}/feed`, `http://0:${port}/feed`, `http://[::]:${port}/feed`, `http://user:pass@127.0.0.1:${port}/feed`,
  ];
}

/** Private, link-local, carrier-grade NAT and cloud metadata addresses in their spellings. */
const PRIVATE_SPELLINGS = [
  'http://10.0.0.1/feed', 'http://172.16.0.1/feed', 'http://192.168.0.1/feed', 'http://100.64.0.1/feed',
  'http://169.254.169.254/latest/meta-data/', 'http://0xa9fea9fe/latest/meta-data/', 'http://2852039166/latest/meta-data/',
  'http://0251.0376.0251.0376/latest/meta-data/', 'http://[::ffff:169.254.169.254]/latest/meta-data/', 'http://[::ffff:a9fe:a9fe]/',
  'http://[fd00:ec2::254]/latest/meta-data/', 'http://[fe80::1]/feed', 'http://[fc00::1]/feed', 'http://[64:ff9b::a9fe:a9fe]/',
  'http://[2002:a9fe:a9fe::1]/',
];
// Names that resolve to such addresses take the guarded DNS lookup instead: localhost (from
// /etc/hosts) stands for them all, since the suite resolves no other name.

describe('SSRF guard', () => {
  let canary: Canary;
  let canary6: Canary;
  let workspace: Workspace;

  beforeAll(async () => {
    canary = await startCanary('127.0.0.1');
    canary6 = await startCanary('::1');
    workspace = await makeWorkspace();
  });
  afterAll(async () => {
    await canary?.close();
    await canary6?.close();
    await workspace?.remove();
  });

  it('refuses feeds on loopback, private, link-local and metadata addresses, in every spelling', async () => {
    const feeds = [...loopbackSpellings(canary.port), `http://[::1]:${canary6.port}/feed`, `http://[0:0:0:0:0:0:0:1]:${canary6.port}/feed`, ...PRIVATE_SPELLINGS];
    await workspace.writeConfig(baseSettings(workspace, { fetch: { allowPrivateAddresses: false, connectTimeoutMs: 2_000, totalTimeoutMs: 4_000 }, feeds: feeds.map((url) => ({ url })) }));
    const result = await runForcewatch(['run', '--once', '--config', workspace.configDir], { cwd: workspace.dir, timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(canary.hits).toEqual([]);
    expect(canary6.hits).toEqual([]);
    // Refused by forcewatch's guard (never by the test's firewall, which would mean it tried).
    expect(result.stderr).not.toContain('[loopback-only] refused');
    const failures = result.stderr.split('\n').filter((line) => line.includes('feed failed: '));
    expect(failures).toHaveLength(feeds.length);
    for (const line of failures) expect(line).toMatch(/refused .*(?:loopback|private|link-local|unique-local|carrier-grade NAT|unspecified|reserved) address/);
    expect(result.stderr).toMatch(/169\.254\.169\.254.*link-local address 169\.254\.169\.254/);
    expect(readJsonl(workspace.file('data/alerts.jsonl'))).toEqual([]);
  }, 40_000);

  describe('article links and redirects, with only the newsroom allowed', () => {
    let newsroom: Newsroom;
    let canary2: Canary;
    let dir: string;
    const logLines: string[] = [];

    beforeAll(async () => {
      newsroom = await startNewsroom();
      canary2 = await startCanary('127.0.0.2');
      dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-ssrf-'));
    });
    afterAll(async () => {
      await newsroom?.close();
      await canary2?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('refuses links and redirects to other loopback addresses, logs it, and alerts from the allowed host', async () => {
      const c = canary2.port;
      const links = [`http://127.0.0.2:${c}/a`, `http://2130706434:${c}/b`, `http://0x7f000002:${c}/c`, `http://0177.0.0.2:${c}/d`, `http://127.0.2:${c}/e`, `http://[::ffff:127.0.0.2]:${c}/f`, `http://[::1]:${canary6.port}/g`];
      const recent = new Date(Date.now() - 3_600_000).toISOString();
      const items = links.map((link, index) => ({ ...ordinaryNews(`private-${index}`, recent), slug: `private-${index}` }));
      const kent = peelRelease(force('kent'), recent);
      newsroom.route('/feeds/mixed.xml', (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/rss+xml' });
        let xml = rssFeed('mixed', newsroom.origin, [kent, ...items, { ...peelRelease(force('essex'), recent), slug: 'redirected' }]);
        items.forEach((item, index) => (xml = xml.replace(`${newsroom.origin}/articles/${item.slug}`, links[index]!)));
        response.end(xml);
      });
      newsroom.publish('/unused.xml', kent); // serves Kent's page
      // An allowed page that redirects to a loopback neighbour, and a feed that does.
      newsroom.route('/articles/redirected', (_request, response) => void response.writeHead(302, { location: `http://127.0.0.2:${c}/stolen` }).end());
      newsroom.route('/feeds/redirect.xml', (_request, response) => void response.writeHead(301, { location: `http://[::1]:${canary6.port}/feed` }).end());

      await writeFile(
        path.join(dir, 'forcewatch.yaml'),
        stringify({
          store: `sqlite:${path.join(dir, 'state.sqlite')}`,
          backfill: 'all',
          fetch: { allowPrivateAddresses: false, parseWorkers: 0 },
          feeds: [{ url: newsroom.url('/feeds/mixed.xml'), name: 'Mixed' }, { url: newsroom.url('/feeds/redirect.xml'), name: 'Redirector' }],
          sinks: [{ type: 'jsonl', path: path.join(dir, 'alerts.jsonl') }],
          http: { enabled: false },
        }),
      );
      await writeFile(path.join(dir, 'watchlist.yaml'), 'forces: all\n');
      const config = await loadConfig(dir, {});
      const log = (level: string) => (message: string) => void logLines.push(`${level}: ${message}`);
      // As configured, but with the newsroom's address let through: the first hop only.
      const client = createHttpClient({ userAgent: 'forcewatch-test', allowPrivateAddresses: false, allowedAddresses: ['127.0.0.1'], connectTimeoutMs: 5_000, totalTimeoutMs: 10_000 });
      const devNull = new Writable({ write: (_chunk, _encoding, done) => done() });
      const app = await createApp(config, { log: { info: log('info'), warn: log('warn'), error: log('error') }, env: {}, http: client, stdout: devNull });
      let report;
      try {
        report = await app.pollOnce();
      } finally {
        await app.close();
      }

      expect(canary2.hits).toEqual([]);
      expect(canary6.hits).toEqual([]);
      expect(report.failed).toEqual([expect.objectContaining({ name: 'Redirector', reason: expect.stringMatching(/redirect from .* refused .*loopback address ::1/) })]);
      const logged = logLines.join('\n');
      for (const link of links) expect(logged, link).toMatch(new RegExp(`using the feed's text \\(refused http://[^ ]+: resolves to loopback address`));
      expect(logged).toMatch(/redirected: using the feed's text \(redirect from .*\/articles\/redirected refused http:\/\/127\.0\.0\.2:\d+\/stolen: resolves to loopback address 127\.0\.0\.2/);
      const alerted = readJsonl(path.join(dir, 'alerts.jsonl')).filter((line) => String(line.type).startsWith('alert.'));
      expect(alerted.map((alert) => (alert.forces as { id: string }[])[0]?.id).sort()).toEqual(['essex', 'kent']);
    }, 30_000);
  });
});
