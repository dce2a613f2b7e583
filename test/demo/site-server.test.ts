import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite } from '../../src/demo/site-server.js';
import type { DemoSite } from '../../src/demo/site-server.js';

const articlesDir = fileURLToPath(new URL('../../demo/site/articles/', import.meta.url));
const articleCount = readdirSync(articlesDir).filter((f) => f.endsWith('.json')).length;

describe('demo site server', () => {
  let site: DemoSite;

  beforeAll(async () => {
    site = await startDemoSite({ port: 0 });
  });
  afterAll(async () => {
    await site?.close();
  });

  it('listens on a free loopback port and lists one feed per outlet', () => {
    expect(site.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(site.baseUrl).port)).toBeGreaterThan(0);
    expect(site.feeds.length).toBeGreaterThanOrEqual(3);
    for (const feed of site.feeds) {
      expect(feed.url.startsWith(`${site.baseUrl}/feeds/`)).toBe(true);
      expect(feed.url.endsWith('.xml')).toBe(true);
      expect(feed.name.length).toBeGreaterThan(0);
    }
    expect(new Set(site.feeds.map((f) => f.url)).size).toBe(site.feeds.length);
  });

  it('serves parseable feeds, newest first, whose item links resolve to article pages', async () => {
    const parser = new Parser();
    const links: string[] = [];
    const kinds = new Set<string>();
    for (const feed of site.feeds) {
      const res = await fetch(feed.url);
      expect(res.status, feed.url).toBe(200);
      expect(res.headers.get('etag')).toBeTruthy();
      expect(res.headers.get('last-modified')).toBeTruthy();
      const xml = await res.text();
      kinds.add(xml.includes('<feed xmlns="http://www.w3.org/2005/Atom"') ? 'atom'
        : xml.includes('<content:encoded>') ? 'rss-content' : 'rss');
      const parsed = await parser.parseString(xml);
      expect(parsed.title).toBe(feed.name);
      expect(parsed.items.length).toBeGreaterThan(0);
      const dates = parsed.items.map((i) => Date.parse(i.isoDate ?? ''));
      expect(dates.every((d) => !Number.isNaN(d))).toBe(true);
      expect([...dates].sort((a, b) => b - a)).toEqual(dates);
      for (const item of parsed.items) {
        expect(item.link?.startsWith(`${site.baseUrl}/`), item.link).toBe(true);
        links.push(item.link ?? '');
      }
    }
    expect(kinds).toEqual(new Set(['rss', 'rss-content', 'atom']));
    expect(new Set(links).size).toBe(articleCount);

    for (const link of links) {
      const res = await fetch(link);
      expect(res.status, link).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toMatch(/<article>[\s\S]*<h1>[\s\S]*<\/h1>[\s\S]*<time datetime="[^"]+">[\s\S]*<p>/);
      expect(html).toContain('property="og:site_name"');
      expect(html).toContain('property="article:published_time"');
    }
  });

  it('escapes article text in pages', async () => {
    const feed = site.feeds[0];
    if (!feed) throw new Error('no feeds');
    const xml = await (await fetch(feed.url)).text();
    const link = /<link>([^<]+)<\/link>\s*<guid/.exec(xml)?.[1] ?? /href="([^"]+)"\/>\s*<id>/.exec(xml)?.[1];
    const html = await (await fetch(link ?? '')).text();
    const body = /<div class="article-body">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    expect(body.length).toBeGreaterThan(0);
    expect(body.replace(/<\/?p>/g, '')).not.toMatch(/[<>]/);
  });

  it('answers 304 to a matching If-None-Match and 200 to a stale one', async () => {
    const url = site.feeds[0]?.url ?? '';
    const first = await fetch(url);
    const etag = first.headers.get('etag') ?? '';
    await first.arrayBuffer();
    expect(etag).toMatch(/^".+"$/);

    const again = await fetch(url, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    const weak = await fetch(url, { headers: { 'If-None-Match': `"other", W/${etag}` } });
    expect(weak.status).toBe(304);

    const stale = await fetch(url, { headers: { 'If-None-Match': '"not-the-current-tag"' } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it('returns 404 for unknown paths', async () => {
    for (const path of ['/nope', '/feeds/unknown-outlet.xml', '/feeds/']) {
      const res = await fetch(site.baseUrl + path);
      expect(res.status, path).toBe(404);
      await res.arrayBuffer();
    }
  });

  it('closes cleanly and stops answering', async () => {
    const other = await startDemoSite();
    expect(other.baseUrl).not.toBe(site.baseUrl);
    const res = await fetch(other.feeds[0]?.url ?? '');
    await res.arrayBuffer();
    await other.close();
    await expect(fetch(`${other.baseUrl}/feeds/`)).rejects.toThrow();
  });
});
