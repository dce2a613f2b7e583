import { describe, expect, it } from 'vitest';
import type { Story } from '../../src/core/story.js';
import { decideStory, sameReportScore } from '../../src/stories/cluster.js';
import { simhash } from '../../src/stories/fingerprint.js';
import { article, DAY_MS, grade, storyOf, type ArticleSpec } from '../support/articles.js';

const WINDOW = { windowMs: 21 * DAY_MS };

function flipBits(fingerprint: string, count: number): string {
  let value = BigInt(`0x${fingerprint}`);
  for (let bit = 0; bit < count; bit += 1) value ^= 1n << BigInt(bit * 7);
  return value.toString(16).padStart(16, '0');
}

function decide(spec: ArticleSpec, candidates: Story[], fingerprint = simhash(`unrelated text for ${spec.url} with enough words to shingle`)) {
  const extracted = article(spec);
  return decideStory(extracted, fingerprint, extracted.published ?? '2025-11-21T12:00:00Z', candidates, WINDOW);
}

const WMP_CP_GRADES = [
  grade('west-midlands', 'leadership', 'requires-improvement'),
  grade('west-midlands', 'partnership-working', 'good'),
  grade('west-midlands', 'initial-response', 'requires-improvement'),
  grade('west-midlands', 'risk-assessment-referral', 'inadequate'),
  grade('west-midlands', 'investigation', 'requires-improvement'),
];

const wmpChildProtection: ArticleSpec = {
  url: 'https://hmicfrs.example/wmp-cp-2025',
  title: 'West Midlands Police: national child protection inspection',
  published: '2025-11-21T09:00:00.000Z',
  primary: ['west-midlands'],
  inspectionType: 'child-protection',
  grades: WMP_CP_GRADES,
  fromInspectorate: true,
  fingerprint: 'a5a5a5a55a5a5a5a',
};

describe('decideStory: the same text', () => {
  it('joins a near-duplicate copy to its story even when the copy lost the force in extraction', () => {
    const story = storyOf('st_wmp', [wmpChildProtection]);
    const copy = { url: 'https://courier.example/wmp', primary: [], inspectionType: null, published: '2025-11-21T11:00:00.000Z' } satisfies ArticleSpec;
    const decision = decide(copy, [story], flipBits('a5a5a5a55a5a5a5a', 5));
    expect(decision).toMatchObject({ kind: 'same-text', story: { id: 'st_wmp' } });
  });

  it('keeps templated releases about two forces apart, however close their text', () => {
    const story = storyOf('st_wmp', [wmpChildProtection]);
    const kent = { ...wmpChildProtection, url: 'https://hmicfrs.example/kent-cp-2025', primary: ['kent'] } satisfies ArticleSpec;
    expect(decide(kent, [story], flipBits('a5a5a5a55a5a5a5a', 2))).toEqual({ kind: 'new' });
  });

  it('keeps the same text apart when the inspection types contradict', () => {
    const story = storyOf('st_wmp', [wmpChildProtection]);
    const peel = { url: 'https://hmicfrs.example/wmp-peel', primary: ['west-midlands'], inspectionType: 'peel' } satisfies ArticleSpec;
    expect(decide(peel, [story], 'a5a5a5a55a5a5a5a')).toEqual({ kind: 'new' });
  });

  it('picks the nearest of two near-duplicate stories', () => {
    const far = storyOf('st_far', [{ ...wmpChildProtection, fingerprint: flipBits('a5a5a5a55a5a5a5a', 6) }]);
    const near = storyOf('st_near', [{ ...wmpChildProtection, url: 'https://x.example/2', fingerprint: flipBits('a5a5a5a55a5a5a5a', 1) }]);
    const decision = decide({ url: 'https://y.example/3', primary: ['west-midlands'] }, [far, near], 'a5a5a5a55a5a5a5a');
    expect(decision).toMatchObject({ kind: 'same-text', story: { id: 'st_near' } });
  });

  it('does not reach back beyond twice the window', () => {
    const story = storyOf('st_old', [{ ...wmpChildProtection, published: '2025-08-01T09:00:00.000Z' }]);
    const copy = { url: 'https://courier.example/late', primary: ['west-midlands'], published: '2025-11-21T09:00:00.000Z' } satisfies ArticleSpec;
    expect(decide(copy, [story], 'a5a5a5a55a5a5a5a')).toEqual({ kind: 'new' });
  });
});

