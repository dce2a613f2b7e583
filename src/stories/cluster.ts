// Decides where an article belongs: a near-duplicate of a story's source (same text), another
// account of a story's report (same story), or a new report. Pure: candidates and the clock are
// passed in.
import type { Story } from '../core/story.js';
import type { ExtractedArticle } from '../core/types.js';
import { isNearDuplicate } from './fingerprint.js';

export type ClusterDecision =
  | { kind: 'same-text'; story: Story }
  | { kind: 'same-story'; story: Story; score: number }
  | { kind: 'new' };

export interface ClusterOptions {
  /** How far apart two accounts of one report may be published. */
  windowMs: number;
}

export function decideStory(article: ExtractedArticle, fingerprint: string, when: string, candidates: Story[], options: ClusterOptions): ClusterDecision {
  for (const story of candidates) {
    if (story.fingerprints.some((other) => isNearDuplicate(other, fingerprint)) && withinWindow(story, when, options.windowMs * 2)) {
      return { kind: 'same-text', story };
    }
  }
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
    // Two national reports: the same only when they name the same forces and type.
    const mentioned = article.forces.mentioned.filter((force) => story.mentionedForces.includes(force)).length;
    if (mentioned === 0 && article.inspectionType !== story.inspectionType) return 0;
    score = 1 + mentioned / Math.max(1, article.forces.mentioned.length);
  } else {
    return 0;
  }
  if (article.inspectionType && story.inspectionType && article.inspectionType !== story.inspectionType) return 0;
  if (article.inspectorate && story.inspectorate && article.inspectorate !== story.inspectorate) return 0;
  const { agree, conflict } = compareGrades(article, story);
  if (conflict > agree) return 0;
  return score + agree * 0.1 - conflict * 0.2 + proximity(story, when, options.windowMs);
}

function compareGrades(article: ExtractedArticle, story: Story): { agree: number; conflict: number } {
  let agree = 0;
  let conflict = 0;
  for (const grade of article.grades) {
    const known = story.grades.find((other) => other.force === grade.force && other.area === grade.area);
    if (!known) continue;
    if (known.grade === grade.grade) agree += 1;
    else conflict += 1;
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
