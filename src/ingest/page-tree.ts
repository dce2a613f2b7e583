// A page as parse5's plain-object tree: the same HTML parsing algorithm jsdom runs, building
// plain objects instead of DOM nodes — about a tenth of jsdom's cost on a news page. Metadata is
// read and furniture is cut here, so jsdom only ever builds the part of the page Readability reads
// (html-documents.ts builds it from this tree).
import { parse, type DefaultTreeAdapterTypes } from 'parse5';

export type PageTree = DefaultTreeAdapterTypes.Document;
export type TreeNode = DefaultTreeAdapterTypes.Node;
export type TreeElement = DefaultTreeAdapterTypes.Element;
type TreeParent = DefaultTreeAdapterTypes.ParentNode;

// As jsdom's DOMParser does: scripting disabled, so <noscript> is parsed as markup.
const OPTIONS = { scriptingEnabled: false } as const;

export function parsePageTree(html: string): PageTree {
  return parse(html, OPTIONS);
}

export function isElement(node: TreeNode): node is TreeElement {
  return 'tagName' in node;
}

function childrenOf(node: TreeNode): readonly TreeNode[] {
  return 'childNodes' in node ? (node as TreeParent).childNodes : [];
}

/** The element's child elements, in order. */
export function childElements(element: TreeNode): TreeElement[] {
  return childrenOf(element).filter(isElement);
}

/** The attribute's value, or null (attributes are unique per element after parsing). */
export function attribute(element: TreeElement, name: string): string | null {
  for (const attr of element.attrs) if (attr.name === name) return attr.value;
  return null;
}

/** The first element, in document order, that `matches` — without recursion, so depth is no risk. */
export function firstElement(root: TreeNode, matches: (element: TreeElement) => boolean): TreeElement | null {
  for (const element of elementsOf(root)) if (matches(element)) return element;
  return null;
}

/** Every element below `root` (and `root` itself if an element), in document order. */
export function* elementsOf(root: TreeNode): Generator<TreeElement> {
  const stack: TreeNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (isElement(node)) yield node;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
}

/** The DOM's textContent: every text node below `node`, joined; stops once `limit` is reached. */
export function textOf(node: TreeNode, limit = Infinity): string {
  let text = '';
  const stack: TreeNode[] = [node];
  while (stack.length && text.length < limit) {
    const next = stack.pop()!;
    if (next.nodeName === '#text') text += (next as DefaultTreeAdapterTypes.TextNode).value;
    const children = childrenOf(next);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
  return text;
}

/** Removes `doomed` nodes from their parents, rewriting each parent's child list once. */
export function removeNodes(doomed: ReadonlySet<TreeNode>): void {
  const parents = new Set<TreeParent>();
  for (const node of doomed) if ('parentNode' in node && node.parentNode) parents.add(node.parentNode);
  for (const parent of parents) {
    parent.childNodes = parent.childNodes.filter((child) => !doomed.has(child)) as typeof parent.childNodes;
  }
}
