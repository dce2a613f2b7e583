import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { closeHtmlDocuments, sharedWindowForTests, withHtmlDocument, withTreeDocument } from '../../src/ingest/html-documents.js';
import { readPage } from '../../src/ingest/page-reader.js';
import { parsePageTree } from '../../src/ingest/page-tree.js';
import { serialize } from 'parse5';

afterEach(() => closeHtmlDocuments());

const page = (id: string, body: string) => `<!doctype html><html><head><title>${id}</title></head><body><div id="${id}">${body}</div></body></html>`;

describe('withHtmlDocument', () => {
  it('gives each document its own URL, so relative links resolve against the page read', () => {
    const first = withHtmlDocument('<a href="/one">1</a>', 'https://news.example.org/a/b', (d) => d.querySelector('a')!.href);
    const second = withHtmlDocument('<a href="two">2</a>', 'https://other.example.net/x/y', (d) => d.querySelector('a')!.href);
    expect(first).toBe('https://news.example.org/one');
    expect(second).toBe('https://other.example.net/x/two');
  });

  it('runs no script the page carries', () => {
    const marker = `ran${Date.now()}`;
    withHtmlDocument(`<script>globalThis.${marker} = true; window.${marker} = true;</script><p>x</p>`, 'https://news.example.org/', () => undefined);
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
    expect((sharedWindowForTests() as unknown as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('leaves nothing of a page reachable from the shared window once read', () => {
    // jsdom lists elements with an id under window[id]; a page left attached would stay in memory.
    readPage(page('story-body-one', 'A paragraph long enough to be read. '.repeat(20)), 'https://news.example.org/one');
    let kept: unknown = 'not read';
    withHtmlDocument(page('story-body-two', 'text'), 'https://news.example.org/two', () => {
      kept = (sharedWindowForTests() as unknown as Record<string, unknown>)['story-body-two'];
    });
    const window = sharedWindowForTests() as unknown as Record<string, unknown>;
    expect(kept).toBeDefined(); // the lookup does see a live page, so the next two checks mean something
    expect(window['story-body-one']).toBeUndefined();
    expect(window['story-body-two']).toBeUndefined();
  });

  it('lets a page read be garbage-collected while the window lives on', async () => {
    // A full collection on demand: the flag only exposes gc() to contexts created after it is set.
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const html = page('collectable', '<p>Quoted text, read with selectors as Readability does. </p>'.repeat(30));
    let parsed: WeakRef<Document> | null = null;
    let built: WeakRef<Document> | null = null;
    withHtmlDocument(html, 'https://news.example.org/c', (document) => {
      document.querySelectorAll('p'); // the selector engine is what once kept documents alive
      parsed = new WeakRef(document);
    });
    withTreeDocument(parsePageTree(html), 'https://news.example.org/t', (document) => {
      document.querySelectorAll('p');
      built = new WeakRef(document);
    });
    readPage(html, 'https://news.example.org/c2');
    for (let i = 0; i < 5 && (parsed!.deref() || built!.deref()); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 0)); // WeakRefs hold their target until the turn ends
      collect();
    }
    expect(sharedWindowForTests()).not.toBeNull();
    expect(parsed!.deref()).toBeUndefined();
    expect(built!.deref()).toBeUndefined();
  });

  it('releases the page when reading it throws', () => {
    expect(() => withHtmlDocument(page('thrown-page', 'text'), 'https://news.example.org/', () => { throw new Error('reader failed'); })).toThrow('reader failed');
    expect((sharedWindowForTests() as unknown as Record<string, unknown>)['thrown-page']).toBeUndefined();
  });

  it('reads the same text from a page whatever was read before it', () => {
    const html = page('p', '<p>First paragraph of the article, which is long enough to count as text.</p>'.repeat(8));
    const alone = readPage(html, 'https://news.example.org/p');
    for (let i = 0; i < 5; i += 1) readPage(page(`other-${i}`, `<p>${'Unrelated words. '.repeat(40)}</p>`), `https://x.example.org/${i}`);
    expect(readPage(html, 'https://news.example.org/p')).toEqual(alone);
  });

  it('opens a fresh window after many documents and keeps reading', () => {
    withHtmlDocument('<p>x</p>', 'https://news.example.org/', () => undefined);
    const first = sharedWindowForTests();
    for (let i = 0; i < 600; i += 1) withHtmlDocument('<p>x</p>', 'https://news.example.org/', () => undefined);
    expect(sharedWindowForTests() === first).toBe(false);
    expect(withHtmlDocument('<p>still</p>', 'https://news.example.org/', (d) => d.body.textContent)).toBe('still');
  });
});

describe('withTreeDocument', () => {
  const fixturePages = () => {
    const dir = new URL('../fixtures/pages/', import.meta.url);
    return readdirSync(dir, { recursive: true }).map(String).filter((name) => name.endsWith('.html')).map((name) => readFileSync(new URL(name, dir), 'utf8'));
  };

  it('builds the DOM that parsing the same tree as markup gives', () => {
    const pages = fixturePages();
    expect(pages.length).toBeGreaterThan(5);
    for (const html of pages) {
      const tree = parsePageTree(html);
      const parsed = withHtmlDocument(serialize(tree), 'https://news.example.org/', (d) => d.documentElement.outerHTML);
      const built = withTreeDocument(tree, 'https://news.example.org/', (d) => d.documentElement.outerHTML);
      expect(built).toBe(parsed);
    }
  });

  it('keeps the page\'s doctype (compatMode) and takes the URL given', () => {
    const url = 'https://news.example.org/a/b';
    const transitional = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><p>x</p>';
    for (const html of ['<!doctype html><p>x</p>', '<p>no doctype</p>', transitional]) {
      const describe = (d: Document) => [d.compatMode, d.doctype?.name, d.doctype?.publicId, d.doctype?.systemId];
      expect(withTreeDocument(parsePageTree(html), url, describe), html).toEqual(withHtmlDocument(html, url, describe));
    }
    expect(withTreeDocument(parsePageTree('<p>x</p>'), url, (d) => d.URL)).toBe(url);
  });

  it('keeps text and comments, and the content of names the DOM API refuses', () => {
    const tree = parsePageTree('<body><div @click="go()" class="story">Kept <!-- note --><b>text</b></div><p x"y="1">More</p><x"y>inside odd tag</x"y></body>');
    const [html, text] = withTreeDocument(tree, 'https://news.example.org/', (d) => [d.body.innerHTML, d.body.textContent]);
    expect(text).toBe('Kept textMoreinside odd tag');
    expect(html).toContain('<!-- note -->');
    expect(html).toContain('class="story"');
  });
});
