// Decides where an article belongs: a near-duplicate of a story's source (same text), another
// account of a story's report (same story), or a new report. Pure: candidates and the clock are
// passed in.
import type { Story } from '../core/story.js';
import type { ExtractedArticle, InspectionType } from '../core/types.js';
import { hammingDistance, isNearDuplicate, words } from './fingerprint.js';

export type ClusterDecision =
  | { kind: 'same-text'; story: Story }
  | { kind: 'same-story'; story: Story; score: number }
  | { kind: 'new' };

export interface ClusterOptions {
  /** How far apart two accounts of one report may be published. */
  windowMs: number;
  /** The article is the inspectorate's own release (its grades are the report's). */
  fromInspectorate?: boolean;
  /** The article's opening paragraph: its subject, when the headline does not name it (an opinion piece's). */
  articleLead?: string | undefined;
}

export function decideStory(article: ExtractedArticle, fingerprint: string, when: string, candidates: Story[], options: ClusterOptions): ClusterDecision {
  // The same text is the same story, unless the facts say otherwise: inspectorates publish
  // templated releases, and two of them about different forces are as close as a syndicated copy.
  let nearest: { story: Story; distance: number } | null = null;
  for (const story of candidates) {
    if (!withinWindow(story, when, options.windowMs * 2) || contradicts(article, story)) continue;
    for (const other of story.fingerprints) {
      if (!isNearDuplicate(other, fingerprint)) continue;
      const distance = hammingDistance(other, fingerprint);
      if (!nearest || distance < nearest.distance) nearest = { story, distance };
    }
  }
  if (nearest) return { kind: 'same-text', story: nearest.story };
  let best: { story: Story; score: number } | null = null;
  for (const story of candidates) {
    const score = sameReportScore(article, when, story, options);
    if (score > 0 && (!best || score > best.score)) best = { story, score };
  }
  return best ? { kind: 'same-story', ...best } : { kind: 'new' };
}

/** > 0 when the article can tell the same report as the story; higher is a closer match. */
export function sameReportScore(article: ExtractedArticle, when: string, story: Story, options: ClusterOptions): number {
  if (!withinWindow(story, when, options.windowMs)) return 0;
  const primary = article.forces.primary;
  let score: number;
  if (primary.length > 0 && story.forces.length > 0) {
    const shared = primary.filter((force) => story.forces.includes(force)).length;
    if (shared === 0) return 0;
    score = 2 + shared / Math.max(primary.length, story.forces.length);
  } else if (primary.length === 0 && story.forces.length === 0) {
    // Two national reports have no force to tell them apart, and the inspectorate publishes
    // several thematic reports a month: the same report only when the headlines share a subject
    // (stalking, vetting, …) or the articles quote the same people.
    const subject = sharedSubjectTerms(article, story, options.articleLead) + sharedOfficials(article, story);
    const mentioned = article.forces.mentioned.filter((force) => story.mentionedForces.includes(force)).length;
    // Or the same sample of forces: a thematic report visits a handful of forces, and another
    // report within the window rarely visits two of the same ones.
    const sameSample = mentioned >= 2 && mentioned >= Math.min(article.forces.mentioned.length, story.mentionedForces.length) / 2;
    if (subject === 0 && !sameSample) return 0;
    score = 1 + Math.min(1, subject / 3) * 0.5 + (mentioned / Math.max(1, article.forces.mentioned.length)) * 0.5;
  } else if (primary.length > 0 && story.forces.length === 0) {
    // An outlet that writes up a national report through its local force ("the report covered
    // Humberside Police"): one of the forces the report sampled, and the same subject.
    if (!primary.every((force) => story.mentionedForces.includes(force))) return 0;
    const subject = sharedSubjectTerms(article, story, options.articleLead) + sharedOfficials(article, story);
    if (subject === 0) return 0;
    score = 1 + Math.min(1, subject / 3) * 0.5;
  } else {
    return 0;
  }
  if (contradicts(article, story)) return 0;
  const { agree, conflict } = compareGrades(article, story, options.fromInspectorate ?? false);
  if (conflict > agree) return 0;
  // A report of another named programme for the same force within the window is rare but real
  // (a custody report and a PEEL report a week apart): an account that names no programme joins
  // only on something the two share — a grade, a person quoted, a subject in the headline.
  if (vaguelyTyped(article, story) && agree === 0 && sharedOfficials(article, story) === 0 && sharedSubjectTerms(article, story, options.articleLead) === 0) return 0;
  return score + agree * 0.1 - conflict * 0.2 + proximity(story, when, options.windowMs);
}

/**
 * Whether an article of one inspection type can tell the report of a story of another. Unknown
 * types fit anything. "other" fits too: a local write-up of a national (thematic) report reads as
 * "other", and so does an account that never names the programme ("inspectors said the force must
 * answer calls faster") — the latter joins a named programme only on evidence (`vaguelyTyped`).
 */
