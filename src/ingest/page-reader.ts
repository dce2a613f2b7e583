// Turns an article page into readable text. The page is parsed once into a plain tree, where its
// metadata (title, outlet, date) is read and its furniture cut; what is left goes to Readability
// on jsdom (no scripts run, nothing fetched), and the article is split back into paragraphs —
// including pages that separate paragraphs with <br> or plain <div>s rather than <p>.
import { Readability } from '@mozilla/readability';
import type { ArticleText } from '../core/types.js';
import { withTreeDocument } from './html-documents.js';
import { parseLooseDate } from './page-dates.js';
import { cutFurniture } from './page-furniture.js';
import { readMetadata, type PageMetadata } from './page-metadata.js';
import { parsePageTree } from './page-tree.js';

export type { PageMetadata } from './page-metadata.js';

export interface ReadPage extends ArticleText {
  metadata: PageMetadata;
  /** False when Readability found no article and the text is the page's own body. */
  readable: boolean;
}

const BLOCK_TAGS = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'PRE', 'TABLE',
  'TR', 'TBODY', 'THEAD', 'DL', 'DT', 'DD', 'HR', 'MAIN', 'HEADER', 'CENTER',
]);

// Real pages nest a few dozen elements deep. Hostile ones nest thousands: jsdom's parser, its
// tree teardown and Readability all recurse or go quadratic on such trees, so tags beyond this
// depth are dropped (their text is kept) before the DOM is built.
const MAX_NESTING = 100;
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', '!doctype']);

/** Drops tags nested deeper than `MAX_NESTING`, in one linear pass over the markup. */
export function flattenDeepNesting(html: string, maxDepth = MAX_NESTING): string {
  let depth = 0;
  let deepest = 0;
  const tag = /<(\/?)([a-zA-Z!][\w:-]*)[^>]*?(\/?)>/g;
  for (const match of html.matchAll(tag)) {
    if (VOID_ELEMENTS.has(match[2]!.toLowerCase()) || match[2]!.startsWith('!') || match[3]) continue;
    depth = match[1] ? Math.max(0, depth - 1) : depth + 1;
    deepest = Math.max(deepest, depth);
  }
  if (deepest <= maxDepth) return html;
  depth = 0;
  return html.replace(tag, (whole, closing: string, name: string, selfClosing: string) => {
    if (VOID_ELEMENTS.has(name.toLowerCase()) || name.startsWith('!') || selfClosing) return depth >= maxDepth ? '' : whole;
    if (closing) {
      depth = Math.max(0, depth - 1);
      return depth >= maxDepth ? '' : whole;
    }
    depth += 1;
    return depth > maxDepth ? '' : whole;
  });
}

export function readPage(rawHtml: string, url: string): ReadPage {
  const tree = parsePageTree(flattenDeepNesting(rawHtml));
  const metadata = readMetadata(tree);
  cutFurniture(tree);
  const baseUrl = safeBaseUrl(url);
  const read = withTreeDocument(tree, baseUrl, (document) => {
    // Readability reads the document through a proxy that is revoked once it is done (see readerView).
    const view = readerView(document);
    try {
      // The article comes back as its element, not as HTML to be parsed a second time.
      const article = new Readability<Node>(view.proxy, { charThreshold: 200, keepClasses: false, serializer: (node) => node }).parse();
      const paragraphs = article?.content ? segmentParagraphs(article.content as Element) : [];
      return { article, paragraphs, readable: paragraphs.join(' ').length >= 200 };
    } finally {
      view.revoke();
    }
  });
  // Readability changes the document it reads, so the page's own text, for when it finds no
  // article, comes from a second build of the tree — paid only by those pages.
  const paragraphs = read.readable ? read.paragraphs : withTreeDocument(tree, baseUrl, (document) => segmentParagraphs(document.body));
  const { article, readable } = read;
  const title = cleanTitle(metadata.title ?? article?.title ?? '', metadata.siteName);
  return {
    url,
    title,
    outlet: metadata.siteName ?? article?.siteName ?? null,
    published: metadata.published ?? parseLooseDate(article?.publishedTime) ?? visibleDate(paragraphs),
    standfirst: '',
    paragraphs: dropFurnitureRuns(dropHeadlineAndDateline(paragraphs, title)),
    metadata,
    readable,
  };
}

/**
 * The document as Readability is given it: a transparent proxy (jsdom's methods and getters work
 * on it unchanged) that `revoke()` cuts from the document.
 *
 * Why: V8 allocates a function literal that is assigned straight to a property directly in the old
 * generation, guessing it is a method that will live long, and Readability's constructor does
 * `this.log = function () {}` for every page. That constructor is sloppy-mode, reads `arguments`
 * and contains closures, so its parameters (the document and the options) live in a context object
 * that this closure holds. Each page so left a dead old-generation object pointing at its young
 * document until the next full GC, and a scavenge has to treat such a pointer as live. The document
 * still reaches most of the page once it is emptied (jsdom's selector engine, for one, keeps the
 * TreeWalker it last used, on the last node it visited), so every scavenge copied and then promoted
 * about 0.5 MB a page that was already garbage: on the benchmark pages a fifth of a page's CPU
 * went to that copying, much of it on V8's helper threads, which took the second core from the
 * second worker. Revoked, the proxy leaves that closure holding nothing of the page.
 */
