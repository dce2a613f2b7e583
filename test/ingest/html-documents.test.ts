import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHtmlDocuments, sharedWindowForTests, withHtmlDocument } from '../../src/ingest/html-documents.js';
import { readPage } from '../../src/ingest/page-reader.js';

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
    let ref: WeakRef<Document> | null = null;
    withHtmlDocument(html, 'https://news.example.org/c', (document) => {
      document.querySelectorAll('p'); // the selector engine is what once kept documents alive
      ref = new WeakRef(document);
    });
    readPage(html, 'https://news.example.org/c2');
    for (let i = 0; i < 5 && ref!.deref(); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 0)); // WeakRefs hold their target until the turn ends
      collect();
    }
    expect(sharedWindowForTests()).not.toBeNull();
    expect(ref!.deref()).toBeUndefined();
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
