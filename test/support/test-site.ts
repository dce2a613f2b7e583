// A small news site on 127.0.0.1 written for the pipeline and CLI tests: article pages about two
// inspection reports (West Midlands child protection, Kent PEEL), a custody report from earlier in
// the month and a distractor, and feeds listing them that tests rearrange between polls. Feeds
// answer conditional GET by ETag, so an unchanged feed costs a 304. All text is invented.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SiteArticle {
  path: string;
  outlet: string;
  published: string;
  headline: string;
  paragraphs: string[];
}

export const ARTICLES = {
  wmpRelease: {
    path: '/hmicfrs/news/west-midlands-child-protection',
    outlet: 'HMICFRS',
    published: '2025-11-20T00:01:00.000Z',
    headline: 'West Midlands Police must do more to protect children at risk, inspectors find',
    paragraphs: [
      'West Midlands Police works well with partner agencies but is too slow to assess risk to children, His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) has found in its national child protection inspection of the force.',
      'The force was assessed in five areas:',
      'Leadership and management: Adequate',
      'Working with partners: Good',
      'Initial response to children at risk: Requires improvement',
      'Risk assessment and referral: Inadequate',
      'Investigating child abuse, neglect and exploitation: Requires improvement',
      'Inspectors audited 40 cases. They judged 12 to be good, 17 to require improvement and 11 to be inadequate.',
      'His Majesty’s Inspector of Constabulary Harriet Vance said: “The force’s partners trust it, and that is a strength to build on. But when a child is referred, risk is not assessed quickly enough, and some children waited days for a decision.”',
      'The inspectorate has made five recommendations and will return to check on the force’s progress.',
    ],
  },
  wmpCourier: {
    path: '/courier/news/2025/11/west-midlands-police-child-referrals',
    outlet: 'Midlands Courier',
    published: '2025-11-20T09:15:00.000Z',
    headline: 'West Midlands Police told to speed up child abuse referrals',
    paragraphs: [
      'West Midlands Police has been rated inadequate for the way it assesses risk and refers child protection cases, in a report by the police inspectorate published on Thursday.',
      'Inspectors said working with partners was good, but found that some children waited days for a decision after they were referred to the force.',
      'Of the 40 cases the inspectors audited, 11 were judged inadequate.',
      'Assistant Chief Constable Rachel Okafor said: “We accept the findings in full. We have already added twenty officers to our referral hub and every new referral is now reviewed within a day.”',
      'The force said it would publish a progress update in the spring.',
    ],
  },
  wmpRadio: {
    path: '/radio/news/police-chief-children-seen-faster',
    outlet: 'Central Radio',
    published: '2025-11-21T07:00:00.000Z',
    headline: 'Police chief says children will be seen faster after critical inspection',
    paragraphs: [
      'The head of public protection at West Midlands Police says children at risk will be seen faster after inspectors criticised the force’s child protection work.',
      'The national child protection inspection by HMICFRS rated West Midlands Police inadequate for risk assessment and referral.',
      'Detective Chief Superintendent Marcus Lyle told Central Radio: “No child should wait for a decision. We have changed how we triage referrals and the early signs are encouraging.”',
    ],
  },
  kentRelease: {
    path: '/hmicfrs/news/kent-peel-2025',
    outlet: 'HMICFRS',
    published: '2025-11-19T00:01:00.000Z',
    headline: 'Kent Police: PEEL inspection finds good crime prevention but slow response to the public',
    paragraphs: [
      'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) has published its PEEL inspection of Kent Police.',
      'The force was graded in the following areas:',
      'Preventing crime and antisocial behaviour: Good',
      'Responding to the public: Requires improvement',
      'Investigating crime: Adequate',
      'Protecting vulnerable people: Adequate',
      'His Majesty’s Inspector of Constabulary Daniel Pryce said: “Kent Police is good at preventing crime, but too many people who call for help wait too long for an answer.”',
    ],
  },
  kentGazette: {
    path: '/gazette/news/kent-police-999-calls',
    outlet: 'Garden County Gazette',
    published: '2025-11-19T10:00:00.000Z',
    headline: 'Kent Police told to answer 999 calls faster',
    paragraphs: [
      'Kent Police has been told it requires improvement in how it responds to the public, following a PEEL inspection by the police watchdog HMICFRS.',
      'Inspectors graded the force good at preventing crime and adequate at investigating crime.',
      'Chief Constable Helen Marsh said: “We are pleased the inspectors recognised our work to prevent crime. We know people must get through to us quickly and we are recruiting more call handlers.”',
    ],
  },
  durhamCustody: {
    path: '/hmicfrs/news/durham-custody-2025',
    outlet: 'HMICFRS',
    published: '2025-11-10T00:01:00.000Z',
    headline: 'Durham Constabulary custody suites are safe, unannounced inspection finds',
    paragraphs: [
      'Custody suites run by Durham Constabulary are safe and detainees are treated with respect, an unannounced inspection of police custody by HMICFRS and HM Inspectorate of Prisons has found.',
      'Inspectors found that detainees were offered a solicitor promptly and that healthcare in custody was good.',
      'Chief Superintendent Alan Reeve said: “I am proud of how our custody staff care for the people in their charge, and we will act on every recommendation.”',
    ],
  },
  distractor: {
    path: '/courier/news/2025/11/walsall-police-chase-jailed',
    outlet: 'Midlands Courier',
    published: '2025-11-20T12:00:00.000Z',
    headline: 'Driver jailed after police chase through Walsall',
    paragraphs: [
      'A man who led officers on a chase through Walsall town centre at twice the speed limit has been jailed for 16 months.',
      'Wolverhampton Crown Court heard that the 24-year-old drove through two red lights before crashing into a bus shelter on Park Street.',
      'Sergeant Tom Hale of West Midlands Police said: “It is a miracle nobody was killed. We will always pursue drivers who put lives at risk.”',
      'He was also banned from driving for three years.',
    ],
  },
} satisfies Record<string, SiteArticle>;

