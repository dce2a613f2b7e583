import { describe, expect, it } from 'vitest';
import { alertTitle, bestSource, GRADE_COLOURS, LIMITS, renderAlertMessage } from '../../src/discord/embed.js';
import { escapeMarkdown, truncate } from '../../src/discord/format.js';
import { renderAlertText } from '../../src/deliver/render-text.js';
import { alertEvent } from './fixtures.js';

const embedTotal = (embed: ReturnType<typeof renderAlertMessage>['embeds'][0]) =>
  (embed.title?.length ?? 0) +
  (embed.description?.length ?? 0) +
  (embed.footer?.text.length ?? 0) +
  (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);

describe('renderAlertMessage', () => {
  it('renders a typical alert', () => {
    expect(renderAlertMessage(alertEvent(), { mentionRoleIds: ['123456789012345678'] })).toMatchInlineSnapshot(`
      {
        "allowed_mentions": {
          "parse": [],
          "roles": [
            "123456789012345678",
          ],
        },
        "content": "<@&123456789012345678>",
        "embeds": [
          {
            "color": 16224265,
            "description": "*West Midlands Police: national child protection inspection*

      Working with partners: **Good**
      Investigation: **Requires improvement**
      Initial response: **Adequate**",
            "fields": [
              {
                "inline": false,
                "name": "Case audit",
                "value": "West Midlands Police: 34 cases audited — 9 good, 15 requires improvement, 10 inadequate",
              },
              {
                "inline": false,
                "name": "Jen Mattinson, Assistant Chief Constable, West Midlands Police",
                "value": "“We welcome the inspectorate's report which helps reinforce our child-focused response.”",
              },
              {
                "inline": false,
                "name": "Covered by",
                "value": "[Midlands Courier](https://news.example/wmp-report) · [HMICFRS](https://hmicfrs.example/publication/wmp-child-protection)",
              },
            ],
            "footer": {
              "text": "HMICFRS · report 21 Nov 2025",
            },
            "title": "West Midlands Police — child protection inspection",
            "url": "https://hmicfrs.example/publication/wmp-child-protection",
          },
        ],
      }
    `);
  });

  it('titles re-inspections and national reports', () => {
    expect(alertTitle(alertEvent({ reinspection: true }))).toBe('West Midlands Police — child protection re-inspection');
    expect(alertTitle(alertEvent({ forces: [], inspectionType: 'thematic' }))).toBe('National report — thematic inspection');
    expect(
      alertTitle(alertEvent({ forces: [{ id: 'west-mercia', name: 'West Mercia Police' }, { id: 'warwickshire', name: 'Warwickshire Police' }], inspectionType: 'peel' })),
    ).toBe('West Mercia Police and Warwickshire Police — PEEL inspection');
  });

  it('links the inspectorate release, else the earliest source', () => {
    expect(renderAlertMessage(alertEvent(), { mentionRoleIds: [] }).embeds[0].url).toBe('https://hmicfrs.example/publication/wmp-child-protection');
    const sources = alertEvent().sources.map((source) => ({ ...source, fromInspectorate: false }));
    expect(bestSource(sources)?.url).toBe('https://news.example/wmp-report');
    expect(bestSource([{ ...sources[1]!, published: null }, sources[0]!])?.url).toBe('https://news.example/wmp-report');
  });

  it('colours by the worst grade', () => {
    const colour = (grades: ReturnType<typeof alertEvent>['grades']) => renderAlertMessage(alertEvent({ grades }), { mentionRoleIds: [] }).embeds[0].color;
    expect(colour([])).toBe(GRADE_COLOURS.none);
    expect(colour([{ force: 'kent', area: 'leadership', grade: 'outstanding' }])).toBe(GRADE_COLOURS.outstanding);
    expect(
      colour([
        { force: 'kent', area: 'leadership', grade: 'good' },
        { force: 'kent', area: 'investigation', grade: 'inadequate' },
      ]),
    ).toBe(GRADE_COLOURS.inadequate);
  });

  it('has no content and pings nobody without mention roles', () => {
    const message = renderAlertMessage(alertEvent(), { mentionRoleIds: [] });
    expect(message.content).toBeUndefined();
    expect(message.allowed_mentions).toEqual({ parse: [], roles: [] });
  });

  it('ends a quote lifted from "…, she said" with a full stop, and keeps any other ending', () => {
    const officials = [
      { name: 'Rhona Teague', role: 'Chief Constable', organisation: 'Example Police', quotes: ['We will answer calls faster,'] },
      { name: 'Idris Vell', role: 'Police and Crime Commissioner', organisation: 'Example PCC', quotes: ['Is that good enough?'] },
    ];
    const values = renderAlertMessage(alertEvent({ officials }), { mentionRoleIds: [] }).embeds[0].fields!.map((field) => field.value);
    expect(values).toContain('“We will answer calls faster.”');
    expect(values).toContain('“Is that good enough?”');
    expect(renderAlertText(alertEvent({ officials }))).toContain('“We will answer calls faster.” — Rhona Teague, Chief Constable, Example Police');
  });

  it('lists an outlet that ran several articles once in text, and tells its links apart in Discord', () => {
    const source = (outlet: string, slug: string) => ({ url: `https://${slug}.example/a`, title: slug, outlet, published: '2025-10-20T08:00:00Z', fromInspectorate: false });
    const sources = [source('Tyneside Sound', 'ts1'), source('Policing Review', 'pr'), source('Tyneside Sound', 'ts2')];
    const field = renderAlertMessage(alertEvent({ sources }), { mentionRoleIds: [] }).embeds[0].fields!.find((f) => f.value.includes('Policing Review'))!;
    expect(field.value).toBe('[Tyneside Sound](https://ts1.example/a) · [Policing Review](https://pr.example/a) · [Tyneside Sound \\(2\\)](https://ts2.example/a)'); // Discord shows the escaped brackets as brackets
    expect(renderAlertText(alertEvent({ sources }))).toContain('covered by: Tyneside Sound (2 articles), Policing Review\n');
  });

  it('says so when a source has no date and the report date is unknown', () => {
    const message = renderAlertMessage(alertEvent({ reportDate: null, inspectorate: null }), { mentionRoleIds: [] });
    expect(message.embeds[0].footer?.text).toBe('Inspection');
  });
});

