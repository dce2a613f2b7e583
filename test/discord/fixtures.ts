// Alerts and stories written for the Discord tests.
import type { AlertEvent, Story } from '../../src/core/story.js';

export function alertEvent(overrides: Partial<AlertEvent> = {}): AlertEvent {
  return {
    schema: 1,
    type: 'alert.created',
    storyId: 'st_7f3a01',
    version: 1,
    at: '2025-11-21T10:02:11.000Z',
    headline: 'HMICFRS: West Midlands Police — child protection inspection',
    forces: [{ id: 'west-midlands', name: 'West Midlands Police' }],
    inspectorate: 'HMICFRS',
    inspectionType: 'child-protection',
    reinspection: false,
    reportDate: '2025-11-21T09:30:00.000Z',
    grades: [
      { force: 'west-midlands', area: 'partnership-working', grade: 'good' },
      { force: 'west-midlands', area: 'investigation', grade: 'requires-improvement' },
      { force: 'west-midlands', area: 'initial-response', grade: 'adequate' },
    ],
    officials: [
      {
        name: 'Jen Mattinson',
        role: 'Assistant Chief Constable',
        organisation: 'West Midlands Police',
        quotes: ["We welcome the inspectorate's report which helps reinforce our child-focused response."],
      },
    ],
    caseAudits: [{ force: 'west-midlands', total: 34, good: 9, 'requires-improvement': 15, inadequate: 10 }],
    sources: [
      {
        url: 'https://news.example/wmp-report',
        title: 'West Midlands Police must improve child protection',
        outlet: 'Midlands Courier',
        published: '2025-11-21T09:30:00.000Z',
        fromInspectorate: false,
      },
      {
        url: 'https://hmicfrs.example/publication/wmp-child-protection',
        title: 'West Midlands Police: national child protection inspection',
        outlet: 'HMICFRS',
        published: '2025-11-21T10:00:00.000Z',
        fromInspectorate: true,
      },
    ],
    mentionedForces: [],
    ...overrides,
  };
}

let counter = 0;

export function story(overrides: Partial<Story> = {}): Story {
  counter += 1;
  return {
    id: `st_test${counter}`,
    version: 1,
    firstSeen: '2025-11-21T10:00:00.000Z',
    updatedAt: '2025-11-21T10:00:00.000Z',
    reportDate: '2025-11-21T09:30:00.000Z',
    forces: ['west-midlands'],
    mentionedForces: [],
    inspectorate: 'HMICFRS',
    inspectionType: 'child-protection',
    reinspection: false,
    grades: [{ force: 'west-midlands', area: 'investigation', grade: 'requires-improvement', source: 'https://news.example/a' }],
    officials: [],
    caseAudits: [],
    sources: [
      { url: 'https://news.example/a', title: 'West Midlands Police must improve', outlet: 'Midlands Courier', published: '2025-11-21T09:30:00.000Z', fromInspectorate: false },
    ],
    fingerprints: [],
    ...overrides,
  };
}

export const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A log that remembers every line, to assert on (and to check secrets never reach it). */
export function memoryLog() {
  const lines: string[] = [];
  const write = (...parts: unknown[]) => {
    lines.push(parts.map(String).join(' '));
  };
  return { lines, info: write, warn: write, error: write };
}
