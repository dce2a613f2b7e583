// Case-file audit figures: "audited 38 cases. Of these, 10 were assessed as good, 18 as
// requiring improvement and 10 as inadequate"; "in nine out of eleven cases … inadequate".
import type { CaseAudit, ForceId, Grade } from '../core/types.js';
import { findForceMentions } from './force-mentions.js';
import { NUMBER_PATTERN, parseNumber, splitSentences } from './text.js';

const N = NUMBER_PATTERN;
// "38 child protection cases", "thirty-eight cases", "the 34 cases audited"
// "…; of the 36 from Suffolk Constabulary, 20 …": a second total named by where its cases came from.
const TOTAL = new RegExp(`(?<![\\w-])(${N})\\s+(?:[A-Za-z-]+\\s+){0,4}?(?:cases|case\\s+files|files|referrals|investigations|records)\\b|(?<=\\bof\\s+the\\s+)(${N})(?=\\s+(?:from|in|at|for)\\s+\\p{Lu})`, 'giu');
// "nine out of eleven such cases", "nine of the eleven missing-from-home cases", "5 of 9 cases"
const PART_OF_TOTAL = new RegExp(`(?<![\\w-])(${N})\\s+(?:out\\s+)?of\\s+(?:the\\s+)?(${N})(?:\\s+(?:[A-Za-z-]+\\s+){0,5}?cases\\b|(?=\\s+(?:were|was|had|cases)\\b))`, 'gi');
const GRADE_IN_PART = new RegExp(`${'(outstanding|good|inadequate|adequate|requir(?:ed|es|ing|e)\\s+improvement)'}(?:\\s+(?:practice|handling|work|response))?\\s+in\\s+(${N})\\s+(?:out\\s+)?of\\s+(?:the\\s+)?(${N})\\s+(?:[A-Za-z-]+\\s+){0,4}?cases\\b`, 'gi');
// "nine out of eleven" inside a list of counts: the part is the count, the whole is not.
const OUT_OF = new RegExp(`(?<![\\w-])(${N})\\s+(?:out\\s+)?of\\s+(?:the\\s+)?${N}\\b`, 'gi');
// "22 were handled well, 12 required improvement": a case handled well is a case graded good.
const GRADE = '(outstanding|good|inadequate(?:ly)?|adequate|requir(?:ed|es|ing|e)\\s+improvement|need(?:ed|s|ing)?\\s+improvement|(?:handled|dealt\\s+with)\\s+well(?!\\s+enough))';
// "nine were still judged inadequate", "11 were handled well enough to be called good"
const FILLER = '(?:(?:were|was|cases|assessed|judged|rated|graded|deemed|found|to|be|have|had|been|handled|dealt|with|as|only|also|further|of|them|these|those|a|still|now|well|enough|called|considered|described)\\s+){0,9}?';
// "10 were assessed as good", "eighteen required improvement", "ten were found to be inadequate"
const COUNT_THEN_GRADE = new RegExp(`(?<![\\w-])(${N})\\s+${FILLER}${GRADE}\\b`, 'gi');
// "good in 23 cases", "required improvement in a further 23 cases", "inadequate in 28"
// … and "good: 24", "inadequate – 11" in a list
const GRADE_THEN_COUNT = new RegExp(`${GRADE}(?:\\s+in\\s+(?:a\\s+further\\s+|another\\s+)?|\\s*[:–—-]\\s*)(${N})\\b(?!\\s*(?:areas?|of\\s+the))`, 'gi');

// "In five, they judged the response inadequate", "eight in which the force's handling was inadequate"
const COUNT_THEN_CLAUSE = new RegExp(`(?:\\b[Ii]n\\s+(${N}),|(?<![\\w-])(${N})\\s+in\\s+which)\\s+[^.;]{0,70}?\\b${GRADE}\\b`, 'g');

type Counts = Partial<Record<Grade, number>>;

// "Their findings, out of 62 cases:" followed by "– good: 24" lines: a list of counts.
const LIST_LINE = /^\s*(?:[•·▪‣◦*–—-]\s*)?[^.!?]{1,60}$/;

