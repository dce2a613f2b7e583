// Folds an article into a story: sources, grades (the inspectorate's own release wins a
// conflict), officials merged by name with their quotes, case audits, forces. Reports whether
// anything new was added, so an article that adds nothing produces no alert.
import type { Story, StoryGrade, StoryOfficial, StorySource } from '../core/story.js';
import type { CaseAudit, ExtractedArticle, ForceId } from '../core/types.js';

export interface IncomingArticle {
  article: ExtractedArticle;
  source: StorySource;
  fingerprint: string;
}

export function newStory(id: string, incoming: IncomingArticle, now: Date): Story {
  const empty: Story = {
    id,
    version: 0,
    firstSeen: now.toISOString(),
    updatedAt: now.toISOString(),
    reportDate: null,
    forces: [],
    mentionedForces: [],
    inspectorate: null,
    inspectionType: null,
    reinspection: false,
    grades: [],
    officials: [],
    caseAudits: [],
    sources: [],
    fingerprints: [],
  };
  return mergeIntoStory(empty, incoming, now).story;
}

export function mergeIntoStory(previous: Story, incoming: IncomingArticle, now: Date): { story: Story; changed: boolean } {
  const { article, source, fingerprint } = incoming;
  const story: Story = structuredClone(previous);
  const before = JSON.stringify(factsOf(previous));

  if (!story.sources.some((known) => known.url === source.url)) story.sources.push(source);
  story.sources.sort((a, b) => time(a.published) - time(b.published));
  if (!story.fingerprints.includes(fingerprint)) story.fingerprints.push(fingerprint);
  // A national report stays national when a local outlet writes it up through one sampled force.
  const national = previous.sources.length > 0 && previous.forces.length === 0;
  story.forces = national ? story.forces : union(story.forces, article.forces.primary);
  story.mentionedForces = union(story.mentionedForces, national ? [...article.forces.primary, ...article.forces.mentioned] : article.forces.mentioned).filter(
    (force) => !story.forces.includes(force),
  );
  story.inspectorate ??= article.inspectorate;
  story.reinspection ||= article.reinspection;
  // The first account fixes the type; a later one only fills a gap (clustering already refused
  // articles of another type).
  story.inspectionType ??= article.inspectionType;
  if (source.published && (!story.reportDate || time(source.published) < time(story.reportDate))) story.reportDate = source.published;
  story.grades = mergeGrades(story.grades, article, source);
  story.officials = mergeOfficials(story.officials, article);
  story.caseAudits = mergeCaseAudits(story.caseAudits, article.caseAudits);

  const changed = JSON.stringify(factsOf(story)) !== before;
  if (changed) {
    story.version = previous.version + 1;
    story.updatedAt = now.toISOString();
  }
  return { story, changed };
}

/** What readers see (the alert and its headline, and who it is routed to): a change in any of these is worth an alert update. */
function factsOf(story: Story) {
  return [
    story.sources.map((source) => source.url),
    story.forces,
    story.mentionedForces,
    story.inspectorate,
    story.inspectionType,
    story.reinspection,
    story.grades.map((g) => [g.force, g.area, g.grade]),
    story.officials,
    story.caseAudits,
  ];
}

/** Milliseconds of an ISO date; undated sorts first. */
function time(iso: string | null): number {
  const value = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value;
}

function union(a: ForceId[], b: ForceId[]): ForceId[] {
  return [...new Set([...a, ...b])];
}

function mergeGrades(grades: StoryGrade[], article: ExtractedArticle, source: StorySource): StoryGrade[] {
  const merged = [...grades];
  for (const grade of article.grades) {
    const index = merged.findIndex((known) => known.force === grade.force && known.area === grade.area);
    const next: StoryGrade = { force: grade.force, area: grade.area, grade: grade.grade, source: source.url, ...(grade.areaLabel ? { areaLabel: grade.areaLabel } : {}) };
    if (index === -1) merged.push(next);
    // The inspectorate's own release is the authority: it corrects an outlet's grade, and becomes
    // the grade's source when it agrees. An outlet never overrides a grade already known.
    else if (source.fromInspectorate) merged[index] = next;
  }
  return merged;
}

function nameKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z ]/g, '')
    .trim();
}

function mergeOfficials(officials: StoryOfficial[], article: ExtractedArticle): StoryOfficial[] {
  const merged = officials.map((official) => ({ ...official, quotes: [...official.quotes] }));
  const find = (name: string) => merged.find((official) => nameKey(official.name) === nameKey(name));
  for (const official of article.officials) {
    const known = find(official.name);
    if (!known) merged.push({ ...official, quotes: [] });
    else {
      known.role ??= official.role;
      known.organisation ??= official.organisation;
    }
  }
  for (const quote of article.quotes) {
    if (!quote.speaker) continue;
    const official = find(quote.speaker);
    if (official && !official.quotes.some((text) => sameQuote(text, quote.text))) official.quotes.push(quote.text);
  }
  return merged;
}

/** The same quote, perhaps cut short by one outlet ("We welcome the report…"). */
function sameQuote(a: string, b: string): boolean {
  const norm = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  const [x, y] = [norm(a), norm(b)];
  if (x === '' || y === '') return x === y;
  return x === y || x.startsWith(y.slice(0, 40)) || y.startsWith(x.slice(0, 40));
}

function mergeCaseAudits(audits: CaseAudit[], incoming: CaseAudit[]): CaseAudit[] {
  const merged = audits.map((audit) => ({ ...audit }));
  for (const audit of incoming) {
    const known = merged.find((other) => other.force === audit.force && other.total === audit.total);
    if (!known) merged.push({ ...audit });
    else Object.assign(known, { ...audit, ...known });
  }
  return merged;
}
