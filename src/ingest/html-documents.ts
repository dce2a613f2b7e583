// HTML documents for reading pages, parsed inside one jsdom window per thread that is reused.
// Creating a jsdom window builds every DOM interface afresh — it cost more than parsing a typical
// news page and produced most of the garbage a page left behind, which on a 2-core machine kept a
// second core busy with V8's background garbage collection. A document from the window's
// DOMParser has scripting disabled, loads nothing and takes its URL from the window, which is set
// to the page's URL first so relative links resolve as they did.
import { JSDOM, VirtualConsole } from 'jsdom';
import type { PageTree, TreeNode } from './page-tree.js';

// A window is replaced after this many documents, so anything jsdom keeps per window that is not
// found here still cannot grow without bound.
const DOCUMENTS_PER_WINDOW = 500;
const BLANK_URL = 'about:blank';

interface SharedWindow {
  dom: JSDOM;
  parser: DOMParser;
  documents: number;
}

let shared: SharedWindow | null = null;

function currentWindow(): SharedWindow {
  if (shared && shared.documents < DOCUMENTS_PER_WINDOW) return shared;
  shared?.dom.window.close();
  const dom = new JSDOM('', { url: BLANK_URL, virtualConsole: new VirtualConsole() });
  // jsdom's selector engine adds focus, keyboard and mouse listeners to the window for every
  // document it queries and never removes them, so each page read would stay reachable from the
  // window. Nothing dispatches events on this window (no scripts run, no one clicks), so it takes
  // no listeners at all.
  Object.defineProperty(dom.window, 'addEventListener', { value: () => undefined });
  shared = { dom, parser: new dom.window.DOMParser(), documents: 0 };
  return shared;
}

/**
 * Parses `html` as a document at `url` and passes it to `use`; the document must not be kept after
 * `use` returns. `url` must be an absolute URL (the caller makes it safe).
 */
export function withHtmlDocument<T>(html: string, url: string, use: (document: Document) => T): T {
  const window = currentWindow();
  window.documents += 1;
  window.dom.reconfigure({ url });
  const document = window.parser.parseFromString(html, 'text/html');
  try {
    return use(document);
  } finally {
    // jsdom registers every element with an id or name attached to any document of a window in
    // that window's named-property table (window[id]); only detaching removes it. Without this,
    // each page stays reachable from the reused window: 3.7 MB a page on the benchmark pages.
    document.replaceChildren();
  }
}

/**
 * Builds `tree` as a document at `url` and passes it to `use`, as withHtmlDocument does for markup.
 * Building from the parse tree skips parsing a second time, and makes each text node once rather
 * than growing it word by word as jsdom's parser does (a mutation-record walk of every ancestor for
 * each word): a third of the cost of parsing the same page and far less garbage.
 */
export function withTreeDocument<T>(tree: PageTree, url: string, use: (document: Document) => T): T {
  return withHtmlDocument('', url, (document) => {
    document.replaceChildren();
    for (const node of tree.childNodes) {
      const built = buildNode(document, node);
      if (built) document.appendChild(built);
    }
    return use(document);
  });
}

const NODE_ELEMENT = 1;

/** The DOM node for a tree node; an element whose name or attributes the DOM refuses keeps its children. */
function buildNode(document: Document, node: TreeNode): Node | null {
  if (node.nodeName === '#text') return document.createTextNode((node as { value: string }).value);
  if (node.nodeName === '#comment') return document.createComment((node as { data: string }).data);
  if (node.nodeName === '#documentType') {
    // jsdom has no quirks mode beyond this: compatMode says whether the document has a doctype.
    const { name, publicId, systemId } = node as { name: string; publicId: string; systemId: string };
    return document.implementation.createDocumentType(name, publicId, systemId);
  }
  if (!('tagName' in node)) return null;
  let element: Element | DocumentFragment;
  try {
    element = document.createElementNS(node.namespaceURI, node.tagName);
  } catch {
    // A tag name the parser accepts but the DOM API does not ("<foo\"bar>"): its content still counts.
    element = document.createDocumentFragment();
  }
  if (element.nodeType === NODE_ELEMENT) {
    for (const attr of node.attrs) {
      try {
        if (attr.namespace) (element as Element).setAttributeNS(attr.namespace, attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name, attr.value);
        else (element as Element).setAttribute(attr.name, attr.value);
      } catch {
        // An attribute name the DOM API refuses ("@click" and the like) says nothing about the text.
      }
    }
  }
  for (const child of node.childNodes) {
    const built = buildNode(document, child);
    if (built) element.appendChild(built);
  }
  return element;
}

/** Closes the shared window (tests and shutdown; the next document opens a new one). */
export function closeHtmlDocuments(): void {
  shared?.dom.window.close();
  shared = null;
}

/** The shared window, if one is open: lets tests look at what it still holds. */
export function sharedWindowForTests(): Window | null {
  return shared ? (shared.dom.window as unknown as Window) : null;
}
