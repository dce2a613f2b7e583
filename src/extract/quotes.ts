// Direct quotations and who said them. A quotation may open in one paragraph and continue in
// the next (each paragraph reopens with a quote mark, only the last one closes); the speaker is
// named before it ("X said:"), after it ("…," said X / she added), or in the paragraph before.
import type { PersonMention } from './people.js';

export interface QuoteSpan {
  paragraph: number;
  /** Offsets of the quoted text (without the quote marks) in its paragraph. */
  start: number;
  end: number;
  text: string;
  /** Continues a quotation left open at the end of the previous paragraph. */
  continuation: boolean;
}

const OPENERS: Record<string, string> = { '“': '”', '"': '"', '‘': '’', "'": "'" };

/** Finds quoted passages of five words or more, following quotations across paragraphs. */
export function findQuotes(paragraphs: string[]): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let openFromPrevious = false;
  paragraphs.forEach((paragraph, index) => {
    let cursor = 0;
    let continuing = openFromPrevious;
    openFromPrevious = false;
    while (cursor < paragraph.length) {
      const open = nextOpener(paragraph, cursor);
      if (!open) break;
      const close = findCloser(paragraph, open.at + 1, open.mark);
      const end = close ?? paragraph.length;
      const raw = paragraph.slice(open.at + 1, end);
      const text = raw.trim();
      // A paragraph that starts a quotation it does not close carries on in the next one, which
      // reopens with the same mark (British style, double or single).
      const carriesOn = close === null && nextStartsWithQuote(paragraphs[index + 1], open.mark);
      if (close === null && (open.mark === '“' || open.mark === '"' || carriesOn)) openFromPrevious = carriesOn;
      if (wordCount(text) >= 5 && (close !== null || open.mark === '“' || open.mark === '"' || carriesOn || continuing)) {
        const continuation = continuing && open.at <= 1;
        spans.push({ paragraph: index, start: open.at + 1 + (raw.length - raw.trimStart().length), end: open.at + 1 + raw.trimEnd().length, text, continuation });
      }
      continuing = false;
      cursor = close === null ? paragraph.length : close + 1;
    }
  });
  return spans;
}

