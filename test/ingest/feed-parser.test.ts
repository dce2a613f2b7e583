import { describe, expect, it } from 'vitest';
import { parseFeed, parseFeedDate } from '../../src/ingest/feed-parser.js';
import type { ParsedFeed } from '../../src/ingest/feed-parser.js';
import type { FeedItem } from '../../src/core/types.js';
import { FEED_TEXTS } from '../support/feed-server.js';

function itemsOf(parsed: ParsedFeed): FeedItem[] {
  if (parsed.kind !== 'feed') throw new Error(`expected a feed, got not-a-feed: ${parsed.reason}`);
  return parsed.items;
}

function rss(items: string, channelExtras = ''): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${channelExtras}${items}</channel></rss>`;
}

describe('parseFeed: RSS 2.0', () => {
  it('reads the channel title and every item in order', async () => {
    const parsed = await parseFeed(FEED_TEXTS.rss, 'https://news.example.org/feeds/policing.xml');
    expect(parsed.kind).toBe('feed');
    expect(parsed.kind === 'feed' && parsed.title).toBe('Policing Inspections Wire');
    expect(itemsOf(parsed)).toEqual([
      {
        guid: 'pi-wire-1001',
        link: 'https://news.example.org/policing/kent-peel-2025?page=2',
        title: 'Inspectors grade Kent Police ‘adequate’ at investigating crime',
        published: '2025-06-10T08:30:00.000Z',
        contentHtml: null,
        summary: 'The inspectorate’s PEEL report rates Kent & finds room to improve…',
      },
      {
        guid: 'pi-wire-1002',
        link: 'https://news.example.org/policing/cumbria-custody',
        title: 'Cumbria custody suites need urgent improvement, report says',
        published: '2025-06-09T15:05:00.000Z',
        contentHtml: null,
        summary: 'Unannounced inspection of police custody in Cumbria.',
      },
      {
        guid: 'pi-wire-1003',
        link: null,
        title: 'A note to our readers',
        published: '2025-06-08T12:00:00.000Z',
        contentHtml: null,
        summary: 'Not a news item.',
      },
    ]);
  });

  it('reads content:encoded as the full HTML and an item without guid as guid null', async () => {
    const [item] = itemsOf(await parseFeed(FEED_TEXTS.rssWithContent, 'https://digest.example.com/rss'));
    expect(item).toEqual({
      guid: null,
      link: 'https://digest.example.com/2025/06/thames-valley-response',
      title: 'Thames Valley Police responds to inspection',
      published: '2025-06-11T12:45:00.000Z',
      contentHtml: '<p>The chief constable <strong>welcomed</strong> the findings.</p><p>“We accept every recommendation,” she said.</p>',
      summary: 'The chief constable welcomed the findings.',
    });
  });

  it('resolves relative links against the feed URL when the channel has no link', async () => {
    const xml = rss('<item><title>a</title><link>reports/kent</link></item><item><title>b</title><link>/root</link></item>');
    const items = itemsOf(await parseFeed(xml, 'https://feeds.example.org/policing/all.xml'));
    expect(items.map((item) => item.link)).toEqual(['https://feeds.example.org/policing/reports/kent', 'https://feeds.example.org/root']);
  });

  it('prefers the channel xml:base over the channel link', async () => {
    const xml = `<rss version="2.0"><channel xml:base="https://base.example.org/x/"><title>T</title><link>https://site.example.org/</link>
      <item><title>a</title><link>story</link></item></channel></rss>`;
    const [item] = itemsOf(await parseFeed(xml, 'https://feeds.example.org/rss'));
    expect(item?.link).toBe('https://base.example.org/x/story');
  });

  it('treats names that exist on Object.prototype as ordinary text', async () => {
    const xml = rss('<item><title>a &amp;constructor; b</title><constructor>x</constructor><description>&amp;toString;</description></item>');
    const [item] = itemsOf(await parseFeed(xml, 'https://feeds.example.org/rss'));
    expect(item?.title).toBe('a &constructor; b');
    expect(item?.summary).toBe('&toString;');
  });

  it('nulls links that are not http(s)', async () => {
    const xml = rss(
      ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<b>x</b>', 'ftp://example.org/f', 'https://ok.example.org/a']
        .map((link, index) => `<item><title>${index}</title><link>${link.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</link></item>`)
        .join(''),
    );
    const items = itemsOf(await parseFeed(xml, 'https://feeds.example.org/rss'));
    expect(items.map((item) => item.link)).toEqual([null, null, null, null, 'https://ok.example.org/a']);
  });

  it('keeps both items of a feed that repeats a guid (deduplication happens downstream)', async () => {
    const items = itemsOf(await parseFeed(FEED_TEXTS.duplicateGuids, 'https://echo.example.org/rss'));
    expect(items.map((item) => [item.guid, item.title])).toEqual([
      ['echo-7', 'Essex PEEL report published'],
      ['echo-7', 'Essex PEEL report published (updated)'],
    ]);
  });

  it('gives null dates for missing, garbage, impossible and unknown-zone dates, keeping the items', async () => {
    const items = itemsOf(await parseFeed(FEED_TEXTS.missingDates, 'https://undated.example.org/rss'));
    expect(items.map((item) => [item.title, item.published])).toEqual([
      ['No date at all', null],
      ['Garbage date', null],
      ['Impossible date', null],
      ['Unknown zone', null],
    ]);
  });

  it('reads a dc:date when there is no pubDate', async () => {
    const xml = `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
      <item><title>a</title><dc:date>2025-06-01T10:00:00+01:00</dc:date></item></channel></rss>`;
    const [item] = itemsOf(await parseFeed(xml, 'https://x.example.org/rss'));
    expect(item?.published).toBe('2025-06-01T09:00:00.000Z');
  });
});

describe('parseFeed: Atom 1.0', () => {
  it('reads entries with xml:base, published/updated, content and summary', async () => {
    const parsed = await parseFeed(FEED_TEXTS.atom, 'https://inspections.example.net/atom.xml');
    expect(parsed.kind === 'feed' && parsed.title).toBe('Inspection Reports');
    expect(itemsOf(parsed)).toEqual([
      {
        guid: 'tag:inspections.example.net,2025:jtai-west-midlands',
        link: 'https://inspections.example.net/reports/west-midlands-jtai',
        title: 'West Midlands & Staffordshire: joint child protection inspection',
        published: '2025-06-11T08:15:00.000Z',
        contentHtml: '<p>Full text of the inspection summary.</p>',
        summary: 'Agencies must improve.',
      },
      {
        guid: 'tag:inspections.example.net,2025:peel-durham',
        link: 'https://archive.example.net/peel/durham',
        title: 'Durham PEEL 2025',
        published: '2025-06-10T08:00:00.500Z',
        contentHtml: null,
        summary: 'Durham graded good in four areas.',
      },
    ]);
  });

  it('escapes type="text" content, keeps type="html", and drops xhtml it cannot pass on faithfully', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><title>text</title><id>1</id><content>Grades: A &lt; B &amp; C</content></entry>
      <entry><title>html</title><id>2</id><content type="html">&lt;p&gt;Hi&lt;/p&gt;</content></entry>
      <entry><title>xhtml</title><id>3</id><summary>Short</summary>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <b>there</b></p></div></content></entry>
    </feed>`;
    const items = itemsOf(await parseFeed(xml, 'https://atom.example.org/feed'));
    expect(items.map((item) => [item.contentHtml, item.summary])).toEqual([
      ['Grades: A &lt; B &amp; C', 'Grades: A < B & C'],
      ['<p>Hi</p>', 'Hi'],
      [null, 'Short'],
    ]);
  });

  it('survives a garbage Atom date (rss-parser alone would throw) and resolves against the feed URL', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><title>a</title><id>1</id><link href="/a"/><published>not a date</published></entry></feed>`;
    const [item] = itemsOf(await parseFeed(xml, 'https://atom.example.org/feed'));
    expect(item).toMatchObject({ guid: '1', link: 'https://atom.example.org/a', published: null });
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 10 Jun 2025 09:30:00 GMT', '2025-06-10T09:30:00.000Z'],
    ['Tue, 10 Jun 2025 09:30:00 BST', '2025-06-10T08:30:00.000Z'],
    ['Tue, 10 Jun 2025 09:30:00 EST', '2025-06-10T14:30:00.000Z'],
    ['Tue, 10 Jun 2025 09:30:00 +0100', '2025-06-10T08:30:00.000Z'],
    ['Tue, 10 Jun 2025 09:30:00 -0530', '2025-06-10T15:00:00.000Z'],
    ['10 Jun 2025 09:30 UT', '2025-06-10T09:30:00.000Z'],
    ['Tue, 10 June 2025 09:30:00 GMT', '2025-06-10T09:30:00.000Z'],
    ['Tue, 10 Jun 25 09:30:00 GMT', '2025-06-10T09:30:00.000Z'],
    ['Tue, 10 Jun 2025 09:30:00', '2025-06-10T09:30:00.000Z'],
    ['2025-06-10T09:30:00Z', '2025-06-10T09:30:00.000Z'],
    ['2025-06-10T09:30:00.123+01:00', '2025-06-10T08:30:00.123Z'],
    ['2025-06-10', '2025-06-10T00:00:00.000Z'],
    ['  2025-06-10T09:30:00Z  ', '2025-06-10T09:30:00.000Z'],
  ])('%j → %s', (raw, expected) => {
    expect(parseFeedDate(raw)).toBe(expected);
  });

  it.each([null, '', 'yesterday', 'Tue, 31 Feb 2025 09:30:00 GMT', 'Tue, 10 Foo 2025 09:30:00 GMT', '10 Jun 2025 25:00 GMT', '2025-13-45T99:99:99Z', 'Tue, 10 Jun 2025 09:30:00 QQQ'])(
    '%j → null',
    (raw) => {
      expect(parseFeedDate(raw)).toBeNull();
    },
  );
});

describe('parseFeed: not a feed', () => {
  it('recognises an HTML page served instead of a feed', async () => {
    const parsed = await parseFeed(FEED_TEXTS.html, 'https://example.org/rss');
    expect(parsed).toEqual({ kind: 'not-a-feed', reason: 'the document is an HTML page, not an RSS or Atom feed' });
  });

  it('reports malformed XML with the parser’s reason', async () => {
    const parsed = await parseFeed(FEED_TEXTS.malformed, 'https://example.org/rss');
    expect(parsed.kind).toBe('not-a-feed');
    expect(parsed.kind === 'not-a-feed' && parsed.reason).toMatch(/Unexpected close tag/);
  });

  it('reports XML that is neither RSS nor Atom', async () => {
    const parsed = await parseFeed('<?xml version="1.0"?><note><to>Tove</to></note>', 'https://example.org/rss');
    expect(parsed.kind === 'not-a-feed' && parsed.reason).toMatch(/not recognized as RSS/);
  });

  it('reports an RSS root without a channel, and empty or non-XML text', async () => {
    const noChannel = await parseFeed('<rss version="2.0"></rss>', 'https://example.org/rss');
    expect(noChannel.kind === 'not-a-feed' && noChannel.reason).toMatch(/no channel or entries/);
    expect((await parseFeed('   ', 'https://example.org/rss')).kind).toBe('not-a-feed');
    expect((await parseFeed('just some text', 'https://example.org/rss')).kind).toBe('not-a-feed');
  });
});

describe('parseFeed: hostile XML', () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  ${Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`).join('\n  ')}
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>`;

  it('refuses a billion-laughs document quickly, without expanding it', async () => {
    const started = performance.now();
    const parsed = await parseFeed(billionLaughs, 'https://example.org/rss');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.kind).toBe('not-a-feed');
    expect(parsed.kind === 'not-a-feed' && parsed.reason).toMatch(/declares XML entities/);
    expect(JSON.stringify(parsed).length).toBeLessThan(500);
  });

  it('refuses an external entity (XXE) declaration', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <rss version="2.0"><channel><title>&xxe;</title></channel></rss>`;
    const parsed = await parseFeed(xxe, 'https://example.org/rss');
    expect(parsed.kind === 'not-a-feed' && parsed.reason).toMatch(/declares XML entities/);
  });

  it('refuses entity declarations hidden behind a fake end of the internal subset', async () => {
    const disguised = `<?xml version="1.0"?><!DOCTYPE rss [ <!-- ]> --> <!ENTITY a "aaaaaaaaaa"> ]>
      <rss version="2.0"><channel><title>&a;</title></channel></rss>`;
    const parsed = await parseFeed(disguised, 'https://example.org/rss');
    expect(parsed.kind === 'not-a-feed' && parsed.reason).toMatch(/declares XML entities/);
  });

  it('accepts a DOCTYPE without an internal subset, as old RSS 0.91 feeds have', async () => {
    const rss091 = `<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>https://old.example.org/</link><description>d</description>
<item><title>Gwent inspection</title><link>https://old.example.org/gwent</link></item></channel></rss>`;
    const items = itemsOf(await parseFeed(rss091, 'https://old.example.org/rss'));
    expect(items.map((item) => item.link)).toEqual(['https://old.example.org/gwent']);
  });

  it('stays fast on text full of unclosed "<" (rss-parser\'s own snippet regex is quadratic on it)', async () => {
    const lessThans = '&lt;'.repeat(200_000);
    const xml = `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
      <item><title>a</title><description>x${lessThans}</description><content:encoded>y${lessThans}</content:encoded></item>
      <item><title>b</title><description>${'a&lt;p&gt;\n'.repeat(50_000)}</description></item></channel></rss>`;
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>a</title><id>1</id>
      <content type="html">z${lessThans}</content></entry></feed>`;
    const started = performance.now();
    const [first] = itemsOf(await parseFeed(xml, 'https://example.org/rss'));
    const [entry] = itemsOf(await parseFeed(atom, 'https://example.org/atom'));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(first?.summary?.length).toBe(200_001);
    expect(first?.contentHtml?.length).toBe(200_001);
    expect(entry?.contentHtml?.startsWith('z<<<')).toBe(true);
  });

  it('does not expand or fetch entities the parser is never told about', async () => {
    // No internal subset, so the up-front check lets it through: this exercises sax itself.
    const undeclared = `<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:9/evil.dtd">
      <rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>`;
    const started = performance.now();
    const parsed = await parseFeed(undeclared, 'https://example.org/rss');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.kind).toBe('not-a-feed');
    expect(parsed.kind === 'not-a-feed' && parsed.reason).toMatch(/Invalid character entity/);
  });
});
