import { mkdir, rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/core/story.js';
import { alertSchemaErrors } from '../support/contract.js';
import { startHarness, type Harness } from '../support/app-harness.js';
import { ARTICLES, startTestSite, type TestSite } from '../support/test-site.js';

const MINUTE = 60_000;

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
});
afterAll(async () => {
  await site.close();
});

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const alerts = (lines: Record<string, unknown>[]) => lines.filter((line) => String(line.type).startsWith('alert.')) as unknown as AlertEvent[];
const canonical = (id: keyof typeof ARTICLES) => site.url(ARTICLES[id].path);
const feedStatuses = (from: number) => site.requests.slice(from).filter((request) => request.path.startsWith('/feeds/')).map((request) => `${request.path} ${request.status}`).sort();

describe('pollOnce end to end (loopback site, sqlite store, jsonl sink)', () => {
  it('alerts once per report, updates when a source is added, and stays quiet on an unchanged re-poll', async () => {
    site.setFeed('/feeds/hmicfrs.xml', { title: 'HMICFRS news', items: ['wmpRelease', 'kentRelease'] });
    site.setFeed('/feeds/courier.xml', { title: 'Midlands Courier', items: ['wmpCourier', 'distractor'] });
    // The wire feed carries the Courier's article under the same URL (syndication) and the Gazette's.
    site.setFeed('/feeds/wire.atom', { title: 'National Wire', items: ['wmpCourier', 'kentGazette'], format: 'atom' });
    site.setFeed('/feeds/radio.xml', { title: 'Central Radio', items: [] });
    harness = await startHarness({
      feeds: [
        { url: site.url('/feeds/hmicfrs.xml'), name: 'HMICFRS' },
        { url: site.url('/feeds/courier.xml'), name: 'Midlands Courier' },
        { url: site.url('/feeds/wire.atom'), name: 'National Wire' },
        { url: site.url('/feeds/radio.xml'), name: 'Central Radio' },
      ],
      // The composition as shipped: pages parsed in the worker pool.
      settings: { fetch: { allowPrivateAddresses: true, parseWorkers: 2 } },
    });

    const first = await harness.app.pollOnce();
    expect(first).toMatchObject({ feeds: 4, failed: [], newItems: 5, relevant: 4, created: 2 });
    let events = alerts(await harness.lines());
    expect(events.map((event) => event.type)).toEqual(['alert.created', 'alert.created']);
    for (const event of events) expect(alertSchemaErrors(event)).toEqual([]);
    const kent = events.find((event) => event.forces[0]?.id === 'kent')!;
    const wmp = events.find((event) => event.forces[0]?.id === 'west-midlands')!;
    expect(kent).toMatchObject({ inspectionType: 'peel', inspectorate: 'HMICFRS', reportDate: ARTICLES.kentRelease.published });
    expect(kent.sources.map((source) => source.url)).toEqual([canonical('kentRelease'), canonical('kentGazette')]);
    expect(wmp).toMatchObject({ inspectionType: 'child-protection', reportDate: ARTICLES.wmpRelease.published });
    // The syndicated copy is one item: one source, under its canonical URL (no utm_ noise).
    expect(wmp.sources.map((source) => [source.url, source.outlet])).toEqual([
      [canonical('wmpRelease'), 'HMICFRS'],
      [canonical('wmpCourier'), 'Midlands Courier'],
    ]);
    expect(wmp.grades).toEqual(expect.arrayContaining([expect.objectContaining({ force: 'west-midlands', area: 'risk-assessment-referral', grade: 'inadequate' })]));
    expect(wmp.caseAudits).toEqual([{ force: 'west-midlands', total: 40, good: 12, 'requires-improvement': 17, inadequate: 11 }]);
    expect(wmp.officials.map((official) => official.name)).toEqual(expect.arrayContaining(['Harriet Vance', 'Rachel Okafor']));
    expect(events.some((event) => event.sources.some((source) => source.url.includes('walsall')))).toBe(false);

    // A later article about the West Midlands report: the same story, updated with every source.
    site.setFeed('/feeds/radio.xml', { title: 'Central Radio', items: ['wmpRadio'] });
    harness.advance(15 * MINUTE);
    let mark = site.requests.length;
    const second = await harness.app.pollOnce();
    expect(second).toMatchObject({ newItems: 1, created: 0, updated: 1, unchanged: 3 });
    events = alerts(await harness.lines());
    expect(events).toHaveLength(3);
    const update = events[2]!;
    expect(update).toMatchObject({ type: 'alert.updated', storyId: wmp.storyId });
    expect(update.sources.map((source) => source.outlet)).toEqual(['HMICFRS', 'Midlands Courier', 'Central Radio']);
    expect(update.version).toBeGreaterThan(wmp.version);
    expect(alertSchemaErrors(update)).toEqual([]);
    expect(feedStatuses(mark)).toEqual(['/feeds/courier.xml 304', '/feeds/hmicfrs.xml 304', '/feeds/radio.xml 200', '/feeds/wire.atom 304']);

    // Nothing new anywhere: four 304s, no article fetched, nothing written.
    harness.advance(15 * MINUTE);
    mark = site.requests.length;
    const third = await harness.app.pollOnce();
    expect(third).toMatchObject({ newItems: 0, unchanged: 4, created: 0, updated: 0, feedBytes: 0 });
    expect(feedStatuses(mark)).toEqual(['/feeds/courier.xml 304', '/feeds/hmicfrs.xml 304', '/feeds/radio.xml 304', '/feeds/wire.atom 304']);
    expect(site.requests.slice(mark).every((request) => request.path.startsWith('/feeds/'))).toBe(true);
    expect(alerts(await harness.lines())).toHaveLength(3);
  });

  describe('backfill on a feed’s first poll (now = 2025-11-21 12:00)', () => {
    // wmpRelease is 36 h old, kentRelease 60 h, durhamCustody 11.5 days.
    it.each([
      ['none', []],
      ['2d', ['west-midlands']],
      ['3d', ['kent', 'west-midlands']],
      ['all', ['durham', 'kent', 'west-midlands']],
    ])('backfill %s alerts on %j', async (backfill, forces) => {
      const feedPath = `/feeds/backfill-${backfill}.xml`;
      site.setFeed(feedPath, { title: 'HMICFRS news', items: ['wmpRelease', 'kentRelease', 'durhamCustody'] });
      harness = await startHarness({ feeds: [{ url: site.url(feedPath), name: 'HMICFRS' }], backfill });
      await harness.app.pollOnce();
      const alerted = alerts(await harness.lines()).map((event) => event.forces[0]?.id).sort();
      expect(alerted).toEqual(forces);
      // What was left out is remembered as seen, with the reason.
      const skipped = await harness.app.seen.find([`url:${canonical('durhamCustody')}`]);
      expect(skipped?.decision).toBe(backfill === 'all' ? 'alerted' : 'backfill-skipped');

      // Items that appear after the first poll are alerted whatever their date.
      site.setFeed(feedPath, { title: 'HMICFRS news', items: ['wmpRadio', 'wmpRelease', 'kentRelease', 'durhamCustody'] });
      harness.advance(10 * MINUTE);
      const next = await harness.app.pollOnce();
      expect(next.newItems).toBe(1);
      expect(alerts(await harness.lines()).filter((event) => event.forces[0]?.id === 'west-midlands')).toHaveLength(1 + (backfill === 'none' ? 0 : 1));
    });
  });

  it('goes on with the other feeds when one fails, reports it, and picks it up when it recovers', async () => {
    site.setFeed('/feeds/failing.xml', { title: 'HMICFRS news', items: ['wmpRelease', 'kentRelease'] });
    site.setFeed('/feeds/courier-2.xml', { title: 'Midlands Courier', items: ['wmpCourier'] });
    site.fail('/feeds/failing.xml', 503);
    harness = await startHarness({
      feeds: [
        { url: site.url('/feeds/failing.xml'), name: 'HMICFRS' },
        { url: site.url('/feeds/courier-2.xml'), name: 'Midlands Courier' },
      ],
    });
    const first = await harness.app.pollOnce();
    expect(first.failed).toEqual([{ url: site.url('/feeds/failing.xml'), name: 'HMICFRS', reason: expect.stringContaining('503') }]);
    expect(first.created).toBe(1);
    expect(alerts(await harness.lines()).map((event) => event.sources.length)).toEqual([1]);

    site.recover('/feeds/failing.xml');
    harness.advance(6 * MINUTE); // past the first backoff
    const second = await harness.app.pollOnce();
    expect(second.failed).toEqual([]);
    const events = alerts(await harness.lines());
    // Items are placed oldest first: the Kent release (19th) before the West Midlands one (20th).
    expect(events.map((event) => `${event.type} ${event.forces[0]?.id} ${event.sources.length}`)).toEqual([
      'alert.created west-midlands 1',
      'alert.created kent 1',
      'alert.updated west-midlands 2',
    ]);
  });

  it('keeps an alert the sink could not take in the outbox, with its item seen, and delivers it once later', async () => {
    site.setFeed('/feeds/sink-down.xml', { title: 'HMICFRS news', items: ['wmpRelease', 'kentRelease'] });
    harness = await startHarness({ feeds: [{ url: site.url('/feeds/sink-down.xml'), name: 'HMICFRS' }] });
    // A folder where the jsonl file should be: every append fails until it is gone.
    await mkdir(harness.jsonlPath, { recursive: true });

    const first = await harness.app.pollOnce();
    expect(first).toMatchObject({ created: 2, delivery: { delivered: 0, pending: 2 } });
    expect(await harness.app.outbox.depth()).toBe(2);
    // The items are done with: seen, with the story they founded, so they are not read again.
    for (const id of ['wmpRelease', 'kentRelease'] as const) {
      expect((await harness.app.seen.find([`url:${canonical(id)}`]))?.decision).toBe('alerted');
    }
    expect(harness.logs.some((line) => line.startsWith('warn: jsonl:') && line.includes('cannot write'))).toBe(true);

    await rm(harness.jsonlPath, { recursive: true });
    harness.advance(31_000); // past the first retry delay
    const second = await harness.app.pollOnce();
    expect(second).toMatchObject({ newItems: 0, delivery: { pending: 0 } });
    harness.advance(10 * MINUTE);
    await harness.app.pollOnce();
    const events = alerts(await harness.lines());
    expect(events.map((event) => `${event.type} ${event.forces[0]?.id}`).sort()).toEqual(['alert.created kent', 'alert.created west-midlands']);
    expect(await harness.app.outbox.depth()).toBe(0);
  });
});
