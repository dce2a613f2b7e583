// `forcewatch extract [--json] <url-or-file>...`: the extraction of each input, one JSON object
// per line (the article contract) or a readable summary. URLs named on the command line are the
// operator's own choice, so they may be on a private network; links found in feeds never are.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExtractedArticle } from '../core/types.js';
import { extractArticle } from '../extract/article.js';
import { decodeBody } from '../ingest/charset.js';
import { createHttpClient } from '../ingest/http.js';
import { readPage } from '../ingest/page-reader.js';
import { canonicalUrl } from '../stories/canonical-url.js';
import { VERSION } from '../version.js';

export interface ExtractOptions {
  inputs: string[];
  json: boolean;
  contact: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function runExtract(options: ExtractOptions): Promise<number> {
  const http = createHttpClient({ userAgent: `forcewatch/${VERSION} (+${options.contact})`, allowPrivateAddresses: true });
  let failures = 0;
  for (const input of options.inputs) {
    try {
      const article = await extractInput(input, http);
      options.stdout.write(options.json ? `${JSON.stringify(article)}\n` : `${describe(article)}\n\n`);
    } catch (error) {
      failures += 1;
      const code = (error as { code?: string }).code ?? 'extract-failed';
      const message = (error as Error).message;
      if (options.json) options.stdout.write(`${JSON.stringify({ schema: 1, url: input, error: { code, message } })}\n`);
      options.stderr.write(`forcewatch extract: ${input}: ${message}\n`);
    }
  }
  return failures > 0 ? 1 : 0;
}

class InputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function extractInput(input: string, http: ReturnType<typeof createHttpClient>): Promise<ExtractedArticle> {
  let html: string;
  let url = input;
  if (/^https?:\/\//i.test(input)) {
    const outcome = await http.fetch({ url: input, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' });
    if (outcome.kind !== 'ok') throw new InputError(outcome.kind === 'failed' ? outcome.code : 'not-modified', outcome.kind === 'failed' ? outcome.message : 'unexpected 304');
    html = decodeBody(outcome.body, outcome.contentType, 'html');
    url = input;
  } else {
    try {
      html = decodeBody(await readFile(path.resolve(input)), null, 'html');
    } catch (error) {
      throw new InputError('unreadable-file', `cannot read ${input}: ${(error as Error).message}`);
    }
  }
  const page = readPage(html, url);
  const article = extractArticle({ url, title: page.title, outlet: page.outlet, published: page.published, standfirst: '', paragraphs: page.paragraphs });
  const canonical = /^https?:/i.test(url) ? canonicalUrl(page.metadata.canonical ?? url, url) : null;
  return canonical && canonical !== url ? { ...article, canonicalUrl: canonical } : article;
}

function describe(article: ExtractedArticle): string {
  const lines = [`${article.title}`, `  ${article.url}`];
  lines.push(`  relevant: ${article.relevant ? 'yes' : 'no'}${article.relevant ? ` — ${article.inspectorate} ${article.inspectionType}${article.reinspection ? ' (re-inspection)' : ''}` : ''}`);
  lines.push(`  forces: ${article.forces.primary.join(', ') || '—'}${article.forces.mentioned.length ? ` (also mentions ${article.forces.mentioned.join(', ')})` : ''}`);
  for (const grade of article.grades) lines.push(`  grade: ${grade.force} ${grade.area}: ${grade.grade}`);
  for (const audit of article.caseAudits) lines.push(`  case audit: ${audit.force} ${JSON.stringify(audit)}`);
  for (const official of article.officials) lines.push(`  official: ${[official.name, official.role, official.organisation].filter(Boolean).join(', ')}`);
  for (const quote of article.quotes) lines.push(`  quote: ${quote.speaker ?? '?'}: “${quote.text.slice(0, 100)}${quote.text.length > 100 ? '…' : ''}”`);
  return lines.join('\n');
}
