// stories: candidate lookup and insert through the real StoryRepository at 1k, 10k and 100k stored
// stories, over an in-memory and a sqlite store. Stories arrive at a constant rate (20 a day), so a
// larger store is a longer history, not a busier window. The stores are filled in bulk (the
// repository's own index layout, written directly) because filling them one save at a time is
// itself quadratic — which the insert figures show.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { candidateStories, placeInStory } from '../../dist/pipeline/story-step.js';
import { OutboxRepository } from '../../dist/store/outbox-repository.js';
import { openStore } from '../../dist/store/keyv-store.js';
import { StoryRepository } from '../../dist/store/repositories.js';
import { bands } from '../../dist/stories/fingerprint.js';
import { newStory } from '../../dist/stories/merge.js';
import { bulkWrite } from '../lib/bulk-write.mjs';
import { ALL_FORCE_IDS, rng } from '../lib/corpus.mjs';
import { median, now, percentile, round } from '../lib/measure.mjs';

const DAY = 86_400_000;
const PER_DAY = 20;
const WINDOW = 21 * DAY;
const NOW = Date.parse('2026-06-01T12:00:00Z');

function article(random, index, publishedMs) {
  const national = random.chance(0.1);
  const force = random.pick(ALL_FORCE_IDS);
  const published = new Date(publishedMs).toISOString();
  return {
    schema: 1, url: `https://news.example.org/story/${index}`, title: `Inspection report ${index}`, outlet: 'Bench News', published, relevant: true,
    inspectorate: 'HMICFRS', inspectionType: national ? 'thematic' : random.pick(['peel', 'child-protection', 'custody']), reinspection: false,
    forces: { primary: national ? [] : [force], mentioned: national ? [random.pick(ALL_FORCE_IDS), random.pick(ALL_FORCE_IDS)] : [] },
    grades: national ? [] : [{ force, area: 'investigating-crime', grade: random.pick(['good', 'adequate', 'inadequate']) }, { force, area: 'responding-to-public', grade: random.pick(['good', 'requires-improvement']) }],
    officials: [{ name: 'Tobias Fenwright', role: 'HM Inspector of Constabulary', organisation: 'HMICFRS' }],
    quotes: [{ speaker: 'Tobias Fenwright', text: 'The force has a clear sense of purpose but must answer calls faster.' }],
    caseAudits: [],
  };
}

const fingerprintOf = (random) => Array.from({ length: 16 }, () => '0123456789abcdef'[random.int(0, 15)]).join('');

/** `count` stories, oldest first, at PER_DAY a day ending now, and the indexes the repository keeps. */
function history(count, seed) {
  const random = rng(seed);
  const stories = [];
  const index = new Map();
  const add = (key, id) => (index.get(key) ?? index.set(key, []).get(key)).push(id);
  for (let i = 0; i < count; i += 1) {
    const at = NOW - ((count - i) / PER_DAY) * DAY;
    const a = article(random, i, at - random.int(0, 2) * 3_600_000);
    const fingerprint = fingerprintOf(random);
    const story = newStory(`st_bench${String(i).padStart(10, '0')}`, { article: a, source: { url: a.url, title: a.title, outlet: a.outlet, published: a.published, fromInspectorate: false }, fingerprint }, new Date(at));
    stories.push(story);
    // The repository's month-split indexes (src/store/repositories.ts, StoryRepository.save).
    const time = Date.parse(story.reportDate ?? story.firstSeen);
    const month = new Date(time).toISOString().slice(0, 7);
    const addOnce = (key, value) => ((index.get(key) ?? []).includes(value) ? undefined : add(key, value));
    for (const force of story.forces.length > 0 ? story.forces : ['_national']) {
      add(`force:${force}:${month}`, [story.id, time, story.inspectionType]);
      addOnce(`months:${force}`, month);
    }
    for (const band of bands(fingerprint)) add(`band:${band}:${month}`, [story.id, fingerprint]);
    add(`all:${month}`, story.id);
    addOnce('months:_all', month);
  }
  return { stories, index };
}

