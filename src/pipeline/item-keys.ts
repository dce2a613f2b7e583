// The identities of a feed item: its canonical URL (shared across feeds, so a syndicated wire
// story is one item) and its feed-scoped guid.
import type { FeedItem } from '../core/types.js';
import { canonicalUrl } from '../stories/canonical-url.js';

export function itemKeys(feedUrl: string, item: FeedItem): string[] {
  const keys: string[] = [];
  const url = item.link ? canonicalUrl(item.link) : null;
  if (url) keys.push(`url:${url}`);
  if (item.guid) keys.push(`guid:${feedUrl}#${item.guid}`);
  if (keys.length === 0) keys.push(`title:${feedUrl}#${item.title}#${item.published ?? ''}`);
  return keys;
}
