// Hostile pages and feeds, all in one real `run --once` with jsonl, console and Discord sinks
// (the real discord.js REST client against the Discord-API stub): active content that must not
// be fetched or run, a 200 MB body, a gzip bomb, 5,000-deep markup, billion laughs, control
// characters and broken UTF-8, a title full of mentions and markdown with a 10,000-character
// line, and items whose links are javascript: or file:.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordStub, type DiscordStub } from '../support/discord-stub.js';
import { alertSchemaErrors } from '../support/contract.js';
import {
  ACTIVE_CONTENT_PATHS,
  BROKEN_BYTES,
  CONTROL_TEXT,
  billionLaughsFeed,
  deepNest,
  deeplyNestedPage,
  feedWithLink,
  gzipBomb,
  pageWithActiveContent,
  streamHugePage,
} from './support/hostile.js';
import { articlePage, force, ordinaryNews, peelRelease, rssFeed, type NewsArticle } from './support/news.js';
import { startNewsroom, type Newsroom } from './support/newsroom.js';
import { baseSettings, makeWorkspace, readJsonl, runForcewatch, type RunResult, type Workspace } from './support/forcewatch-process.js';

const CHANNEL = '223456789012345678';
const TOKEN = 'hostile-suite-token.abcdefghijklmnop';
const MAX_BYTES = 8 * 1024 * 1024;
const HUGE = 200 * 1024 * 1024;
const LONG_LINE = `${'a'.repeat(4_000)} @everyone ${'b'.repeat(6_000)}`;

interface Embed {
  title?: string;
  description?: string;
  url?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}
interface MessageBody {
  content?: string;
  embeds?: Embed[];
  allowed_mentions?: { parse?: string[]; roles?: string[]; users?: string[] };
}

