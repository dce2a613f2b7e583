// One folder per case (test/fixtures/pages/<case>/source.html + expected.json): each page goes
// through the same reader and extraction the CLI uses, and only the keys present in
// expected.json are checked, one assertion per field, failures naming the case and the field.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/article.js';
import { readPage } from '../../src/ingest/page-reader.js';
import type { ExtractedArticle } from '../../src/core/types.js';

const root = path.resolve(import.meta.dirname, '../fixtures/pages');
const cases = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

interface Expected {
  relevant?: boolean;
  inspectorate?: string | null;
  inspectionType?: string | null;
  reinspection?: boolean;
  forces?: { primary: string[]; mentioned: string[] };
  grades?: { force: string; area: string; grade: string }[];
  officials?: { name: string; role?: string | null; organisation?: string | null }[];
  quotes?: { speaker: string; startsWith: string }[];
  caseAudits?: Record<string, string | number>[];
}

const fold = (text: string) => text.toLowerCase().replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
const sorted = (values: string[]) => [...values].sort();

function extract(slug: string): ExtractedArticle {
  const html = readFileSync(path.join(root, slug, 'source.html'), 'utf8');
  const page = readPage(html, `https://fixtures.example/${slug}`);
  return extractArticle({ url: page.url, title: page.title, outlet: page.outlet, published: page.published, standfirst: '', paragraphs: page.paragraphs });
}

describe.each(cases)('%s', (slug) => {
  const expected = JSON.parse(readFileSync(path.join(root, slug, 'expected.json'), 'utf8')) as Expected;
  const article = extract(slug);

  it.runIf('relevant' in expected)('relevant', () => expect(article.relevant).toBe(expected.relevant));
  it.runIf('inspectorate' in expected)('inspectorate', () => expect(article.inspectorate).toBe(expected.inspectorate));
  it.runIf('inspectionType' in expected)('inspectionType', () => expect(article.inspectionType).toBe(expected.inspectionType));
  it.runIf('reinspection' in expected)('reinspection', () => expect(article.reinspection).toBe(expected.reinspection));
  it.runIf('forces' in expected)('forces.primary', () => expect(sorted(article.forces.primary)).toEqual(sorted(expected.forces!.primary)));
  it.runIf('forces' in expected)('forces.mentioned', () => expect(sorted(article.forces.mentioned)).toEqual(sorted(expected.forces!.mentioned)));
  it.runIf('grades' in expected)('grades', () => {
    const key = (grade: { force: string; area: string; grade: string }) => `${grade.force}|${grade.area}|${grade.grade}`;
    expect(sorted(article.grades.map(key))).toEqual(sorted(expected.grades!.map(key)));
  });
  it.runIf('officials' in expected)('officials', () => {
    expect(sorted(article.officials.map((official) => official.name))).toEqual(sorted(expected.officials!.map((official) => official.name)));
  });
  it.runIf('officials' in expected)('official roles', () => {
    for (const want of expected.officials!) {
      const found = article.officials.find((official) => official.name === want.name);
      if (found && want.role !== undefined) expect(fold(found.role ?? ''), `role of ${want.name}`).toBe(fold(want.role ?? ''));
    }
  });
  it.runIf('quotes' in expected)('quotes', () => {
    for (const want of expected.quotes!) {
      const found = article.quotes.find((quote) => fold(quote.text).startsWith(fold(want.startsWith)));
      expect(found, `quote "${want.startsWith}"`).toBeDefined();
      expect(found?.speaker, `speaker of "${want.startsWith}"`).toBe(want.speaker);
    }
  });
  it.runIf('caseAudits' in expected)('caseAudits', () => {
    const key = (audit: Record<string, unknown>) =>
      ['force', 'total', 'outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate'].map((field) => String(audit[field] ?? 0)).join('|');
    expect(sorted(article.caseAudits.map((audit) => key(audit as unknown as Record<string, unknown>)))).toEqual(sorted(expected.caseAudits!.map(key)));
  });
});
