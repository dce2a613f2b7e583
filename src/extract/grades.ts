// Graded judgments: (force, area, grade), read paragraph by paragraph. A grade word takes the
// areas of its sentence (grade-pairing.ts), else the areas a pointer or pronoun refers back to
// (grade-references.ts); tables and lists of areas that follow their grade are read here. The
// force is the subject of the grade's verb, else the one named last in the paragraph ("That force
// … was found inadequate"), else the story's primary force.
import type { Area, ForceId, GradeJudgment } from '../core/types.js';
import { findAreas, type AreaMention, type Methodology } from './areas.js';
import { pairAreas } from './grade-pairing.js';
import { areaPointedBackTo, areasReferredBack, inAnEarlierClause, ofAnEarlierReport } from './grade-references.js';
import { findGradeWords, type GradeWord } from './grade-words.js';
import { findForceMentions, type ForceMention } from './force-mentions.js';
import { splitSentences } from './text.js';

export interface GradeContext {
  methodology: Methodology;
  primary: ForceId[];
  /** Forces named in full somewhere in the article (bare place names may refer back to them). */
  known: ReadonlySet<ForceId>;
  /**
   * The one area the whole report is about ("HMIC's PEEL efficiency inspection of …"): a sentence
   * that grades the force without naming an area grades this one.
   */
  soleArea?: Area | null;
  /** When the article was published: a report of an earlier year is history. */
  published?: string | null;
}

const COMPARISON_BEFORE = /(?:\blike|\bunlike|\bthan|\bwith|\bfrom|\bas\s+did|\bjoins)\s+$/i;

export interface GradeText {
  /** The article's paragraphs, in order: a sentence may refer back to the one before it. */
  body: string[];
  /** Headline and standfirst: read after the body, each on its own, for what the body did not give. */
  summary: string[];
}

export function extractGrades(text: GradeText, context: GradeContext): GradeJudgment[] {
  const reading: Reading = { judgments: [], seen: new Map(), previousSentence: null, previousGrade: null, pending: null };
  // The body first: a headline compresses ("outstanding on offender management, told to improve
  // investigations") where the body says which grade goes with which area.
  let columns: ForceId[] | null = null;
  for (const paragraph of text.body) {
    if (columns && gradesOfTableRow(paragraph, columns, context, reading)) continue;
    columns = tableColumns(paragraph, context);
    if (!columns) gradesOfParagraph(paragraph, context, reading);
  }
  for (const line of text.summary) {
    reading.previousSentence = null;
    reading.previousGrade = null;
    reading.pending = null;
    gradesOfParagraph(line, context, reading);
  }
  return reading.judgments;
}

/** What the reading of one article has found so far, and what a next sentence may refer back to. */
interface Reading {
  judgments: GradeJudgment[];
  /** Judgments by "force|area"; the first one found stands, unless its own sentence changes it. */
  seen: Map<string, { judgment: GradeJudgment; sentence: string }>;
  previousSentence: string | null;
  /** The last grade the previous sentence gave ("… was given the same rating"). */
  previousGrade: GradeWord['grade'] | null;
  /** A grade given to areas still to be listed ("required improvement in four other areas."). */
  pending: { grade: GradeWord['grade']; force: ForceId; listed: boolean } | null;
}

