// Whether an alert is watched at all: the watch list's forces and topics. Shared by every sink;
// the Discord wing adds channel routes and role mentions on top (src/discord/routing.ts).
//
// - `forces: all` takes every alert. A named list takes an alert when one of its primary forces is
//   listed; a national report (no primary force) when one of its mentioned forces is.
// - When `topics` is set, only those inspection types pass; an unknown type (null) does not.
import type { Watchlist } from '../config/schema.js';
import type { AlertEvent } from '../core/story.js';
import type { ForceId } from '../core/types.js';

export type RoutedAlert = Pick<AlertEvent, 'forces' | 'mentionedForces' | 'inspectionType' | 'grades'>;

/** The forces that make this alert match a force list: primary forces, or mentioned ones for a national report. */
function relevantForces(event: RoutedAlert): ForceId[] {
  return event.forces.length > 0 ? event.forces.map((force) => force.id) : event.mentionedForces;
}

export function matchesForces(event: RoutedAlert, forces: 'all' | readonly ForceId[]): boolean {
  if (forces === 'all') return true;
  return relevantForces(event).some((force) => forces.includes(force));
}

export function isWatched(event: RoutedAlert, watchlist: Pick<Watchlist, 'forces' | 'topics'>): { watched: true } | { watched: false; reason: string } {
  if (!matchesForces(event, watchlist.forces)) {
    const named = relevantForces(event);
    const subject = named.length > 0 ? named.join(', ') : 'no force';
    return { watched: false, reason: `not watched: the story is about ${subject}, the watch list names ${[...watchlist.forces].join(', ')}` };
  }
  if (watchlist.topics !== undefined && (event.inspectionType === null || !watchlist.topics.includes(event.inspectionType))) {
    return {
      watched: false,
      reason: `topic filtered: inspection type ${event.inspectionType ?? 'unknown'} is not in topics (${watchlist.topics.join(', ')})`,
    };
  }
  return { watched: true };
}

