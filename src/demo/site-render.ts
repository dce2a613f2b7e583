// Pure rendering for the demo site: article pages as realistic HTML and one feed per outlet in
// three rotating formats. Every piece of text is escaped; no I/O here.

export interface DemoArticle {
  id: string;
  outlet: string;
  /** URL path on the demo host, starting with "/". */
  path: string;
  /** ISO 8601. */
  published: string;
  headline: string;
  standfirst: string;
  byline: string;
  body: string[];
  related: string[];
}

export type FeedFormat = 'rss-snippet' | 'rss-content' | 'atom';
export const FEED_FORMATS: readonly FeedFormat[] = ['rss-snippet', 'rss-content', 'atom'];

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const NAV = ['Home', 'News', 'Crime', 'Courts', 'Politics', 'Opinion', 'Contact'];

function bodyHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
}

function displayDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London',
  });
}

/** A full HTML page for one article, with the furniture a real news site puts around it. */
export function renderPage(article: DemoArticle, baseUrl: string): string {
  const e = escapeHtml;
  const url = baseUrl + article.path;
  const related = article.related
    .map((r) => `<li><a href="/search?q=${encodeURIComponent(r)}">${e(r)}</a></li>`)
    .join('\n');
  const nav = NAV.map((n) => `<li><a href="/${slugify(n)}">${e(n)}</a></li>`).join('');
  const standfirst = article.standfirst ? `<p class="standfirst">${e(article.standfirst)}</p>\n` : '';
  const byline = article.byline ? `<p class="byline">${e(article.byline)}</p>\n` : '';
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${e(article.headline)} | ${e(article.outlet)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
${article.standfirst ? `<meta name="description" content="${e(article.standfirst)}">\n` : ''}<link rel="canonical" href="${e(url)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="${e(article.outlet)}">
<meta property="og:title" content="${e(article.headline)}">
<meta property="og:url" content="${e(url)}">
<meta property="article:published_time" content="${e(article.published)}">
</head>
<body>
<header class="site-header">
<a class="logo" href="/">${e(article.outlet)}</a>
<nav aria-label="Main"><ul>${nav}</ul></nav>
</header>
<main>
<article>
<h1>${e(article.headline)}</h1>
${standfirst}${byline}<time datetime="${e(article.published)}">${e(displayDate(article.published))}</time>
<div class="article-body">
${bodyHtml(article.body)}
</div>
</article>
<aside class="related">
<h2>Related stories</h2>
<ul>
${related}
</ul>
</aside>
<aside class="newsletter"><p>Get the morning briefing in your inbox. Sign up to our free newsletter.</p></aside>
</main>
<footer class="site-footer">
<p>&copy; ${new Date(article.published).getUTCFullYear()} ${e(article.outlet)}. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li><li><a href="/cookies">Cookies</a></li></ul>
</footer>
</body>
</html>
`;
}

/** Newest first. */
export function sortNewestFirst(articles: DemoArticle[]): DemoArticle[] {
  return [...articles].sort((a, b) => Date.parse(b.published) - Date.parse(a.published));
}

export interface RenderedFeed {
  body: string;
  contentType: string;
}

/** One outlet's feed; `articles` must already be newest first. */
export function renderFeed(
  format: FeedFormat, outlet: string, feedUrl: string, baseUrl: string, articles: DemoArticle[],
): RenderedFeed {
  const e = escapeHtml;
  const newest = articles[0]?.published ?? new Date(0).toISOString();
  if (format === 'atom') {
    const entries = articles.map((a) => `<entry>
<title>${e(a.headline)}</title>
<link rel="alternate" type="text/html" href="${e(baseUrl + a.path)}"/>
<id>${e(baseUrl + a.path)}</id>
<published>${new Date(a.published).toISOString()}</published>
<updated>${new Date(a.published).toISOString()}</updated>
${a.byline ? `<author><name>${e(a.byline.replace(/^By\s+/i, ''))}</name></author>\n` : ''}<summary>${e(a.standfirst)}</summary>
<content type="html">${e(bodyHtml(a.body))}</content>
</entry>`).join('\n');
    const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>${e(outlet)}</title>
<link rel="alternate" href="${e(baseUrl)}/"/>
<link rel="self" href="${e(feedUrl)}"/>
<id>${e(feedUrl)}</id>
<updated>${new Date(newest).toISOString()}</updated>
${entries}
</feed>
`;
    return { body, contentType: 'application/atom+xml; charset=utf-8' };
  }
  const withContent = format === 'rss-content';
  const items = articles.map((a) => {
    const content = withContent
      ? `\n<content:encoded><![CDATA[${bodyHtml(a.body)}]]></content:encoded>`
      : '';
    return `<item>
<title>${e(a.headline)}</title>
<link>${e(baseUrl + a.path)}</link>
<guid isPermaLink="false">${e(`${slugify(outlet)}-${a.id}`)}</guid>
<pubDate>${new Date(a.published).toUTCString()}</pubDate>
<description>${e(a.standfirst || a.body[0] || '')}</description>${content}
</item>`;
  }).join('\n');
  const ns = withContent ? ' xmlns:content="http://purl.org/rss/1.0/modules/content/"' : '';
  const body = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"${ns}>
<channel>
<title>${e(outlet)}</title>
<link>${e(baseUrl)}/</link>
<description>Latest news from ${e(outlet)}</description>
<language>en-gb</language>
<lastBuildDate>${new Date(newest).toUTCString()}</lastBuildDate>
${items}
</channel>
</rss>
`;
  return { body, contentType: 'application/rss+xml; charset=utf-8' };
}
