// Which inspectorate, what kind of inspection, whether it is a re-inspection, and whether the
// article reports an inspection of a UK police force at all (relevance).
import type { Area, Inspectorate, InspectionType } from '../core/types.js';

// HMIC became HMICFRS when it took on fire and rescue services in July 2017.
const HMICFRS_FROM = Date.parse('2017-07-19T00:00:00Z');

const NAMES_HMICFRS = /\bHMICFRS\b|Inspectorate\s+of\s+Constabulary\s+and\s+Fire|Inspector\s+of\s+Constabulary\s+and\s+Fire/i;
const NAMES_HMIC = /\bHMIC\b(?!FRS|S)|Inspectorate\s+of\s+Constabulary(?!\s+(?:and\s+Fire|in\s+Scotland))/i;
/** Names only HMIC(FRS) has. */
const NAMES_THE_INSPECTORATE = /\bHMICFRS\b|\bHMIC\b(?!S)|\bHMI\b|Inspectorate\s+of\s+Constabulary(?!\s+in\s+Scotland)|Inspector\s+of\s+Constabulary(?!\s+in\s+Scotland)|\bPEEL\b/i;
/** What journalists also call it — and sometimes call the IOPC. */
const DESCRIBES_THE_INSPECTORATE = /police\s+inspectorate|policing\s+inspectorate|police\s+watchdog|policing\s+watchdog/i;
const INSPECTION_WORDS = /\binspect(?:ion|ions|ors?|orate|ed)\b|\bwatchdog\b|\bre-?inspect/i;
const OTHER_INSPECTORATES =
  /\bOfsted\b|Inspectorate\s+of\s+Prisons|Chief\s+Inspector\s+of\s+Prisons|\bIOPC\b|Independent\s+Office\s+for\s+Police\s+Conduct|\bHMICS\b|Inspectorate\s+of\s+Constabulary\s+in\s+Scotland|Care\s+Quality\s+Commission|\bEstyn\b|Inspectorate\s+of\s+Probation|\bHMP\s+[A-Z]/;
/** A report on a topic across forces: "the inspectorate's report on shop theft", "how forces respond to stalking". */
export const TOPIC_REPORT =
  /\b(?:report|inspection|review|examination|study)\s+(?:on|into|of)\s+(?:the\s+)?(?:police\s+)?(?:response\s+to\s+|handling\s+of\s+)?(?:shop\s+theft|shoplifting|retail\s+crime|burglary|stalking|rape|domestic\s+abuse|violence\s+against\s+women(?:\s+and\s+girls)?|fraud|knife\s+crime|county\s+lines|hate\s+crime|anti-?social\s+behaviour|serious\s+violence|road\s+policing|strip[-\s]search(?:es|ing)?|missing\s+children|modern\s+slavery|online\s+child\s+abuse)\b|\bhow\s+(?:police\s+)?forces\b/i;
