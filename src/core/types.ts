// Plain data shared by every stage. Shapes that leave the process follow ../shared/contract
// (article.schema.json, alert.schema.json); keep them in step with contract/ in this repo.

export const FORCE_IDS = [
  'avon-and-somerset', 'bedfordshire', 'cambridgeshire', 'cheshire', 'city-of-london', 'cleveland',
  'cumbria', 'derbyshire', 'devon-and-cornwall', 'dorset', 'durham', 'dyfed-powys', 'essex',
  'gloucestershire', 'greater-manchester', 'gwent', 'hampshire', 'hertfordshire', 'humberside', 'kent',
  'lancashire', 'leicestershire', 'lincolnshire', 'merseyside', 'metropolitan', 'norfolk', 'north-wales',
  'north-yorkshire', 'northamptonshire', 'northumbria', 'nottinghamshire', 'south-wales',
  'south-yorkshire', 'staffordshire', 'suffolk', 'surrey', 'sussex', 'thames-valley', 'warwickshire',
  'west-mercia', 'west-midlands', 'west-yorkshire', 'wiltshire', 'btp', 'northern-ireland',
  'police-scotland', 'ministry-of-defence', 'civil-nuclear',
] as const;
export type ForceId = (typeof FORCE_IDS)[number];

export const GRADES = ['outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate'] as const;
export type Grade = (typeof GRADES)[number];

export const AREAS = [
  'leadership', 'partnership-working', 'initial-response', 'risk-assessment-referral', 'investigation',
  'police-powers-public-treatment', 'preventing-crime', 'responding-to-public', 'investigating-crime',
  'protecting-vulnerable-people', 'managing-offenders', 'serious-organised-crime', 'workforce',
  'leadership-force-management', 'crime-data-integrity', 'victim-service',
  'effectiveness', 'efficiency', 'legitimacy', 'other',
] as const;
export type Area = (typeof AREAS)[number];

export type Inspectorate = 'HMICFRS' | 'HMIC' | null;
export type InspectionType = 'child-protection' | 'peel' | 'custody' | 'thematic' | 'other' | null;

export interface GradeJudgment {
  force: ForceId;
  area: Area;
  grade: Grade;
  areaLabel?: string;
  evidence?: string;
}

export interface Official {
  name: string;
  role: string | null;
  organisation: string | null;
}

export interface Quote {
  speaker: string | null;
  text: string;
}

export interface CaseAudit {
  force: ForceId;
  total: number;
  outstanding?: number;
  good?: number;
  adequate?: number;
  'requires-improvement'?: number;
  inadequate?: number;
}

/** What the reader stage hands to extraction: readable text, already split into paragraphs. */
export interface ArticleText {
  url: string;
  title: string;
  outlet: string | null;
  /** ISO 8601 or null when no date is known. */
  published: string | null;
  /** Standfirst / summary when the page or feed has one, else "". */
  standfirst: string;
  paragraphs: string[];
}

/** The article contract (`forcewatch extract --json`). */
export interface ExtractedArticle {
  schema: 1;
  url: string;
  canonicalUrl?: string;
  title: string;
  outlet: string | null;
  published: string | null;
  relevant: boolean;
  inspectorate: Inspectorate;
  inspectionType: InspectionType;
  reinspection: boolean;
  forces: { primary: ForceId[]; mentioned: ForceId[] };
  grades: GradeJudgment[];
  officials: Official[];
  quotes: Quote[];
  caseAudits: CaseAudit[];
}

/** One entry of a feed after parsing; links are absolute. */
export interface FeedItem {
  guid: string | null;
  link: string | null;
  title: string;
  /** ISO 8601 or null when the feed gave no usable date. */
  published: string | null;
  /** Full HTML from content:encoded / Atom content, when the feed carries it. */
  contentHtml: string | null;
  /** Plain-text snippet (description / summary). */
  summary: string | null;
}
