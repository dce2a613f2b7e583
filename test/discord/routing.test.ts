import { describe, expect, it } from 'vitest';
import type { Watchlist } from '../../src/config/schema.js';
import { routeAlert } from '../../src/discord/routing.js';
import { alertEvent } from './fixtures.js';

const DEFAULT = '100000000000000001';
const WMP_CHANNEL = '100000000000000002';
const WARKS_CHANNEL = '100000000000000003';

function watchlist(overrides: Partial<Watchlist> = {}): Watchlist {
  return { forces: 'all', routes: [], mentions: [], ...overrides };
}

const national = alertEvent({ forces: [], mentionedForces: ['kent', 'west-midlands'], inspectionType: 'thematic' });
const joint = alertEvent({
  forces: [
    { id: 'west-midlands', name: 'West Midlands Police' },
    { id: 'warwickshire', name: 'Warwickshire Police' },
  ],
});

describe('routeAlert: watched or not', () => {
  it('takes everything with forces: all, including national reports', () => {
    expect(routeAlert(alertEvent(), watchlist(), DEFAULT)).toMatchObject({ watched: true, channels: [DEFAULT] });
    expect(routeAlert(national, watchlist(), DEFAULT)).toMatchObject({ watched: true, channels: [DEFAULT] });
  });

  it('takes a named force, skips others with a reason', () => {
    expect(routeAlert(alertEvent(), watchlist({ forces: ['west-midlands'] }), DEFAULT).watched).toBe(true);
    const skipped = routeAlert(alertEvent(), watchlist({ forces: ['kent'] }), DEFAULT);
    expect(skipped).toEqual({ watched: false, reason: expect.stringContaining('not watched') });
  });

  it('takes a national report when a watched force is mentioned in it', () => {
    expect(routeAlert(national, watchlist({ forces: ['kent'] }), DEFAULT).watched).toBe(true);
    expect(routeAlert(national, watchlist({ forces: ['essex'] }), DEFAULT).watched).toBe(false);
  });

  it('filters by topics; an unknown inspection type does not pass a topic filter', () => {
    expect(routeAlert(alertEvent(), watchlist({ topics: ['child-protection'] }), DEFAULT).watched).toBe(true);
    const peelOnly = routeAlert(alertEvent(), watchlist({ topics: ['peel'] }), DEFAULT);
    expect(peelOnly).toEqual({ watched: false, reason: expect.stringContaining('topic filtered') });
    expect(routeAlert(alertEvent({ inspectionType: null }), watchlist({ topics: ['peel'] }), DEFAULT).watched).toBe(false);
  });
});

describe('routeAlert: channels', () => {
  const routes = [
    { forces: ['west-midlands' as const], channel: WMP_CHANNEL },
    { forces: ['warwickshire' as const], channel: WARKS_CHANNEL },
  ];

  it('sends a routed force to its channel, an unrouted one to the default', () => {
    expect(routeAlert(alertEvent(), watchlist({ routes }), DEFAULT)).toMatchObject({ channels: [WMP_CHANNEL] });
    const kent = alertEvent({ forces: [{ id: 'kent', name: 'Kent Police' }] });
    expect(routeAlert(kent, watchlist({ routes }), DEFAULT)).toMatchObject({ channels: [DEFAULT] });
  });

  it("posts a joint report in each watched force's channel only", () => {
    expect(routeAlert(joint, watchlist({ routes }), DEFAULT)).toMatchObject({ channels: [WMP_CHANNEL, WARKS_CHANNEL] });
    expect(routeAlert(joint, watchlist({ routes, forces: ['warwickshire'] }), DEFAULT)).toMatchObject({ channels: [WARKS_CHANNEL] });
  });

  it('posts national reports in the default channel', () => {
    expect(routeAlert(national, watchlist({ routes }), DEFAULT)).toMatchObject({ channels: [DEFAULT] });
  });
});

describe('routeAlert: mentions', () => {
  const ROLE_ALL = '200000000000000001';
  const ROLE_RI = '200000000000000002';
  const ROLE_KENT = '200000000000000003';
  const ROLE_PEEL = '200000000000000004';
  const ROLE_INADEQUATE = '200000000000000005';
  const mentions: Watchlist['mentions'] = [
    { role: ROLE_ALL, forces: 'watched' },
    { role: ROLE_RI, forces: 'watched', grade: 'requires-improvement' },
    { role: ROLE_KENT, forces: ['kent'] },
    { role: ROLE_PEEL, forces: 'watched', inspectionType: 'peel' },
    { role: ROLE_INADEQUATE, forces: ['west-midlands'], grade: 'inadequate' },
  ];

  it('matches grade rules at that grade or worse, and force and type rules exactly', () => {
    // The fixture has good, requires improvement and adequate grades for West Midlands.
    expect(routeAlert(alertEvent(), watchlist({ mentions }), DEFAULT)).toMatchObject({ mentionRoleIds: [ROLE_ALL, ROLE_RI] });
    const inadequate = alertEvent({ grades: [{ force: 'west-midlands', area: 'leadership', grade: 'inadequate' }], inspectionType: 'peel' });
    expect(routeAlert(inadequate, watchlist({ mentions }), DEFAULT)).toMatchObject({ mentionRoleIds: [ROLE_ALL, ROLE_RI, ROLE_PEEL, ROLE_INADEQUATE] });
    const goodOnly = alertEvent({ grades: [{ force: 'west-midlands', area: 'leadership', grade: 'good' }] });
    expect(routeAlert(goodOnly, watchlist({ mentions }), DEFAULT)).toMatchObject({ mentionRoleIds: [ROLE_ALL] });
  });

  it('matches a force list on mentioned forces for national reports', () => {
    expect(routeAlert(national, watchlist({ mentions }), DEFAULT)).toMatchObject({ mentionRoleIds: [ROLE_ALL, ROLE_RI, ROLE_KENT] });
  });
});