describe('hostile extracted text', () => {
  const hostileLine = `@everyone <@&123> **bold** [click](https://evil.example) ${'x'.repeat(10_000)}`;
  const hostile = alertEvent({
    forces: [{ id: 'west-midlands', name: '@here West Midlands Police' }],
    grades: Array.from({ length: 60 }, (_, index) => ({
      force: 'west-midlands' as const,
      area: 'other' as const,
      grade: 'inadequate' as const,
      areaLabel: `# Heading ${index} ${'y'.repeat(300)}`,
    })),
    officials: Array.from({ length: 5 }, (_, index) => ({
      name: `<@${index}00000000000000000> ${hostileLine}`,
      role: '> quote',
      organisation: '`code`',
      quotes: [hostileLine, hostileLine],
    })),
    sources: Array.from({ length: 80 }, (_, index) => ({
      url: `https://outlet${index}.example/story?a=(1)&b=<2>`,
      title: index === 0 ? `- ${hostileLine}` : `Story ${index}`,
      outlet: `Outlet ${index} [x](https://evil.example) @everyone`,
      published: '2025-11-21T09:30:00.000Z',
      fromInspectorate: false,
    })),
    caseAudits: [{ force: 'west-midlands', total: 10_000 }],
  });
  const message = renderAlertMessage(hostile, { mentionRoleIds: ['111111111111111111', 'not-a-role'] });
  const embed = message.embeds[0];
  const everything = [embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '', ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])];

  it('keeps every Discord limit', () => {
    expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.fields!.length).toBeLessThanOrEqual(LIMITS.fields);
    for (const field of embed.fields!) {
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
    expect(embedTotal(embed)).toBeLessThanOrEqual(LIMITS.total);
    expect(embed.description!.endsWith('…')).toBe(true);
  });

  it('never lets a mass mention, user or role mention through', () => {
    for (const text of everything) {
      expect(text).not.toMatch(/@(everyone|here)/);
      expect(text).not.toMatch(/<@[&!]?\d/);
    }
    expect(message.content).toBe('<@&111111111111111111>');
    expect(message.allowed_mentions).toEqual({ parse: [], roles: ['111111111111111111'] });
  });

  it('escapes markdown so extracted text cannot format or link', () => {
    expect(embed.description).toContain('\\*\\*bold\\*\\*');
    expect(embed.description).toContain('\\[click\\]\\(https://evil.example\\)');
    expect(embed.description).toMatch(/^\*\\- /);
    expect(embed.description).toContain('\\# Heading 0');
  });

  it('escapes speakers and quotes', () => {
    const small = renderAlertMessage(
      alertEvent({ officials: [{ name: '<@100000> @everyone', role: '> quote', organisation: '`code`', quotes: ['*so* <@&9> @here'] }] }),
      { mentionRoleIds: [] },
    ).embeds[0];
    const quote = small.fields!.find((field) => field.value.startsWith('“'));
    expect(quote).toEqual({ name: '\\<\u200b@100000\\> @\u200beveryone, \\> quote, \\`code\\`', value: '“\\*so\\* \\<\u200b@&9\\> @\u200bhere”', inline: false });
  });

  it('shows at most three quotes, links outlets with safe URLs and counts the rest', () => {
    const covered = embed.fields!.find((field) => field.name === 'Covered by');
    expect(covered?.value).toMatch(/and \d+ more$/);
    expect(covered?.value).toContain('(https://outlet0.example/story?a=%281%29&b=%3C2%3E)');
    expect(covered?.value).toContain('Outlet 0 \\[x\\]\\(https://evil.example\\)');
    expect(embed.fields!.filter((field) => field.value.startsWith('“')).length).toBeLessThanOrEqual(3);
  });
});

describe('escapeMarkdown and truncate', () => {
  it('escapes line-start markers, collapses line breaks and breaks mentions', () => {
    expect(escapeMarkdown('# Title\n> quote\n- item')).toBe('\\# Title \\> quote - item');
    expect(escapeMarkdown('1. first')).toBe('\\1. first');
    expect(escapeMarkdown('@everyone and @here')).toBe('\\@\u200beveryone and @\u200bhere');
    expect(escapeMarkdown('<#123> <@!45> </cmd:1>')).toBe('\\<\u200b#123\\> \\<\u200b@!45\\> \\<\u200b/cmd:1\\>');
    expect(escapeMarkdown('a_b*c~d|e')).toBe('a\\_b\\*c\\~d\\|e');
  });

  it('truncates with an ellipsis and never leaves a dangling escape', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('ab\\*cd', 4)).toBe('ab…');
  });
});
