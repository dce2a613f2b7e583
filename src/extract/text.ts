// Text helpers shared by the extractors: normalisation and sentence splitting. Hand-written
// rather than an NLP library because news copy here needs only a handful of rules (titles and
// ranks that end in a full stop) and must stay linear in the text length.

/** Normalises whitespace and invisible characters; keeps quote marks as written. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[\t ]+/g, ' ')
    .trim();
}

export interface Sentence {
  text: string;
  /** Offset of the sentence within its paragraph. */
  start: number;
}

// Words after which a full stop does not end a sentence.
const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof st no nos det supt insp sgt ch con cllr rev gen col capt lt maj sr jr vs etc inc ltd co dept govt approx fig'.split(' '),
);

/** Splits a paragraph into sentences; quoted speech stays with the sentence it belongs to. */
export function splitSentences(paragraph: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const boundary = /[.!?]+["”’']?(?=\s+["“‘']?[A-Z0-9])/g;
  for (const match of paragraph.matchAll(boundary)) {
    const end = match.index + match[0].length;
    const before = paragraph.slice(Math.max(start, match.index - 12), match.index);
    const lastWord = /([A-Za-z]+)$/.exec(before)?.[1]?.toLowerCase() ?? '';
    // "Investigating crime ..... Adequate": dot leaders in a table row, not the end of a sentence.
    if (/^\.{3,}$/.test(match[0])) continue;
    // "Det. Supt. Jones", "J. Smith": a title or an initial is not a sentence end.
    if (ABBREVIATIONS.has(lastWord) || /(?:^|\s)[A-Z]$/.test(before)) continue;
    pushSentence(sentences, paragraph, start, end);
    start = end;
  }
  pushSentence(sentences, paragraph, start, paragraph.length);
  return sentences;
}

function pushSentence(sentences: Sentence[], paragraph: string, from: number, to: number): void {
  const raw = paragraph.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (text) sentences.push({ text, start: from + lead });
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90, hundred: 100,
};

/** "28", "nine", "thirty-eight", "twenty one" → number; anything else → null. */
export function parseNumber(text: string): number | null {
  const clean = text.trim().toLowerCase().replace(/,/g, '');
  if (/^\d{1,6}$/.test(clean)) return Number(clean);
  const parts = clean.split(/[\s-]+/).filter((part) => part !== 'and');
  if (parts.length === 0 || parts.length > 3) return null;
  let total = 0;
  for (const part of parts) {
    const value = NUMBER_WORDS[part];
    if (value === undefined) return null;
    total = value === 100 ? Math.max(total, 1) * 100 : total + value;
  }
  return total;
}

/** A regex fragment matching a number in digits or words (up to "ninety-nine"). */
export const NUMBER_PATTERN =
  '(?:\\d{1,5}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\\s-](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)';

/** Indices of the first `count` paragraphs that are text, not a kicker, byline or dateline. */
export function leadParagraphs(paragraphs: readonly string[], count = 2): number[] {
  const lead: number[] = [];
  for (let index = 0; index < paragraphs.length && lead.length < count; index += 1) {
    const paragraph = paragraphs[index]!;
    const words = paragraph.split(/\s+/).length;
    if (words < 8 || /^by\s+\p{Lu}/u.test(paragraph) || /\|\s*\d{1,2}\/\d{1,2}\/\d{4}/.test(paragraph)) continue;
    lead.push(index);
  }
  return lead;
}