export function extractCaseAudits(paragraphs: string[], primary: ForceId[]): CaseAudit[] {
  const audits: CaseAudit[] = [];
  for (const [paragraphIndex, paragraph] of paragraphs.entries()) {
    const sentences = splitSentences(paragraph).map((sentence) => sentence.text);
    const listAfter: string[] = [];
    if (/:\s*$/.test(paragraph)) {
      for (const next of paragraphs.slice(paragraphIndex + 1, paragraphIndex + 7)) {
        if (!LIST_LINE.test(next)) break;
        listAfter.push(next);
      }
    }
    sentences.forEach((sentence, index) => {
      const force = findForceMentions(sentence).find((mention) => mention.kind !== 'bare')?.force ?? primary[0];
      if (!force) return;
      const partRanges: [number, number][] = [];
      for (const match of sentence.matchAll(PART_OF_TOTAL)) {
        partRanges.push([match.index, match.index + match[0].length]);
        const part = parseNumber(match[1]!);
        const total = parseNumber(match[2]!);
        const grade = firstGrade(sentence.slice(match.index + match[0].length));
        if (part === null || total === null || !grade || part > total) continue;
        // "twelve of the sixty cases were good, twenty-five required improvement and …": the
        // counts after the first share its total.
        const rest = countsIn(sentence.slice(match.index + match[0].length), total);
        delete rest[grade];
        add(audits, { force, total, ...rest, [grade]: part });
      }
      // "judged the response inadequate in seven of the ten cases", "found inadequate practice in
      // nineteen of the seventy-four cases": the grade before its share of the total.
      for (const match of sentence.matchAll(GRADE_IN_PART)) {
        partRanges.push([match.index, match.index + match[0].length]);
        const grade = gradeOf(match[1]!);
        const part = parseNumber(match[2]!);
        const total = parseNumber(match[3]!);
        if (grade && part !== null && total !== null && part <= total) add(audits, { force, total, [grade]: part });
      }
      const insidePart = (at: number) => partRanges.some(([start, end]) => at >= start && at < end);
      // "good in 23 cases" is a count, not a new total.
      const totals = [...sentence.matchAll(TOTAL)].filter(
        (match) => !insidePart(match.index) && !/\bin\s+(?:a\s+further\s+|another\s+|the\s+remaining\s+)?$/i.test(sentence.slice(Math.max(0, match.index - 20), match.index)),
      );
      totals.forEach((totalMatch, position) => {
        const total = parseNumber((totalMatch[1] ?? totalMatch[2])!);
        if (total === null || total < 2) return;
        // Counts follow the total up to the next total ("Of the 40 Norfolk cases, 26 …; of the 36
        // from Suffolk, 20 …"), or in the next three sentences ("They looked at 48 cases. Just 11
        // were good. 21 needed improvement. 16 were inadequate.").
        const next = totals[position + 1];
        const rest = sentence.slice(totalMatch.index + totalMatch[0].length, next ? next.index : sentence.length);
        const following = next ? rest : [rest, ...sentences.slice(index + 1, index + 4), ...(index === sentences.length - 1 ? listAfter : [])].join(' ');
        // The force named with this total, else the sentence's, else the story's.
        const segment = sentence.slice(Math.max(0, totalMatch.index - 40), next ? next.index : sentence.length);
        const own = findForceMentions(segment).find((mention) => mention.kind !== 'bare')?.force ?? force;
        const counts = countsIn(following, total);
        if (Object.keys(counts).length > 0) add(audits, { force: own, total, ...counts });
      });
    });
  }
  return audits;
}

const FRACTIONS: Record<string, number> = { half: 1 / 2, third: 1 / 3, quarter: 1 / 4, fifth: 1 / 5, tenth: 1 / 10, 'two thirds': 2 / 3, 'three quarters': 3 / 4 };
const FRACTION = /\b(?:(?:a|one)\s+(half|third|quarter|fifth|tenth)|(two\s+thirds|three\s+quarters))\b/gi;

/** "a third" of 90 → "30", when the fraction gives a whole number. */
function fractionsToNumbers(text: string, total: number): string {
  return text.replace(FRACTION, (whole, single: string | undefined, double: string | undefined) => {
    const share = FRACTIONS[(single ?? double ?? '').toLowerCase().replace(/\s+/g, ' ')];
    const count = share === undefined ? Number.NaN : total * share;
    return Number.isInteger(count) ? String(count) : whole;
  });
}

function countsIn(rawText: string, total: number): Counts {
  const text = fractionsToNumbers(rawText, total);
  const counts: Counts = {};
  const record = (count: number | null, grade: Grade | null) => {
    if (count === null || grade === null || count > total || counts[grade] !== undefined) return;
    counts[grade] = count;
  };
  const counted = text.replace(OUT_OF, '$1');
  for (const match of counted.matchAll(COUNT_THEN_GRADE)) record(parseNumber(match[1]!), gradeOf(match[2]!));
  for (const match of counted.matchAll(GRADE_THEN_COUNT)) record(parseNumber(match[2]!), gradeOf(match[1]!));
  for (const match of counted.matchAll(COUNT_THEN_CLAUSE)) record(parseNumber((match[1] ?? match[2])!), gradeOf(match[3]!));
  const sum = Object.values(counts).reduce((a, b) => a + b, 0);
  return sum <= total ? counts : {};
}

/** The grade that completes "N of M cases …" in its own clause, unless negated ("not good enough"). */
function firstGrade(text: string): Grade | null {
  const clauses = text.slice(0, 160).split(/[,;.]\s/);
  // "18 of the 60 cases were handled well, with the rest …": the first clause has its own verb and
  // says it all; "nine out of eleven cases examined, the response was found inadequate" does not.
  const first = clauses[0] ?? '';
  const clause = /\b(?:were|was|are|is|had|have)\b/i.test(first) ? first : clauses.slice(0, 2).join(', ');
  const match = new RegExp(GRADE, 'i').exec(clause);
  if (!match || /\b(?:not|never|n['’]t)\b/i.test(clause.slice(0, match.index))) return null;
  return gradeOf(match[1]!);
}

function gradeOf(word: string): Grade | null {
  const lower = word.toLowerCase();
  if (lower.startsWith('inadequate')) return 'inadequate';
  if (lower === 'adequate') return 'adequate';
  if (lower === 'good' || /\bwell$/.test(lower)) return 'good';
  if (lower === 'outstanding') return 'outstanding';
  if (lower.startsWith('requir') || lower.startsWith('need')) return 'requires-improvement';
  return null;
}

function add(audits: CaseAudit[], audit: CaseAudit): void {
  const same = audits.find((other) => other.force === audit.force && other.total === audit.total);
  if (!same) {
    audits.push(audit);
    return;
  }
  for (const grade of ['outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate'] as const) {
    if (same[grade] === undefined && audit[grade] !== undefined) same[grade] = audit[grade];
  }
}
