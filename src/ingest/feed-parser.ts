// Feed text → FeedItems. rss-parser (over xml2js/sax) reads RSS 0.9x/1.0/2.0 and Atom; this module
// adds what it leaves to the caller: refusing hostile or non-feed documents, absolute and safe
// links, dates that survive zone names, and one item shape whatever the format.
import Parser from 'rss-parser';
import type { FeedItem } from '../core/types.js';
import { canonicalUrl } from '../stories/canonical-url.js';

export type ParsedFeed =
  | { kind: 'feed'; title: string | null; items: FeedItem[] }
  | { kind: 'not-a-feed'; reason: string };

/** Item fields read through rss-parser's customFields; xml2js values are strings or {_: text, $: attributes}. */
interface ExtraItemFields {
  rssDescription?: unknown;
  rssContentEncoded?: unknown;
  atomContent?: unknown;
  atomPublished?: unknown;
  atomUpdated?: unknown;
  xmlAttributes?: unknown;
}

// Elements renamed while parsing, so rss-parser leaves them alone and we read the raw text:
// - Atom <published>/<updated>: rss-parser runs `new Date(x).toISOString()`, which throws on a garbage
//   date and would lose the whole feed.
// - <description>, <content:encoded>, Atom <content>: rss-parser derives snippets with a regex that is
//   quadratic on text full of unclosed "<" (40k of them took over a second), so a hostile feed could
//   stall polling for hours. Our own tag stripping below is linear.
// Maps, not object literals, for every lookup keyed by document text: "constructor" must not find
// Object.prototype.constructor.
const RENAMED_TAGS: ReadonlyMap<string, string> = new Map([
  ['published', 'atomPublished'],
  ['updated', 'atomUpdated'],
  ['description', 'rssDescription'],
  ['content:encoded', 'rssContentEncoded'],
  ['content', 'atomContent'],
]);

function createParser(): Parser<Record<string, unknown>, ExtraItemFields> {
  // A fresh parser per document: xml2js keeps state between parses and misbehaves after an error.
  return new Parser<Record<string, unknown>, ExtraItemFields>({
    defaultRSS: 2,
    xml2js: { tagNameProcessors: [(name: string) => RENAMED_TAGS.get(name) ?? name] },
    customFields: {
      item: [
        'rssDescription',
        'rssContentEncoded',
        'atomPublished',
        'atomUpdated',
        ['atomContent', 'atomContent', { keepArray: true }],
        ['$', 'xmlAttributes', { keepArray: true }],
      ],
    },
  });
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && '_' in value && typeof value._ === 'string') return value._;
  return null;
}

function nonEmpty(value: unknown): string | null {
  const found = text(value)?.trim();
  return found ? found : null;
}

interface Prolog {
  rootName: string | null;
  declaresEntities: boolean;
  htmlDoctype: boolean;
}

/**
 * Walks the declarations, comments and processing instructions before the root element. Written
 * as a scanner rather than regexes over the whole text so hostile input costs linear time.
 */