// "… required improvement in four other areas. Those were A, B and C." / "The constabulary was
// graded good in three areas:" followed by a bulleted list: the areas come after the grade.
const AREAS_TO_FOLLOW = /^['’"”]?\s+(?:in|for|on|across)\s+(?:(?:two|three|four|five|six|seven|eight|\d)\s+)?(?:other\s+|more\s+|further\s+)?(?:areas|questions)\b(?:\s*:\s*$|[^:]*$)/i;
const THOSE_WERE = /^(?:those|these|they)\s+(?:were|are|included|include)\b|^namely\b/i;
const LIST_ITEM = /^\s*[•·▪‣◦*–—-]\s*\S/;

// "Its leadership of child protection was given the same rating": the areas of this sentence take
// the grade of the sentence before.
const SAME_GRADE = /^(?:so|as)\s+(?:was|were|is|are|did|does)\b|\b(?:was|were|has\s+been|have\s+been)\s+(?:given|awarded|handed)\s+the\s+same\s+(?:rating|grade|judg(?:e)?ment)|\b(?:received|got|earned|shares?|shared)\s+the\s+same\s+(?:rating|grade|judg(?:e)?ment)|\b(?:was|were)\s+(?:rated|graded|judged)\s+the\s+same\b/i;
// "Investigating crime, judged inadequate in 2022, has moved up to requires improvement": in one
// sentence, the grade something changed to replaces the one it changed from.
const SAME_GRADE_TO = /\b(?:gave|awarded|handed)\s+the\s+same\s+(?:grade|rating|judg(?:e)?ment)\s+to\s+/i;
// "… is now adequate", "… have improved to requires improvement": the current grade, which replaces
// the old one however far back it was read; a bare "to" only within its own sentence.
const CHANGED_TO = /\b(?:to|now)\s+['‘"“]?$/i;
const CHANGED_TO_NOW = /\b(?:now|(?:improved|risen|rose|moved|climbed|slipped|fallen|fell|dropped|lifted|raised)\s+(?:up\s+|down\s+|back\s+)?to)\s+['‘"“]?$/i;
type ChangedTo = 'anywhere' | 'in-sentence' | null;

function changeOf(sentence: string, grade: GradeWord): ChangedTo {
  const before = sentence.slice(Math.max(0, grade.start - 24), grade.start);
  return CHANGED_TO_NOW.test(before) ? 'anywhere' : CHANGED_TO.test(before) ? 'in-sentence' : null;
}
const CHANGE_VERB = /\b(?:moved|improved|risen|rose|climbed|slipped|fallen|fell|dropped|gone|went|changed|lifted|raised|lowered)\b/i;

/** Keeps a judgment unless one for the same force and area stands (and this one does not change it). */
function record(reading: Reading, force: ForceId, area: AreaMention, grade: GradeWord['grade'], sentence: string, changedTo: ChangedTo): void {
  const key = `${force}|${area.area}`;
  const earlier = reading.seen.get(key);
  if (earlier && !(changedTo === 'anywhere' || (changedTo === 'in-sentence' && earlier.sentence === sentence))) return;
  const judgment: GradeJudgment = { force, area: area.area, grade, areaLabel: area.label, evidence: evidenceOf(sentence) };
  if (earlier) reading.judgments[reading.judgments.indexOf(earlier.judgment)] = judgment;
  else reading.judgments.push(judgment);
  reading.seen.set(key, { judgment, sentence });
}

// "In four areas — A, B, C and D — GMP was rated good, and in the remaining three — X, Y, Z — it
// was judged adequate", "rated good in four areas – A, B … – and adequate in two": a list of areas
// set off by dashes, graded by the grade word just before it or, failing that, the verb after it.
const AREA_GROUP = /\b(?:in|on|for|across)\s+(?:the\s+)?(?:remaining\s+|other\s+)?(?:two|three|four|five|six|seven|eight|\d)\s+(?:other\s+)?(?:areas|questions)\s*[—–]\s*[^—–]{5,300}?\s*[—–]/gi;

/** The grade each dashed group of areas belongs to: the first grade word after the group, close by. */
function groupedAreas(sentence: string, grades: GradeWord[], areas: AreaMention[]): Map<GradeWord, AreaMention[]> {
  const groups = new Map<GradeWord, AreaMention[]>();
  for (const match of sentence.matchAll(AREA_GROUP)) {
    const end = match.index + match[0].length;
    // "rated good in four areas – A, B … –" gives the grade before the group; "In four areas — A,
    // B … — GMP was rated good" the grade after it.
    const before = grades.find((word) => word.end <= match.index && match.index - word.end <= 3);
    const after = grades.find((word) => word.start >= end);
    const grade = before ?? (after && after.start - end <= 60 ? after : undefined);
    if (!grade) continue;
    const inside = areas.filter((area) => area.start >= match.index && area.end <= end);
    if (inside.length > 0) groups.set(grade, inside);
  }
  return groups;
}

// "Area | Norfolk | Suffolk" over "Preventing crime | Good | Adequate": a table with a column per force.
function tableColumns(paragraph: string, context: GradeContext): ForceId[] | null {
  const cells = paragraph.split('|').map((cell) => cell.trim());
  if (cells.length < 3) return null;
  const forces = cells.slice(1).map((cell) => {
    const mentions = findForceMentions(cell).filter((mention) => isUsable(mention, context));
    return mentions.length === 1 && mentions[0]!.start <= 4 && cell.length - mentions[0]!.end <= 16 ? mentions[0]!.force : null;
  });
  return forces.every((force): force is ForceId => force !== null) ? forces : null;
}

function gradesOfTableRow(paragraph: string, columns: ForceId[], context: GradeContext, reading: Reading): boolean {
  const cells = paragraph.split('|').map((cell) => cell.trim());
  if (cells.length !== columns.length + 1) return false;
  const areas = findAreas(cells[0]!, context.methodology);
  if (areas.length !== 1) return false;
  columns.forEach((force, index) => {
    const grade = findGradeWords(cells[index + 1]!)[0];
    if (grade) record(reading, force, areas[0]!, grade.grade, paragraph, null);
  });
  return true;
}

function gradesOfParagraph(paragraph: string, context: GradeContext, reading: Reading): void {
  let paragraphForce: ForceId | null = null;
  for (const sentence of splitSentences(paragraph)) {
    const forces = findForceMentions(sentence.text).filter((mention) => isUsable(mention, context));
    const grades = ofAnEarlierReport(sentence.text, context.published) ? [] : findGradeWords(sentence.text).filter((grade) => !inAnEarlierClause(sentence.text, grade, context.published));
    const previousSentence = reading.previousSentence;
    let lastGrade: GradeWord['grade'] | null = null;
    const give = (force: ForceId, area: AreaMention, grade: GradeWord['grade'], changedTo: ChangedTo) => record(reading, force, area, grade, sentence.text, changedTo);
    const pending = reading.pending;
    reading.pending = null;
    // Bullets take the grade only after a heading that ends in a colon: other bullets are a summary.
    if (grades.length === 0 && pending && (THOSE_WERE.test(sentence.text) || (pending.listed && LIST_ITEM.test(sentence.text)))) {
      for (const area of findAreas(sentence.text, context.methodology)) give(pending.force, area, pending.grade, null);
      // A bulleted list goes on over the next paragraphs.
      if (LIST_ITEM.test(sentence.text)) reading.pending = pending;
    }
    if (grades.length === 0 && reading.previousGrade && SAME_GRADE.test(sentence.text)) {
      const areas = findAreas(sentence.text, context.methodology);
      const force = subjectForce(sentence.text, forces, sentence.text.length) ?? paragraphForce ?? context.primary[0] ?? null;
      if (force) for (const area of areas) give(force, area, reading.previousGrade, null);
    }
    const areas = grades.length > 0 ? findAreas(sentence.text, context.methodology) : [];
    // An area already graded in this sentence is not the subject of the next grade too
    // ("rated good for X and Y, was judged to require improvement in Z").
    const claimed = new Set<AreaMention>();
    const groups = groupedAreas(sentence.text, grades, areas);
    for (const group of groups.values()) for (const area of group) claimed.add(area);
    let lastPaired: AreaMention[] = [];
    grades.forEach((grade, index) => {
      const previousEnd = index > 0 ? grades[index - 1]!.end : 0;
      const nextStart = index + 1 < grades.length ? grades[index + 1]!.start : sentence.text.length;
      let paired = groups.get(grade) ?? pairAreas(sentence.text, grade, areas.filter((area) => !claimed.has(area)), previousEnd, nextStart);
      for (const area of paired) claimed.add(area);
      if (paired.length === 0) paired = areaPointedBackTo(sentence.text, grade, areas.filter((area) => !claimed.has(area)), previousEnd);
      if (paired.length === 0 && index === 0 && previousSentence) paired = areasReferredBack(sentence.text, grade, previousSentence, context.methodology);
      if (paired.length === 0 && index > 0 && lastPaired.length > 0 && continuesForAnotherForce(sentence.text, forces, previousEnd, grade, nextStart, areas)) paired = lastPaired;
      const changedTo = changeOf(sentence.text, grade);
      // "X, judged inadequate in 2022, has moved up to requires improvement": the areas of the grade it moved from.
      if (paired.length === 0 && changedTo && lastPaired.length > 0 && CHANGE_VERB.test(sentence.text.slice(previousEnd, grade.start))) paired = lastPaired;
      if (paired.length === 0 && context.soleArea && areas.every((area) => area.area === context.soleArea) && gradesTheForce(sentence.text, grade, forces)) {
        paired = [{ area: context.soleArea, label: context.soleArea, start: grade.start, end: grade.start }];
      }
      if (paired.length === 0) {
        const subject = subjectForce(sentence.text, forces, grade.start) ?? paragraphForce ?? context.primary[0] ?? null;
        if (subject && AREAS_TO_FOLLOW.test(sentence.text.slice(grade.end))) reading.pending = { grade: grade.grade, force: subject, listed: /:\s*$/.test(sentence.text) };
        return;
      }
      lastPaired = paired;
      lastGrade = grade.grade;
      // "graded both forces adequate": a joint report's grade for each of its forces.
      const both = context.primary.length > 1 && /\b(?:both\s+forces|the\s+two\s+forces|each\s+force|both\s+of\s+them)\b/i.test(sentence.text.slice(0, grade.end + 40));
      const named = subjectForce(sentence.text, forces, grade.start) ?? paragraphForce ?? context.primary[0] ?? null;
      const joint = jointSubject(sentence.text, forces, grade.start);
      const targets = both ? context.primary : joint ?? (named ? [named] : []);
      for (const force of targets) for (const area of paired) give(force, area, grade.grade, changedTo);
      // "… graded Essex Police adequate for X – … – and gave the same grade to Kent Police."
      const sameTo = SAME_GRADE_TO.exec(sentence.text.slice(grade.end, nextStart));
      if (sameTo) {
        const from = grade.end + sameTo.index + sameTo[0].length;
        const other = forces.find((mention) => mention.start >= from && mention.start <= from + 4);
        if (other) for (const area of paired) give(other.force, area, grade.grade, null);
      }
    });
    const lastNamed = [...forces].reverse().find((mention) => mention.kind !== 'bare');
    if (lastNamed) paragraphForce = lastNamed.force;
    reading.previousSentence = sentence.text;
    reading.previousGrade = lastGrade;
  }
}

// "HMIC graded the force as good", "The constabulary was rated good": the force itself graded,
// with no area, no "overall" and no comparison with another force.
// "A grade of requires improvement is disappointing", "Its verdict was that the force is good".
const FORCE_GRADED = /(?:\b(?:rated|rating|graded|grading|judged|judging|assessed|deemed|found)\s+(?:the\s+(?:(?:county|city)\s+)?(?:force|constabulary|service)|it|them)\s+(?:as\s+|to\s+be\s+)?|\b(?:the\s+(?:force|constabulary|service)|it)\s+(?:was|has\s+been|is)\s+(?:rated|graded|judged|assessed|deemed|found)\s+(?:as\s+|to\s+be\s+)?|\b(?:a|the|its|their)\s+grade\s+of\s+|\bverdict\s+(?:was|is)\s+that\s+(?:the\s+(?:force|constabulary)|it)\s+(?:is|was)\s+)['‘"“]?$/i;
// In a report on one area, a named force graded with no area gets that area: "West Yorkshire
// Police, whose area borders the county, was also rated good", "Dyfed-Powys was judged to require
// improvement", and a line of a list: "Humberside Police — good", "North Wales Police: adequate".
const NAMED_FORCE_GRADED = /^(?:,[^,;.]{1,80},)?\s+(?:was|were|is|are|has\s+been|have\s+been)(?:\s+(?:also|both|again|now|still))?\s+(?:rated|graded|judged|assessed|deemed|found)(?:\s+(?:as|to\s+be))?\s*['‘"“]?$/i;
const LIST_LINE = /^\s*[:–—-]\s*['‘"“]?$/;

function gradesTheForce(sentence: string, grade: GradeWord, forces: readonly ForceMention[]): boolean {
  if (/\b(?:overall|than|like|unlike)\b/i.test(sentence)) return false;
  if (FORCE_GRADED.test(sentence.slice(Math.max(0, grade.start - 60), grade.start))) return true;
  const subject = forces.filter((mention) => mention.end <= grade.start).at(-1);
  if (!subject) return false;
  const between = sentence.slice(subject.end, grade.start);
  return NAMED_FORCE_GRADED.test(between) || (LIST_LINE.test(between) && subject.start <= 4);
}

// "Humberside Police was found to require improvement on legitimacy, while Cleveland Police was
// rated good", "…, while Merseyside Police was judged good in the same area": a second clause
// with another force as its subject and no area of its own grades the areas of the first.
const NEXT_CLAUSE = /(?:,?\s+(?:while|whereas|and|but)\s|;\s*)/i;

function continuesForAnotherForce(sentence: string, forces: readonly ForceMention[], previousEnd: number, grade: GradeWord, nextStart: number, areas: AreaMention[]): boolean {
  const clause = sentence.slice(previousEnd, grade.start);
  const joined = NEXT_CLAUSE.exec(clause);
  if (!joined) return false;
  const clauseStart = previousEnd + joined.index;
  if (!forces.some((mention) => mention.start >= clauseStart && mention.end <= grade.start)) return false;
  return !areas.some((area) => area.start >= clauseStart && area.end <= nextStart);
}

function isUsable(mention: ForceMention, context: GradeContext): boolean {
  return mention.kind !== 'bare' || context.known.has(mention.force);
}

/**
 * "West Yorkshire Police and Humberside Police were both rated good": forces joined by "and" as
 * the subject of the grade's verb each get the grade.
 */
function jointSubject(sentence: string, forces: readonly ForceMention[], gradeStart: number): ForceId[] | null {
  const before = forces.filter((mention) => mention.end <= gradeStart && mention.kind !== 'bare');
  if (before.length < 2) return null;
  const run = [before[before.length - 1]!];
  for (let index = before.length - 2; index >= 0; index -= 1) {
    if (!/^\s*(?:,|,?\s+and|&)\s*$/.test(sentence.slice(before[index]!.end, run[0]!.start))) break;
    run.unshift(before[index]!);
  }
  if (run.length < 2) return null;
  const verb = sentence.slice(run[run.length - 1]!.end, gradeStart);
  // "… were both rated good", "… earlier this year, both of which were rated good"
  if (!/^(?:[^.;:,]{0,60},\s*(?:both|each|all)\s+of\s+which)?\s+(?:were|are|have\s+been)\s+(?:also\s+)?(?:both\s+|all\s+|each\s+)?(?:also\s+)?(?:rated|graded|judged|assessed|found|deemed|told\s+(?:that\s+)?they)\s+(?:as\s+)?['‘"“]?$/i.test(verb)) return null;
  return [...new Set(run.map((mention) => mention.force))];
}

// "Avon and Somerset Police, which neighbours Wiltshire, was rated adequate": the force named inside
// a relative clause is not the subject of the verb after it.
// … nor is one named in an aside about the subject ("Gloucestershire Constabulary, Wiltshire’s
// northern neighbour, was graded …").
const RELATIVE_CLAUSE_SPAN = /,\s*(?:which|who|whose|where)\b[^,;.]{1,120},|,\s*[^,;.]{1,40}[’']s\s+(?:\w+\s+){0,2}(?:neighbours?|counterparts?|partners?|rivals?)\s*,/gi;

function subjectForce(sentence: string, forces: readonly ForceMention[], gradeStart: number): ForceId | null {
  const candidates = forces.filter(
    (mention) => mention.end <= gradeStart && !COMPARISON_BEFORE.test(sentence.slice(Math.max(0, mention.start - 12), mention.start)),
  );
  const clauses = [...sentence.slice(0, gradeStart).matchAll(RELATIVE_CLAUSE_SPAN)].map((match) => [match.index, match.index + match[0].length] as const);
  const outside = candidates.filter((mention) => !clauses.some(([start, end]) => mention.start >= start && mention.end <= end));
  return (outside.length > 0 ? outside : candidates).at(-1)?.force ?? null;
}

function evidenceOf(sentence: string): string {
  return sentence.length > 240 ? `${sentence.slice(0, 239)}…` : sentence;
}
