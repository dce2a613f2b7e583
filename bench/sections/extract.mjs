// extract: the whole per-article path (decode, jsdom, Readability, forcewatch's reading rules,
// extraction) against Readability on jsdom alone, on the same generated pages in the same run;
// then extraction alone (no DOM) and how its time grows with text length.
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { extractArticle } from '../../dist/extract/article.js';
import { decodeBody } from '../../dist/ingest/charset.js';
import { readPage } from '../../dist/ingest/page-reader.js';
import { articleText, pageSet } from '../lib/corpus.mjs';
import { growthExponent, linearFit, median, now, profile, round, sum } from '../lib/measure.mjs';

/** Readability on jsdom and nothing else: the floor any reader built on them pays. */
function readabilityOnly(html, url) {
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  try {
    return new Readability(dom.window.document, { charThreshold: 200, keepClasses: false }).parse();
  } finally {
    dom.window.close();
  }
}

/** What a poll does with one fetched page: bytes → text → readable paragraphs → facts. */
function wholePath(bytes, url, steps) {
  const t0 = now();
  const html = decodeBody(bytes, 'text/html; charset=utf-8', 'html');
  const t1 = now();
  const page = readPage(html, url);
  const t2 = now();
  const article = extractArticle({ url, title: page.title, outlet: page.outlet, published: page.published, standfirst: '', paragraphs: page.paragraphs });
  const t3 = now();
  if (steps) {
    steps.decode += t1 - t0;
    steps.readPage += t2 - t1;
    steps.extract += t3 - t2;
  }
  return article;
}

export async function run(options) {
  const quick = Boolean(options.quick);
  const pages = pageSet(quick ? 16 : 30).map((page) => ({ ...page, bytes: Buffer.from(page.html, 'utf8') }));
  const rounds = quick ? 3 : 5;
  // Warm-up: JIT, jsdom's lazy modules, regex compilation.
  for (const page of pages.slice(0, 8)) {
    readabilityOnly(page.html, page.url);
    wholePath(page.bytes, page.url, null);
  }
  const ratios = [];
  const fullRounds = [];
  const baseRounds = [];
  const steps = { decode: 0, readPage: 0, extract: 0 };
  for (let r = 0; r < rounds; r += 1) {
    let full = 0;
    let base = 0;
    for (const [index, page] of pages.entries()) {
      // Alternate which goes first so neither always runs on a warmer cache.
      const order = (index + r) % 2 === 0;
      for (const which of order ? ['base', 'full'] : ['full', 'base']) {
        const t = now();
        if (which === 'base') readabilityOnly(page.html, page.url);
        else wholePath(page.bytes, page.url, steps);
        if (which === 'base') base += now() - t;
        else full += now() - t;
      }
    }
    fullRounds.push(full / pages.length);
    baseRounds.push(base / pages.length);
    ratios.push(full / base);
  }
  const relevant = pages.filter((page) => wholePath(page.bytes, page.url, null).relevant).length;
  const profiled = await profile(async () => {
    for (const page of pages) wholePath(page.bytes, page.url, null);
  });

  const growth = extractionGrowth(quick);
  return {
    pages: pages.length,
    relevantPages: relevant,
    pageKiB: { min: round(Math.min(...pages.map((p) => p.bytes.length)) / 1024, 0), median: round(median(pages.map((p) => p.bytes.length)) / 1024, 0), max: round(Math.max(...pages.map((p) => p.bytes.length)) / 1024, 0) },
    rounds,
    wholePathMsPerPage: round(median(fullRounds)),
    readabilityOnlyMsPerPage: round(median(baseRounds)),
    ratio: round(median(ratios), 3),
    ratioTarget: 1.3,
    stepsMsPerPage: Object.fromEntries(Object.entries(steps).map(([key, value]) => [key, round(value / (rounds * pages.length), 3)])),
    hotSpots: { profiledMs: profiled.totalMs, pages: pages.length, byOrigin: profiled.byOrigin, selfTime: profiled.hotFunctions, inclusive: profiled.inclusive },
    extractionAlone: growth,
  };
}

/** Extraction alone (no DOM) over texts from 2k to 256k characters, in three shapes. */
function extractionGrowth(quick) {
  const sizes = quick ? [2_000, 8_000, 32_000, 64_000] : [2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000];
  const shapes = {};
  for (const shape of ['news', 'one-paragraph', 'quotes']) {
    const points = [];
    for (const chars of sizes) {
      const text = articleText(chars, shape);
      const actual = sum(text.paragraphs.map((p) => p.length));
      extractArticle(text);
      const times = [];
      const deadline = now() + (quick ? 300 : 800);
      do {
        const t = now();
        extractArticle(text);
        times.push(now() - t);
      } while (now() < deadline && times.length < 30);
      points.push({ chars: actual, ms: round(median(times), 3), runs: times.length });
      // A size that takes this long already shows a problem; larger ones would only take longer.
      if (median(times) > 5_000) break;
    }
    const fit = linearFit(points.map((p) => p.chars), points.map((p) => p.ms));
    shapes[shape] = {
      points,
      msPer10kChars: round(fit.slope * 10_000, 3),
      interceptMs: round(fit.intercept, 3),
      r2: round(fit.r2, 4),
      exponent: round(growthExponent(points.filter((p) => p.chars >= 8_000).map((p) => p.chars), points.filter((p) => p.chars >= 8_000).map((p) => p.ms)), 2),
    };
  }
  const typical = articleText(6_000, 'news');
  const times = [];
  for (let i = 0; i < 50; i += 1) {
    const t = now();
    extractArticle(typical);
    times.push(now() - t);
  }
  return { typicalArticleMs: round(median(times), 3), typicalChars: sum(typical.paragraphs.map((p) => p.length)), shapes };
}
