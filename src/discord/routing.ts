// Which Discord channels an alert goes to, whether it is watched at all, and which roles to
// mention. Pure: alert + watchlist + the sink's default channel in, a decision out.
//
// Rules (documented for watchlist.yaml users):
// - Watched: `forces: all` takes every alert. A named list takes an alert when one of its primary
//   forces is listed; a national report (no primary force) when one of its mentioned forces is.
// - Topics: when `topics` is set, only those inspection types pass; an alert whose type is not
//   known (null) does not pass.
// - Channels: each watched primary force goes to the channel of every route that lists it, or to
//   the default channel when no route does. National reports go to the default channel only.
// - Mentions: a rule matches when its forces match ('watched' = any watched alert; a list = one of
//   the story's primary forces, or for a national report one of its mentioned forces, is listed),
//   its inspectionType (if given) equals the alert's, and its grade (if given) is met by at least
//   one grade in the alert that is exactly that grade or worse (outstanding < good < adequate <
//   requires improvement < inadequate): `grade: requires-improvement` pings on RI or inadequate.
import type { Watchlist } from '../config/schema.js';
import { gradeRank } from './format.js';
import { isWatched, matchesForces, type RoutedAlert } from '../deliver/watch.js';

export type RouteDecision =
  | { watched: false; reason: string }
  | { watched: true; channels: string[]; mentionRoleIds: string[] };

export function channelsFor(event: RoutedAlert, watchlist: Pick<Watchlist, 'forces' | 'routes'>, defaultChannel: string): string[] {
  if (event.forces.length === 0) return [defaultChannel];
  const channels = new Set<string>();
  for (const { id } of event.forces) {
    if (watchlist.forces !== 'all' && !watchlist.forces.includes(id)) continue;
    const routed = watchlist.routes.filter((route) => route.forces.includes(id)).map((route) => route.channel);
    for (const channel of routed.length > 0 ? routed : [defaultChannel]) channels.add(channel);
  }
  return channels.size > 0 ? [...channels] : [defaultChannel];
}

export function mentionsFor(event: RoutedAlert, watchlist: Pick<Watchlist, 'forces' | 'mentions'>): string[] {
  const roles = new Set<string>();
  for (const rule of watchlist.mentions) {
    const forces = rule.forces === 'watched' ? watchlist.forces : rule.forces;
    if (!matchesForces(event, forces)) continue;
    if (rule.inspectionType !== undefined && rule.inspectionType !== event.inspectionType) continue;
    const threshold = rule.grade;
    if (threshold !== undefined && !event.grades.some((grade) => gradeRank(grade.grade) >= gradeRank(threshold))) continue;
    roles.add(rule.role);
  }
  return [...roles];
}

export function routeAlert(event: RoutedAlert, watchlist: Watchlist, defaultChannel: string): RouteDecision {
  const watched = isWatched(event, watchlist);
  if (!watched.watched) return watched;
  return { watched: true, channels: channelsFor(event, watchlist, defaultChannel), mentionRoleIds: mentionsFor(event, watchlist) };
}
