import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderAlertText } from '../../src/deliver/render-text.js';
import { createConsoleSink } from '../../src/deliver/sinks/console-sink.js';
import { alertFor } from '../../src/stories/alert.js';
import { grade, storyOf } from '../support/articles.js';

const NOW = new Date('2025-11-21T12:00:00Z');

const story = storyOf('st_wmp', [
  {
    url: 'https://hmicfrs.example/wmp',
    outlet: 'HMICFRS',
    published: '2025-11-21T09:00:00.000Z',
    primary: ['west-midlands'],
    grades: [{ ...grade('west-midlands', 'partnership-working', 'good'), areaLabel: 'working with partner organisations' }, grade('west-midlands', 'investigation', 'inadequate')],
    officials: [{ name: 'Jen Mattinson', role: 'Assistant Chief Constable', organisation: 'West Midlands Police' }],
    quotes: [{ speaker: 'Jen Mattinson', text: `We welcome the report. ${'We are already acting on it. '.repeat(10)}` }],
    caseAudits: [{ force: 'west-midlands', total: 38, good: 10, 'requires-improvement': 18, inadequate: 10 }],
  },
  { url: 'https://courier.example/wmp', outlet: null, published: '2025-11-21T11:00:00.000Z', primary: ['west-midlands'] },
]);

describe('renderAlertText', () => {
  it('shows headline, date, grades, case audits, quotes and every outlet', () => {
    const text = renderAlertText(alertFor(story, 'alert.created', NOW));
    expect(text.split('\n')).toEqual([
      '━━ [NEW] HMICFRS: West Midlands Police — child protection inspection',
      '   report: 2025-11-21',
      '   • Working with partner organisations: Good',
      '   • Investigation: Inadequate',
      '   cases audited: 38 — 10 good, 18 requires improvement, 10 inadequate',
      expect.stringMatching(/^ {3}“We welcome the report\. We are already acting on it\..{100,}…” — Jen Mattinson, Assistant Chief Constable, West Midlands Police$/),
      '   covered by: HMICFRS, courier.example',
      '     https://hmicfrs.example/wmp',
      '     https://courier.example/wmp',
    ]);
  });

  it('marks updates and survives a source that has an id instead of a URL', () => {
    const event = alertFor(story, 'alert.updated', NOW);
    event.sources.push({ url: 'tag:wire.example,2025:1234', title: 'Wire copy', outlet: null, published: null, fromInspectorate: false });
    event.sources.push({ url: 'Police told to improve', title: 'Police told to improve', outlet: null, published: null, fromInspectorate: false });
    const text = renderAlertText(event);
    expect(text).toContain('[UPDATED]');
    expect(text).toContain('covered by: HMICFRS, courier.example, tag:wire.example,2025:1234, Police told to improve');
  });
});

describe('console sink', () => {
  it('writes the rendered alert and delivers', async () => {
    const stream = new PassThrough();
    let output = '';
    stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const sink = createConsoleSink(stream);
    const event = alertFor(story, 'alert.created', NOW);
    expect(await sink.deliver(event, null)).toEqual({ kind: 'delivered', record: { version: story.version, at: NOW.toISOString() } });
    await sink.notify({ schema: 1, type: 'feed.failing', at: NOW.toISOString(), feed: { url: 'https://x.example/feed', name: 'X News' }, since: '2025-11-20T00:00:00.000Z', reason: 'HTTP 500' });
    await sink.notify({ schema: 1, type: 'config.invalid', at: NOW.toISOString(), message: 'watchlist.yaml edit not applied' });
    expect(output).toBe(`${renderAlertText(event)}\n! feed failing: X News since 2025-11-20T00:00:00.000Z — HTTP 500\n! watchlist.yaml edit not applied\n`);
  });
});