function nextStartsWithQuote(paragraph: string | undefined, mark: string): boolean {
  if (paragraph === undefined) return false;
  return mark === '‘' || mark === "'" ? /^\s*['‘]/.test(paragraph) : /^\s*[“"]/.test(paragraph);
}

function nextOpener(text: string, from: number): { at: number; mark: string } | null {
  for (let index = from; index < text.length; index += 1) {
    const mark = text.charAt(index);
    if (!(mark in OPENERS)) continue;
    const before = text.charAt(index - 1);
    const after = text.charAt(index + 1);
    if (mark === '”') continue;
    // A single quote is an opener only at the start of a word, never an apostrophe ("force's").
    if ((mark === '‘' || mark === "'") && (/[\p{L}\p{N}]/u.test(before) || !/[\p{L}\p{N}]/u.test(after))) continue;
    if (mark === '"' && /[\p{L}\p{N}]/u.test(before)) continue;
    return { at: index, mark };
  }
  return null;
}

function findCloser(text: string, from: number, opener: string): number | null {
  const closer = OPENERS[opener]!;
  for (let index = from; index < text.length; index += 1) {
    const mark = text.charAt(index);
    if (mark === '“' && opener === '“') return null; // a new quotation opens: this one was left open
    if (mark !== closer) continue;
    if (closer === '’' || closer === "'") {
      // ’ inside a word is an apostrophe (I’m, force’s); a closing mark is followed by a non-letter.
      if (/[\p{L}]/u.test(text.charAt(index + 1))) continue;
      if (/\s/.test(text.charAt(index - 1))) continue;
    }
    return index;
  }
  return null;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

const SPEECH_VERB = String.raw`(?:said|says|say|added|adds|told|tells|explained|warned|stated|stating|commented|insisted|admitted|acknowledged|responded|continued|urged|wrote|writes|argued|noted|believes|described|called|added\s+that|went\s+on)`;
const PRONOUN_AFTER = new RegExp(String.raw`^[\s,.;:!?–—-]*(?:(he|she|they)\s+${SPEECH_VERB}|${SPEECH_VERB}\s+(he|she))\b`, 'i');
const PRONOUN_BEFORE = new RegExp(String.raw`\b(he|she|they)\s+(?:also\s+)?${SPEECH_VERB}\b[^“”"]{0,80}$`, 'i');
// "…,” the inspectorate said in its report.
const REPORT_AFTER = new RegExp(String.raw`^[\s,.;:!?–—-]*(?:(?:the\s+(?:report|inspectorate|watchdog|inspectors)|inspectors|HMICFRS|HMIC)\s+(?:also\s+)?${SPEECH_VERB}\b|according\s+to\s+the\s+(?:report|inspectorate|inspectors|watchdog)\b)`, 'i');
const REPORT_SPEAKS =
  /\b(?:the\s+(?:report|inspectorate|watchdog|review|inspection)|inspectors|HMICFRS|HMIC|it)\b(?:,[^,“”"]{1,60},)?\s+(?:also\s+|does\s+|did\s+)?(?:said|says|found|finds|wrote|writes|noted|notes|described|describes|concluded|concludes|stated|states|warned|warns|added|adds|continued|praised|praises|praise|criticised|criticises|highlighted|highlights|called|calls|terms|puts?\s+it)\b[^“”"]{0,150}$|\b(?:the\s+report|inspectors)\b[^“”"]{0,110}\b(?:as|that)\s*$|\baccording\s+to\s+the\s+report\b/i;

export interface AttributedQuote {
  /** A person, the inspectorate (the report quoted), an organisation's statement, or unknown. */
  speaker: PersonMention['person'] | 'inspectorate' | { statementBy: string } | null;
  text: string;
}

/**
 * Gives each quotation its speaker: the person named in the words around it, a pronoun's
 * nearest preceding person, the speaker of the quotation it continues, or the inspectorate
 * when the report itself is quoted.
 */
export function attributeQuotes(paragraphs: string[], spans: QuoteSpan[], mentions: PersonMention[]): AttributedQuote[] {
  const attributed: AttributedQuote[] = [];
  let previous: AttributedQuote['speaker'] = null;
  spans.forEach((span, index) => {
    const paragraph = paragraphs[span.paragraph]!;
    let speaker: AttributedQuote['speaker'] = null;
    const inParagraph = mentions.filter((mention) => mention.paragraph === span.paragraph);
    const spanAfter = spans[index + 1];
    const afterEnd = spanAfter && spanAfter.paragraph === span.paragraph ? spanAfter.start - 1 : paragraph.length;
    const after = paragraph.slice(span.end + 1, Math.min(afterEnd, span.end + 160));
    const spanBefore = spans[index - 1];
    const beforeStart = spanBefore && spanBefore.paragraph === span.paragraph ? spanBefore.end + 1 : 0;
    const before = paragraph.slice(beforeStart, Math.max(beforeStart, span.start - 1));

    if (span.continuation) speaker = previous;
    // After: "…," said X / "…," X said / "…," she added
    if (!speaker) {
      const firstSentence = after.split(/(?<=[.!?])\s+(?=\p{Lu}|[“"‘])/u)[0] ?? '';
      // "…,” the Chief Inspector of Prisons, Nicholas Fordyce, said." — a title and a name may stand before the verb.
      if (new RegExp(`^[\\s,.;:!?–—-]*(?:[^“”"]{0,100}?)\\b${SPEECH_VERB}\\b|^[\\s,.;:!?–—-]*according\\s+to`, 'i').test(firstSentence)) {
        const named = inParagraph.find((mention) => mention.start > span.end && mention.start <= span.end + 1 + firstSentence.length);
        if (named) speaker = named.person;
        else if (PRONOUN_AFTER.test(firstSentence)) speaker = lastPersonBefore(mentions, span) ?? previous;
        else if (REPORT_AFTER.test(firstSentence)) speaker = 'inspectorate';
      }
    }
    // Before: X said: "…" / X, ROLE, told the programme: "…" / she said: "…"
    if (!speaker && before.trim()) {
      const leadIn = before.split(/(?<=[.!?”])\s+(?=\p{Lu})/u).pop() ?? '';
      const leadInStart = beforeStart + before.length - leadIn.length;
      const named = inParagraph.filter((mention) => mention.start >= leadInStart && mention.end <= span.start);
      if (REPORT_SPEAKS.test(leadIn) && named.length === 0) speaker = 'inspectorate';
      else if (named.length > 0) speaker = named[0]!.person;
      else if (PRONOUN_BEFORE.test(leadIn)) speaker = lastPersonBefore(mentions, span) ?? previous;
    }
    // "the chief constable said", "the commissioner added": the one person with that role.
    if (!speaker) speaker = byRoleReference(`${before.slice(-120)} ${after.slice(0, 120)}`, mentions);
    // “A,” she said. “B.” — a second quotation in the paragraph continues the first one's speaker.
    if (!speaker && spanBefore && spanBefore.paragraph === span.paragraph && index > 0) speaker = attributed[index - 1]?.speaker ?? null;
    const wholeParagraph = before.trim() === '' && !/\p{L}/u.test(after.replace(/[\s.,;:!?]/g, ''));
    // A quotation that opens the story, its speaker named next: “…” / Those were the words of X.
    if (!speaker && wholeParagraph) speaker = namedInNextParagraph(paragraphs, span, mentions);
    // A paragraph that is only the quotation: the speaker of the paragraph before.
    if (!speaker && wholeParagraph) speaker = lastPersonBefore(mentions, span) ?? previous;
    if (!speaker && REPORT_SPEAKS.test(before)) speaker = 'inspectorate';
    // "A Home Office spokesperson said:", "In a statement, the Met said:" — an organisation speaks.
    if (!speaker) speaker = organisationSpeaking(before.slice(-160), after.slice(0, 120));
    attributed.push({ speaker, text: span.text });
    if (speaker) previous = speaker;
  });
  return attributed;
}

// "the chief constable said", "the Deputy Mayor added", "the Commissioner said": an office named
// by its head noun, with up to four words before it.
const ROLE_REFERENCE =
  /\bthe\s+((?:[\p{L}-]+,?\s+){0,4}?(?:constable|commissioner|pcc|inspector|superintendent|governor|executive|director|chair(?:man|woman)?|leader|mayor|member|holder|secretary|minister|officer|head))\s+(?:said|says|added|told|explained|warned|insisted)\b/iu;

function byRoleReference(text: string, mentions: PersonMention[]): PersonMention['person'] | null {
  const match = ROLE_REFERENCE.exec(text);
  if (!match) return null;
  const wanted = match[1]!.toLowerCase().replace(/\s+/g, ' ').replace(/,/g, '').replace(/^pcc$/, 'police and crime commissioner');
  // "the Deputy Mayor" is the Deputy Mayor for Policing and Crime; "the commissioner" is not the deputy commissioner.
  const holds = (role: string) => role === wanted || role.endsWith(` ${wanted}`) || role.startsWith(`${wanted} for `) || role.startsWith(`${wanted} of `);
  const people = [...new Set(mentions.map((mention) => mention.person))].filter((person) => person.role && holds(person.role.toLowerCase().replace(/,/g, '')));
  const principals = people.filter((person) => /^(?:deputy|assistant)\b/.test(wanted) || !/^(?:deputy|assistant)\b/i.test(person.role!));
  if (principals.length === 1) return principals[0]!;
  return people.length === 1 ? people[0]! : null;
}

const NAMED_NEXT = /^(?:those|these|that|this)\s+(?:were|was)\s+the\s+(?:words|verdict|message|warning|admission|view)\s+of\b|^so\s+said\b|^(?:the\s+)?words\s+(?:of|from)\b/i;

function namedInNextParagraph(paragraphs: string[], span: QuoteSpan, mentions: PersonMention[]): PersonMention['person'] | null {
  const next = paragraphs[span.paragraph + 1];
  if (!next || !NAMED_NEXT.test(next)) return null;
  const firstSentenceEnd = next.search(/[.!?](?:\s|$)/);
  const limit = firstSentenceEnd === -1 ? next.length : firstSentenceEnd;
  return mentions.find((mention) => mention.paragraph === span.paragraph + 1 && mention.start < limit)?.person ?? null;
}

const ORG_NAME = String.raw`((?:the\s+)?(?:\p{Lu}[\p{L}&'’-]*|of|and|for)(?:\s+(?:\p{Lu}[\p{L}&'’-]*|of|and|for)){0,5}|the\s+force|the\s+constabulary|the\s+council)`;
const ORG_BEFORE = new RegExp(String.raw`(?:\b(?:[Aa]n?)\s+${ORG_NAME}\s+(?:spokes(?:person|man|woman)|statement)\s+said|(?:statement,?\s+|^|[.!?]\s+)${ORG_NAME}\s+said(?:\s+in\s+a\s+statement)?)\s*[:,]?\s*$`, 'u');
const ORG_AFTER = new RegExp(String.raw`^[\s,.;:!?–—-]*(?:said\s+(?:a|an)\s+${ORG_NAME}\s+spokes(?:person|man|woman)|(?:a|an)\s+${ORG_NAME}\s+spokes(?:person|man|woman)\s+said)`, 'u');

function organisationSpeaking(before: string, after: string): { statementBy: string } | null {
  const match = ORG_BEFORE.exec(before) ?? ORG_AFTER.exec(after);
  const name = match?.slice(1).find((group) => group !== undefined)?.trim();
  if (!name || /^(?:he|she|they|it|we|i)$/i.test(name)) return null;
  return { statementBy: name };
}

function lastPersonBefore(mentions: PersonMention[], span: QuoteSpan): PersonMention['person'] | null {
  let found: PersonMention | null = null;
  for (const mention of mentions) {
    if (mention.paragraph > span.paragraph || (mention.paragraph === span.paragraph && mention.start >= span.start)) break;
    // Mentions inside the quotation's own paragraph before it, or in the two paragraphs before.
    if (mention.paragraph >= span.paragraph - 2) found = mention;
  }
  return found?.person ?? null;
}
