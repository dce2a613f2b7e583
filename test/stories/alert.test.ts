import { describe, expect, it } from 'vitest';
import { alertFor, headlineFor } from '../../src/stories/alert.js';
import { alertSchemaErrors } from '../support/contract.js';
import { grade, storyOf, type ArticleSpec } from '../support/articles.js';

const NOW = new Date('2025-11-21T12:00:00Z');

const release: ArticleSpec = {
  url: 'https://hmicfrs.example/wmp',
  title: 'West Midlands Police child protection inspection',
  outlet: 'HMICFRS',
  published: '2025-11-21T09:00:00.000Z',
  primary: ['west-midlands'],
  grades: [{ ...grade('west-midlands', 'partnership-working', 'good'), areaLabel: 'working with partners', evidence: 'Working with partner organisations was graded as good' }],
  officials: [{ name: 'Jen Mattinson', role: 'Assistant Chief Constable', organisation: 'West Midlands Police' }],
  quotes: [{ speaker: 'Jen Mattinson', text: 'We welcome the report.' }],
  caseAudits: [{ force: 'west-midlands', total: 38, good: 10, 'requires-improvement': 18, inadequate: 10 }],
  fromInspectorate: true,
};
const courier: ArticleSpec = { url: 'https://courier.example/wmp', outlet: 'Midlands Courier', published: '2025-11-21T11:00:00.000Z', primary: ['west-midlands'] };

describe('alertFor', () => {
  it('renders a story as the alert contract', () => {
    const story = storyOf('st_wmp', [release, courier]);
    const event = alertFor(story, 'alert.updated', NOW);
    expect(alertSchemaErrors(event)).toEqual([]);
    expect(event).toMatchObject({
      schema: 1,
      type: 'alert.updated',
      storyId: 'st_wmp',
      version: 2,
      at: NOW.toISOString(),
      headline: 'HMICFRS: West Midlands Police — child protection inspection',
      forces: [{ id: 'west-midlands', name: 'West Midlands Police' }],
      inspectorate: 'HMICFRS',
      inspectionType: 'child-protection',
      reinspection: false,
      reportDate: '2025-11-21T09:00:00.000Z',
      officials: [{ name: 'Jen Mattinson', role: 'Assistant Chief Constable', organisation: 'West Midlands Police', quotes: ['We welcome the report.'] }],
      caseAudits: [{ force: 'west-midlands', total: 38, good: 10, 'requires-improvement': 18, inadequate: 10 }],
      mentionedForces: [],
    });
    // Grades carry what readers need, not where the story kept them from.
    expect(event.grades).toEqual([{ force: 'west-midlands', area: 'partnership-working', grade: 'good', areaLabel: 'working with partners' }]);
    expect(event.sources.map((source) => source.outlet)).toEqual(['HMICFRS', 'Midlands Courier']);
  });

  it('renders a national thematic story with no forces', () => {
    const story = storyOf('st_nat', [{ url: 'https://hmicfrs.example/stalking', title: 'Stalking inspection', primary: [], mentioned: ['kent'], inspectionType: 'thematic' }]);
    const event = alertFor(story, 'alert.created', NOW);
    expect(alertSchemaErrors(event)).toEqual([]);
    expect(event.forces).toEqual([]);
    expect(event.mentionedForces).toEqual(['kent']);
    expect(event.headline).toBe('HMICFRS: Police forces in England and Wales — national thematic inspection');
  });

  it('renders an old HMIC re-inspection of a joint report, and a story with unknown facts and no dates', () => {
    const joint = storyOf('st_joint', [{ url: 'https://hmic.example/ns', primary: ['norfolk', 'suffolk'], inspectorate: 'HMIC', inspectionType: 'custody', reinspection: true, published: '2015-03-27T00:00:00.000Z' }]);
    expect(headlineFor(joint)).toBe('HMIC: Norfolk Constabulary and Suffolk Constabulary — custody re-inspection');
    expect(alertSchemaErrors(alertFor(joint, 'alert.created', NOW))).toEqual([]);

    const unknown = storyOf('st_u', [{ url: 'https://x.example/u', primary: ['kent'], inspectorate: null, inspectionType: null, published: null }]);
    const event = alertFor(unknown, 'alert.created', NOW);
    expect(alertSchemaErrors(event)).toEqual([]);
    expect(event.headline).toBe('HMICFRS: Kent Police — inspection');
    expect(event.reportDate).toBeNull();
  });

  it('fails the schema when the contract is broken (the validator is live)', () => {
    const event = alertFor(storyOf('st_x', [release]), 'alert.created', NOW);
    expect(alertSchemaErrors({ ...event, sources: [] })).not.toEqual([]);
    expect(alertSchemaErrors({ ...event, grades: [{ force: 'gotham', area: 'other', grade: 'good' }] })).not.toEqual([]);
    expect(alertSchemaErrors({ ...event, at: 'yesterday' })).not.toEqual([]);
  });
});
