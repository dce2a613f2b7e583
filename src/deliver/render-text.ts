// A plain-text rendering of an alert for terminals and logs. Pure.
import type { AlertEvent } from '../core/story.js';

const GRADE_WORDS: Record<string, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  adequate: 'Adequate',
  'requires-improvement': 'Requires improvement',
  inadequate: 'Inadequate',
};

export function renderAlertText(event: AlertEvent): string {
  const lines: string[] = [];
  const marker = event.type === 'alert.created' ? 'NEW' : 'UPDATED';
  lines.push(`━━ [${marker}] ${event.headline}`);
  if (event.reportDate) lines.push(`   report: ${event.reportDate.slice(0, 10)}`);
  for (const grade of event.grades) {
    const forceLabel = event.forces.length > 1 ? ` (${grade.force})` : '';
    lines.push(`   • ${grade.areaLabel ? capitalise(grade.areaLabel) : grade.area}${forceLabel}: ${GRADE_WORDS[grade.grade] ?? grade.grade}`);
  }
  for (const audit of event.caseAudits) {
    const parts = (['outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate'] as const)
      .filter((grade) => audit[grade] !== undefined)
      .map((grade) => `${audit[grade]} ${GRADE_WORDS[grade]!.toLowerCase()}`);
    lines.push(`   cases audited: ${audit.total}${parts.length ? ` — ${parts.join(', ')}` : ''}`);
  }
  for (const official of event.officials.filter((person) => person.quotes.length > 0).slice(0, 3)) {
    const who = [official.name, official.role, official.organisation].filter(Boolean).join(', ');
    lines.push(`   “${truncate(official.quotes[0]!, 200)}” — ${who}`);
  }
  lines.push(`   covered by: ${event.sources.map((source) => source.outlet ?? new URL(source.url).host).join(', ')}`);
  for (const source of event.sources) lines.push(`     ${source.url}`);
  return lines.join('\n');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
