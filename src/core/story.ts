// A story is one inspection report, however many outlets covered it. It is what the store
// keeps, what alerts are rendered from, and what the slash commands read.
import type { CaseAudit, ForceId, GradeJudgment, Inspectorate, InspectionType, Official } from './types.js';

export interface StorySource {
  url: string;
  title: string;
  outlet: string | null;
  published: string | null;
  /** The inspectorate's own release: preferred for grades and as the link. */
  fromInspectorate: boolean;
}

export interface StoryGrade extends GradeJudgment {
  /** URL of the source the grade was taken from. */
  source: string;
}

export interface StoryOfficial extends Official {
  quotes: string[];
}

export interface Story {
  id: string;
  /** Increases by one each time a source or fact is added; alerts carry it. */
  version: number;
  firstSeen: string;
  updatedAt: string;
  /** Earliest publication date among the sources (the report date as far as we know). */
  reportDate: string | null;
  forces: ForceId[];
  mentionedForces: ForceId[];
  inspectorate: Inspectorate;
  inspectionType: InspectionType;
  reinspection: boolean;
  grades: StoryGrade[];
  officials: StoryOfficial[];
  caseAudits: CaseAudit[];
  sources: StorySource[];
  /** 64-bit SimHash of each source's text, as 16-hex-digit strings (near-duplicate detection). */
  fingerprints: string[];
}

/** The alert contract (`jsonl` and `webhook` sinks). */
export interface AlertEvent {
  schema: 1;
  type: 'alert.created' | 'alert.updated';
  storyId: string;
  /** Story version this event carries; a sink that sees the same (storyId, version) twice skips it. */
  version: number;
  at: string;
  headline: string;
  forces: { id: ForceId; name: string }[];
  inspectorate: Inspectorate;
  inspectionType: InspectionType;
  reinspection: boolean;
  reportDate: string | null;
  grades: { force: ForceId; area: GradeJudgment['area']; grade: GradeJudgment['grade']; areaLabel?: string }[];
  officials: StoryOfficial[];
  caseAudits: CaseAudit[];
  sources: StorySource[];
  /** Forces named in the sources that the story is not about (routing of national reports). */
  mentionedForces: ForceId[];
}

/** Operational notices share the jsonl / webhook sinks with alerts (contract README). */
export interface FeedNoticeEvent {
  schema: 1;
  type: 'feed.failing' | 'feed.recovered';
  at: string;
  feed: { url: string; name: string | null };
  since: string;
  reason: string | null;
}
