// A page's metadata — title, outlet, publication date, description, canonical address — from
// og:/article: tags, JSON-LD, <time>, the <h1> or a visible "Published …" line. Read from the
// whole page, before furniture is cut (a date or headline may sit in a header the reader drops).
import { parseLooseDate } from './page-dates.js';
import { attribute, childElements, elementsOf, firstElement, textOf, type PageTree, type TreeElement } from './page-tree.js';

export interface PageMetadata {
  title: string | null;
  siteName: string | null;
  published: string | null;
  description: string | null;
  canonical: string | null;
}

const hasTag = (tag: string) => (element: TreeElement) => element.tagName === tag;
const hasAttribute = (tag: string, name: string, value?: string) => (element: TreeElement) =>
  element.tagName === tag && (value === undefined ? attribute(element, name) !== null : attribute(element, name) === value);

export function readMetadata(tree: PageTree): PageMetadata {
  const meta = (name: string, value: string) => firstElement(tree, hasAttribute('meta', name, value)) ?? null;
  const content = (name: string, value: string) => {
    const element = meta(name, value);
    return (element && attribute(element, 'content')?.trim()) || null;
  };
  const jsonLd = readJsonLd(tree);
  const datedTime = firstElement(tree, hasAttribute('time', 'datetime'));
  const anyTime = datedTime ? null : firstElement(tree, hasTag('time'));
  const timeText = datedTime ? attribute(datedTime, 'datetime') : anyTime ? textOf(anyTime) : null;
  const heading = firstElement(tree, hasTag('h1'));
  const canonical = firstElement(tree, hasAttribute('link', 'rel', 'canonical'));
  return {
    title: content('property', 'og:title') ?? jsonLd.headline ?? (heading ? textOf(heading).trim() : documentTitle(tree)),
    siteName: content('property', 'og:site_name') ?? jsonLd.publisher,
    published:
      parseLooseDate(content('property', 'article:published_time')) ??
      parseLooseDate(jsonLd.datePublished) ??
      parseLooseDate(content('name', 'date')) ??
      parseLooseDate(timeText) ??
      parseLooseDate(visiblePublishedDate(tree)),
    description: content('property', 'og:description') ?? content('name', 'description'),
    canonical: (canonical && attribute(canonical, 'href')) ?? content('property', 'og:url'),
  };
}

/** As the DOM's document.title: the first <title>'s text, whitespace collapsed ('' when none). */
function documentTitle(tree: PageTree): string {
  const title = firstElement(tree, hasTag('title'));
  return title ? textOf(title).replace(/[\t\n\f\r ]+/g, ' ').trim() : '';
}

function readJsonLd(tree: PageTree): { headline: string | null; datePublished: string | null; publisher: string | null } {
  for (const script of elementsOf(tree)) {
    if (script.tagName !== 'script' || attribute(script, 'type') !== 'application/ld+json') continue;
    try {
      const parsed: unknown = JSON.parse(textOf(script));
      const items = (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
      for (const item of items) {
        if (!item || typeof item !== 'object' || !/Article/.test(String(item['@type'] ?? ''))) continue;
        const publisher = item.publisher as Record<string, unknown> | undefined;
        return {
          headline: typeof item.headline === 'string' ? item.headline : null,
          datePublished: typeof item.datePublished === 'string' ? item.datePublished : null,
          publisher: typeof publisher?.name === 'string' ? publisher.name : null,
        };
      }
    } catch {
      // A broken JSON-LD block is ignored; the page's other metadata still counts.
    }
  }
  return { headline: null, datePublished: null, publisher: null };
}

// Only the start of the page is searched: a date line sits above or just below the headline.
const VISIBLE_DATE_SPAN = 20_000;

/** "Published 21 November 2025" / "Published: 11/04/2025" as a page shows it. */
function visiblePublishedDate(tree: PageTree): string | null {
  const html = childElements(tree).find((element) => element.tagName === 'html');
  const body = html && childElements(html).find((element) => element.tagName === 'body' || element.tagName === 'frameset');
  const text = (body ? textOf(body, VISIBLE_DATE_SPAN) : '').slice(0, VISIBLE_DATE_SPAN).replace(/\s+/g, ' ');
  return /(?:Published|First published|Posted):?\s*(?:on\s+)?((?:\w+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+\d{4}|\d{1,2}\/\d{1,2}\/\d{4}|\w+\s+\d{1,2},?\s+\d{4})/.exec(text)?.[1] ?? null;
}
