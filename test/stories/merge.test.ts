import { describe, expect, it } from 'vitest';
import { mergeIntoStory, newStory } from '../../src/stories/merge.js';
import { grade, incoming, storyOf, type ArticleSpec } from '../support/articles.js';

const NOW = new Date('2025-11-21T12:00:00Z');
const LATER = new Date('2025-11-22T08:00:00Z');

const release: ArticleSpec = {
  url: 'https://hmicfrs.example/wmp',
  title: 'West Midlands Police child protection inspection',
  outlet: 'HMICFRS',
  published: '2025-11-21T09:00:00.000Z',
  primary: ['west-midlands'],
  grades: [grade('west-midlands', 'partnership-working', 'good'), grade('west-midlands', 'risk-assessment-referral', 'inadequate')],
  fromInspectorate: true,
};

const courier: ArticleSpec = {
  url: 'https://courier.example/wmp',
  title: 'Police told to improve child protection',
  outlet: 'Midlands Courier',
  published: '2025-11-21T11:30:00.000Z',
  primary: ['west-midlands'],
};

describe('newStory', () => {
  it('starts at version 1 with the founding article as its only source', () => {
    const story = newStory('st_1', incoming(release), NOW);
    expect(story).toMatchObject({
      id: 'st_1',
      version: 1,
      firstSeen: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      reportDate: '2025-11-21T09:00:00.000Z',
      forces: ['west-midlands'],
      inspectorate: 'HMICFRS',
      inspectionType: 'child-protection',
      reinspection: false,
    });
    expect(story.sources).toEqual([{ url: release.url, title: release.title, outlet: 'HMICFRS', published: release.published, fromInspectorate: true }]);
    expect(story.grades.map((g) => [g.area, g.grade, g.source])).toEqual([
      ['partnership-working', 'good', release.url],
      ['risk-assessment-referral', 'inadequate', release.url],
    ]);
    expect(story.fingerprints).toHaveLength(1);
  });
});