describe('decideStory: the same report', () => {
  it('joins an outlet with a few of the grades to the release with all of them', () => {
    const story = storyOf('st_wmp', [wmpChildProtection]);
    const partial = {
      url: 'https://courier.example/wmp-cp',
      published: '2025-11-22T07:00:00.000Z',
      primary: ['west-midlands'],
      grades: [grade('west-midlands', 'partnership-working', 'good'), grade('west-midlands', 'risk-assessment-referral', 'inadequate')],
    } satisfies ArticleSpec;
    expect(decide(partial, [story])).toMatchObject({ kind: 'same-story', story: { id: 'st_wmp' } });
  });

  it('joins the complete release to a story founded by an article with no grades', () => {
    const story = storyOf('st_wmp', [{ url: 'https://radio.example/wmp', primary: ['west-midlands'], published: '2025-11-21T06:00:00.000Z' }]);
    expect(decide(wmpChildProtection, [story])).toMatchObject({ kind: 'same-story', story: { id: 'st_wmp' } });
  });

  it('joins an article whose type is unknown', () => {
    const story = storyOf('st_wmp', [wmpChildProtection]);
    expect(decide({ url: 'https://tv.example/wmp', primary: ['west-midlands'], inspectionType: null }, [story])).toMatchObject({ kind: 'same-story' });
  });

  it('refuses an outlet whose grades contradict another outlet’s more than they agree', () => {
    const story = storyOf('st_wmp', [{ ...wmpChildProtection, url: 'https://courier.example/wmp', fromInspectorate: false }]);
    const other = { url: 'https://x.example/wmp', primary: ['west-midlands'], grades: [grade('west-midlands', 'partnership-working', 'inadequate')] } satisfies ArticleSpec;
    expect(decide(other, [story])).toEqual({ kind: 'new' });
    const mostlyAgrees = { ...other, grades: [...WMP_CP_GRADES.slice(1, 4), grade('west-midlands', 'leadership', 'good')] } satisfies ArticleSpec;
    expect(decide(mostlyAgrees, [story])).toMatchObject({ kind: 'same-story' });
  });

  it('joins an outlet that misreports a grade to the release’s story, and the release to an outlet that misreported', () => {
    const misreported = [grade('west-midlands', 'partnership-working', 'inadequate')];
    const release = storyOf('st_release', [wmpChildProtection]);
    expect(decide({ url: 'https://x.example/wmp', primary: ['west-midlands'], grades: misreported }, [release])).toMatchObject({ kind: 'same-story' });

    const outletFirst = storyOf('st_outlet', [{ url: 'https://x.example/wmp', primary: ['west-midlands'], grades: misreported }]);
    const extracted = article(wmpChildProtection);
    const decision = decideStory(extracted, simhash('the release text, nothing like the outlet'), extracted.published!, [outletFirst], { ...WINDOW, fromInspectorate: true });
    expect(decision).toMatchObject({ kind: 'same-story', story: { id: 'st_outlet' } });
    // Without knowing it is the release, the same conflict keeps them apart.
    expect(decideStory(extracted, simhash('the release text, nothing like the outlet'), extracted.published!, [outletFirst], WINDOW)).toEqual({ kind: 'new' });
  });

  it('prefers the story closest in time among two of the same force and type', () => {
    const june = storyOf('st_june', [{ ...wmpChildProtection, url: 'https://a.example/1', published: '2025-11-05T09:00:00.000Z' }]);
    const november = storyOf('st_nov', [{ ...wmpChildProtection, url: 'https://a.example/2', published: '2025-11-20T09:00:00.000Z' }]);
    const decision = decide({ url: 'https://b.example/3', primary: ['west-midlands'], published: '2025-11-21T09:00:00.000Z' }, [june, november]);
    expect(decision).toMatchObject({ kind: 'same-story', story: { id: 'st_nov' } });
  });

  it('joins a joint report to the story of either force, and scores a full match higher', () => {
    const joint = storyOf('st_joint', [{ url: 'https://hmicfrs.example/norfolk-suffolk', primary: ['norfolk', 'suffolk'], inspectionType: 'custody' }]);
    const both = article({ url: 'https://e.example/1', primary: ['norfolk', 'suffolk'], inspectionType: 'custody' });
    const one = article({ url: 'https://e.example/2', primary: ['suffolk'], inspectionType: 'custody' });
    const when = '2025-11-21T10:00:00.000Z';
    expect(sameReportScore(one, when, joint, WINDOW)).toBeGreaterThan(0);
    expect(sameReportScore(both, when, joint, WINDOW)).toBeGreaterThan(sameReportScore(one, when, joint, WINDOW));
  });
});

