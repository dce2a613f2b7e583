// Hostile pages and feeds for the fault suite, served by the newsroom: active content that must
// never be fetched or run, bodies too big to hold, markup too deep to walk, XML entity bombs,
// control characters and broken UTF-8, chat-markup in titles, and links that are not http(s).
import type { ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { articlePage, escapeXml, type NewsArticle } from './news.js';

/** Paths of the resources a hostile page references; none may ever be requested. */
export const ACTIVE_CONTENT_PATHS = [
  '/res/script.js', '/res/module.js', '/res/style.css', '/res/import.css', '/res/image.png', '/res/srcset.png', '/res/frame.html',
  '/res/object.swf', '/res/embed.swf', '/res/poster.png', '/res/video.mp4', '/res/preload.js', '/res/icon.png', '/res/refresh',
  '/res/background.png', '/res/svg-image.png', '/res/form', '/res/inline-fetch', '/res/onerror', '/res/onload', '/res/document-write',
  '/res/base/relative.png', '/res/prefetch.html',
];

/** An article page full of active content: scripts, frames, images, stylesheets, handlers. */
export function pageWithActiveContent(article: NewsArticle): string {
  const head = `<link rel="stylesheet" href="/res/style.css"><style>@import url("/res/import.css"); body { background: url("/res/background.png"); }</style>
<script src="/res/script.js"></script><script type="module" src="/res/module.js"></script>
<script>fetch('/res/inline-fetch'); document.write('<img src="/res/document-write">'); window.sideEffect = true;</script>
<link rel="preload" href="/res/preload.js" as="script"><link rel="prefetch" href="/res/prefetch.html"><link rel="icon" href="/res/icon.png">
<meta http-equiv="refresh" content="0; url=/res/refresh">`;
  const body = `<img src="/res/image.png" srcset="/res/srcset.png 2x"><iframe src="/res/frame.html"></iframe>
<object data="/res/object.swf"></object><embed src="/res/embed.swf"><video poster="/res/poster.png" src="/res/video.mp4"></video>
<img src="/nonexistent" onerror="fetch('/res/onerror')"><svg><image href="/res/svg-image.png"/></svg>
<form action="/res/form" method="post"><input name="q"></form><body onload="fetch('/res/onload')">`;
  return articlePage(article, head, body);
}

/** Markup nested `depth` elements deep. */
export function deepNest(depth: number): string {
  return `${'<div><span>'.repeat(depth / 2)}deep text${'</span></div>'.repeat(depth / 2)}`;
}

/** A page nested `depth` elements deep after the article's own paragraphs. */
export function deeplyNestedPage(article: NewsArticle, depth: number): string {
  return articlePage(article, '', deepNest(depth));
}

/** Streams `totalBytes` of HTML with no Content-Length (or with one, when `declare`), stopping when the client hangs up. Returns the bytes written so far. */
export function streamHugePage(response: ServerResponse, totalBytes: number, declare: boolean): () => number {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(declare ? { 'content-length': String(totalBytes) } : {}) });
  const chunk = Buffer.from(`<p>${'All work and no play makes a dull feed. '.repeat(1_600)}</p>\n`);
  let written = 0;
  const pump = (): void => {
    while (written < totalBytes && !response.destroyed) {
      written += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
    if (!response.destroyed) response.end();
  };
  pump();
  return () => written;
}

/** A gzip body that inflates to `inflatedBytes` of HTML whitespace. */
export function gzipBomb(inflatedBytes: number): Buffer {
  return zlib.gzipSync(Buffer.concat([Buffer.from('<!DOCTYPE html><html><body><p>'), Buffer.alloc(inflatedBytes, 0x20)]), { level: 9 });
}

/** The classic billion-laughs entity expansion, used in a feed item's title and description. */
export function billionLaughsFeed(origin: string): string {
  const entities = ['<!ENTITY lol "lol">'];
  for (let level = 1; level <= 9; level += 1) entities.push(`<!ENTITY lol${level} "${`&lol${level === 1 ? '' : level - 1};`.repeat(10)}">`);
  return `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [${entities.join('\n')}]>
<rss version="2.0"><channel><title>Laughs &lol9;</title><link>${origin}/</link><description>&lol9;</description>
<item><title>&lol9;</title><link>${origin}/articles/lol</link><guid>lol-1</guid><description>&lol9;&lol9;</description></item>
</channel></rss>
`;
}

/** An RSS feed with one item whose link is `link` and whose text (content:encoded) is the article's. */
export function feedWithLink(origin: string, article: NewsArticle, link: string, guid: string, extraHtml = ''): string {
  const e = escapeXml;
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Links</title><link>${origin}/</link><description>links</description>
<item><title>${e(article.headline)}</title><link>${e(link)}</link><guid isPermaLink="false">${e(guid)}</guid>
<pubDate>${new Date(article.published).toUTCString()}</pubDate>
<content:encoded><![CDATA[${article.paragraphs.map((paragraph) => `<p>${e(paragraph)}</p>`).join('')}${extraHtml}]]></content:encoded></item>
</channel></rss>
`;
}

/** Bytes that are not valid UTF-8, and C0 controls including an ANSI escape, in a title and a page. */
export const BROKEN_BYTES = Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0xe2, 0x82]);
export const CONTROL_TEXT = '\u0000\u0001\u0007\u0008\u001b[31mRED\u001b[0m\u001b]0;pwned\u0007\u007f\u009b2J';

/**
 * Every path of test/support/feed-server.ts, misbehaving and healthy, for a run that has them all
 * at once. The redirects to 10.0.0.1 and 169.254.169.254 are left out: such a run allows private
 * addresses (the server is on 127.0.0.1), so it would follow them. ssrf.test.ts has them.
 */
export const HOSTILE_FEED_PATHS = [
  '/rss.xml', '/atom.xml', '/rss-content.xml', '/no-validators.xml', '/duplicate-guids.xml', '/missing-dates.xml',
  '/malformed.xml', '/html-page', '/latin1.xml', '/cp1252.xml', '/gzip.xml', '/deflate.xml', '/deflate-raw.xml', '/br.xml',
  '/zstd.xml', '/gzip-bomb', '/max-age-7200.xml', '/max-age-600.xml', '/status-500', '/status-429', '/status-503-date',
  '/drip', '/stall', '/slow-ok', '/oversize', '/oversize-chunked', '/redirect-loop-a', '/redirect-file',
  '/redirect-no-location', '/redirect/3', '/redirect/9', '/no-such-feed',
];