describe('hostile pages and feeds', () => {
  let newsroom: Newsroom;
  let stub: DiscordStub;
  let workspace: Workspace;
  let result: RunResult;
  const written: Record<string, () => number> = {};
  const recent = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

  beforeAll(async () => {
    newsroom = await startNewsroom();
    stub = await startDiscordStub();
    workspace = await makeWorkspace();
    const origin = newsroom.origin;
    const serve = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
      newsroom.route(path, (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
        response.end(body);
      });
    const feed = (path: string, articles: NewsArticle[]) => newsroom.route(path, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      response.end(rssFeed(path, origin, articles));
    });

    // Active content: Kent's report on a page that tries to load and run everything it can.
    const kent = { ...peelRelease(force('kent'), recent(9)), slug: 'kent-active' };
    feed('/feeds/active.xml', [kent]);
    serve('/articles/kent-active', pageWithActiveContent(kent));

    // Bodies too big to hold: 200 MB streamed without a length, 200 MB declared, a gzip bomb.
    const huge = (slug: string) => ordinaryNews(slug, recent(8));
    feed('/feeds/huge.xml', [huge('huge-chunked'), huge('huge-declared'), huge('bomb')]);
    newsroom.route('/articles/huge-chunked', (_request, response) => void (written.chunked = streamHugePage(response, HUGE, false)));
    newsroom.route('/articles/huge-declared', (_request, response) => void (written.declared = streamHugePage(response, HUGE, true)));
    serve('/articles/bomb', gzipBomb(64 * 1024 * 1024), { 'content-encoding': 'gzip' });

    // 5,000-deep markup after Essex's report.
    const essex = { ...peelRelease(force('essex'), recent(7)), slug: 'essex-deep' };
    feed('/feeds/deep.xml', [essex]);
    serve('/articles/essex-deep', deeplyNestedPage(essex, 5_000));

    // The same depth in a feed item's own HTML (read on the main thread: its link is not http).
    const cumbria = peelRelease(force('cumbria'), recent(7));
    newsroom.route('/feeds/deep-content.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      response.end(feedWithLink(origin, cumbria, 'javascript:void(0)', 'cumbria-deep', deepNest(5_000)));
    });

    // Billion laughs.
    newsroom.route('/feeds/lol.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.end(billionLaughsFeed(origin));
    });

    // Control characters and invalid UTF-8 in the feed's title and in the page.
    const dorset = { ...peelRelease(force('dorset'), recent(6)), slug: 'dorset-broken' };
    const brokenTitle = Buffer.concat([Buffer.from(`${dorset.headline} `), BROKEN_BYTES, Buffer.from(' \u001b[31mred\u001b[0m')]);
    newsroom.route('/feeds/broken.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      const [before, after] = rssFeed('/feeds/broken.xml', origin, [dorset]).split(dorset.headline);
      response.end(Buffer.concat([Buffer.from(before ?? ''), brokenTitle, Buffer.from(after ?? '')]));
    });
    const [pageStart, pageEnd] = articlePage({ ...dorset, paragraphs: [...dorset.paragraphs, `Control ${CONTROL_TEXT} characters.`] }).split('Control ');
    serve('/articles/dorset-broken', Buffer.concat([Buffer.from(pageStart ?? ''), BROKEN_BYTES, Buffer.from(`Control ${pageEnd ?? ''}`)]));

    // Mentions, markdown and a 10,000-character line in the title and the text.
    const norfolk: NewsArticle = {
      ...peelRelease(force('norfolk'), recent(5)),
      slug: 'norfolk-mentions',
      headline: `@everyone <@&123456789012345678> <@987654321098765432> @here **Norfolk** [click](https://evil.example/) \`x\` ||s|| # h ${LONG_LINE}`,
    };
    norfolk.paragraphs = [...norfolk.paragraphs, `Chief Constable Paul Sanford said: “@everyone look at <#123456789012345678> and ${LONG_LINE}.”`];
    feed('/feeds/mentions.xml', [norfolk]);
    serve('/articles/norfolk-mentions', articlePage(norfolk));

    // Links that are not http(s): the feed's own text is all there is.
    for (const [path, subject, link] of [
      ['/feeds/js.xml', 'surrey', "javascript:fetch('/res/js-link')"],
      ['/feeds/file.xml', 'cheshire', 'file:///etc/passwd'],
      ['/feeds/data.xml', 'durham', 'data:text/html,<script>fetch("/res/data-link")</script>'],
    ] as const) {
      const article = peelRelease(force(subject), recent(4));
      newsroom.route(path, (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        response.end(feedWithLink(origin, article, link, `${subject}-odd-link`));
      });
    }

    await workspace.writeConfig(
      baseSettings(workspace, {
        fetch: { allowPrivateAddresses: true, connectTimeoutMs: 5_000, totalTimeoutMs: 15_000, maxBytes: MAX_BYTES },
        feeds: ['/feeds/active.xml', '/feeds/huge.xml', '/feeds/deep.xml', '/feeds/deep-content.xml', '/feeds/lol.xml', '/feeds/broken.xml', '/feeds/mentions.xml', '/feeds/js.xml', '/feeds/file.xml', '/feeds/data.xml'].map(
          (path) => ({ url: newsroom.url(path), name: `Outlet ${path}` }),
        ),
        sinks: [{ type: 'jsonl', path: workspace.file('data/alerts.jsonl') }, { type: 'console' }, { type: 'discord', channel: CHANNEL }],
        discord: { apiBase: stub.apiBase, gateway: false },
      }),
    );
    result = await runForcewatch(['run', '--once', '--config', workspace.configDir], { cwd: workspace.dir, env: { DISCORD_TOKEN: TOKEN }, timeoutMs: 60_000 });
    console.info(`hostile run: ${result.ms} ms, peak RSS ${result.peakRssMiB} MiB`);
  }, 90_000);
  afterAll(async () => {
    await newsroom?.close();
    await stub?.close();
    await workspace?.remove();
  });

  const alerts = () => readJsonl(workspace.file('data/alerts.jsonl')).filter((line) => String(line.type).startsWith('alert.'));
  const alertFor = (id: string) => alerts().find((alert) => (alert.forces as { id: string }[]).some((entry) => entry.id === id));
  const posts = () => stub.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${CHANNEL}/messages`).map((request) => request.body as MessageBody);
  const postFor = (name: string) => posts().find((body) => body.embeds?.[0]?.title?.includes(name));

  it('finishes on time, within bounded memory, and alerts the stories it could read', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.timedOut).toBe(false);
    expect(result.ms).toBeLessThan(45_000);
    if (result.peakRssMiB > 0) expect(result.peakRssMiB).toBeLessThan(512);
    expect(alerts().map((alert) => (alert.forces as { id: string }[])[0]?.id).sort()).toEqual(expect.arrayContaining(['cheshire', 'dorset', 'durham', 'essex', 'kent', 'norfolk', 'surrey']));
    for (const alert of alerts()) expect(alertSchemaErrors(alert), String(alert.headline)).toEqual([]);
  });

  it('neither fetches nor runs the active content of a page', () => {
    expect(alertFor('kent')).toBeDefined();
    const fetched = newsroom.requests.filter((path) => path.startsWith('/res/'));
    expect(fetched).toEqual([]);
    expect(ACTIVE_CONTENT_PATHS.filter((path) => newsroom.requests.includes(path))).toEqual([]);
  });

  it('stops reading a 200 MB body at the cap instead of buffering it, and refuses a declared one unread', () => {
    expect(written.chunked?.()).toBeLessThan(MAX_BYTES + 16 * 1024 * 1024);
    expect(newsroom.abandoned.get('/articles/huge-chunked')).toBe(1);
    expect(written.declared?.()).toBeLessThan(16 * 1024 * 1024);
    expect(newsroom.abandoned.get('/articles/huge-declared')).toBe(1);
    expect(result.stderr + result.stdout).toMatch(/huge-chunked[^\n]*(?:limit|stopped reading)/);
  });

  it('survives a gzip bomb, 5,000-deep markup and billion laughs', () => {
    expect(newsroom.requests).toContain('/articles/bomb');
    // 5,000 levels of markup are flattened to 100 before jsdom sees them: the deep page is read
    // (no fallback, no worker time-out), and so is the same depth in feed HTML.
    expect(alertFor('essex')).toBeDefined();
    expect(result.stderr).not.toMatch(/essex-deep: using the feed's text/);
    expect(result.stderr).not.toMatch(/took longer than|Maximum call stack/);
    expect(alertFor('cumbria')).toBeDefined();
    expect(newsroom.requests).toContain('/feeds/lol.xml');
    expect(alerts().some((alert) => JSON.stringify(alert).includes('lollollol'))).toBe(false);
  });

  it('keeps control characters and broken UTF-8 out of what it writes', () => {
    const dorset = alertFor('dorset');
    expect(dorset).toBeDefined();
    // eslint-disable-next-line no-control-regex
    const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
    expect(JSON.stringify(dorset)).not.toMatch(/\\u00(?:0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f])/i);
    expect(result.stdout).not.toMatch(controls);
    const body = JSON.stringify(postFor('Dorset'));
    expect(body).not.toMatch(/\\u00(?:0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f])/i);
  });

  it('neutralises mentions and markdown in a Discord alert and keeps every length limit', () => {
    const body = postFor('Norfolk');
    if (!body) throw new Error('no Discord message for the Norfolk story');
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(body.content ?? '').toBe('');
    const text = JSON.stringify(body.embeds);
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<[@#]/);
    expect(text).not.toContain('[click](https://evil.example/)');
    const embed = body.embeds?.[0] ?? {};
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeLessThanOrEqual(1024);
    }
    const total = (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text ?? '').length + (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });

  it('never follows nor publishes a javascript:, file: or data: link', () => {
    expect(newsroom.requests.filter((path) => path.includes('link'))).toEqual([]);
    for (const id of ['surrey', 'cheshire', 'durham']) {
      const alert = alertFor(id);
      expect(alert, id).toBeDefined();
      expect(JSON.stringify(alert)).not.toMatch(/javascript:|file:|data:text/i);
    }
    const everything = JSON.stringify(stub.requests.map((request) => request.body)) + result.stdout;
    expect(everything).not.toMatch(/javascript:|file:\/\/|data:text/i);
  });
});
