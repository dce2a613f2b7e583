// Page furniture — navigation, footers, related-links boxes, comments, adverts, scripts — cut from
// the page before Readability scores it, so a related-links box or a job advert can never become
// part of the article. Cut from the plain parse tree, so jsdom never builds it.
import { attribute, childElements, elementsOf, removeNodes, type PageTree, type TreeElement, type TreeNode } from './page-tree.js';

// Containers that real sites use for furniture.
const FURNITURE_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'CANVAS', 'FORM', 'NAV', 'FOOTER', 'ASIDE', 'FIGURE',
]);
const FURNITURE_CLASS =
  /\b(?:related|inline-related|read-?more|more-from|most-?read|most-?popular|newsletter|promo|share|sharing|social|cookie|consent|comments?|tags|topics|advert|ad-slot|ad-container|sponsor|sidebar|widget|jobs?|vacanc|recirc|trending|breadcrumb|post-navigation|nav-links|subscribe|signup|sign-up|feedback|page-useful|contact-block|media-enquiries)\b/i;

// Deeper than any real page (the reader caps tag nesting at 100 before parsing).
const MAX_DEPTH = 400;

function isFurniture(element: TreeElement, insideArticle: boolean): boolean {
  const tag = element.tagName.toUpperCase();
  if (FURNITURE_TAGS.has(tag)) return true;
  if (tag === 'HEADER' && !insideArticle) return true;
  const role = attribute(element, 'role');
  if (role === 'navigation' || role === 'complementary' || attribute(element, 'aria-hidden') === 'true') return true;
  if (tag === 'BODY' || tag === 'HTML' || tag === 'ARTICLE') return false;
  const names = `${attribute(element, 'class') ?? ''} ${attribute(element, 'id') ?? ''}`;
  return names.length > 1 && FURNITURE_CLASS.test(names);
}

/**
 * Cuts every furniture element, unless it holds an <article> (some sites put the article in a
 * "content-widget"). A <header> counts as furniture only outside an article.
 */
export function cutFurniture(tree: PageTree): void {
  const holdsArticle = new Set<TreeNode>();
  for (const element of elementsOf(tree)) {
    if (element.tagName !== 'article') continue;
    for (let node: TreeNode | null = element; node && !holdsArticle.has(node); node = 'parentNode' in node ? node.parentNode : null) holdsArticle.add(node);
  }
  const doomed = new Set<TreeNode>();
  const visit = (element: TreeElement, insideArticle: boolean, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (isFurniture(element, insideArticle) && !holdsArticle.has(element)) {
      doomed.add(element);
      return;
    }
    const inArticle = insideArticle || element.tagName === 'article';
    for (const child of childElements(element)) visit(child, inArticle, depth + 1);
  };
  for (const root of childElements(tree)) visit(root, false, 0);
  removeNodes(doomed);
}
