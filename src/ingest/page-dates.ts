// Publication dates as pages show them: ISO in metadata, or visible text such as
// "Published 21 November 2025", "21/04/2016" or "11 Jul 2024 11:15 BST".
const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, sept: 8, oct: 9, nov: 10, dec: 11,
};

const DAY_MONTH_YEAR = /\b(\d{1,2})(?:st|nd|rd|th)?\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?,?\s+(\d{4})(?:,?\s+(\d{1,2})[:.](\d{2})\s*(BST|GMT|UTC)?)?/i;
const MONTH_DAY_YEAR = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})/i;
const NUMERIC = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/;

/** Parses a date written in any of the common forms; UK order for numeric dates. */
export function parseLooseDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const time = Date.parse(trimmed);
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  }
  let match = DAY_MONTH_YEAR.exec(trimmed);
  if (match) {
    const offsetHours = match[6]?.toUpperCase() === 'BST' ? 1 : 0;
    return utc(Number(match[3]), MONTHS[match[2]!.slice(0, 3).toLowerCase()]!, Number(match[1]), Number(match[4] ?? 0) - offsetHours, Number(match[5] ?? 0));
  }
  match = MONTH_DAY_YEAR.exec(trimmed);
  if (match) return utc(Number(match[3]), MONTHS[match[1]!.slice(0, 3).toLowerCase()]!, Number(match[2]), 0, 0);
  match = NUMERIC.exec(trimmed);
  if (match) return utc(Number(match[3]), Number(match[2]) - 1, Number(match[1]), 0, 0);
  const time = Date.parse(trimmed);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function utc(year: number, month: number, day: number, hours: number, minutes: number): string | null {
  if (month < 0 || month > 11 || day < 1 || day > 31 || year < 1990 || year > 2100) return null;
  return new Date(Date.UTC(year, month, day, hours, minutes)).toISOString();
}