export function typesFit(articleType: InspectionType, storyType: InspectionType): boolean {
  return !articleType || !storyType || articleType === storyType || articleType === 'other' || storyType === 'other';
}

/** One side's type is "other" and the other's is a named programme. */
function vaguelyTyped(article: ExtractedArticle, story: Story): boolean {
  if (article.inspectionType === story.inspectionType || !article.inspectionType || !story.inspectionType) return false;
  if (story.inspectionType === 'thematic' && article.inspectionType === 'other') return false;
  return article.inspectionType === 'other' || story.inspectionType === 'other';
}

/** Facts that rule out the same report however close the texts are. */
function contradicts(article: ExtractedArticle, story: Story): boolean {
  const primary = article.forces.primary;
  if (primary.length > 0 && story.forces.length > 0 && !primary.some((force) => story.forces.includes(force))) return true;
  if (!typesFit(article.inspectionType, story.inspectionType)) return true;
  return Boolean(article.inspectorate && story.inspectorate && article.inspectorate !== story.inspectorate);
}

// Headline words that say nothing about which report it is.
const GENERIC_PREFIXES = [
  'polic', 'force', 'offic', 'inspe', 'hmicf', 'hmic', 'watch', 'repor', 'natio', 'engla', 'wales', 'thema', 'revie',
  'says', 'said', 'warn', 'find', 'found', 'must', 'more', 'with', 'from', 'that', 'this', 'they', 'their', 'have', 'been',
  'into', 'over', 'after', 'about', 'told', 'acros', 'impro', 'need', 'fail', 'still', 'what', 'when', 'were', 'will', 'some',
  'most', 'many', 'year', 'publi', 'today', 'calls', 'urged', 'under', 'being', 'chief', 'const', 'servi', 'victi', 'crime',
  'respo', 'peopl', 'poor', 'bette', 'worse', 'progr',
];

function subjectTerms(title: string): Set<string> {
  const terms = new Set<string>();
  for (const word of words(title)) {
    if (word.length < 4 || /^\d+$/.test(word)) continue;
    const stem = word.slice(0, 5);
    if (!GENERIC_PREFIXES.some((prefix) => stem.startsWith(prefix))) terms.add(stem);
  }
  return terms;
}

function sharedSubjectTerms(article: ExtractedArticle, story: Story, lead?: string): number {
  const known = new Set(story.sources.flatMap((source) => [...subjectTerms(source.title)]));
  const fromTitle = [...subjectTerms(article.title)].filter((term) => known.has(term)).length;
  if (fromTitle > 0 || !lead) return fromTitle;
  // "The inspectors have said it again": a headline that does not name the subject. The opening
  // paragraph may ("… the report on stalking and harassment …"); being longer, it must share two.
  const fromLead = [...subjectTerms(lead)].filter((term) => known.has(term)).length;
  return fromLead >= 2 ? fromLead : 0;
}

function sharedOfficials(article: ExtractedArticle, story: Story): number {
  const key = (name: string) => words(name).join(' ');
  const known = new Set(story.officials.map((official) => key(official.name)));
  return article.officials.filter((official) => known.has(key(official.name))).length;
}

/**
 * Grades the article shares with the story, agreeing or not. A grade from the inspectorate's
 * release and one from an outlet never count as a conflict: the outlet misreported it, and
 * merging keeps the release's. Only accounts of equal standing that disagree suggest another report.
 */
function compareGrades(article: ExtractedArticle, story: Story, fromInspectorate: boolean): { agree: number; conflict: number } {
  const releases = new Set(story.sources.filter((source) => source.fromInspectorate).map((source) => source.url));
  let agree = 0;
  let conflict = 0;
  for (const grade of article.grades) {
    const known = story.grades.find((other) => other.force === grade.force && other.area === grade.area);
    if (!known) continue;
    if (known.grade === grade.grade) agree += 1;
    else if (releases.has(known.source) === fromInspectorate) conflict += 1;
  }
  return { agree, conflict };
}

function withinWindow(story: Story, when: string, windowMs: number): boolean {
  const reference = Date.parse(story.reportDate ?? story.firstSeen);
  const time = Date.parse(when);
  if (Number.isNaN(reference) || Number.isNaN(time)) return true;
  return Math.abs(time - reference) <= windowMs;
}

function proximity(story: Story, when: string, windowMs: number): number {
  const reference = Date.parse(story.reportDate ?? story.firstSeen);
  const time = Date.parse(when);
  if (Number.isNaN(reference) || Number.isNaN(time)) return 0;
  return 1 - Math.min(1, Math.abs(time - reference) / windowMs);
}
