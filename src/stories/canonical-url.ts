// One spelling per article URL, so the same story reached through a newsletter link, a social
// share and the feed is recognised as already seen. Pure: string in, string out.

const TRACKING_PARAMETERS = new Set(['fbclid', 'gclid', 'mc_cid', 'mc_eid', 'ref_src', '_ga', 'ocid']);

function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMETERS.has(lower);
}

function parameterName(pair: string): string {
  const rawName = pair.split('=')[0] ?? '';
  try {
    return decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    return rawName; // malformed percent-encoding: compare the raw text instead
  }
}

/**
 * Rebuilds the query from its raw pairs (rather than URLSearchParams) so the encoding the
 * publisher chose, e.g. %20 versus +, survives: only the order and the tracking noise change.
 */
function canonicalQuery(search: string): string {
  const kept = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParameter(parameterName(pair)))
    .map((pair, position) => ({ pair, name: parameterName(pair), position }));
  // Sort by name only, keeping the original order of repeated names: a=2&a=1 may mean something.
  kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.position - b.position));
  return kept.length === 0 ? '' : `?${kept.map(({ pair }) => pair).join('&')}`;
}

/** "/a/b//" → "/a/b", but "/" stays. A loop, since /\/+$/ is quadratic on long runs of slashes. */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end -= 1;
  return path.slice(0, end);
}

/** Absolute http(s) URL in canonical form, or null when `raw` is not (or does not resolve to) one. */
export function canonicalUrl(raw: string, base?: string): string | null {
  let url: URL;
  try {
    url = base === undefined ? new URL(raw.trim()) : new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  // The WHATWG parser already lower-cases scheme and host and drops a default port.
  url.hash = '';
  url.search = canonicalQuery(url.search);
  url.pathname = withoutTrailingSlashes(url.pathname);
  return url.href;
}
