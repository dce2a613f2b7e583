// Inspection articles for the fault tests: one PEEL report per force, told by a founding article
// and by a follow-up from another outlet (the same story, so an update). Texts are long enough for
// Readability and differ between forces only in their facts, which is what keeps stories apart.
import type { ForceId } from '../../../src/core/types.js';

export interface NewsArticle {
  /** Unique; the page lives at /articles/<slug>. */
  slug: string;
  outlet: string;
  /** ISO 8601. */
  published: string;
  headline: string;
  paragraphs: string[];
}

export interface TestForce {
  id: ForceId;
  name: string;
  chief: string;
}

export const FORCES: readonly TestForce[] = [
  { id: 'kent', name: 'Kent Police', chief: 'Chief Constable Tim Hollis' },
  { id: 'essex', name: 'Essex Police', chief: 'Chief Constable Ben Harrington' },
  { id: 'surrey', name: 'Surrey Police', chief: 'Chief Constable Gavin Stephens' },
  { id: 'dorset', name: 'Dorset Police', chief: 'Chief Constable Amanda Pearson' },
  { id: 'durham', name: 'Durham Constabulary', chief: 'Chief Constable Rachel Bacon' },
  { id: 'cheshire', name: 'Cheshire Constabulary', chief: 'Chief Constable Mark Roberts' },
  { id: 'cumbria', name: 'Cumbria Constabulary', chief: 'Chief Constable Rob Carden' },
  { id: 'norfolk', name: 'Norfolk Constabulary', chief: 'Chief Constable Paul Sanford' },
];

export function force(id: ForceId): TestForce {
  const found = FORCES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no test force ${id}`);
  return found;
}

/** The first report of a force's PEEL inspection. */
export function peelRelease(subject: TestForce, published: string, outlet = 'County Courier'): NewsArticle {
  const { name, chief } = subject;
  return {
    slug: `${subject.id}-peel-release`,
    outlet,
    published,
    headline: `${name} told to answer 999 calls faster in PEEL inspection`,
    paragraphs: [
      `${name} must answer emergency calls more quickly, His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) said in a PEEL inspection report published today.`,
      `Inspectors graded ${name} as requires improvement at responding to the public, the only area in which the force fell below the standard expected of it.`,
      `The force was graded good at preventing crime and adequate at investigating crime, while its leadership and force management was judged good.`,
      `The inspection found that fewer than three in four emergency calls were answered within ten seconds during the period the inspectors examined.`,
      `${chief} said: “We accept the findings on call handling and we have already recruited more call handlers since the inspectors visited us.”`,
      `The inspectorate will return to check on progress within the next twelve months, the report says.`,
    ],
  };
}

/** Another outlet's account of the same report, a day later: the same story, more coverage. */
export function peelFollowUp(subject: TestForce, published: string, outlet = 'Evening Standard-Bearer'): NewsArticle {
  const { name } = subject;
  return {
    slug: `${subject.id}-peel-follow-up`,
    outlet,
    published,
    headline: `Analysis: what the PEEL inspection of ${name} means for callers`,
    paragraphs: [
      `Yesterday’s PEEL inspection report on ${name} by HMICFRS made uncomfortable reading for anyone who has waited on hold for the police.`,
      `The inspectorate graded ${name} as requires improvement at responding to the public, and good at preventing crime.`,
      `Residents we spoke to described waits of several minutes before a call handler picked up, and some gave up altogether.`,
      `The Police and Crime Commissioner said monthly call-answering figures would be published so that the public can judge progress for themselves.`,
      `Staffing in the control room has been a long-running concern, and the report notes that vacancies there were only filled this year.`,
    ],
  };
}

/** A story's worth of ordinary news, not about an inspection: must never alert. */
export function ordinaryNews(slug: string, published: string, outlet = 'County Courier'): NewsArticle {
  return {
    slug,
    outlet,
    published,
    headline: 'Town council approves new cycle lanes after long consultation',
    paragraphs: [
      'The town council has approved plans for new cycle lanes on the high street after a consultation that drew more than two thousand responses.',
      'Work is expected to start in the spring and to last about six months, with the road staying open to buses throughout.',
      'Some traders said they feared losing passing trade, while cycling groups welcomed the decision as long overdue.',
    ],
  };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An article page as a news site serves it. */
export function articlePage(article: NewsArticle, extraHead = '', extraBody = ''): string {
  const e = escapeXml;
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${e(article.headline)} | ${e(article.outlet)}</title>
<meta property="og:site_name" content="${e(article.outlet)}">
<meta property="og:title" content="${e(article.headline)}">
<meta property="article:published_time" content="${e(article.published)}">
${extraHead}</head>
<body><main><article><h1>${e(article.headline)}</h1>
<time datetime="${e(article.published)}">${e(article.published.slice(0, 10))}</time>
${article.paragraphs.map((paragraph) => `<p>${e(paragraph)}</p>`).join('\n')}
${extraBody}</article></main></body></html>
`;
}

/** An RSS 2.0 feed whose items link to `origin`/articles/<slug>, newest first. */
export function rssFeed(title: string, origin: string, articles: readonly NewsArticle[]): string {
  const e = escapeXml;
  const items = [...articles]
    .sort((a, b) => Date.parse(b.published) - Date.parse(a.published))
    .map(
      (article) => `<item><title>${e(article.headline)}</title><link>${e(`${origin}/articles/${article.slug}`)}</link>` +
        `<guid isPermaLink="false">${e(article.slug)}</guid><pubDate>${new Date(article.published).toUTCString()}</pubDate>` +
        `<description>${e(article.paragraphs[0] ?? '')}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${e(title)}</title><link>${e(origin)}/</link><description>${e(title)}</description>
${items}
</channel></rss>
`;
}
