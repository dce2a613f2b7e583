// `npm run bench`: builds, then runs each section in its own fresh process (node --expose-gc
// bench/section.mjs), prints a table and writes the results to bench/results/<date>.json (kept in
// git, so runs can be compared) and bench/results/latest.json; `--json FILE` writes them there too.
//   node bench/run.mjs [--json FILE] [--only extract,parallel,poll,stories,memory,start] [--quick]
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flags, machine, now, round } from './lib/measure.mjs';

const SECTIONS = ['extract', 'parallel', 'poll', 'stories', 'memory', 'start'];
const here = path.dirname(fileURLToPath(import.meta.url));
const options = flags(process.argv.slice(2));
const only = typeof options.only === 'string' ? options.only.split(',') : SECTIONS;
const report = { date: new Date().toISOString(), quick: Boolean(options.quick), machineAtStart: machine(), sections: {} };

const work = await mkdtemp(path.join(tmpdir(), 'forcewatch-bench-'));
const started = now();
try {
  for (const name of SECTIONS.filter((section) => only.includes(section))) {
    process.stderr.write(`bench: ${name}…\n`);
    const out = path.join(work, `${name}.json`);
    const t = now();
    const child = spawnSync(process.execPath, ['--expose-gc', path.join(here, 'section.mjs'), name, out, ...(options.quick ? ['--quick'] : [])], { stdio: ['ignore', 'inherit', 'inherit'] });
    const seconds = round((now() - t) / 1000, 1);
    if (child.status !== 0) {
      report.sections[name] = { error: `exited with ${child.status ?? child.signal}`, seconds };
      continue;
    }
    report.sections[name] = { seconds, ...JSON.parse(await readFile(out, 'utf8')) };
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
report.totalSeconds = round((now() - started) / 1000, 1);
report.machineAtEnd = machine();

const day = report.date.slice(0, 10);
await mkdir(path.join(here, 'results'), { recursive: true });
const text = `${JSON.stringify(report, null, 2)}\n`;
if (!options.quick && only.length === SECTIONS.length) await writeFile(path.join(here, 'results', `${day}.json`), text);
await writeFile(path.join(here, 'results', 'latest.json'), text);
if (typeof options.json === 'string') await writeFile(options.json, text);
process.stdout.write(table(report));

function table(r) {
  const rows = [];
  const add = (section, measure, value, target = '', verdict = '') => rows.push([section, measure, String(value), target, verdict]);
  const check = (ok) => (ok ? 'met' : 'MISSED');
  const s = r.sections;
  if (s.extract?.ratio) {
    const e = s.extract;
    add('extract', `whole path (decode+jsdom+Readability+rules+extract), ${e.pages} pages ${e.pageKiB.min}-${e.pageKiB.max} KiB`, `${e.wholePathMsPerPage} ms/page`);
    add('extract', 'Readability on jsdom alone, same pages', `${e.readabilityOnlyMsPerPage} ms/page`);
    add('extract', 'ratio whole / Readability alone', `${e.ratio}×`, '≤ 1.3×', check(e.ratio <= 1.3));
    add('extract', 'of which: decode / readPage / extractArticle', `${e.stepsMsPerPage.decode} / ${e.stepsMsPerPage.readPage} / ${e.stepsMsPerPage.extract} ms`);
    const g = e.extractionAlone;
    add('extract', `extraction alone, typical article (${g.typicalChars} chars)`, `${g.typicalArticleMs} ms`);
    for (const [shape, fit] of Object.entries(g.shapes)) {
      add('extract', `extraction vs length, ${shape} (${fit.points[0].chars}-${fit.points.at(-1).chars} chars)`, `${fit.msPer10kChars} ms/10k chars, R² ${fit.r2}, exponent ${fit.exponent}`, 'linear', check(fit.r2 >= 0.95 && fit.exponent <= 1.3));
    }
  }
  if (s.parallel?.speedup2vs1) {
    const p = s.parallel;
    add('parallel', `in-thread parse, ${p.pages} pages`, `${p.inThread.pagesPerSecond} pages/s, loop delay p99 ${p.inThread.eventLoopDelayMs.p99} ms`);
    add('parallel', '1 worker', `${p.workers1.pagesPerSecond} pages/s, loop delay p99 ${p.workers1.eventLoopDelayMs.p99} ms, main busy ${p.workers1.mainThreadBusy}`);
    add('parallel', '2 workers', `${p.workers2.pagesPerSecond} pages/s, loop delay p99 ${p.workers2.eventLoopDelayMs.p99} ms, main busy ${p.workers2.mainThreadBusy}`);
    add('parallel', 'speed-up 2 workers / 1', `${p.speedup2vs1}×`, '≥ 1.7×', check(p.speedup2vs1 >= 1.7));
    add('parallel', 'cores obtained (in-thread / 1 / 2 workers)', `${p.inThread.coresUsed} / ${p.workers1.coresUsed} / ${p.workers2.coresUsed}`);
    add('parallel', 'pages per CPU-second (in-thread / 1 / 2 workers)', `${p.pagesPerCpuSecond.inThread} / ${p.pagesPerCpuSecond.workers1} / ${p.pagesPerCpuSecond.workers2}`);
  }
  if (s.poll?.scenarios) {
    for (const sc of s.poll.scenarios) {
      const target = sc.mode === '304' ? '< 1500 ms' : '';
      add('poll', `${sc.feeds ?? s.poll.feeds} feeds, ${sc.mode === '304' ? 'all 304' : `all changed, ${s.poll.itemsPerFeed} seen items each`}, ${sc.store} store`, `${sc.medianMs} ms (best ${sc.bestMs}), ${sc.requestsPerSecond} req/s; fetch+parse ${sc.best.fetchAndParseMs} / items ${sc.best.itemsMs} / save ${sc.best.saveStateAndDrainMs} ms`, target, sc.mode === '304' ? check(sc.medianMs < 1500) : '');
    }
  }
  if (s.stories?.results) {
    for (const x of s.stories.results) add('stories', `${x.store}, ${x.stories} stories`, `lookup ${x.lookup.medianMs} ms (${x.lookup.medianCandidates} candidates), save ${x.save.medianMs} ms, placeInStory ${x.placeInStory.medianMs} ms`);
    for (const [store, g] of Object.entries(s.stories.growth)) {
      const largest = s.stories.results.filter((x) => x.store === store).at(-1);
      const ok = largest.lookup.medianMs < 1 && largest.save.medianMs < 1 && g.lookup < 3 && g.save < 3;
      add('stories', `${store}: largest/smallest (lookup, save)`, `${g.lookup}×, ${g.save}×`, '< 1 ms and < 3×', check(ok));
    }
  }
  if (s.memory?.growthPercent) {
    const m = s.memory;
    add('memory', `${m.polls} polls of the demo site (store emptied every ${m.storeEmptiedEvery}), after ${m.warmUpPolls}-poll warm-up`, `RSS ${m.afterWarmUp.rssMiB}→${m.end.rssMiB} MiB (${m.growthPercent.rss}%, max ${m.maxRssMiB}), main heap ${m.afterWarmUp.heapUsedMiB}→${m.end.heapUsedMiB} MiB (${m.growthPercent.heapUsed}%)`, '< 5%', check(m.growthPercent.rss < 5 && m.growthPercent.heapUsed < 5));
  }
  if (s.start?.sqlite) {
    const st = s.start;
    for (const store of ['sqlite', 'memory']) add('start', `run --once, no feeds, ${store} store (bare node ${st.bareNodeMedianMs} ms)`, `${st[store].medianMs} ms; heavy packages loaded: ${st[store].heavyLoaded.join(', ') || 'none'}`);
  }
  for (const [name, section] of Object.entries(s)) if (section.error) add(name, 'section failed', section.error, '', 'ERROR');
  const widths = [0, 1, 2, 3, 4].map((i) => Math.min(70, Math.max(...rows.map((row) => row[i].length), 6)));
  const line = (row) => row.map((cell, i) => cell.padEnd(widths[i])).join(' | ');
  const m = r.machineAtStart;
  return `\nforcewatch bench — ${r.date} — ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; load average ${m.loadAverage.join(' ')} at start, ${r.machineAtEnd.loadAverage.join(' ')} at end; ${r.totalSeconds} s\n\n${rows.map(line).join('\n')}\n`;
}
