// Grade words and the tests that tell a graded judgment ("was graded good") from the same word
// in ordinary prose ("good news", "an adequate number of officers", "inadequate funding").
import type { Grade } from '../core/types.js';

export interface GradeWord {
  grade: Grade;
  start: number;
  end: number;
}

const GRADE_WORDS =
  /\b(?:(outstanding)|(good)|(inadequate)|(adequate)|((?:requires?|required|requiring|needs?|needed)\s+(?:an?\s+)?improvement|to\s+require\s+improvement))\b/gi;

// After an adjectival grade, these may follow in a judgment ("good at", "adequate in", "good,").
const MAY_FOLLOW = new Set(
  // Not "to": "it's good to see" is prose; after a verb of grading ("rated good to …") it is still a grade.
  'in at for on across when with and or overall both while but as because after since following when where whereas although though too also again now by'.split(' '),
);
// Before a grade, these make it prose ("a good", "very good", "not good enough").
const PROSE_BEFORE = new Set('a an very really quite so too more most less not fairly pretty reasonably extremely'.split(' '));

/** Grade words in a sentence that read as judgments, in order. */
// "moved up from adequate to good": the old grade is history; the new one is the judgment.
const FROM_BEFORE = /\bfrom\s+['‘"“]?$/i;
const TO_AFTER = /^['’"”]?\s+to\s/i;
// "which two years ago was judged inadequate": an earlier report's grade, not this one's.
const EARLIER = /\b(?:(?:\w+|\d+)\s+years?\s+ago|last\s+time|previously|at\s+(?:its|the)\s+(?:last|previous)\s+inspection|in\s+its\s+(?:last|previous)\s+(?:report|inspection)|used\s+to\s+be|had\s+been\s+(?:rated|graded|judged)|no\s+longer)\b[^,;()–—]*$/i;
// "the force's last PEEL inspection, in which it was graded adequate", "When inspectors last
// graded the force in 2022, it was good at …": the grade of that earlier report.
const EARLIER_REPORT = /\b(?:last|previous|earlier|prior)\s+(?:[\w-]+\s+){0,2}(?:inspection|report|assessment|visit)\b[^.;]{0,30}?\b(?:in\s+which|when|where)\b[^.;]*$|^\s*when\b[^.;]{0,80}\blast\s+(?:graded|rated|inspected|assessed|visited)\b[^.;]*$|^\s*(?:in|at|during)\s+(?:the\s+force[’']s\s+|its\s+|their\s+|the\s+)(?:last|previous|earlier|prior)\s+(?:[\w-]+\s+){0,2}(?:inspection|report|assessment|visit)\b[^.;]*$/i;
// "… as the force was judged good only a year ago", "rated good in its last inspection".
const EARLIER_AFTER = /^['’"”]?\s+(?:(?:only|just)\s+)?(?:a|one|two|three|four|five|\d+)\s+years?\s+(?:ago|earlier|before)\b|^['’"”]?\s+(?:in|at)\s+(?:its|the|their)\s+(?:last|previous|earlier|first)\s+(?:[\w-]+\s+){0,2}(?:inspection|report|assessment)\b/i;
// "was not rated inadequate in any area", "joins the ‘no inadequate’ club": no grade given.
const NEGATED = /\b(?:not|never)\s+(?:(?:been|be|yet)\s+)?(?:rated|judged|graded|found|assessed|deemed)\s+(?:as\s+)?['‘"“]?$|\bno\s+['‘"“]?$/i;
// … and "when the force was rated inadequate for effectiveness", after "from 2017,": a dated earlier grade.
const DATED_WHEN = /\b(?:in|from|since)\s+(?:19|20)\d\d,?\s+when\b[^.;]*$/i;
// "kept the outstanding grade", "earned a good rating": a grade noun that is this report's judgment.
const HELD_BEFORE = /\b(?:kept|keeps|keep|retained|retains|earned|earns|received|receives|got|gets|achieved|achieves|awarded|given|handed|gained|gains|holds|held)\s+(?:the|a|an|its|their|our|his|her)\s+['‘"“]?$/i;

export function findGradeWords(sentence: string): GradeWord[] {
  const words: GradeWord[] = [];
  for (const match of sentence.matchAll(GRADE_WORDS)) {
    const grade: Grade = match[1] ? 'outstanding' : match[2] ? 'good' : match[3] ? 'inadequate' : match[4] ? 'adequate' : 'requires-improvement';
    const start = match.index;
    const end = start + match[0].length;
    const before = sentence.slice(Math.max(0, start - 80), start);
    if (FROM_BEFORE.test(before) && TO_AFTER.test(sentence.slice(end, end + 6))) continue;
    if (EARLIER.test(before) || EARLIER_REPORT.test(sentence.slice(0, start)) || EARLIER_AFTER.test(sentence.slice(end, end + 40))) continue;
    if (NEGATED.test(before) || DATED_WHEN.test(before)) continue;
    if (grade === 'requires-improvement') {
      // "needs improvement" is a grade only when quoted as one; as prose it is just advice.
      if (/^need/i.test(match[0]) && !isQuoted(sentence, start, end)) continue;
      words.push({ grade, start, end });
      continue;
    }
    // "four ‘good’ grades" counts grades, it does not give one.
    // … unless the areas follow: "two ‘inadequate’ ratings, for its initial response and …".
    // "Its other good grades were for X" gives them too.
    const nounAfter = /^['’"”]?\s*(?:grades?|ratings?|judg(?:e)?ments?|marks?|verdicts?)\b(\s*,?\s*(?:(?:were|was|came)\s+)?(?:for|in|on|:)|\s+(?:also\s+)?(?:went|go|goes|were\s+given|were\s+awarded)\s+to\b)?/i.exec(sentence.slice(end, end + 40));
    // "four ‘good’ grades" counts grades; "kept the outstanding grade", "good grades for X and Y"
    // and "two ‘inadequate’ ratings, for …" give them.
    if (nounAfter && !nounAfter[1] && !HELD_BEFORE.test(before)) continue;
    if (nounAfter) {
      words.push({ grade, start, end });
      continue;
    }
    if (!isQuoted(sentence, start, end) && readsAsProse(sentence, start, end)) continue;
    words.push({ grade, start, end });
  }
  return words;
}

function isQuoted(sentence: string, start: number, end: number): boolean {
  return /['‘"“]$/.test(sentence.slice(Math.max(0, start - 1), start)) && /^['’"”]/.test(sentence.slice(end, end + 1));
}

// "The only area graded outstanding was …": straight after a verb of grading, a grade word is the
// grade whatever follows it.
const GRADING_VERB_BEFORE = /\b(?:graded|rated|judged|assessed|deemed|considered)\s+(?:as\s+)?['‘"“]?$/i;

// "gave the force a good for legitimacy and a good for efficiency": a grade handed out as a noun.
const GAVE_A_BEFORE = /\b(?:gave|gives|give|awarded|awards|handed)\b[^.;:]{0,60}\ban?\s+['‘"“]?$/i;

function readsAsProse(sentence: string, start: number, end: number): boolean {
  if (GRADING_VERB_BEFORE.test(sentence.slice(Math.max(0, start - 30), start))) return false;
  // "its overall effectiveness grade of good hides …"
  if (/\b(?:grade|rating)\s+of\s+['‘"“]?$/i.test(sentence.slice(Math.max(0, start - 20), start))) return false;
  if (GAVE_A_BEFORE.test(sentence.slice(Math.max(0, start - 80), start)) && /^['’"”]?\s+for\s/i.test(sentence.slice(end, end + 6))) return false;
  const before = /([A-Za-z]+)\W*$/.exec(sentence.slice(Math.max(0, start - 20), start))?.[1]?.toLowerCase();
  if (before && PROSE_BEFORE.has(before)) return true;
  const after = sentence.slice(end, end + 30);
  // "good enough" is never a grade; "good." / "good," / "good –" / "good:" may be.
  if (/^\s+enough\b/i.test(after)) return true;
  const nextWord = /^\s+([A-Za-z]+)/.exec(after)?.[1]?.toLowerCase();
  if (nextWord === undefined) return false;
  return !MAY_FOLLOW.has(nextWord);
}