function readerView(document: Document): { proxy: Document; revoke: () => void } {
  return Proxy.revocable(document, {});
}

function safeBaseUrl(url: string): string {
  return /^https?:\/\//i.test(url) && URL.canParse(url) ? url : 'http://localhost/';
}

/** Splits a container into paragraphs: block elements and <br> end a paragraph. */
export function segmentParagraphs(root: Element | null): string[] {
  const paragraphs: string[] = [];
  let buffer = '';
  let linkText = 0;
  const flush = () => {
    const text = buffer.replace(/\s+/g, ' ').trim();
    // A line that is nothing but a link is a related-story or navigation link, not article text.
    const onlyLinks = linkText >= text.replace(/[\s•|:]/g, '').length * 0.9 && text.length < 200;
    if (text && !onlyLinks) paragraphs.push(text);
    buffer = '';
    linkText = 0;
  };
  const walk = (node: Node, depth: number, inLink: boolean) => {
    if (depth > 200) return; // hostile nesting: the text below this depth is not an article
    if (node.nodeType === 3) {
      const text = node.textContent ?? '';
      buffer += text;
      if (inLink) linkText += text.replace(/\s/g, '').length;
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as Element;
    if (element.tagName === 'BR') return flush();
    if (element.tagName === 'TR') {
      // Table rows become "Area – Grade" lines, the shape the grade extractor reads as a list.
      flush();
      const cells = [...element.children].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean);
      buffer = cells.join(' – ');
      return flush();
    }
    const block = BLOCK_TAGS.has(element.tagName);
    if (block) flush();
    if (element.tagName === 'LI') buffer += '• ';
    for (const child of element.childNodes) walk(child, depth + 1, inLink || element.tagName === 'A');
    if (block) flush();
  };
  if (root) walk(root, 0, false);
  flush();
  return paragraphs;
}

function cleanTitle(title: string, siteName: string | null): string {
  let text = title.replace(/\s+/g, ' ').trim();
  if (siteName) text = text.replace(new RegExp(`\\s*[|–—-]\\s*${siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`), '');
  return text;
}

const DATELINE = /^(?:published|updated|posted|first published|last updated)?:?\s*(?:\w+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+\d{4}(?:,?\s+\d{1,2}[:.]\d{2}\s*(?:BST|GMT|UTC)?)?$|^\d{1,2}\/\d{1,2}\/\d{4}$/i;

function visibleDate(paragraphs: string[]): string | null {
  for (const paragraph of paragraphs.slice(0, 8)) {
    if (paragraph.length < 60 && DATELINE.test(paragraph)) return parseLooseDate(paragraph.replace(/^\D+/, ''));
  }
  return null;
}

// A list heading ("ALSO ON THE WIRE:", "Most read", "Related stories") and the headline-like
// lines after it are furniture that survived as plain text.
const LIST_HEADING = /^(?:also\s+(?:on|in)\b|related\b|more\s+(?:from|on|stories|news)\b|most\s+(?:read|popular|viewed)\b|latest\s+(?:news|stories)\b|top\s+stories\b|trending\b|see\s+also\b|read\s+more\b|you\s+may\s+also|recommended\b|elsewhere\b|in\s+other\s+news\b|jobs?\b|vacancies\b)[^.!?]{0,40}:?$/i;

function dropFurnitureRuns(paragraphs: string[]): string[] {
  const kept: string[] = [];
  let inRun = false;
  for (const paragraph of paragraphs) {
    if (LIST_HEADING.test(paragraph)) {
      inRun = true;
      continue;
    }
    // Headline-like: short, no sentence punctuation at the end.
    if (inRun && paragraph.split(/\s+/).length <= 16 && !/[.!?"”]$/.test(paragraph)) continue;
    inRun = false;
    kept.push(paragraph);
  }
  return kept;
}

const DATE_INSIDE = /\b\d{1,2}\/\d{1,2}\/\d{4}\b|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+\d{4}\b/i;

/** Drops the headline repeated in the body and the kicker, byline and date lines above the text. */
function dropHeadlineAndDateline(paragraphs: string[], title: string): string[] {
  const heading = title.toLowerCase();
  const firstText = paragraphs.findIndex((paragraph) => paragraph.split(/\s+/).length >= 8 && !DATE_INSIDE.test(paragraph));
  return paragraphs.filter((paragraph, index) => {
    if (paragraph.toLowerCase() === heading) return false;
    if (index >= firstText || firstText === -1) return true;
    const words = paragraph.split(/\s+/).length;
    const furniture = words <= 3 || DATELINE.test(paragraph) || /^by\s+\p{Lu}/u.test(paragraph) || (words <= 12 && DATE_INSIDE.test(paragraph));
    return !furniture;
  });
}

/** Paragraphs of an HTML fragment (a feed's content:encoded), with the same rules as pages. */
export function segmentParagraphsFromHtml(html: string): string[] {
  const tree = parsePageTree(`<!doctype html><body>${flattenDeepNesting(html)}`);
  cutFurniture(tree);
  return withTreeDocument(tree, 'about:blank', (document) => segmentParagraphs(document.body));
}
