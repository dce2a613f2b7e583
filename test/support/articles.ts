// Builders for the plain data the pure story stages take: extracted articles, their sources and
// stories grown from them through the real newStory / mergeIntoStory.
import { createHash } from 'node:crypto';
import type { Story, StorySource } from '../../src/core/story.js';
import type { CaseAudit, ExtractedArticle, ForceId, GradeJudgment, Official, Quote } from '../../src/core/types.js';
import { mergeIntoStory, newStory, type IncomingArticle } from '../../src/stories/merge.js';

export interface ArticleSpec {
  url: string;
  title?: string;
  outlet?: string | null;
  published?: string | null;
  primary?: ForceId[];
  mentioned?: ForceId[];
  inspectorate?: ExtractedArticle['inspectorate'];
  inspectionType?: ExtractedArticle['inspectionType'];
  reinspection?: boolean;
  grades?: GradeJudgment[];
  officials?: Official[];
  quotes?: Quote[];
  caseAudits?: CaseAudit[];
  /** The inspectorate's own release (decides grade conflicts). */
  fromInspectorate?: boolean;
  /** SimHash of the text; distinct per article unless a test says otherwise. */
  fingerprint?: string;
}

let counter = 0;

/** A random-looking fingerprint: two of them differ in about 32 bits, never near-duplicates. */
export function distinctFingerprint(): string {
  counter += 1;
  return createHash('sha256').update(`fingerprint ${counter}`).digest('hex').slice(0, 16);
}

export function article(spec: ArticleSpec): ExtractedArticle {
  return {
    schema: 1,
    url: spec.url,
    title: spec.title ?? `Article at ${spec.url}`,
    outlet: spec.outlet ?? null,
    published: spec.published === undefined ? '2025-11-21T09:00:00.000Z' : spec.published,
    relevant: true,
    inspectorate: spec.inspectorate === undefined ? 'HMICFRS' : spec.inspectorate,
    inspectionType: spec.inspectionType === undefined ? 'child-protection' : spec.inspectionType,
    reinspection: spec.reinspection ?? false,
    forces: { primary: spec.primary ?? [], mentioned: spec.mentioned ?? [] },
    grades: spec.grades ?? [],
    officials: spec.officials ?? [],
    quotes: spec.quotes ?? [],
    caseAudits: spec.caseAudits ?? [],
  };
}

export function incoming(spec: ArticleSpec): IncomingArticle {
  const extracted = article(spec);
  const source: StorySource = {
    url: extracted.url,
    title: extracted.title,
    outlet: extracted.outlet,
    published: extracted.published,
    fromInspectorate: spec.fromInspectorate ?? false,
  };
  return { article: extracted, source, fingerprint: spec.fingerprint ?? distinctFingerprint() };
}

/** A story founded by the first spec and merged with the rest, in order. */
export function storyOf(id: string, specs: ArticleSpec[], now = new Date('2025-11-21T12:00:00Z')): Story {
  const [first, ...rest] = specs;
  if (!first) throw new Error('storyOf needs at least one article');
  let story = newStory(id, incoming(first), now);
  for (const spec of rest) story = mergeIntoStory(story, incoming(spec), now).story;
  return story;
}

export const grade = (force: ForceId, area: GradeJudgment['area'], value: GradeJudgment['grade']): GradeJudgment => ({ force, area, grade: value });

export const DAY_MS = 86_400_000;