/** Writes the stories and index keys exactly as the repository would have, in bulk. */
async function fill(store, storeUrl, { stories, index }) {
  const entries = [...stories.map((story) => ['stories', story.id, story]), ...[...index].map(([key, ids]) => ['index', key, ids.slice(-100_000)])];
  await bulkWrite(store, storeUrl, entries);
}

async function measure(storeUrl, count, samples) {
  const store = await openStore(storeUrl);
  try {
    const data = history(count, 11);
    const tFill = now();
    await fill(store, storeUrl, data);
    const fillMs = now() - tFill;
    const stories = new StoryRepository(store);
    // Sanity: the repository reads what was filled.
    if ((await stories.allIds()).length !== count) throw new Error('the filled store does not read back');
    const random = rng(99);
    // A few untimed lookups first: right after the bulk fill the database pages are not yet in
    // SQLite's cache, which a running process has long since warmed.
    for (let i = 0; i < 10; i += 1) {
      const a = article(rng(1_000 + i), i, NOW);
      await candidateStories(stories, a, fingerprintOf(random), a.published, WINDOW);
    }
    const lookups = [];
    const candidates = [];
    for (let i = 0; i < samples; i += 1) {
      const a = article(random, count + i, NOW - random.int(0, 48) * 3_600_000);
      // One in four incoming articles is a copy of a recent story's text (a band hit).
      const fingerprint = i % 4 === 0 ? data.stories[data.stories.length - 1 - random.int(0, 50)].fingerprints[0] : fingerprintOf(random);
      const t = now();
      const found = await candidateStories(stories, a, fingerprint, a.published ?? new Date(NOW).toISOString(), WINDOW);
      lookups.push(now() - t);
      candidates.push(found.length);
    }
    const inserts = [];
    const saves = [];
    const outbox = new OutboxRepository(store);
    for (let i = 0; i < samples; i += 1) {
      const a = article(random, count + samples + i, NOW + i * 60_000);
      const fingerprint = fingerprintOf(random);
      const t = now();
      await placeInStory({ stories, outbox, sinkIds: () => ['console'], windowMs: WINDOW }, a, { url: a.url, title: a.title, outlet: a.outlet, published: a.published, fromInspectorate: false }, fingerprint, new Date(NOW + i * 60_000));
      inserts.push(now() - t);
      const fresh = newStory(`st_bench_save_${i}`, { article: a, source: { url: `${a.url}/s`, title: a.title, outlet: a.outlet, published: a.published, fromInspectorate: false }, fingerprint: fingerprintOf(random) }, new Date(NOW));
      const t2 = now();
      await stories.save(fresh);
      saves.push(now() - t2);
    }
    return {
      store: storeUrl.startsWith('sqlite:') ? 'sqlite' : 'memory',
      stories: count,
      fillMs: round(fillMs, 0),
      lookup: { medianMs: round(median(lookups), 3), p95Ms: round(percentile(lookups, 95), 3), medianCandidates: median(candidates) },
      save: { medianMs: round(median(saves), 3), p95Ms: round(percentile(saves, 95), 3) },
      placeInStory: { medianMs: round(median(inserts), 3), p95Ms: round(percentile(inserts, 95), 3) },
    };
  } finally {
    await store.close();
  }
}

export async function run(options) {
  const quick = Boolean(options.quick);
  const dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-bench-stories-'));
  const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const results = [];
  try {
    for (const storeUrl of ['memory:', 'sqlite']) {
      for (const count of sizes) {
        const url = storeUrl === 'sqlite' ? `sqlite:${dir}/stories-${count}.sqlite` : storeUrl;
        results.push(await measure(url, count, quick ? 30 : 150));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const ratio = (store, field) => {
    const small = results.find((r) => r.store === store && r.stories === sizes[0]);
    const large = results.find((r) => r.store === store && r.stories === sizes.at(-1));
    return round(large[field].medianMs / small[field].medianMs, 2);
  };
  return {
    storiesPerDay: PER_DAY,
    windowDays: 21,
    results,
    growth: Object.fromEntries(['memory', 'sqlite'].map((store) => [store, { lookup: ratio(store, 'lookup'), save: ratio(store, 'save'), placeInStory: ratio(store, 'placeInStory') }])),
    targets: { medianMsAtLargest: 1, growthAtMost: 3 },
  };
}