describe('decideStory: what stays apart', () => {
  it('two reports on the same force weeks apart (PEEL, then child protection)', () => {
    const peel = storyOf('st_peel', [{ url: 'https://hmicfrs.example/wmp-peel', primary: ['west-midlands'], inspectionType: 'peel', published: '2025-10-30T09:00:00.000Z' }]);
    expect(decide(wmpChildProtection, [peel])).toEqual({ kind: 'new' });
  });

  it('an inspection and its re-inspection a year later', () => {
    const first = storyOf('st_2024', [{ ...wmpChildProtection, published: '2024-11-14T09:00:00.000Z' }]);
    const revisit = { ...wmpChildProtection, url: 'https://hmicfrs.example/wmp-revisit', reinspection: true, grades: [], published: '2025-11-20T09:00:00.000Z' } satisfies ArticleSpec;
    expect(decide(revisit, [first])).toEqual({ kind: 'new' });
  });

  it("the same force's 2015 and 2025 reports, even with the same grades", () => {
    const hmic = storyOf('st_2015', [{ ...wmpChildProtection, url: 'https://hmic.example/wmp-2015', inspectorate: 'HMIC', published: '2015-03-27T09:00:00.000Z' }]);
    expect(decide(wmpChildProtection, [hmic])).toEqual({ kind: 'new' });
    // An undated 2015 article polled today is compared with today, and the inspectorates differ.
    expect(decide({ ...wmpChildProtection, inspectorate: 'HMIC', published: null, url: 'https://old.example/x' }, [storyOf('st_2025', [wmpChildProtection])])).toEqual({ kind: 'new' });
  });

  it("two forces' reports published the same day", () => {
    const kent = storyOf('st_kent', [{ ...wmpChildProtection, url: 'https://hmicfrs.example/kent', primary: ['kent'], grades: [] }]);
    expect(decide(wmpChildProtection, [kent])).toEqual({ kind: 'new' });
  });

  it('a force report and a national report', () => {
    const national = storyOf('st_nat', [{ url: 'https://hmicfrs.example/stalking', title: 'Stalking: police still failing victims', primary: [], mentioned: ['west-midlands'], inspectionType: 'thematic' }]);
    expect(decide({ ...wmpChildProtection, inspectionType: null }, [national])).toEqual({ kind: 'new' });
    const force = storyOf('st_wmp', [wmpChildProtection]);
    expect(decide({ url: 'https://x.example/n', title: 'Stalking report', primary: [], mentioned: ['west-midlands'], inspectionType: null }, [force])).toEqual({ kind: 'new' });
  });
});

describe('decideStory: an account that names no programme ("other")', () => {
  const peel = storyOf('st_peel', [
    { url: 'https://hmicfrs.example/wmp-peel', title: 'West Midlands Police PEEL inspection', primary: ['west-midlands'], inspectionType: 'peel', published: '2025-11-20T09:00:00.000Z', grades: [grade('west-midlands', 'responding-to-public', 'requires-improvement')] },
  ]);
  const vague: ArticleSpec = { url: 'https://radio.example/wmp', title: 'Answer our calls faster, police told', primary: ['west-midlands'], inspectionType: 'other', published: '2025-11-21T07:00:00.000Z' };

  it("joins the force's story when they share a grade, a person or a headline subject", () => {
    expect(decide({ ...vague, grades: [grade('west-midlands', 'responding-to-public', 'requires-improvement')] }, [peel])).toMatchObject({ kind: 'same-story', story: { id: 'st_peel' } });
    const quoted = storyOf('st_quoted', [{ ...peel.sources[0]!, url: 'https://hmicfrs.example/q', primary: ['west-midlands'], inspectionType: 'peel', officials: [{ name: 'Tamsin Oduya', role: 'Chief Constable', organisation: 'West Midlands Police' }] }]);
    expect(decide({ ...vague, officials: [{ name: 'Tamsin Oduya', role: 'Chief Constable', organisation: 'West Midlands Police' }] }, [quoted])).toMatchObject({ kind: 'same-story', story: { id: 'st_quoted' } });
  });

  it('stays apart with nothing shared: it may be another report on the same force', () => {
    expect(decide(vague, [peel])).toEqual({ kind: 'new' });
  });

  it('and a named programme joins a story begun by such an account on the same evidence', () => {
    const begun = storyOf('st_vague', [{ ...vague, grades: [grade('west-midlands', 'responding-to-public', 'requires-improvement')] }]);
    expect(decide({ url: 'https://hmicfrs.example/wmp-peel-2', title: 'PEEL report', primary: ['west-midlands'], inspectionType: 'peel', published: '2025-11-21T09:00:00.000Z', grades: [grade('west-midlands', 'responding-to-public', 'requires-improvement')] }, [begun])).toMatchObject({ kind: 'same-story' });
    expect(decide({ url: 'https://hmicfrs.example/wmp-custody', title: 'Custody report', primary: ['west-midlands'], inspectionType: 'custody', published: '2025-11-21T09:00:00.000Z' }, [begun])).toEqual({ kind: 'new' });
  });
});

