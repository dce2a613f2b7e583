// Applies the watch list to sinks that have no routing of their own (console, jsonl, webhook):
// an alert for a force nobody watches is skipped, not delivered.
import type { Watchlist } from '../config/schema.js';
import { isWatched } from './watch.js';
import type { Sink } from './sink.js';

export function withWatchFilter(sink: Sink, getWatchlist: () => Watchlist): Sink {
  return {
    id: sink.id,
    async deliver(event, previous) {
      const verdict = isWatched(event, getWatchlist());
      if (!verdict.watched) return { kind: 'skipped', reason: verdict.reason };
      return sink.deliver(event, previous);
    },
    notify: (notice) => sink.notify(notice),
    ...(sink.close ? { close: () => sink.close!() } : {}),
  };
}
