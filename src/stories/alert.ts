// Renders a story as an alert event (the alert contract). Pure.
import type { AlertEvent, Story } from '../core/story.js';
import { forceName } from '../extract/force-gazetteer.js';

const TYPE_LABELS: Record<string, string> = {
  'child-protection': 'child protection inspection',
  peel: 'PEEL inspection',
  custody: 'custody inspection',
  thematic: 'national thematic inspection',
  other: 'inspection',
};

export function headlineFor(story: Story): string {
  const forces = story.forces.length > 0 ? story.forces.map(forceName).join(' and ') : 'Police forces in England and Wales';
  const type = TYPE_LABELS[story.inspectionType ?? 'other'] ?? 'inspection';
  const what = story.reinspection ? type.replace(/inspection$/, 're-inspection') : type;
  return `${story.inspectorate ?? 'HMICFRS'}: ${forces} — ${what}`;
}

export function alertFor(story: Story, type: AlertEvent['type'], now: Date): AlertEvent {
  return {
    schema: 1,
    type,
    storyId: story.id,
    version: story.version,
    at: now.toISOString(),
    headline: headlineFor(story),
    forces: story.forces.map((id) => ({ id, name: forceName(id) })),
    inspectorate: story.inspectorate,
    inspectionType: story.inspectionType,
    reinspection: story.reinspection,
    reportDate: story.reportDate,
    grades: story.grades.map(({ force, area, grade, areaLabel }) => ({ force, area, grade, ...(areaLabel ? { areaLabel } : {}) })),
    officials: story.officials,
    caseAudits: story.caseAudits,
    sources: story.sources,
    mentionedForces: story.mentionedForces,
  };
}