const GRADED_IN_LEAD = /\b(?:rated|graded|judged|told\s+(?:that\s+)?it)\s+(?:as\s+)?['‘"“]?(?:outstanding|good|adequate|inadequate|requires?\s+improvement|to\s+require\s+improvement)\b/i;
const FIRE_SUBJECT = /Fire\s+(?:and|&)\s+Rescue|\bfire\s+service|\bfire\s+brigade|\bFire\s+Authority|\bfirefighters?\b/i;
const POLICE_SUBJECT = /\bpolice\b|\bpolicing\b|\bforces?\b|\bconstabular(?:y|ies)\b|\bofficers\b/i;

export interface InspectionFacts {
  inspectorate: Inspectorate;
  inspectionType: InspectionType;
  reinspection: boolean;
  relevant: boolean;
}

export interface InspectionInput {
  headline: string;
  /** Headline, standfirst and the first paragraphs: what the story is about. */
  lead: string;
  /** The whole article text. */
  body: string;
  published: string | null;
  primaryForces: number;
  mentionedForces: number;
  /** PEEL-only grade areas were found (a strong hint of a PEEL report). */
  hasPeelAreas: boolean;
  hasChildProtectionAreas: boolean;
}

export function classifyInspection(input: InspectionInput): InspectionFacts {
  const relevant = isRelevant(input);
  if (!relevant) return { inspectorate: null, inspectionType: null, reinspection: false, relevant };
  return {
    relevant,
    inspectorate: whichInspectorate(input.body, input.published),
    inspectionType: inspectionType(input),
    reinspection: isReinspection(input.lead, input.body),
  };
}

// The inspectorate's own name contains "Fire & Rescue Services": it says nothing about the subject.
const INSPECTORATE_FULL_NAME = /(?:His|Her)\s+Majesty[’']s\s+Inspectorate\s+of\s+Constabulary\s+and\s+Fire\s+(?:and|&)\s+Rescue\s+Services|Inspectorate\s+of\s+Constabulary\s+and\s+Fire\s+(?:and|&)\s+Rescue\s+Services/gi;

function isRelevant(input: InspectionInput): boolean {
  const body = input.body.replace(INSPECTORATE_FULL_NAME, 'HMICFRS');
  const lead = input.lead.replace(INSPECTORATE_FULL_NAME, 'HMICFRS');
  const otherBody = OTHER_INSPECTORATES.test(body);
  // "The police watchdog" is the IOPC as often as HMICFRS: it counts only when no other body is named.
  const POLICE_INSPECTORATE = { test: (text: string) => NAMES_THE_INSPECTORATE.test(text) || (!otherBody && DESCRIBES_THE_INSPECTORATE.test(text)) };
  // "Inspectors reviewed cases from forces including …": inspectors at work on police forces, with
  // no other inspectorate named anywhere, can only be the police inspectorate.
  const inspectorsOnPolice = !otherBody && /\binspectors?\b[^.;]{0,80}\b(?:police|policing|forces|constabular(?:y|ies))\b/i.test(lead);
  // "When the inspectorate published its report on burglary …": the inspectorate of a report on policing.
  const topicReport = !otherBody && /\bthe\s+inspectorate\b/i.test(lead) && TOPIC_REPORT.test(lead) && POLICE_SUBJECT.test(lead);
  const namesPoliceInspectorate = POLICE_INSPECTORATE.test(body) || inspectorsOnPolice || topicReport;
  // Named only further down, with nothing in the lead about an inspection and no graded area
  // ("a change the police inspectorate had recommended nationally", closing a court report), the
  // inspectorate is background, not the story.
  const inspectionLed = POLICE_INSPECTORATE.test(lead) || INSPECTION_WORDS.test(lead) || input.hasPeelAreas || input.hasChildProtectionAreas;
  // "Dyfed-Powys Police has been told it requires improvement in how it vets its officers": the
  // inspectorate's grade scale applied to a force in the lead is an inspection, even unnamed.
  const gradedInLead = input.primaryForces > 0 && !otherBody && GRADED_IN_LEAD.test(lead);
  const aboutInspection = (namesPoliceInspectorate && inspectionLed) || (INSPECTION_WORDS.test(lead) && input.primaryForces > 0) || gradedInLead;
  if (!aboutInspection) return false;
  // A fire and rescue inspection uses the same inspectorate and grade words; it is about a
  // fire service when the lead names one and no police force is its subject.
  if (input.primaryForces === 0 && FIRE_SUBJECT.test(lead)) return false;
  if (FIRE_SUBJECT.test(input.headline) && !/\bpolice\b|\bconstabulary\b/i.test(input.headline)) return false;
  // Ofsted, prisons, IOPC, Scotland's HMICS: relevant only if HMIC(FRS) itself reports too.
  if (OTHER_INSPECTORATES.test(lead) && !POLICE_INSPECTORATE.test(lead)) return false;
  // Another body named only further down (the council's Ofsted rating in a police story) does not
  // make the lead's police inspection someone else's.
  if (!namesPoliceInspectorate && OTHER_INSPECTORATES.test(lead)) return false;
  if (input.primaryForces > 0) return true;
  // A national (thematic) report: the inspectorate reports on policing in general.
  return namesPoliceInspectorate && POLICE_SUBJECT.test(lead) && !FIRE_SUBJECT.test(lead);
}

export function whichInspectorate(text: string, published: string | null): Inspectorate {
  const time = published ? Date.parse(published) : Number.NaN;
  if (!Number.isNaN(time)) return time < HMICFRS_FROM ? 'HMIC' : 'HMICFRS';
  if (NAMES_HMICFRS.test(text)) return 'HMICFRS';
  if (NAMES_HMIC.test(text)) return 'HMIC';
  return 'HMICFRS';
}

const CHILD_PROTECTION = /child\s+protection|protect(?:ing|s)?\s+children|safeguard(?:ing|s)?\s+children|child(?:ren)?\s+at\s+risk|child\s+(?:sexual\s+)?(?:abuse|exploitation)|abuse,\s+neglect\s+(?:and|or)\s+exploitation|\bNCPI\b/gi;
// The PEEL pillars and their questions ("how efficiently the force operates", "how effective is
// the constabulary at keeping people safe").
const PEEL =
  /\bPEEL\b|effectiveness,\s+efficiency\s+and\s+legitimacy|police\s+(?:effectiveness|efficiency|legitimacy)|(?:effectiveness|efficiency|legitimacy)\s+(?:inspection|report|assessment)s?|\bhow\s+(?:effective|efficient|legitimate|effectively|efficiently|legitimately)\s+(?:is\s+)?(?:the\s+force|the\s+constabulary|police\s+forces?)\b/gi;
const CUSTODY = /\bcustody\s+(?:suites?|inspection|arrangements|services)|police\s+custody|detainees/gi;

// A standalone inspection of one subject (HMICFRS's vetting and counter-corruption and crime data
// integrity inspections): its grades are of that subject, and it is neither PEEL nor thematic.
const STANDALONE_TOPIC =
  /\b(?:inspection|review|report|assessment|examination)\s+(?:of|into|on)\s+(?:the\s+force[’']s\s+|its\s+|their\s+|the\s+)?(vetting|counter-corruption|anti-corruption|crime\s+data\s+integrity|crime\s+recording)\b|\b(vetting|counter-corruption|crime\s+data\s+integrity|crime\s+recording)\s+(?:inspection|review|report)\b/i;

const TOPIC_NAMED = /\b(?:vetting|counter-corruption|anti-corruption|(crime\s+data\s+integrity|crime\s+recording))\b/i;

/**
 * The area a standalone inspection grades, when the lead names its topic; for an inspection
 * already known to be neither PEEL nor child protection, a mention of the topic is enough.
 */
export function standaloneTopicArea(lead: string): Area | null {
  const match = TOPIC_NAMED.exec(lead);
  if (!match) return null;
  return match[1] ? 'crime-data-integrity' : 'other';
}

function count(pattern: RegExp, text: string): number {
  return [...text.matchAll(pattern)].length;
}

function inspectionType(input: InspectionInput): InspectionType {
  const score = (pattern: RegExp) => 3 * count(pattern, input.lead) + count(pattern, input.body);
  const childProtection = score(CHILD_PROTECTION) + (input.hasChildProtectionAreas ? 3 : 0);
  // Graded PEEL areas are the strongest sign: a PEEL story mentions children too, a child
  // protection story rarely grades "investigating crime" or "efficiency".
  const peel = score(PEEL) * 2 + (input.hasPeelAreas ? 6 : 0);
  const custody = score(CUSTODY);
  const best = Math.max(childProtection, peel, custody);
  // A report with no force as its subject is a national, thematic report whatever its topic.
  if (input.primaryForces === 0) return 'thematic';
  if (STANDALONE_TOPIC.test(input.lead) && !/\bPEEL\b/.test(input.lead)) return 'other';
  if (best === 0) return input.primaryForces === 0 ? 'thematic' : 'other';
  if (peel === best) return 'peel';
  if (childProtection === best) return 'child-protection';
  return 'custody';
}

const REINSPECTION =
  /\bre-?inspect(?:ion|ed|s)?\b|post-inspection\s+review|follow-up\s+(?:review|report|inspection|visit)|progress\s+review|revisit(?:ed|s)?\b|return\s+visit|inspectors\s+return|returned\s+to\s+the\s+(?:force|constabulary)|inspected\s+again|follow-up\s+inspection|(?:went|gone|going|returned|came|go)\s+back\s+(?:in\s+)?to\b|(?:went|gone|go|going|came)\s+back\s+in\b|(?:inspectors|the\s+inspectorate)\s+(?:returned|went\s+back)|revisit(?:ed)?\s+(?:the\s+force|the\s+constabulary)/i;

/** A re-inspection is what the lead says the story is: a later mention is usually another force's. */
function isReinspection(lead: string, _body: string): boolean {
  return REINSPECTION.test(lead);
}
