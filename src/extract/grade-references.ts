// Grades that refer back: a pronoun or a pointer to an area named before ("Inspectors judged them
// inadequate", "in that area", "Its verdict: good.", a grade alone answering a question), and the
// grades of an earlier report, which are no judgment of this one.
import { CHILD_PROTECTION_AREAS, PEEL_AREAS, PILLAR_AREAS, findAreas, type AreaMention, type Methodology } from './areas.js';
import type { Area } from '../core/types.js';
import type { GradeWord } from './grade-words.js';

// "… were the weakest area. Inspectors judged them inadequate." / "… answers the public. It was
// rated as requiring improvement.": a sentence that opens by grading a pronoun grades what the
// sentence before it was about — every area there for "them", the only one there for "it".
// "Inspectors said it required improvement" and "That was rated good" refer back the same way.
const GRADES_A_PRONOUN =
  /^(?:(?:(?<plural>they|these|those|both)|it|this|that)\s+(?:was|were|is|are|has\s+been|have\s+been)(?:\s+(?:also|both|each))?\s+(?:rated|graded|judged|assessed|found|deemed|considered|marked)|(?:the\s+)?(?:inspectors|inspectorate|hmicfrs|hmic|watchdog|they|we)(?:\s+also)?\s+(?:rated|graded|judged|assessed|found|deemed|considered)\s+(?:(?<pluralObject>them|these|both)|it|this)|(?:the\s+)?(?:inspectors|inspectorate|hmicfrs|hmic|watchdog|report)\s+(?:also\s+)?(?:said|says|found|finds|concluded|concludes)\s+(?:that\s+)?(?:(?<pluralReported>they|these|both)|it|this)(?:\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been))?(?:\s+(?:also|still|now|both))?)(?:\s+(?:as|to\s+be|to))?(?:\s*['‘"“])?$/i;

// "… its investigations of child abuse. In that area, they said, the force requires improvement."
// "… assessed how efficiently the force operates. Its verdict: good."
const VERDICT = /^(?:its|the|their|our|hmic[’']s|the\s+inspectorate[’']s)\s+(?:overall\s+)?(?:verdict|rating|grade|judgment|judgement|conclusion)(?:\s+(?:was|is))?\s*[:–—-]?\s*['‘"“]?$/i;
// "… says that part of its work is inadequate", "Two years on, that grade has slipped to …".
const THAT_AREA = /\b(?:(?:in|on|for)\s+(?:that|this)\s+(?:area|aspect|front|measure|respect|count)|(?:rated|graded|judged|assessed|found)\s+(?:that|this)\s+(?:area|aspect|part\s+of\s+(?:its|the\s+force[’']s)\s+work)|(?:that|this)\s+part\s+of\s+(?:its|their|the\s+force[’']s)\s+work(?:\s+(?:is|was|has\s+been|remains)|\s*$)|(?:that|this)\s+(?:grade|rating)\s+(?:has|had)\b)\b/i;

// "… the quality of its risk assessments needed to improve, and this area was judged to require
// improvement", "… a backlog of child abuse investigations, after inspectors rated that part of its
// work inadequate": a pointer to the area named earlier in the same sentence.
const THIS_AREA = /\b(?:this|that|the\s+same)\s+(?:area|aspect|part\s+of\s+(?:its|their|the\s+force[’']s)\s+work)\b/i;

export function areaPointedBackTo(sentence: string, grade: GradeWord, areas: AreaMention[], previousEnd: number): AreaMention[] {
  const last = areas.filter((area) => area.start >= previousEnd && area.end <= grade.start).at(-1);
  if (!last) return [];
  const between = sentence.slice(last.end, grade.start);
  return between.length <= 160 && THIS_AREA.test(between) ? [last] : [];
}

// "The force requires improvement in that area, according to …": the pointer after the grade.
const IN_THAT_AREA_AFTER = /^['’"”]?\s+(?:in|on|for)\s+(?:that|this)\s+(?:area|aspect|respect|regard)\b/i;

export function areasReferredBack(sentence: string, grade: GradeWord, previousSentence: string, methodology: Methodology): AreaMention[] {
  const opening = sentence.slice(0, grade.start);
  // "How effective is the force at tackling serious and organised crime? Good": a grade alone
  // answers the question before it, which names one area besides the pillar it belongs to.
  if (opening.trim() === '' && /^[\s.!'’"”]*$/.test(sentence.slice(grade.end)) && /\?\s*$/.test(previousSentence)) {
    const asked = findAreas(previousSentence, methodology).filter((area) => inFramework(area.area, methodology));
    const specific = asked.filter((area) => !PILLAR_AREAS.has(area.area));
    const answered = specific.length > 0 ? specific : asked;
    return answered.length === 1 ? answered : [];
  }
  const pointer = THAT_AREA.test(opening.trimEnd()) || VERDICT.test(opening.trim()) || IN_THAT_AREA_AFTER.test(sentence.slice(grade.end, grade.end + 24));
  const pronoun = pointer ? null : GRADES_A_PRONOUN.exec(opening.trim());
  if (!pointer && !pronoun) return [];
  // Only the areas this kind of report grades: "protecting vulnerable people … failing to assess the
  // risk to victims" is one PEEL area, not two.
  const areas = findAreas(previousSentence, methodology).filter((area) => inFramework(area.area, methodology));
  const plural = Boolean(pronoun?.groups?.plural ?? pronoun?.groups?.pluralObject ?? pronoun?.groups?.pluralReported);
  if (plural) return areas.length <= 4 ? areas : [];
  return areas.length === 1 ? areas : [];
}

// "In its July 2024 national child protection inspection, HMICFRS graded the constabulary
// inadequate …", in a review published in 2025: the grades of that earlier report.
// … and "In August 2024, the inspectorate reported that …": a sentence dated to an earlier year.
const DATED_REPORT = /^\s*(?:in|at)\s+(?:its|the\s+force[’']s|their|the|a)\s+(?:\p{Lu}\p{Ll}+\s+)?((?:19|20)\d\d)\s+(?:[\p{L}-]+\s+){0,4}(?:inspection|report|assessment|review)\b|^\s*in\s+(?:\p{Lu}\p{Ll}+\s+)?((?:19|20)\d\d),/iu;

export function ofAnEarlierReport(sentence: string, published: string | null | undefined): boolean {
  const match = DATED_REPORT.exec(sentence);
  return before(match?.[1] ?? match?.[2], published);
}

/** Whether a year written in the text is earlier than the year the article was published. */
function before(year: string | undefined, published: string | null | undefined): boolean {
  return year !== undefined && published !== null && published !== undefined && Number(year) < new Date(published).getUTCFullYear();
}

// "In 2022 the force was graded inadequate for X; this week HMICFRS rated the same area good": a
// clause that opens on an earlier year.
export function inAnEarlierClause(sentence: string, grade: GradeWord, published: string | null | undefined): boolean {
  const clauseStart = sentence.lastIndexOf(';', grade.start) + 1;
  return before(/^\s*in\s+((?:19|20)\d\d)\b/i.exec(sentence.slice(clauseStart, grade.start))?.[1], published);
}


export function inFramework(area: Area, methodology: Methodology): boolean {
  return methodology === 'child-protection' ? !PEEL_AREAS.has(area) : !CHILD_PROTECTION_AREAS.has(area);
}

