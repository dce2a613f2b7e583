// Text helpers shared by the embed renderer and the slash-command replies: markdown escaping,
// truncation to Discord's limits, labels for grades, areas and inspection types, dates. Pure.

const ZWSP = '\u200b';

/** Characters that start inline markdown anywhere in a line. */
const INLINE_MARKDOWN = /[\\*_~`|[\]()<>]/g;
/** Characters that only mean something at the start of a line (quotes, headings, lists, subtext). */
const LINE_START_MARKDOWN = /^(\s*)([>#\-+@]|\d+\.)/;

/**
 * Makes extracted text inert in a Discord message: markdown is escaped, line breaks collapse to
 * spaces (so a title cannot open a heading or a quote block), mass and user/role/channel
 * mentions are broken with a zero-width space. allowed_mentions stays the real guard.
 */
export function escapeMarkdown(text: string): string {
  return neutraliseMentions(
    text
      .replace(/[\r\n\u2028\u2029]+/g, ' ')
      .replace(INLINE_MARKDOWN, (char) => `\\${char}`)
      .replace(LINE_START_MARKDOWN, (_match, space: string, marker: string) => `${space}\\${marker}`),
  );
}

/** Breaks @everyone, @here and <@id>, <@!id>, <@&id>, <#id>, </cmd:id>, <t:…> so they never resolve. */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(?=[@#/:]|a:|t:)/g, `<${ZWSP}`);
}

/** Cuts text to at most `max` characters (UTF-16 units, as Discord counts), ending with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  // Do not leave half a surrogate pair or a dangling escape backslash at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  if (/(^|[^\\])(\\\\)*\\$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A markdown link whose text is escaped and whose URL cannot break out of the parentheses. */
export function markdownLink(text: string, url: string): string {
  const safeUrl = safeHttpUrl(url);
  const label = escapeMarkdown(text);
  return safeUrl === null ? label : `[${label}](${safeUrl})`;
}

/** http(s) URL with characters that would end a markdown link percent-encoded, else null. */
export function safeHttpUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.href.replace(/[()<> ]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

export { GRADE_ORDER, areaLabel, gradeLabel, gradeRank, inspectionLabel, quoteForDisplay, worstGrade } from '../core/labels.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/** "21 Nov 2025" (the day in London), or null for a missing or unparseable date. */
export function formatDay(iso: string | null): string | null {
  if (iso === null) return null;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return null;
  const parts = Object.fromEntries(londonDate.formatToParts(new Date(time)).map((part) => [part.type, part.value]));
  return `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1] ?? '?'} ${parts.year}`;
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
