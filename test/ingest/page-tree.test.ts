import { serialize } from 'parse5';
import { describe, expect, it } from 'vitest';
import { cutFurniture } from '../../src/ingest/page-furniture.js';
import { readMetadata } from '../../src/ingest/page-metadata.js';
import { parsePageTree, textOf } from '../../src/ingest/page-tree.js';

const metadataOf = (html: string) => readMetadata(parsePageTree(html));
const cut = (html: string) => {
  const tree = parsePageTree(html);
  cutFurniture(tree);
  return serialize(tree);
};

describe('page metadata from the parse tree', () => {
  it('prefers og: and article: tags, then JSON-LD', () => {
    const html = `<html><head><title>Page title | Paper</title>
      <meta property="og:title" content="  Kent Police told to improve ">
      <meta property="og:site_name" content="Kent Ledger">
      <meta property="article:published_time" content="2025-10-09T08:30:00+01:00">
      <meta name="description" content="Plain description">
      <link rel="canonical" href="https://ledger.example/kent-police">
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"From JSON-LD","datePublished":"2024-01-01T00:00:00Z","publisher":{"name":"LD Paper"}}</script>
      </head><body><h1>Heading</h1></body></html>`;
    expect(metadataOf(html)).toEqual({
      title: 'Kent Police told to improve',
      siteName: 'Kent Ledger',
      published: '2025-10-09T07:30:00.000Z',
      description: 'Plain description',
      canonical: 'https://ledger.example/kent-police',
    });
  });

  it('falls back to JSON-LD, skipping a broken block, and to og:url for the address', () => {
    const html = `<html><head>
      <script type="application/ld+json">{ not json</script>
      <script type="application/ld+json">[{"@type":"Organization"},{"@type":"NewsArticle","headline":"Essex Police graded good","datePublished":"2025-03-04T10:00:00Z","publisher":{"@type":"Organization","name":"Essex Wire"}}]</script>
      <meta property="og:url" content="https://wire.example/essex"></head><body><h1>Other</h1></body></html>`;
    expect(metadataOf(html)).toMatchObject({ title: 'Essex Police graded good', siteName: 'Essex Wire', published: '2025-03-04T10:00:00.000Z', canonical: 'https://wire.example/essex' });
  });

  it('takes the <h1>, then the <title> with its whitespace collapsed', () => {
    expect(metadataOf('<title>x</title><h1>  Durham rated outstanding\n</h1>').title).toBe('Durham rated outstanding');
    expect(metadataOf('<title>\n  Durham   Constabulary\tinspection </title><p>text</p>').title).toBe('Durham Constabulary inspection');
    expect(metadataOf('<p>no title at all</p>').title).toBe('');
  });

  it('dates from <time datetime>, a bare <time>, then a visible "Published" line', () => {
    expect(metadataOf('<time>1 May 2020</time><time datetime="2025-06-02T09:00:00Z">2 June</time>').published).toBe('2025-06-02T09:00:00.000Z');
    expect(metadataOf('<p>x</p><time>14 March 2024</time>').published).toBe(new Date(Date.UTC(2024, 2, 14)).toISOString());
    expect(metadataOf('<body><div>Published: 21 November 2025</div><p>Text</p></body>').published).toBe(new Date(Date.UTC(2025, 10, 21)).toISOString());
    expect(metadataOf('<body><p>No date here.</p></body>').published).toBeNull();
  });

  it('looks for the visible date only near the top of the page', () => {
    const filler = `<p>${'Words of the article. '.repeat(1_200)}</p>`;
    expect(metadataOf(`<body>${filler}<p>Published 3 March 2023</p></body>`).published).toBeNull();
  });
});

describe('cutting furniture from the parse tree', () => {
  it('cuts navigation, footers, asides, scripts, styles and furniture classes, keeping the article', () => {
    const html = cut(`<html><head><style>p{}</style><script>track()</script><script type="application/ld+json">{}</script></head><body>
      <header class="masthead"><a href="/">Paper</a></header><nav><a href="/news">News</a></nav>
      <article><header><h1>Headline kept</h1></header><p>Body text kept.</p><figure><img src="x.jpg"><figcaption>Caption</figcaption></figure>
      <div class="related-links"><a href="/r">Related</a></div><div aria-hidden="true">hidden</div></article>
      <aside>Sidebar</aside><div role="navigation">Menu</div><div id="comments">Comment</div><footer>Footer</footer></body></html>`);
    expect(html).toContain('Headline kept');
    expect(html).toContain('Body text kept.');
    for (const gone of ['p{}', 'track()', 'application/ld+json', 'masthead', 'News', 'Caption', 'Related', 'hidden', 'Sidebar', 'Menu', 'Comment', 'Footer']) {
      expect(html, gone).not.toContain(gone);
    }
  });

  it('keeps a furniture-classed container that holds the article', () => {
    const html = cut('<body><div class="content-widget"><article><p>The article itself.</p></article></div><div class="widget">Other widget</div></body>');
    expect(html).toContain('The article itself.');
    expect(html).toContain('content-widget');
    expect(html).not.toContain('Other widget');
  });

  it('keeps every sibling of a cut element, in order', () => {
    const html = cut(`<body><div>${Array.from({ length: 50 }, (_, i) => (i % 2 ? `<aside>a${i}</aside>` : `<p>p${i}</p>`)).join('')}</div></body>`);
    expect(html.match(/<p>p\d+<\/p>/g)).toEqual(Array.from({ length: 25 }, (_, i) => `<p>p${i * 2}</p>`));
  });
});

describe('walking the parse tree', () => {
  it('reads text from trees far deeper than the call stack allows', () => {
    const depth = 50_000;
    const tree = parsePageTree('<body><p>top</p></body>');
    // Built by hand: the parser itself is not the thing under test here.
    const html = tree.childNodes.at(-1) as { childNodes: unknown[] };
    let parent = html.childNodes.at(-1) as { childNodes: unknown[] };
    for (let i = 0; i < depth; i += 1) {
      const child = { nodeName: 'span', tagName: 'span', attrs: [], childNodes: [], parentNode: parent, namespaceURI: 'http://www.w3.org/1999/xhtml' };
      parent.childNodes.push(child);
      parent = child;
    }
    parent.childNodes.push({ nodeName: '#text', value: 'bottom', parentNode: parent });
    expect(textOf(tree)).toBe('topbottom');
  });
});
