// One alert → one Discord message payload (content + one embed + allowed_mentions). Pure: the
// sinks send what this returns. Every piece of extracted text is escaped; every Discord limit
// (title 256, description 4096, 25 fields, field 256/1024, footer 2048, 6000 in all) is kept.
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { AlertEvent, StorySource } from '../core/story.js';
import type { Grade } from '../core/types.js';
import { forceName } from './force-names.js';
import {
  areaLabel,
  escapeMarkdown,
  formatDay,
  gradeLabel,
  inspectionLabel,
  joinNames,
  markdownLink,
  quoteForDisplay,
  safeHttpUrl,
  truncate,
  worstGrade,
} from './format.js';

export const LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 };

export interface AlertMessage {
  content?: string;
  embeds: [APIEmbed];
  allowed_mentions: { parse: []; roles: string[] };
}

export const GRADE_COLOURS: Record<Grade | 'none', number> = {
  inadequate: 0xd92d20,
  'requires-improvement': 0xf79009,
  adequate: 0xfacc15,
  good: 0x17b26a,
  outstanding: 0x2e90fa,
  none: 0x98a2b3,
};

const MAX_QUOTES = 3;
const MAX_SUMMARY = 300;

export function renderAlertMessage(event: AlertEvent, options: { mentionRoleIds: string[] }): AlertMessage {
  const roles = [...new Set(options.mentionRoleIds.filter((id) => /^\d{1,22}$/.test(id)))];
  const best = bestSource(event.sources);
  const url = best === null ? null : safeHttpUrl(best.url);
  const droppable = new Set<APIEmbedField>();
  const embed: APIEmbed = {
    title: truncate(alertTitle(event), LIMITS.title),
    ...(url === null ? {} : { url }),
    color: GRADE_COLOURS[worstGrade(event.grades) ?? 'none'],
    description: truncate(description(event, best), LIMITS.description),
    fields: fields(event, droppable),
    footer: { text: truncate(footerText(event), LIMITS.footer) },
  };
  return {
    ...(roles.length > 0 ? { content: roles.map((id) => `<@&${id}>`).join(' ') } : {}),
    embeds: [fitTotal(embed, droppable)],
    allowed_mentions: { parse: [], roles },
  };
}

/** "West Midlands Police — child protection inspection"; national reports name no force. */
export function alertTitle(event: Pick<AlertEvent, 'forces' | 'inspectionType' | 'reinspection'>): string {
  const names = event.forces.map((force) => escapeMarkdown(force.name || forceName(force.id)));
  const who = names.length > 0 ? joinNames(names) : 'National report';
  return `${who} — ${inspectionLabel(event.inspectionType, event.reinspection)}`;
}

/** The inspectorate's own release when there is one, else the earliest published source. */
export function bestSource(sources: readonly StorySource[]): StorySource | null {
  const official = sources.find((source) => source.fromInspectorate);
  if (official) return official;
  const dated = (source: StorySource) => (source.published === null ? Number.POSITIVE_INFINITY : Date.parse(source.published) || Number.POSITIVE_INFINITY);
  return [...sources].sort((a, b) => dated(a) - dated(b))[0] ?? null;
}

function description(event: AlertEvent, best: StorySource | null): string {
  const lines: string[] = [];
  if (best !== null && best.title.trim() !== '') lines.push(`*${truncate(escapeMarkdown(best.title.trim()), MAX_SUMMARY)}*`, '');
  const severalForces = new Set(event.grades.map((grade) => grade.force)).size > 1;
  for (const grade of event.grades) {
    const area = grade.areaLabel?.trim() ? escapeMarkdown(grade.areaLabel.trim()) : areaLabel(grade.area);
    const prefix = severalForces ? `${escapeMarkdown(forceName(grade.force))} — ` : '';
    lines.push(`${prefix}${truncate(area, 200)}: **${gradeLabel(grade.grade)}**`);
  }
  if (event.grades.length === 0) lines.push('No graded findings reported yet.');
  return lines.join('\n');
}