describe('decideStory: national thematic reports (no primary force)', () => {
  const release: ArticleSpec = {
    url: 'https://hmicfrs.example/stalking-2025',
    title: 'Police response to stalking and harassment: an inspection',
    primary: [],
    mentioned: ['kent', 'metropolitan'],
    inspectionType: 'thematic',
    officials: [{ name: 'Michelle Skeer', role: 'His Majesty’s Inspector of Constabulary', organisation: 'HMICFRS' }],
    fromInspectorate: true,
  };

  it('joins another outlet on the same subject', () => {
    const story = storyOf('st_stalk', [release]);
    const outlet = { url: 'https://paper.example/stalking', title: 'Stalkers left free to target victims, watchdog warns', primary: [], mentioned: ['kent'], inspectionType: 'thematic', published: '2025-11-22T08:00:00.000Z' } satisfies ArticleSpec;
    expect(decide(outlet, [story])).toMatchObject({ kind: 'same-story', story: { id: 'st_stalk' } });
  });

  it('joins an outlet that quotes the same inspector under another headline', () => {
    const story = storyOf('st_stalk', [release]);
    const outlet = {
      url: 'https://radio.example/harassment',
      title: 'Obsessive harassment not taken seriously, inspector says',
      primary: [],
      inspectionType: null,
      officials: [{ name: 'Michelle Skeer', role: null, organisation: null }],
    } satisfies ArticleSpec;
    expect(decide(outlet, [story])).toMatchObject({ kind: 'same-story' });
  });

  it('joins a local write-up that sees the report through one of the forces it sampled', () => {
    const story = storyOf('st_stalk', [release]);
    const local = { url: 'https://kentradio.example/stalking', title: 'Stalking victims in Kent let down, inspectors say', primary: ['kent'], inspectionType: 'other' } satisfies ArticleSpec;
    expect(decide(local, [story])).toMatchObject({ kind: 'same-story', story: { id: 'st_stalk' } });
    const unsampled = { ...local, url: 'https://x.example/essex', title: 'Stalking victims in Essex let down', primary: ['essex'] } satisfies ArticleSpec;
    expect(decide(unsampled, [story])).toEqual({ kind: 'new' });
    const ownReport = { ...local, url: 'https://x.example/kent-peel', title: 'Kent Police stalking response graded in PEEL report', inspectionType: 'peel' } satisfies ArticleSpec;
    expect(decide(ownReport, [story])).toEqual({ kind: 'new' });
  });

  it('joins a piece whose headline does not name the subject when its opening paragraph does, twice over', () => {
    const story = storyOf('st_stalk', [release]);
    const blog = { url: 'https://charity.example/blog/again', title: 'Here we go again: will anyone act this time?', primary: [], inspectionType: 'thematic', published: '2025-11-22T08:00:00.000Z' } satisfies ArticleSpec;
    const extracted = article(blog);
    const when = extracted.published!;
    const fingerprint = simhash('an unrelated blog text with enough words to shingle properly');
    const withLead = (lead: string) => decideStory(extracted, fingerprint, when, [story], { ...WINDOW, articleLead: lead });
    expect(withLead('Yesterday’s inspection of how forces handle stalking and harassment makes grim reading.')).toMatchObject({ kind: 'same-story', story: { id: 'st_stalk' } });
    // One shared word in a whole paragraph is not enough, and no lead at all joins nothing.
    expect(withLead('Yesterday’s report on stalking by the inspectors makes grim reading for all of us.')).toEqual({ kind: 'new' });
    expect(decideStory(extracted, fingerprint, when, [story], WINDOW)).toEqual({ kind: 'new' });
  });

  it('keeps a different thematic report published days later apart', () => {
    const story = storyOf('st_stalk', [release]);
    const vetting = {
      url: 'https://hmicfrs.example/vetting-2025',
      title: 'Vetting, misconduct and misogyny in the police service',
      primary: [],
      mentioned: ['metropolitan'],
      inspectionType: 'thematic',
      published: '2025-11-30T09:00:00.000Z',
    } satisfies ArticleSpec;
    expect(decide(vetting, [story])).toEqual({ kind: 'new' });
  });
});
