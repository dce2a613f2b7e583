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
            text: {
              url: item.link,
              title: item.title || page.title,
              outlet: outlet ?? page.outlet,
              published: item.published ?? page.published,
              standfirst: '',
              paragraphs: page.paragraphs,
            },
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
  const paragraphs = item.contentHtml ? (await pageReader()).segmentParagraphsFromHtml(item.contentHtml) : [];
  if (paragraphs.length === 0 && item.summary) paragraphs.push(item.summary);
  return {
    text: { url: item.link ?? item.guid ?? item.title, title: item.title, outlet, published: item.published, standfirst: '', paragraphs },
    fallbackReason,
  };
}
