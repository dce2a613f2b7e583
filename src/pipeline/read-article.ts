// Gets the readable text of a feed item: the article page through Readability when it can be
// fetched and read, otherwise the feed's own content (content:encoded, summary). Page metadata
// fills what the feed lacks (date, outlet).
import type { ArticleText, FeedItem } from '../core/types.js';
import { decodeBody } from '../ingest/charset.js';
import type { HttpClient } from '../ingest/http.js';
import type { ReadPage } from '../ingest/page-reader.js';

// jsdom (through page-reader) is loaded on first use only: with the page worker pool the main
// thread needs it just for feed-content fallbacks, and a run with nothing new never loads it.
const pageReader = () => import('../ingest/page-reader.js');

export interface ReadResult {
  text: ArticleText;
  /** Why the page itself was not used, when it was not. */
  fallbackReason: string | null;
}

export type PageParser = (html: string, url: string) => Promise<ReadPage> | ReadPage;

// Text from the wild can carry control characters (an ANSI escape sequence in a feed title, C1
// bytes from a mis-declared charset). Nothing downstream wants them, and a terminal printing the
// console sink, or a chat client, might act on them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

function withoutControlCharacters(text: ArticleText): ArticleText {
  const strip = (value: string) => value.replace(CONTROL_CHARACTERS, '');
  return { ...text, title: strip(text.title), outlet: text.outlet === null ? null : strip(text.outlet), paragraphs: text.paragraphs.map(strip) };
}

export async function readArticle(http: HttpClient, item: FeedItem, outlet: string | null, parse?: PageParser): Promise<ReadResult> {
  let fallbackReason: string | null = null;
  if (item.link) {
    const outcome = await http.fetch({ url: item.link, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' });
    if (outcome.kind === 'ok') {
      try {
        const html = decodeBody(outcome.body, outcome.contentType, 'html');
        const page = await (parse ?? (await pageReader()).readPage)(html, item.link);
        if (page.readable && page.paragraphs.length > 0) {
          return {
            text: withoutControlCharacters({
              url: item.link,
              title: item.title || page.title,
              outlet: outlet ?? page.outlet,
              published: item.published ?? page.published,
              standfirst: '',
              paragraphs: page.paragraphs,
            }),
            fallbackReason: null,
          };
        }
        fallbackReason = 'the page has no readable article';
      } catch (error) {
        fallbackReason = `the page could not be parsed: ${(error as Error).message}`;
      }
    } else {
      fallbackReason = outcome.kind === 'failed' ? outcome.message : 'the page answered 304 to an unconditional request';
    }
  } else {
    fallbackReason = 'the item has no usable link';
  }
  let paragraphs: string[] = [];
  try {
    if (item.contentHtml) paragraphs = (await pageReader()).segmentParagraphsFromHtml(item.contentHtml);
  } catch (error) {
    // Hostile markup (thousands of levels deep) can exhaust jsdom's stack: that item falls back
    // to its summary; it must not take the poll, and every other item, down with it.
    fallbackReason = `${fallbackReason}; the feed's own HTML could not be read either: ${(error as Error).message}`;
  }
  if (paragraphs.length === 0 && item.summary) paragraphs.push(item.summary);
  return {
    text: withoutControlCharacters({ url: item.link ?? item.guid ?? item.title, title: item.title, outlet, published: item.published, standfirst: '', paragraphs }),
    fallbackReason,
  };
}
