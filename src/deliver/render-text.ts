// A plain-text rendering of an alert for terminals and logs. Pure.
import { areaLabel, GRADE_ORDER, gradeLabel, quoteForDisplay } from '../core/labels.js';
import type { AlertEvent } from '../core/story.js';

export function renderAlertText(event: AlertEvent): string {
  const lines: string[] = [];
  const marker = event.type === 'alert.created' ? 'NEW' : 'UPDATED';
  lines.push(`━━ [${marker}] ${event.headline}`);
  if (event.reportDate) lines.push(`   report: ${event.reportDate.slice(0, 10)}`);
  for (const grade of event.grades) {
    const forceLabel = event.forces.length > 1 ? ` (${grade.force})` : '';
    lines.push(`   • ${grade.areaLabel ? capitalise(grade.areaLabel) : areaLabel(grade.area)}${forceLabel}: ${gradeLabel(grade.grade)}`);
  }
  for (const audit of event.caseAudits) {
    const parts = GRADE_ORDER.filter((grade) => audit[grade] !== undefined).map((grade) => `${audit[grade]} ${gradeLabel(grade).toLowerCase()}`);
    lines.push(`   cases audited: ${audit.total}${parts.length ? ` — ${parts.join(', ')}` : ''}`);
  }
  for (const official of event.officials.filter((person) => person.quotes.length > 0).slice(0, 3)) {
    const who = [official.name, official.role, official.organisation].filter(Boolean).join(', ');
    lines.push(`   “${truncate(quoteForDisplay(official.quotes[0]!), 200)}” — ${who}`);
  }
  lines.push(`   covered by: ${coveredBy(event.sources.map((source) => source.outlet ?? hostOf(source.url)))}`);
  for (const source of event.sources) lines.push(`     ${source.url}`);
  return lines.join('\n');
}

/** Each outlet once, in order of first coverage, with its article count when it ran more than one. */
function coveredBy(outlets: string[]): string {
  const counts = new Map<string, number>();
  for (const outlet of outlets) counts.set(outlet, (counts.get(outlet) ?? 0) + 1);
  return [...counts].map(([outlet, count]) => (count > 1 ? `${outlet} (${count} articles)` : outlet)).join(', ');
}

/** The host of a source URL; a source read from a feed item without a link has only an id. */
function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