function readProlog(xml: string): Prolog {
  const prolog: Prolog = { rootName: null, declaresEntities: false, htmlDoctype: false };
  let index = 0;
  for (;;) {
    const open = xml.indexOf('<', index);
    if (open === -1) return prolog;
    const skipTo = (terminator: string): number => {
      const end = xml.indexOf(terminator, open + 2);
      return end === -1 ? xml.length : end + terminator.length;
    };
    if (xml.startsWith('<?', open)) {
      index = skipTo('?>');
    } else if (xml.startsWith('<!--', open)) {
      index = skipTo('-->');
    } else if (xml.slice(open, open + 9).toUpperCase() === '<!DOCTYPE') {
      prolog.htmlDoctype ||= /^<!DOCTYPE\s+html\b/i.test(xml.slice(open, open + 20));
      const firstClose = xml.indexOf('>', open);
      const subsetOpen = xml.indexOf('[', open);
      if (subsetOpen === -1 || (firstClose !== -1 && firstClose < subsetOpen)) {
        index = skipTo('>');
        continue;
      }
      // Where an internal subset ends is easy to disguise (a "]>" inside a comment or an entity
      // value), so any entity declaration after its "[" counts; real feeds have no internal subset.
      prolog.declaresEntities = /<!ENTITY/i.test(xml.slice(subsetOpen));
      const subsetEnd = xml.indexOf(']', subsetOpen);
      index = subsetEnd === -1 ? xml.length : subsetEnd + 1;
    } else if (xml.startsWith('<!', open)) {
      index = skipTo('>');
    } else {
      prolog.rootName = /^<([A-Za-z_][\w:.-]*)/.exec(xml.slice(open, open + 256))?.[1] ?? null;
      return prolog;
    }
  }
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An attribute of the first start tag of `element`; only called on XML the parser accepted. */
function startTagAttribute(xml: string, element: string, attribute: string): string | null {
  const startTag = new RegExp(`<${escapeRegExp(element)}\\b[^>]*>`).exec(xml)?.[0];
  if (!startTag) return null;
  return new RegExp(`\\s${escapeRegExp(attribute)}\\s*=\\s*["']([^"']*)["']`).exec(startTag)?.[1] ?? null;
}

/** Why the document should not be handed to the XML parser at all, or null when it may be. */
function refusal(xml: string, prolog: Prolog): string | null {
  // Entity declarations are how billion-laughs and XXE documents work; no real feed needs them.
  if (prolog.declaresEntities) {
    return 'the document declares XML entities in its DOCTYPE; refused (entity expansion or external entity attack)';
  }
  if (prolog.htmlDoctype || prolog.rootName?.toLowerCase() === 'html') {
    return 'the document is an HTML page, not an RSS or Atom feed';
  }
  if (xml.trim() === '') return 'the document is empty';
  return null;
}

const MONTHS: ReadonlyMap<string, number> = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((name, index) => [name, index]),
);

/** RFC 822 zone names as feeds use them (BST matters for UK publishers; Date.parse does not know it). */
const ZONE_OFFSET_MINUTES: ReadonlyMap<string, number> = new Map(
  Object.entries({
    UT: 0, UTC: 0, GMT: 0, Z: 0, BST: 60, IST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180,
    EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  }),
);

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined) return 0; // a zone-less date is read as UTC rather than dropped
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return ZONE_OFFSET_MINUTES.get(zone.toUpperCase()) ?? null;
}

function parseRfc822(value: string): Date | null {
  const match =
    /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?$/.exec(
      value,
    );
  if (!match) return null;
  const [, dayText, monthText, yearText, hourText, minuteText, secondText, zone] = match;
  const month = MONTHS.get((monthText ?? '').toLowerCase());
  const offset = zoneOffsetMinutes(zone);
  if (month === undefined || offset === null) return null;
  let year = Number(yearText);
  if (yearText?.length === 2) year += year < 50 ? 2000 : 1900; // RFC 2822's reading of 2-digit years
  const day = Number(dayText);
  const [hour, minute, second] = [Number(hourText), Number(minuteText), Number(secondText ?? 0)];
  if (hour > 23 || minute > 59 || second > 60) return null;
  const utc = Date.UTC(year, month, day, hour, minute, second) - offset * 60_000;
  // Date.UTC rolls 31 Feb over into March; a date that does not round-trip is garbage.
  if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return null;
  return new Date(utc);
}

function parseRfc3339(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/.test(value)) return null;
  const parsed = new Date(value.replace(' ', 'T'));
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** RFC 822 / RFC 3339 date text → ISO 8601 string, or null when missing or unreadable. */
export function parseFeedDate(raw: string | null): string | null {
  const value = raw?.trim();
  if (!value) return null;
  const parsed = parseRfc3339(value) ?? parseRfc822(value);
  return parsed ? parsed.toISOString() : null;
}

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–',
    lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', pound: '£', euro: '€',
  }),
);

function decodeHtmlEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const codePoint = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
    }
    return NAMED_ENTITIES.get(name.toLowerCase()) ?? whole;
  });
}

