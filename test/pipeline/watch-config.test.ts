import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { watchWatchlist } from '../../src/config/watch.js';
import type { Watchlist } from '../../src/config/schema.js';
import { startHarness, waitFor, type Harness } from '../support/app-harness.js';
import { startTestSite, type TestSite } from '../support/test-site.js';

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

const notices = async (h: Harness) => (await h.lines()).filter((line) => line.type === 'config.invalid');
const errorsLogged = (h: Harness) => h.logs.filter((line) => line.startsWith('error: watchlist.yaml edit not applied')).length;

describe('app.watchConfig (watchlist.yaml hot reload)', () => {
  it('keeps the last good list through broken edits, notifies once per run of them, and applies a good edit', async () => {
    site.setFeed('/feeds/reload.xml', { title: 'HMICFRS news', items: ['wmpRelease', 'kentRelease'] });
    harness = await startHarness({ feeds: [{ url: site.url('/feeds/reload.xml'), name: 'HMICFRS' }], watchlist: { forces: ['kent'] } });
    const h = harness;
    const edit = (text: string) => writeFile(path.join(h.configDir, 'watchlist.yaml'), text);
    h.app.watchConfig();

    await edit('forces: [kent, gotham]\n');
    await waitFor(async () => (await notices(h)).length === 1, 5_000, 'the broken edit to be reported');
    expect(errorsLogged(h)).toBe(1);
    expect(h.app.watchlist().forces).toEqual(['kent']);
    const invalid = await notices(h);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]!.message).toContain('watchlist.yaml: forces[1]: "gotham" is not a force id');

    await edit('forces: [kent\n');
    await waitFor(() => errorsLogged(h) === 2, 5_000, 'the second broken edit to be reported');
    expect(await notices(h)).toHaveLength(1);
    expect(h.app.watchlist().forces).toEqual(['kent']);

    // The last good list is the one in force: only Kent is alerted.
    await h.app.pollOnce();
    expect((await h.lines()).filter((line) => line.type === 'alert.created').map((line) => (line.forces as { id: string }[])[0]?.id)).toEqual(['kent']);

    await edit('forces: [west-midlands, kent]\n');
    await waitFor(() => h.logs.includes('info: watchlist.yaml reloaded'), 5_000, 'the good edit to be applied');
    expect(h.app.watchlist().forces).toEqual(['west-midlands', 'kent']);

    // A broken edit after a good one is news again.
    await edit('topics: [traffic]\n');
    await waitFor(async () => (await notices(h)).length === 2, 5_000, 'the third broken edit to be reported');
    expect(errorsLogged(h)).toBe(3);
    expect(h.app.watchlist().forces).toEqual(['west-midlands', 'kent']);
  });

  it('ignores a save that does not change the text, and other files in the folder', async () => {
    harness = await startHarness({ feeds: [], watchlist: { forces: ['kent'] } });
    const h = harness;
    const file = path.join(h.configDir, 'watchlist.yaml');
    h.app.watchConfig();
    await writeFile(file, await readFile(file));
    await writeFile(path.join(h.configDir, 'notes.txt'), 'forces: [gotham]');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.logs.filter((line) => line.includes('watchlist.yaml'))).toEqual([]);

    await writeFile(file, 'forces: [essex]\n');
    await waitFor(() => h.logs.includes('info: watchlist.yaml reloaded'), 5_000, 'the reload');
    expect(h.app.watchlist().forces).toEqual(['essex']);
  });
});

describe('watchWatchlist', () => {
  let dir: string;
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sees a Kubernetes-style update, where only the ..data symlink is swapped', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-k8s-'));
    await mkdir(path.join(dir, 'v1'));
    await writeFile(path.join(dir, 'v1', 'watchlist.yaml'), 'forces: [kent]\n');
    await symlink('v1', path.join(dir, '..data'));
    await symlink('..data/watchlist.yaml', path.join(dir, 'watchlist.yaml'));
    const reloaded: Watchlist[] = [];
    const watcher = watchWatchlist({ dir, env: {}, settleMs: 50, onReload: (next) => reloaded.push(next), onInvalid: () => undefined });
    try {
      await mkdir(path.join(dir, 'v2'));
      await writeFile(path.join(dir, 'v2', 'watchlist.yaml'), 'forces: [essex]\n');
      await symlink('v2', path.join(dir, '..data_tmp'));
      await rename(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
      await waitFor(() => reloaded.length === 1, 5_000, 'the reload');
      expect(reloaded[0]!.forces).toEqual(['essex']);
    } finally {
      watcher.close();
    }
  });

  it('stops for good on close, pending reads included', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-close-'));
    await writeFile(path.join(dir, 'watchlist.yaml'), 'forces: [kent]\n');
    const calls: string[] = [];
    const watcher = watchWatchlist({ dir, env: {}, settleMs: 100, onReload: () => calls.push('reload'), onInvalid: () => void calls.push('invalid') });
    await writeFile(path.join(dir, 'watchlist.yaml'), 'forces: [essex]\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    watcher.close();
    await writeFile(path.join(dir, 'watchlist.yaml'), 'forces: [gotham]\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toEqual([]);
  });
});
