// Human labels for the contract's vocabularies, shared by every way an alert is shown (console,
// Discord, history). Pure.
import type { Area, Grade, InspectionType } from './types.js';

export const GRADE_ORDER: readonly Grade[] = ['outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate'];

export function gradeRank(grade: Grade): number {
  return GRADE_ORDER.indexOf(grade);
}

export function worstGrade(grades: readonly { grade: Grade }[]): Grade | null {
  let worst: Grade | null = null;
  for (const { grade } of grades) if (worst === null || gradeRank(grade) > gradeRank(worst)) worst = grade;
  return worst;
}

const GRADE_LABELS: Record<Grade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  adequate: 'Adequate',
  'requires-improvement': 'Requires improvement',
  inadequate: 'Inadequate',
};

export function gradeLabel(grade: Grade): string {
  return GRADE_LABELS[grade];
}

const AREA_LABELS: Record<Area, string> = {
  leadership: 'Leadership',
  'partnership-working': 'Working with partners',
  'initial-response': 'Initial response',
  'risk-assessment-referral': 'Risk assessment and referral',
  investigation: 'Investigation',
  'police-powers-public-treatment': 'Police powers and public treatment',
  'preventing-crime': 'Preventing crime',
  'responding-to-public': 'Responding to the public',
  'investigating-crime': 'Investigating crime',
  'protecting-vulnerable-people': 'Protecting vulnerable people',
  'managing-offenders': 'Managing offenders',
  'serious-organised-crime': 'Serious and organised crime',
  workforce: 'Building, supporting and protecting the workforce',
  'leadership-force-management': 'Leadership and force management',
  'crime-data-integrity': 'Crime data integrity',
  'victim-service': 'Victim service assessment',
  effectiveness: 'Effectiveness',
  efficiency: 'Efficiency',
  legitimacy: 'Legitimacy',
  other: 'Other',
};

export function areaLabel(area: Area): string {
  return AREA_LABELS[area];
}

const INSPECTION_LABELS: Record<Exclude<InspectionType, null>, string> = {
  'child-protection': 'child protection',
  peel: 'PEEL',
  custody: 'custody',
  thematic: 'thematic',
  other: '',
};

/** "child protection inspection", "PEEL re-inspection", "inspection". */
export function inspectionLabel(type: InspectionType, reinspection: boolean): string {
  const kind = type === null ? '' : INSPECTION_LABELS[type];
  const noun = reinspection ? 're-inspection' : 'inspection';
  return kind === '' ? noun : `${kind} ${noun}`;
}

/**
 * A quote as shown on its own. News copy ends a quote that runs into its attribution with a
 * comma (“… otherwise,” she said); lifted out of the sentence, it ends with a full stop instead,
 * as an editor would print it. Any other ending is the speaker's and is kept.
 */
export function quoteForDisplay(text: string): string {
  return text.trim().replace(/\s*,$/u, '.');
}
