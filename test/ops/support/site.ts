// A loopback news site for the operations tests: eight PEEL reports, each told by a founding
// article on one outlet's feed and a follow-up on another's, so that replicas splitting the
// feeds between them still meet in the same stories. Pages can be slowed down (to kill or stop
// a process mid-poll), one feed can be made to fail, and every request is counted.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { escapeXml, renderArticle, type SiteArticle } from '../../support/test-site.js';

export type { SiteArticle };

export interface OpsSite {
  origin: string;
  feeds: { url: string; name: string }[];
  /** A feed that always answers 500 (its URL carries a token, for the redaction test). */
  failingFeed: string;
  articles: SiteArticle[];
  /** Every article page request, in arrival order. */
  pageRequests: string[];
  /** Delay before each article page is answered. */
  pageDelayMs: number;
  /** Delay before each feed is answered. */
  feedDelayMs: number;
  /**
   * Lockstep (0: off): page answers are held until no new page request has come for this long,
   * then all go at once — two pollers reading at the same pace finish reading together.
   */
  lockstepMs: number;
  close(): Promise<void>;
}

const FORCES = [
  ['Kent Police', 'Tamsin Hollow'],
  ['Essex Police', 'Bernard Lathe'],
  ['Surrey Police', 'Gideon Marsh'],
  ['Dorset Police', 'Alma Pennick'],
  ['Durham Constabulary', 'Rhoda Banning'],
  ['Cheshire Constabulary', 'Marcus Rowe'],
  ['Cumbria Constabulary', 'Robin Carder'],
  ['Norfolk Constabulary', 'Peter Sandling'],
] as const;

const OUTLETS = ['Channel Gazette', 'Weald Courier', 'Downs Herald', 'Northern Echo Chamber'];

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The report founding each story, and a follow-up from another outlet the next day. */
function articlesFor(index: number): [SiteArticle, SiteArticle] {
  const [name, chief] = FORCES[index]!;
  const day = String(3 + index).padStart(2, '0');
  const release: SiteArticle = {
    path: `/news/${slug(name)}-peel`,
    outlet: OUTLETS[index % OUTLETS.length]!,
    published: `2025-11-${day}T08:00:00.000Z`,
    headline: `${name} must answer 999 calls faster, PEEL inspection finds`,
    paragraphs: [
      `${name} must answer emergency calls more quickly, His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) said in a PEEL inspection report published today.`,
      `Inspectors graded ${name} as requires improvement at responding to the public, the only area in which the force fell short of the standard expected of it.`,
      `The force was graded good at preventing crime and adequate at investigating crime, and its leadership and force management was judged good.`,
      `During the weeks the inspectors examined, fewer than three in four emergency calls were answered within ten seconds.`,
      `Chief Constable ${chief} said: “We accept what the inspectors found about call handling, and we have recruited more call handlers since they visited.”`,
      `The inspectorate will return within twelve months to check on the progress the force has made, the report says.`,
    ],
  };
  const followUp: SiteArticle = {
    path: `/analysis/${slug(name)}-peel-callers`,
    outlet: OUTLETS[(index + 1) % OUTLETS.length]!,
    published: `2025-11-${day}T18:00:00.000Z`,
    headline: `What the PEEL inspection of ${name} means for people who call 999`,
    paragraphs: [
      `Today’s PEEL inspection report on ${name} by HMICFRS makes uncomfortable reading for anyone who has waited on hold for the police.`,
      `The inspectorate graded ${name} as requires improvement at responding to the public, and good at preventing crime.`,
      `Residents described waits of several minutes before a call handler answered, and some said they had given up.`,
      `The Police and Crime Commissioner said monthly call-answering figures would now be published so that people can judge progress for themselves.`,
      `Staffing in the control room has been a long-running concern, and the report notes that vacancies there were only filled this year.`,
    ],
  };
  return [release, followUp];
}

function feed(title: string, origin: string, articles: SiteArticle[]): string {
  const e = escapeXml;
  const items = [...articles]
    .sort((a, b) => b.published.localeCompare(a.published))
    .map(
      (article) =>
        `<item><title>${e(article.headline)}</title><link>${origin}${article.path}</link><guid isPermaLink="false">${article.path}</guid>` +
        `<pubDate>${new Date(article.published).toUTCString()}</pubDate><description>${e(article.paragraphs[0]!)}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${e(title)}</title><link>${origin}/</link><description>${e(title)}</description>
${items}</channel></rss>`;
}

export async function startOpsSite(options: { pageDelayMs?: number; feedDelayMs?: number; lockstepMs?: number } = {}): Promise<OpsSite> {
  const articles = FORCES.flatMap((_force, index) => articlesFor(index));
  const byPath = new Map(articles.map((article) => [article.path, article]));
  const pageRequests: string[] = [];
  let origin = '';
  const site = { pageDelayMs: options.pageDelayMs ?? 0, feedDelayMs: options.feedDelayMs ?? 0, lockstepMs: options.lockstepMs ?? 0 };
  const held: (() => void)[] = [];
  let quiet: NodeJS.Timeout | null = null;
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const feedMatch = /^\/feeds\/([a-z-]+)\.xml$/.exec(path);
    if (feedMatch) {
      const outlet = OUTLETS.find((name) => slug(name) === feedMatch[1]);
      if (!outlet) return void res.writeHead(500, { 'content-type': 'text/plain' }).end('feed broken');
      const body = feed(outlet, origin, articles.filter((a) => a.outlet === outlet));
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
      }, site.feedDelayMs);
      return;
    }
    const article = byPath.get(path);
    if (!article) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    pageRequests.push(path);
    const answer = () =>
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderArticle(article, origin));
      }, site.pageDelayMs);
    if (!site.lockstepMs) return void answer();
    held.push(answer);
    if (quiet) clearTimeout(quiet);
    quiet = setTimeout(() => {
      for (const release of held.splice(0)) release();
    }, site.lockstepMs);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(site, {
    origin,
    feeds: OUTLETS.map((name) => ({ url: `${origin}/feeds/${slug(name)}.xml`, name })),
    failingFeed: `${origin}/feeds/broken.xml?token=feed-secret-token-4242`,
    articles,
    pageRequests,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  });
}