/** The embed's fields; quote fields are also added to `droppable` (the first to go when over 6000). */
function fields(event: AlertEvent, droppable: Set<APIEmbedField>): APIEmbedField[] {
  const result: APIEmbedField[] = [];
  const audits = event.caseAudits.map((audit) => {
    const counts = (['outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate'] as const)
      .filter((grade) => audit[grade] !== undefined)
      .map((grade) => `${audit[grade]} ${gradeLabel(grade).toLowerCase()}`);
    return `${escapeMarkdown(forceName(audit.force))}: ${audit.total} cases audited${counts.length > 0 ? ` — ${counts.join(', ')}` : ''}`;
  });
  if (audits.length > 0) result.push(field('Case audit', audits.join('\n')));
  for (const quote of pickQuotes(event)) {
    const quoteField = field(quote.name, quote.value);
    droppable.add(quoteField);
    result.push(quoteField);
  }
  if (event.sources.length > 0) result.push(field('Covered by', coveredBy(event.sources)));
  return result.slice(0, LIMITS.fields);
}

function field(name: string, value: string): APIEmbedField {
  return { name: truncate(name, LIMITS.fieldName), value: truncate(value, LIMITS.fieldValue), inline: false };
}

/** Up to three quotes, one per official first, as "Name, Role, Organisation" → “quote”. */
function pickQuotes(event: AlertEvent): { name: string; value: string }[] {
  const rounds = Math.max(0, ...event.officials.map((official) => official.quotes.length));
  const picked: { name: string; value: string }[] = [];
  for (let round = 0; round < rounds && picked.length < MAX_QUOTES; round += 1) {
    for (const official of event.officials) {
      const said = official.quotes[round]?.trim();
      const text = said ? quoteForDisplay(said) : said;
      if (!text || picked.length >= MAX_QUOTES) continue;
      const speaker = [official.name, official.role, official.organisation].filter((part): part is string => !!part?.trim());
      picked.push({
        name: truncate(escapeMarkdown(speaker.join(', ')), LIMITS.fieldName),
        value: `“${truncate(escapeMarkdown(text), LIMITS.fieldValue - 2)}”`,
      });
    }
  }
  return picked;
}

/** Markdown links to every outlet, as many as fit in a field, then "and N more". */
function coveredBy(sources: readonly StorySource[]): string {
  // An outlet that ran several articles gets one link each, told apart: "Tyneside Sound (2)".
  const seen = new Map<string, number>();
  const links = sources.map((source) => {
    const outlet = truncate(source.outlet?.trim() || hostOf(source.url), 80);
    const count = (seen.get(outlet) ?? 0) + 1;
    seen.set(outlet, count);
    return markdownLink(count > 1 ? `${outlet} (${count})` : outlet, source.url);
  });
  const kept: string[] = [];
  for (const [index, link] of links.entries()) {
    const rest = links.length - index - 1;
    const tail = rest > 0 ? `, and ${rest} more` : '';
    const candidate = [...kept, link].join(' · ');
    if (candidate.length + tail.length > LIMITS.fieldValue) {
      return `${kept.join(' · ')}${kept.length > 0 ? ', ' : ''}and ${links.length - kept.length} more`;
    }
    kept.push(link);
  }
  return kept.join(' · ');
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return 'source';
  }
}

function footerText(event: AlertEvent): string {
  const day = formatDay(event.reportDate);
  const who = event.inspectorate ?? 'Inspection';
  return day === null ? who : `${who} · report ${day}`;
}

function embedLength(embed: APIEmbed): number {
  const fieldsLength = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + fieldsLength;
}

/** Keeps the whole embed within 6000 characters: drops quote fields, then shortens the description. */
function fitTotal(embed: APIEmbed, droppable: ReadonlySet<APIEmbedField>): APIEmbed {
  const fitted: APIEmbed = { ...embed, fields: [...(embed.fields ?? [])] };
  while (embedLength(fitted) > LIMITS.total) {
    const fieldsNow = fitted.fields ?? [];
    const last = fieldsNow.findLastIndex((f) => droppable.has(f));
    if (last < 0) break;
    fitted.fields = fieldsNow.filter((_f, index) => index !== last);
  }
  const excess = embedLength(fitted) - LIMITS.total;
  if (excess > 0 && fitted.description !== undefined) {
    fitted.description = truncate(fitted.description, Math.max(1, fitted.description.length - excess));
  }
  return fitted;
}