export type ArticleId = keyof typeof ARTICLES;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderArticle(article: SiteArticle, origin: string): string {
  const paragraphs = article.paragraphs.map((text) => `      <p>${escapeXml(text)}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>${escapeXml(article.headline)} | ${escapeXml(article.outlet)}</title>
  <link rel="canonical" href="${escapeXml(origin + article.path)}">
  <meta property="og:site_name" content="${escapeXml(article.outlet)}">
  <meta property="og:title" content="${escapeXml(article.headline)}">
  <meta property="article:published_time" content="${article.published}">
</head>
<body>
  <header><a href="/">${escapeXml(article.outlet)}</a><nav><a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
  <main>
    <article>
      <h1>${escapeXml(article.headline)}</h1>
      <time datetime="${article.published}">${new Date(article.published).toUTCString()}</time>
${paragraphs}
    </article>
  </main>
  <footer><p>Copyright ${escapeXml(article.outlet)}. All rights reserved.</p></footer>
</body>
</html>
`;
}

export interface FeedSpec {
  title: string;
  /** Articles listed, in this order; guids are the feed's own (syndicated copies keep the URL). */
  items: ArticleId[];
  format?: 'rss' | 'atom';
}

function renderFeed(spec: FeedSpec, origin: string, feedPath: string): string {
  const entries = spec.items.map((id) => ({ id, article: ARTICLES[id] }));
  if (spec.format === 'atom') {
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${escapeXml(spec.title)}</title>
  <id>${origin}${feedPath}</id>
  <updated>2025-11-21T00:00:00Z</updated>
${entries
  .map(
    ({ id, article }) => `  <entry>
    <title>${escapeXml(article.headline)}</title>
    <id>tag:${escapeXml(spec.title.replace(/\W+/g, '-').toLowerCase())},2025:${id}</id>
    <link rel="alternate" href="${origin}${article.path}"/>
    <published>${article.published}</published>
    <updated>${article.published}</updated>
    <summary>${escapeXml(article.paragraphs[0] ?? '')}</summary>
  </entry>`,
  )
  .join('\n')}
</feed>
`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(spec.title)}</title>
    <link>${origin}/</link>
    <description>${escapeXml(spec.title)} news</description>
${entries
  .map(
    ({ id, article }) => `    <item>
      <title>${escapeXml(article.headline)}</title>
      <link>${origin}${article.path}?utm_source=rss&amp;utm_medium=${escapeXml(feedPath.replace(/\W+/g, ''))}</link>
      <guid isPermaLink="false">${escapeXml(spec.title)}-${id}</guid>
      <pubDate>${new Date(article.published).toUTCString()}</pubDate>
      <description>${escapeXml(article.paragraphs[0] ?? '')}</description>
    </item>`,
  )
  .join('\n')}
  </channel>
</rss>
`;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

export interface TestSite {
  origin: string;
  url(path: string): string;
  /** Puts (or replaces) a feed at `path`. */
  setFeed(path: string, spec: FeedSpec): void;
  /** Makes `path` answer with this status until `recover(path)`. */
  fail(path: string, status?: number): void;
  recover(path: string): void;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

export async function startTestSite(): Promise<TestSite> {
  const feeds = new Map<string, FeedSpec>();
  const failing = new Map<string, number>();
  const requests: LoggedRequest[] = [];
  let origin = '';
  const pages = new Map(Object.values(ARTICLES).map((article) => [article.path, article]));

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    const answer = (status: number, headers: Record<string, string> = {}, body = '') => {
      requests.push({ method: req.method ?? '', path, status });
      res.writeHead(status, headers).end(body);
    };
    const failure = failing.get(path);
    if (failure !== undefined) return answer(failure, { 'content-type': 'text/plain' }, 'unavailable');
    const feed = feeds.get(path);
    if (feed) {
      const body = renderFeed(feed, origin, path);
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) return answer(304, { etag });
      return answer(200, { 'content-type': feed.format === 'atom' ? 'application/atom+xml' : 'application/rss+xml; charset=utf-8', etag }, body);
    }
    const article = pages.get(path);
    if (article) return answer(200, { 'content-type': 'text/html; charset=utf-8' }, renderArticle(article, origin));
    return answer(404, { 'content-type': 'text/plain' }, 'not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    url: (path) => `${origin}${path}`,
    setFeed: (path, spec) => void feeds.set(path, spec),
    fail: (path, status = 500) => void failing.set(path, status),
    recover: (path) => void failing.delete(path),
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
