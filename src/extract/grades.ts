// Graded judgments: (force, area, grade). A grade word is paired with the area phrases around
// it in its sentence. It takes the areas before it when joined to them as a predicate
// ("X was graded good", "X: Good", "X (good)", "X and Y all require improvement"), otherwise
// the areas after it up to the next grade word ("rated good for X and Y", "inadequate in two
// areas: X and Y"). The force is the one the sentence names, else the one named last in the
// paragraph ("That force … was found inadequate"), else the story's primary force.
import type { Area, ForceId, GradeJudgment } from '../core/types.js';
import { CHILD_PROTECTION_AREAS, PEEL_AREAS, findAreas, type AreaMention, type Methodology } from './areas.js';
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

const CONNECTOR_WORDS = new Set(
  ('was were is are has have had been be being remains remain remained both all also each now still again only judged graded rated assessed deemed found considered marked described as to the its their overall ' +
    // words that finish an area phrase ("risk assessment and referral work requires improvement")
    'arrangements work processes practice function functions services activity force constabulary it ' +
    // change: "slipped to inadequate", "was marked down to requires improvement", "improved to good"
    'slipped fell dropped rose moved improved went marked down downgraded upgraded up stays stayed ' +
    // holding a grade: "had earned a good grade", "has kept the outstanding rating"
    'earned received kept retained achieved gained awarded given a an ' +
    // "Risk assessment and referral came out adequate"
    'came comes come out emerged').split(' '),
);
const LINKING_WORDS = new Set(
  'was were is are been be remains remain remained judged graded rated assessed deemed found considered marked as all both slipped fell dropped rose moved improved went downgraded upgraded stays stayed earned received kept retained achieved gained awarded given came comes come emerged'.split(' '),
);
const RATING_VERB_BEFORE = /\b(?:rated|rates|rating|graded|grades|judged|judges|found|finds|assessed|assesses|considered|deemed)\s+(?:the\s+force[’']s\s+|its\s+|the\s+)?$/i;
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
    const grades = ofAnEarlierReport(sentence.text, context.published) ? [] : findGradeWords(sentence.text);
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

// "… were the weakest area. Inspectors judged them inadequate." / "… answers the public. It was
// rated as requiring improvement.": a sentence that opens by grading a pronoun grades what the
// sentence before it was about — every area there for "them", the only one there for "it".
// "Inspectors said it required improvement" and "That was rated good" refer back the same way.
const GRADES_A_PRONOUN =
  /^(?:(?:(?<plural>they|these|those|both)|it|this|that)\s+(?:was|were|is|are|has\s+been|have\s+been)(?:\s+(?:also|both|each))?\s+(?:rated|graded|judged|assessed|found|deemed|considered|marked)|(?:the\s+)?(?:inspectors|inspectorate|hmicfrs|hmic|watchdog|they|we)(?:\s+also)?\s+(?:rated|graded|judged|assessed|found|deemed|considered)\s+(?:(?<pluralObject>them|these|both)|it|this)|(?:the\s+)?(?:inspectors|inspectorate|hmicfrs|hmic|watchdog|report)\s+(?:also\s+)?(?:said|says|found|finds|concluded|concludes)\s+(?:that\s+)?(?:(?<pluralReported>they|these|both)|it|this)(?:\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been))?(?:\s+(?:also|still|now|both))?)(?:\s+(?:as|to\s+be|to))?(?:\s*['‘"“])?$/i;

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

// "… its investigations of child abuse. In that area, they said, the force requires improvement."
// "… assessed how efficiently the force operates. Its verdict: good."
const VERDICT = /^(?:its|the|their|our|hmic[’']s|the\s+inspectorate[’']s)\s+(?:overall\s+)?(?:verdict|rating|grade|judgment|judgement|conclusion)(?:\s+(?:was|is))?\s*[:–—-]?\s*['‘"“]?$/i;
// "… says that part of its work is inadequate", "Two years on, that grade has slipped to …".
const THAT_AREA = /\b(?:(?:in|on|for)\s+(?:that|this)\s+(?:area|aspect|front|measure|respect|count)|(?:rated|graded|judged|assessed|found)\s+(?:that|this)\s+(?:area|aspect|part\s+of\s+(?:its|the\s+force[’']s)\s+work)|(?:that|this)\s+part\s+of\s+(?:its|their|the\s+force[’']s)\s+work(?:\s+(?:is|was|has\s+been|remains)|\s*$)|(?:that|this)\s+(?:grade|rating)\s+(?:has|had)\b)\b/i;

// "… the quality of its risk assessments needed to improve, and this area was judged to require
// improvement", "… a backlog of child abuse investigations, after inspectors rated that part of its
// work inadequate": a pointer to the area named earlier in the same sentence.
const THIS_AREA = /\b(?:this|that)\s+(?:area|aspect|part\s+of\s+(?:its|their|the\s+force[’']s)\s+work)\b/i;

function areaPointedBackTo(sentence: string, grade: GradeWord, areas: AreaMention[], previousEnd: number): AreaMention[] {
  const last = areas.filter((area) => area.start >= previousEnd && area.end <= grade.start).at(-1);
  if (!last) return [];
  const between = sentence.slice(last.end, grade.start);
  return between.length <= 160 && THIS_AREA.test(between) ? [last] : [];
}

// "The force requires improvement in that area, according to …": the pointer after the grade.
const IN_THAT_AREA_AFTER = /^['’"”]?\s+(?:in|on|for)\s+(?:that|this)\s+(?:area|aspect|respect|regard)\b/i;

function areasReferredBack(sentence: string, grade: GradeWord, previousSentence: string, methodology: GradeContext['methodology']): AreaMention[] {
  const opening = sentence.slice(0, grade.start);
  // "How effective is the force at tackling serious and organised crime? Good": a grade alone
  // answers the question before it, which names one area besides the pillar it belongs to.
  if (opening.trim() === '' && /^[\s.!'’"”]*$/.test(sentence.slice(grade.end)) && /\?\s*$/.test(previousSentence)) {
    const asked = findAreas(previousSentence, methodology).filter((area) => inFramework(area.area, methodology));
    const specific = asked.filter((area) => !PILLARS.has(area.area));
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

// "In its July 2024 national child protection inspection, HMICFRS graded the constabulary
// inadequate …", in a review published in 2025: the grades of that earlier report.
const DATED_REPORT = /^\s*(?:in|at)\s+(?:its|the\s+force[’']s|their|the|a)\s+(?:\p{Lu}\p{Ll}+\s+)?((?:19|20)\d\d)\s+(?:[\p{L}-]+\s+){0,4}(?:inspection|report|assessment|review)\b/iu;

function ofAnEarlierReport(sentence: string, published: string | null | undefined): boolean {
  const year = DATED_REPORT.exec(sentence)?.[1];
  const publishedYear = published ? new Date(published).getUTCFullYear() : Number.NaN;
  return year !== undefined && Number(year) < publishedYear;
}

const PILLARS: ReadonlySet<Area> = new Set(['effectiveness', 'efficiency', 'legitimacy']);

function inFramework(area: Area, methodology: GradeContext['methodology']): boolean {
  return methodology === 'child-protection' ? !PEEL_AREAS.has(area) : !CHILD_PROTECTION_AREAS.has(area);
}

function isUsable(mention: ForceMention, context: GradeContext): boolean {
  return mention.kind !== 'bare' || context.known.has(mention.force);
}

// "X was adequate, as was Y": the areas after "as was" share the grade.
// "…, and so was its investigation of abuse", "…; so does the way officers assess risk" too.
const AS_WAS_AFTER = /^['’"”]?\s*[,;]?\s+(?:as\s+(?:was|were|is|are|does|do|did)|(?:and\s+)?so\s+(?:was|were|is|are|does|do|did)|and\s+said\s+the\s+same\s+(?:of|about|for))\s/i;

function pairAreas(sentence: string, grade: GradeWord, areas: AreaMention[], previousEnd: number, nextStart: number): AreaMention[] {
  const paired = pairNearest(sentence, grade, areas, previousEnd, nextStart);
  const shared = paired.length > 0 ? AS_WAS_AFTER.exec(sentence.slice(grade.end, grade.end + 32)) : null;
  if (!shared) return paired;
  const from = grade.end + shared[0].length;
  const clauseEnd = /[;]|,?\s+(?:but|while|whereas|although|though|however|yet)\s/i.exec(sentence.slice(from, nextStart));
  const end = clauseEnd ? from + clauseEnd.index : nextStart;
  return [...paired, ...areas.filter((area) => area.start >= grade.end && area.end <= end && !paired.includes(area))];
}

// "rated the force's work with partners like us as good", "found partnership working across the
// county to be adequate": a short qualifier between the area and its grade after a verb of grading.
// "graded the force's work with partners, including both councils and the Children's Trust, as good":
// the qualifier may stand between commas.
const QUALIFIED_AS = /^(?:\s+(?:like|such\s+as|including|across|in|within|with|among|at|on|for|from)\b[^,;.:()]{1,50}?|,\s+(?:like|such\s+as|including|across|in|within|with|among)\b[^,;.:()]{1,70}?,)\s(?:as|to\s+be)\s*['‘"“]?$/i;

function pairNearest(sentence: string, grade: GradeWord, areas: AreaMention[], previousEnd: number, nextStart: number): AreaMention[] {
  const before = areas.filter((area) => area.start >= previousEnd && area.end <= grade.start);
  // Forward, a judgment stops at a contrasting clause: "good at X, but … how it investigates".
  // A list heading ("Good: A; B; C") runs over semicolons; in prose a semicolon ends the clause.
  // "Good: A; B", "Good at: A; B", "good on three: A; B; and C", "good in three areas: A, B and C"
  const listHeading = /^['’"”]?\s*(?:(?:at|in|on|for)(?:\s+(?:two|three|four|five|six|seven|\d)(?:\s+(?:other\s+)?(?:areas|questions))?)?\s*)?[:–—-]/i.test(sentence.slice(grade.end, grade.end + 36));
  // ", and has moved out of the lowest grade for X" starts a clause of its own.
  const clauseBreak = (listHeading ? /,?\s+(?:but|while|whereas|although|though|however|yet|even\s+as)\s/i : /[;]|,?\s+(?:but|while|whereas|although|though|however|yet|even\s+as)\s|,\s+and\s+(?:has|had|have)\s/i).exec(
    sentence.slice(grade.end, nextStart),
  );
  const forwardEnd = clauseBreak ? grade.end + clauseBreak.index : nextStart;
  const after = areas.filter((area) => area.start >= grade.end && area.end <= forwardEnd);
  const lastBefore = before[before.length - 1];
  // "rated leadership and management of child protection good": verb, area, grade; and the
  // elliptical second half of "judged X to be good, and Y adequate".
  if (lastBefore && (sentence.slice(lastBefore.end, grade.start).trim() === '' || QUALIFIED_AS.test(sentence.slice(lastBefore.end, grade.start)))) {
    const run = contiguousRun(sentence, before);
    const lead = sentence.slice(Math.max(previousEnd, run[0]!.start - 40), run[0]!.start);
    if (RATING_VERB_BEFORE.test(lead)) return run;
    if (previousEnd > 0 && /^[\s'’"”]*(?:,\s*(?:and|while|but|with)?\s*|;\s*|\s+and\s+)(?:its\s+|the\s+)?$/i.test(sentence.slice(previousEnd, run[0]!.start))) return run;
  }
  // "X (graded good)": the nearest area before the parenthesis, never one after it.
  if (/\((?:graded|rated|judged|assessed)\s+(?:as\s+)?['‘"“]?$/i.test(sentence.slice(Math.max(0, grade.start - 20), grade.start))) {
    const gap = lastBefore ? sentence.slice(lastBefore.end, grade.start) : '';
    return lastBefore && gap.length <= 90 && !/[.;]/.test(gap) ? [lastBefore] : [];
  }
  // "X, a judgment that has moved up from adequate to good": a change of grade looks back.
  if (lastBefore && /\bfrom\s+\S+(?:\s+improvement)?\s+to\s+['‘"“]?$/i.test(sentence.slice(Math.max(0, grade.start - 40), grade.start))) {
    const gap = sentence.slice(lastBefore.end, grade.start);
    if (gap.length <= 120 && !/[.;]/.test(gap) && /\b(?:moved|improved|rose|risen|climbed|slipped|fallen|fell|dropped|downgraded|upgraded|gone|went|changed|lifted|raised|lowered)\b/i.test(gap)) {
      return contiguousRun(sentence, before);
    }
  }
  // "On investigating crime, GMP and West Yorkshire Police were both rated adequate": a force named
  // between an area and its verb is the subject, as "the force" is.
  const between = lastBefore ? forcesAsSubject(sentence.slice(lastBefore.end, grade.start)) : '';
  // "On X, the force was rated adequate" takes X; "As well as … X, the force was rated good for
  // Y" takes Y: with a new subject in between, areas after the grade win.
  // ("X, an area it rated good": the "it" of the grader is no new subject.)
  const newSubject = /\b(?:force|constabulary|it)\b/i.test(between.replace(/^,\s*(?:an?|the)\s+(?:area|aspect|part|judgment)\s+(?:which\s+|that\s+)?(?:it|they)\b/i, ''));
  // "It rated leadership as adequate; partnership working, good; initial response, …": an item of
  // a list separated by semicolons gives its grade after a comma.
  // A line that is only an area and its grade ("Leadership Good", from a table set out in spaces) is a row.
  const row = lastBefore !== undefined && between.trim() === '' && lastBefore.start <= 2 && sentence.slice(grade.end).trim().length <= 1;
  const listItem = row || (lastBefore !== undefined && /^\s*,\s*$/.test(between) && /(?:;\s*(?:and\s+)?|^)$/.test(sentence.slice(Math.max(0, lastBefore.start - 8), lastBefore.start)) && sentence.includes(';'));
  if (lastBefore && joinsAsPredicate(between, grade, listItem) && !(newSubject && after.length > 0)) {
    // Only the run of areas joined by lists ("X, Y and Z were…"), not every area since the last grade.
    return contiguousRun(sentence, before);
  }
  // "the force's efficiency, which measures how well it uses its resources, was graded …": the
  // subject is the area before the relative clause, not the one inside it.
  for (let index = before.length - 2; index >= 0 && after.length === 0; index -= 1) {
    const gap = sentence.slice(before[index]!.end, grade.start);
    if (/^,\s*(?:which|who|that)\b/i.test(gap) && joinsAsPredicate(gap, grade, false)) return contiguousRun(sentence, before.slice(0, index + 1));
  }
  return after;
}

function forcesAsSubject(text: string): string {
  const mentions = findForceMentions(text).filter((mention) => mention.kind !== 'bare');
  if (mentions.length === 0) return text;
  let result = '';
  let at = 0;
  for (const mention of mentions) {
    result += `${text.slice(at, mention.start)}force`;
    at = mention.end;
  }
  return `${result}${text.slice(at)}`.replace(/\bforce(?:\s*(?:,|and|&)\s*force)+\b/g, 'force');
}

/** " was graded as ", ": ", " (", " – ", " all " … between an area and its grade. */
// Verbs that join an area to its grade: copulas and the verbs of grading and of change.
const VERB = String.raw`(?:was|were|is|are|has|have|had|remains?|remained|slipped|fell|dropped|rose|moved|improved|went|stays?|stayed)`;
const RELATIVE_CLAUSE = new RegExp(String.raw`^,\s*(?:which|who|that)\b[^;:]{1,160}?,(?=\s*${VERB}(?:\s|$))`);
const QUALIFIER = new RegExp(String.raw`^(?:,\s*)?(?:such\s+as|including|like|of|to|for|in|on|with|at|when|from|by|across|and\s+(?:the\s+)?)\s*[^,;:]{1,80}?(?=\s${VERB}(?:\s|$))`);
const AREA_NOUN = /^(?:work|arrangements|processes|practice|function|functions|services|activity|performance|approach)\b\s*/;

function joinsAsPredicate(between: string, grade: GradeWord, listItem: boolean): boolean {
  const verbGrade = grade.grade === 'requires-improvement';
  let text = between
    .replace(/["'‘’“”]/g, ' ')
    .trim()
    .toLowerCase()
    // "X – from A to B – was adequate", "X (graded", "X | Good": asides and table cells
    .replace(/^[–—-][^–—]{1,160}[–—]\s*/, '')
    // "Protecting vulnerable people, however, requires improvement", "Its partnership working, by contrast, was rated good"
    .replace(/^,\s*(?:however|though|meanwhile|by\s+contrast|in\s+contrast|instead|too|also|in\s+turn|for\s+its\s+part),\s*/, '')
    // "Overall effectiveness judgment: Good"
    .replace(/^(?:overall\s+)?(?:judg(?:e)?ment|grade|rating|verdict)\s*(?=[:–—-]$)/, '')
    // "The remaining three – X, Y and Z – were adequate": the dash closing a list of areas.
    .replace(/^[–—]\s*(?=[a-z])/, '')
    // "was praised and rated good", "were criticised and graded inadequate"
    .replace(/^(was|were|is|are|has\s+been|have\s+been)\s+[a-z]+ed\s+and\s+(?=(?:rated|graded|judged|assessed|found)\b)/, '$1 ')
    .replace(/^\(\s*(?=(?:graded|rated|judged|assessed|found)\b)/, '')
    // "X, an area it rated good", "X, rating them good"
    .replace(/^,\s*(?:an?|the)\s+(?:area|aspect|part|judgment)\s+(?:which\s+|that\s+)?(?:it|they|inspectors|the\s+inspectorate|hmic(?:frs)?)\s+/, '')
    .replace(/^(?:[^,;:()]{0,30},\s*)?(?:rating|grading|judging|assessing)\s+(?:them|it|this|that|both|each|all)(?:\s+(?:area|aspect|part|of\s+them|two|three|four|five))?\s*(?=(?:as\s*)?$)/, 'rated ');
  // Peel off what may stand between an area and its verb: "X work in Rotherham was", "X, which
  // measures how …, was", "X such as councils … was", "X of children to other agencies was",
  // "X by Wales' largest force are", "X and the NHS was".
  for (let step = 0; step < 3; step += 1) {
    const before = text;
    text = text.replace(AREA_NOUN, '').replace(RELATIVE_CLAUSE, '').replace(QUALIFIER, '').trim();
    // "X in child protection cases requires improvement": the grade is itself the verb.
    // "the way officers assess risk and pass concerns on to social workers requires improvement"
    if (verbGrade) text = text.replace(/^(?:,\s*)?(?:of|to|for|in|on|with|at|when|from|by|across|and)\s+[^,;:]{1,80}$/, '').trim();
    if (text === before) break;
  }
  // ", which inspectors graded" / ", that the inspectorate rated": the grader as the subject.
  text = text.replace(/^,\s*(?:which|that)\s+(?:the\s+)?(?:inspectors|inspectorate|hmicfrs|hmic|watchdog|report)\s+(?=(?:rated|graded|judged|assessed|deemed|found|considered)\b)/, '');
  // ", for which the force was graded" / ", where it was rated" / ", which was rated" / ", rated"
  text = text.replace(/^,\s*(?:(?:(?:for|in|on)\s+which|where)\s+(?:the\s+force|the\s+constabulary|it|we|they)\s+|which\b\s*|that\b\s*)?/, '');
  if (text === '') return verbGrade || listItem;
  // "the force's overall effectiveness grade of good"
  if (/^(?:overall\s+)?(?:grade|rating)\s+(?:of|was|is)$/.test(text)) return true;
  if (/^\)?\s*[:(–—=|-]$/.test(text)) return true;
  // "Managing offenders and suspects ..... Outstanding": a table row with dot leaders.
  if (/^[.…]{2,}$/.test(text)) return true;
  // "place X and Y at requires improvement"
  if (text === 'at') return true;
  if (/[^a-z\s]/.test(text)) return false;
  const words = text.split(/\s+/);
  return words.length <= 6 && words.every((word) => CONNECTOR_WORDS.has(word)) && (verbGrade || words.some((word) => LINKING_WORDS.has(word)));
}

function contiguousRun(sentence: string, before: AreaMention[]): AreaMention[] {
  const run = [before[before.length - 1]!];
  for (let index = before.length - 2; index >= 0; index -= 1) {
    const gap = sentence.slice(before[index]!.end, run[0]!.start);
    if (gap.length > 60 || /[.;:]/.test(gap)) break;
    run.unshift(before[index]!);
  }
  return run;
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
const RELATIVE_CLAUSE_SPAN = /,\s*(?:which|who|whose|where)\b[^,;.]{1,120},/gi;

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
