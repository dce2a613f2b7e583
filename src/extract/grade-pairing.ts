// Pairing a grade word with the area phrases of its sentence: the areas before it when they are
// joined to it as a predicate ("X was graded good", "X: Good", "X (good)", "X and Y all require
// improvement"), otherwise the areas after it up to the next grade word ("rated good for X and
// Y", "inadequate in two areas: X and Y").
import type { AreaMention } from './areas.js';
import { findForceMentions } from './force-mentions.js';
import type { GradeWord } from './grade-words.js';

const CONNECTOR_WORDS = new Set(
  ('was were is are has have had been be being remains remain remained both all also each now still again only judged graded rated assessed deemed found considered marked described as to the its their overall ' +
    // words that finish an area phrase ("risk assessment and referral work requires improvement")
    'arrangements work processes practice function functions services activity force constabulary it ' +
    // change: "slipped to inadequate", "was marked down to requires improvement", "improved to good"
    'slipped fell dropped rose moved improved went marked down downgraded upgraded up stays stayed ' +
    // holding a grade: "had earned a good grade", "has kept the outstanding rating"
    'earned received kept retained achieved gained awarded given a an ' +
    // "Risk assessment and referral came out adequate"
    'came comes come out emerged ' +
    // "inspectors found the first response itself adequate"
    'itself themselves').split(' '),
);
const LINKING_WORDS = new Set(
  'was were is are been be remains remain remained judged graded rated assessed deemed found considered marked as all both slipped fell dropped rose moved improved went downgraded upgraded stays stayed earned received kept retained achieved gained awarded given came comes come emerged'.split(' '),
);
const RATING_VERB_BEFORE = /\b(?:rated|rates|rating|graded|grades|judged|judges|found|finds|assessed|assesses|considered|deemed)\s+(?:the\s+force[’']s\s+|its\s+|the\s+)?$/i;

// "X was adequate, as was Y": the areas after "as was" share the grade.
// "…, and so was its investigation of abuse", "…; so does the way officers assess risk" too.
const AS_WAS_AFTER = /^['’"”]?\s*[,;]?\s+(?:as\s+(?:was|were|is|are|does|do|did)|(?:and\s+)?so\s+(?:was|were|is|are|does|do|did)|and\s+said\s+the\s+same\s+(?:of|about|for))\s/i;

export function pairAreas(sentence: string, grade: GradeWord, areas: AreaMention[], previousEnd: number, nextStart: number): AreaMention[] {
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
  if (lastBefore && (/^\s*(?:itself|themselves)?\s*$/.test(sentence.slice(lastBefore.end, grade.start)) || QUALIFIED_AS.test(sentence.slice(lastBefore.end, grade.start)))) {
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
    // "Offender management was the single area to require improvement"
    .replace(/^(was|were)\s+the\s+(?:only|single|one)\s+(?:area|part\s+of\s+its\s+work)(?:\s+(?:to|that)\b)?\s*/, '$1 ')
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

