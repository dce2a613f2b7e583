import { describe, expect, it } from 'vitest';
import { watchlistSchema, type Watchlist } from '../../src/config/schema.js';
import type { AlertEvent } from '../../src/core/story.js';
import { isWatched } from '../../src/deliver/watch.js';
import { withWatchFilter } from '../../src/deliver/watch-filter.js';
import { alertFor } from '../../src/stories/alert.js';
import { storyOf, type ArticleSpec } from '../support/articles.js';
import { recordingSink } from '../support/recording-sink.js';

const NOW = new Date('2025-11-21T12:00:00Z');
const alert = (spec: Partial<ArticleSpec>): AlertEvent => alertFor(storyOf('st_x', [{ url: 'https://news.example/x', ...spec }]), 'alert.created', NOW);
const watchlist = (raw: unknown): Watchlist => watchlistSchema.parse(raw);

const wmpChildProtection = alert({ primary: ['west-midlands'], inspectionType: 'child-protection' });
const jointCustody = alert({ primary: ['norfolk', 'suffolk'], inspectionType: 'custody' });
const nationalStalking = alert({ primary: [], mentioned: ['kent', 'essex'], inspectionType: 'thematic' });
const unknownType = alert({ primary: ['kent'], inspectionType: null });

describe('isWatched', () => {
  it('forces: all takes every alert, national ones included', () => {
    const all = watchlist({ forces: 'all' });
    for (const event of [wmpChildProtection, jointCustody, nationalStalking, unknownType]) expect(isWatched(event, all)).toEqual({ watched: true });
  });

  it('a force list takes alerts about a listed force, one of a joint report enough', () => {
    const list = watchlist({ forces: ['suffolk', 'kent'] });
    expect(isWatched(jointCustody, list)).toEqual({ watched: true });
    expect(isWatched(unknownType, list)).toEqual({ watched: true });
    expect(isWatched(wmpChildProtection, list)).toEqual({
      watched: false,
      reason: 'not watched: the story is about west-midlands, the watch list names suffolk, kent',
    });
  });

  it('a force list takes a national story when one of its mentioned forces is listed', () => {
    expect(isWatched(nationalStalking, watchlist({ forces: ['essex'] }))).toEqual({ watched: true });
    expect(isWatched(nationalStalking, watchlist({ forces: ['west-midlands'] }))).toMatchObject({ watched: false, reason: expect.stringContaining('about kent, essex') });
    const unnamed = alert({ primary: [], mentioned: [], inspectionType: 'thematic' });
    expect(isWatched(unnamed, watchlist({ forces: ['essex'] }))).toMatchObject({ watched: false, reason: expect.stringContaining('about no force') });
  });

  it('a mentioned force does not make a force report match', () => {
    const wmpMentioningKent = alert({ primary: ['west-midlands'], mentioned: ['kent'] });
    expect(isWatched(wmpMentioningKent, watchlist({ forces: ['kent'] })).watched).toBe(false);
  });

  it('topics keep only the listed inspection types; an unknown type does not pass', () => {
    const topics = watchlist({ forces: 'all', topics: ['child-protection', 'thematic'] });
    expect(isWatched(wmpChildProtection, topics)).toEqual({ watched: true });
    expect(isWatched(nationalStalking, topics)).toEqual({ watched: true });
    expect(isWatched(jointCustody, topics)).toEqual({ watched: false, reason: 'topic filtered: inspection type custody is not in topics (child-protection, thematic)' });
    expect(isWatched(unknownType, topics)).toMatchObject({ watched: false, reason: expect.stringContaining('inspection type unknown') });
  });

  it('forces and topics both have to pass', () => {
    const both = watchlist({ forces: ['norfolk'], topics: ['child-protection'] });
    expect(isWatched(jointCustody, both).watched).toBe(false);
    expect(isWatched(wmpChildProtection, both).watched).toBe(false);
  });
});

describe('withWatchFilter', () => {
  it('skips unwatched alerts without calling the sink, and reads the watch list at each delivery', async () => {
    const inner = recordingSink('console');
    let current = watchlist({ forces: ['kent'] });
    const sink = withWatchFilter(inner, () => current);
    expect(sink.id).toBe('console');

    expect(await sink.deliver(wmpChildProtection, null)).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('west-midlands') });
    expect(inner.calls).toHaveLength(0);

    current = watchlist({ forces: ['west-midlands'] });
    expect(await sink.deliver(wmpChildProtection, null)).toMatchObject({ kind: 'delivered' });
    expect(inner.calls.map((call) => call.event.storyId)).toEqual(['st_x']);
  });

  it('passes notices through whatever the watch list', async () => {
    const inner = recordingSink('console');
    const sink = withWatchFilter(inner, () => watchlist({ forces: ['kent'] }));
    await sink.notify({ schema: 1, type: 'config.invalid', at: NOW.toISOString(), message: 'watchlist.yaml: forces: bad' });
    expect(inner.notices).toHaveLength(1);
  });
});