/** A plain-text snippet from feed HTML: tags dropped, entities decoded, whitespace collapsed. */
function htmlToPlainText(html: string | null): string | null {
  if (html === null) return null;
  // [^<>] rather than [^>]: a "<" that is never closed then costs one step, not a scan to the end.
  const plain = decodeHtmlEntities(html.replace(/<[^<>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return plain === '' ? null : plain;
}

function xmlBase(attributes: unknown): string | null {
  if (typeof attributes !== 'object' || attributes === null) return null;
  const base: unknown = (attributes as Record<string, unknown>)['xml:base'];
  return typeof base === 'string' ? base : null;
}

/** Resolves `relative` against `base`, keeping `base` when the result is not a usable http(s) URL. */
function resolveBase(base: string, relative: string | null): string {
  if (relative === null) return base;
  try {
    const resolved = new URL(relative, base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : base;
  } catch {
    return base;
  }
}

type RawItem = Parser.Item & ExtraItemFields & { id?: unknown; date?: unknown };

function escapeHtml(plain: string): string {
  return plain.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Atom <content> as HTML: type="html" as given, type="text" (the default) escaped. type="xhtml"
 * arrives as an element tree xml2js has already reordered (mixed content loses its order), so
 * it is dropped rather than passed on mangled; out-of-line content (src=) has no text at all.
 */
function atomContentHtml(elements: unknown): string | null {
  const element: unknown = Array.isArray(elements) ? elements[0] : undefined;
  const attributes: unknown = typeof element === 'object' && element !== null ? (element as Record<string, unknown>)['$'] : undefined;
  const type: unknown = typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, unknown>)['type'] : undefined;
  const body = nonEmpty(element);
  if (body === null) return null;
  if (type === 'html' || type === 'text/html') return body;
  if (type === undefined || type === 'text' || type === 'text/plain') return escapeHtml(body);
  return null;
}

function toFeedItem(raw: RawItem, isAtom: boolean, feedBase: string): FeedItem {
  const itemBase = resolveBase(feedBase, xmlBase(raw.xmlAttributes));
  const rawLink = nonEmpty(raw.link);
  const dateText = isAtom ? nonEmpty(raw.atomPublished) ?? nonEmpty(raw.atomUpdated) : nonEmpty(raw.pubDate) ?? nonEmpty(raw.date);
  const contentHtml = isAtom ? atomContentHtml(raw.atomContent) : nonEmpty(raw.rssContentEncoded);
  const summaryHtml = isAtom ? nonEmpty(raw.summary) : nonEmpty(raw.rssDescription);
  return {
    guid: isAtom ? nonEmpty(raw.id) : nonEmpty(raw.guid),
    link: rawLink === null ? null : canonicalUrl(rawLink, itemBase),
    title: htmlToPlainText(nonEmpty(raw.title)) ?? '',
    published: parseFeedDate(dateText),
    contentHtml,
    summary: htmlToPlainText(summaryHtml ?? (isAtom ? contentHtml : null)),
  };
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}

export async function parseFeed(xml: string, feedUrl: string): Promise<ParsedFeed> {
  const prolog = readProlog(xml);
  const refused = refusal(xml, prolog);
  if (refused) return { kind: 'not-a-feed', reason: refused };
  const root = prolog.rootName;
  let output: Parser.Output<ExtraItemFields> & Record<string, unknown>;
  try {
    output = await createParser().parseString(xml);
  } catch (error) {
    if (error instanceof TypeError) {
      return { kind: 'not-a-feed', reason: `the <${root ?? '?'}> document has no channel or entries to read (${errorMessage(error)})` };
    }
    return { kind: 'not-a-feed', reason: `not a readable RSS or Atom feed: ${errorMessage(error)}` };
  }
  const isAtom = root === 'feed';
  const declaredBase = startTagAttribute(xml, root ?? 'feed', 'xml:base') ?? (isAtom ? null : startTagAttribute(xml, 'channel', 'xml:base'));
  // RSS gives no rule for relative item links; the channel's own link is the publisher's site.
  const channelLink = isAtom ? null : nonEmpty(output.link);
  const feedBase = resolveBase(feedUrl, declaredBase ?? channelLink);
  return {
    kind: 'feed',
    title: htmlToPlainText(nonEmpty(output.title)),
    items: output.items.map((item) => toFeedItem(item, isAtom, feedBase)),
  };
}