describe('mergeIntoStory', () => {
  it('adds another outlet as a source, newest last, and bumps the version', () => {
    const story = newStory('st_1', incoming(courier), NOW);
    const { story: merged, changed } = mergeIntoStory(story, incoming(release), LATER);
    expect(changed).toBe(true);
    expect(merged.version).toBe(2);
    expect(merged.updatedAt).toBe(LATER.toISOString());
    expect(merged.firstSeen).toBe(NOW.toISOString());
    // Sorted by publication, not by arrival; the report date is the earliest.
    expect(merged.sources.map((source) => source.url)).toEqual([release.url, courier.url]);
    expect(merged.reportDate).toBe(release.published);
    expect(story.sources).toHaveLength(1); // the previous story is not modified
  });

  it('compares dates as instants, not as strings', () => {
    const story = newStory('st_1', incoming({ ...courier, published: '2025-11-21T09:30:00+01:00' }), NOW);
    const merged = mergeIntoStory(story, incoming({ ...release, published: '2025-11-21T09:00:00.000Z' }), NOW).story;
    // 09:30+01:00 is 08:30Z, earlier than 09:00Z.
    expect(merged.reportDate).toBe('2025-11-21T09:30:00+01:00');
    expect(merged.sources[0]!.url).toBe(courier.url);
  });

  it('dedupes sources by URL: the same article again changes nothing', () => {
    const story = storyOf('st_1', [release, courier]);
    const { story: again, changed } = mergeIntoStory(story, incoming(courier), LATER);
    expect(changed).toBe(false);
    expect(again.version).toBe(story.version);
    expect(again.updatedAt).toBe(story.updatedAt);
    expect(again.sources).toHaveLength(2);
  });

  it('reports no change when an article adds nothing a reader sees', () => {
    const story = storyOf('st_1', [release, courier]);
    // Same URL, a different fingerprint (the page was re-read), the same facts.
    const { changed } = mergeIntoStory(story, incoming({ ...courier, grades: [grade('west-midlands', 'partnership-working', 'good')] }), LATER);
    expect(changed).toBe(false);
  });

  it('reports a change when an article adds a fact under a known URL', () => {
    const story = storyOf('st_1', [release, courier]);
    expect(mergeIntoStory(story, incoming({ ...courier, reinspection: true }), LATER)).toMatchObject({ changed: true, story: { reinspection: true, version: 3 } });
    expect(mergeIntoStory(story, incoming({ ...courier, mentioned: ['warwickshire'] }), LATER)).toMatchObject({ changed: true, story: { mentionedForces: ['warwickshire'] } });
  });

  describe('grades', () => {
    it("the inspectorate's release corrects an outlet's grade", () => {
      const misreported = { ...courier, grades: [grade('west-midlands', 'partnership-working', 'requires-improvement'), grade('west-midlands', 'leadership', 'good')] };
      const story = storyOf('st_1', [misreported, release]);
      const byArea = Object.fromEntries(story.grades.map((g) => [g.area, [g.grade, g.source]]));
      expect(byArea).toEqual({
        'partnership-working': ['good', release.url],
        leadership: ['good', courier.url],
        'risk-assessment-referral': ['inadequate', release.url],
      });
    });

    it("an agreeing release becomes the grade's source", () => {
      const early = { ...courier, grades: [grade('west-midlands', 'partnership-working', 'good')] };
      const story = storyOf('st_1', [early, release]);
      expect(story.grades.find((g) => g.area === 'partnership-working')).toMatchObject({ grade: 'good', source: release.url });
    });

    it("an outlet never overrides the inspectorate's grade", () => {
      const misreported = { ...courier, grades: [grade('west-midlands', 'risk-assessment-referral', 'requires-improvement')] };
      const story = storyOf('st_1', [release, misreported]);
      expect(story.grades.find((g) => g.area === 'risk-assessment-referral')).toMatchObject({ grade: 'inadequate', source: release.url });
    });

    it('the first outlet keeps its grade against a later outlet', () => {
      const first = { ...courier, grades: [grade('west-midlands', 'leadership', 'good')] };
      const second = { ...courier, url: 'https://radio.example/wmp', grades: [grade('west-midlands', 'leadership', 'adequate')] };
      expect(storyOf('st_1', [first, second]).grades).toEqual([{ force: 'west-midlands', area: 'leadership', grade: 'good', source: courier.url }]);
    });

    it('keeps grades of each force of a joint report apart', () => {
      const joint: ArticleSpec = { ...release, primary: ['norfolk', 'suffolk'], grades: [grade('norfolk', 'other', 'good'), grade('suffolk', 'other', 'adequate')] };
      const story = storyOf('st_1', [joint]);
      expect(story.forces).toEqual(['norfolk', 'suffolk']);
      expect(story.grades.map((g) => `${g.force}:${g.grade}`)).toEqual(['norfolk:good', 'suffolk:adequate']);
    });
  });

  describe('officials', () => {
    it('merges officials by name (case, accents, punctuation) and fills a missing role', () => {
      const first = { ...courier, officials: [{ name: 'Jen Mattinson', role: null, organisation: 'West Midlands Police' }] };
      const second = { ...release, officials: [{ name: 'JEN MATTINSON', role: 'Assistant Chief Constable', organisation: null }, { name: 'Zoë O’Neill', role: 'Chief Executive', organisation: 'NSPCC' }] };
      const third = { ...courier, url: 'https://tv.example/wmp', officials: [{ name: 'Zoe ONeill', role: 'Director', organisation: null }] };
      const story = storyOf('st_1', [first, second, third]);
      expect(story.officials).toEqual([
        { name: 'Jen Mattinson', role: 'Assistant Chief Constable', organisation: 'West Midlands Police', quotes: [] },
        { name: 'Zoë O’Neill', role: 'Chief Executive', organisation: 'NSPCC', quotes: [] },
      ]);
    });

    it('gathers each official’s quotes once, treating a cut-short copy as the same quote', () => {
      const full = 'We welcome the inspectorate’s report which helps reinforce our child-focused response across the force area.';
      const official = { name: 'Jen Mattinson', role: 'Assistant Chief Constable', organisation: 'West Midlands Police' };
      const first = { ...release, officials: [official], quotes: [{ speaker: 'Jen Mattinson', text: full }] };
      const second = {
        ...courier,
        officials: [official],
        quotes: [
          { speaker: 'Jen Mattinson', text: 'We welcome the inspectorate’s report which helps reinforce our…' },
          { speaker: 'jen mattinson', text: 'Every child who needs our help will get it.' },
          { speaker: 'Someone Unnamed', text: 'A quote from nobody we know.' },
          { speaker: null, text: 'An unattributed quote.' },
        ],
      };
      const story = storyOf('st_1', [first, second]);
      expect(story.officials).toEqual([{ ...official, quotes: [full, 'Every child who needs our help will get it.'] }]);
    });

    it('does not treat an empty quote as a copy of every other quote', () => {
      const official = { name: 'Jen Mattinson', role: null, organisation: null };
      const story = storyOf('st_1', [
        { ...release, officials: [official], quotes: [{ speaker: 'Jen Mattinson', text: '…' }] },
        { ...courier, officials: [official], quotes: [{ speaker: 'Jen Mattinson', text: 'We accept every recommendation.' }] },
      ]);
      expect(story.officials[0]!.quotes).toEqual(['…', 'We accept every recommendation.']);
    });
  });

  describe('case audits', () => {
    it('merges audits of the same force and total, filling counts, and keeps different totals apart', () => {
      const story = storyOf('st_1', [
        { ...courier, caseAudits: [{ force: 'west-midlands', total: 38, inadequate: 10 }] },
        { ...release, caseAudits: [{ force: 'west-midlands', total: 38, good: 10, 'requires-improvement': 18, inadequate: 11 }, { force: 'warwickshire', total: 34, good: 9 }] },
      ]);
      expect(story.caseAudits).toEqual([
        // The first account's figure stands; the release fills what it lacked.
        { force: 'west-midlands', total: 38, good: 10, 'requires-improvement': 18, inadequate: 10 },
        { force: 'warwickshire', total: 34, good: 9 },
      ]);
    });

    it('counts new case-audit figures as a change', () => {
      const story = storyOf('st_1', [release]);
      const { changed } = mergeIntoStory(story, incoming({ ...release, caseAudits: [{ force: 'west-midlands', total: 38 }] }), LATER);
      expect(changed).toBe(true);
    });
  });

  it('keeps primary forces out of the mentioned forces', () => {
    const story = storyOf('st_1', [
      { ...release, mentioned: ['warwickshire', 'staffordshire'] },
      { ...courier, primary: ['west-midlands', 'warwickshire'] },
    ]);
    expect(story.forces).toEqual(['west-midlands', 'warwickshire']);
    expect(story.mentionedForces).toEqual(['staffordshire']);
  });

  it('keeps the first known inspection type and inspectorate, filling a gap later', () => {
    const story = storyOf('st_1', [{ ...courier, inspectionType: null, inspectorate: null }, release]);
    expect(story).toMatchObject({ inspectionType: 'child-protection', inspectorate: 'HMICFRS' });
  });
});

describe('mergeIntoStory: a national report', () => {
  it('stays national when a local outlet writes it up through one sampled force', () => {
    const national: ArticleSpec = { url: 'https://hmicfrs.example/burglary', title: 'Burglary: an inspection', primary: [], mentioned: ['kent', 'essex'], inspectionType: 'thematic' };
    const local: ArticleSpec = { url: 'https://kentradio.example/burglary', title: 'Kent burglary victims let down', primary: ['kent'], inspectionType: 'other' };
    const { story, changed } = mergeIntoStory(newStory('st_b', incoming(national), NOW), incoming(local), LATER);
    expect(changed).toBe(true);
    expect(story.forces).toEqual([]);
    expect(story.mentionedForces.sort()).toEqual(['essex', 'kent']);
    expect(story.sources.map((source) => source.url)).toEqual([national.url, local.url]);
  });
});
