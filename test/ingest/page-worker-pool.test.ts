// The page worker pool against in-thread parsing: the same pages give the same results; a crash,
// a hang or a full queue fails only the job concerned; close() fails waiting jobs and stops every
// worker. Real worker threads throughout (the misbehaving entry lives in test/support).
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readPage } from '../../src/ingest/page-reader.js';
import { createPageWorkerPool, PagePoolError, type PageWorkerPool } from '../../src/ingest/page-worker-pool.js';

const pagesDir = new URL('../fixtures/pages/', import.meta.url);
const pages = readdirSync(pagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => ({ slug: entry.name, html: readFileSync(new URL(`${entry.name}/source.html`, pagesDir), 'utf8') }));
const misbehaving = new URL('../support/misbehaving-page-worker.ts', import.meta.url);
const article = (marker: string) =>
  `<!doctype html><html><head><title>${marker}</title></head><body><article><h1>${marker}</h1>${'<p>Inspectors graded Kent Police as good at preventing crime and requires improvement at responding to the public, the report said today.</p>'.repeat(4)}</article></body></html>`;

let pool: PageWorkerPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

async function failure(promise: Promise<unknown>): Promise<PagePoolError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PagePoolError);
  return error as PagePoolError;
}

describe('page worker pool', () => {
  it('parses every fixture page exactly as readPage does in-thread', async () => {
    pool = createPageWorkerPool({ workers: 2 });
    expect(pages.length).toBeGreaterThan(5);
    const parsed = await Promise.all(pages.map((page) => pool!.parse(page.html, `https://news.example.org/${page.slug}`)));
    for (const [index, page] of pages.entries()) {
      expect(parsed[index], page.slug).toEqual(readPage(page.html, `https://news.example.org/${page.slug}`));
    }
    expect(pool.stats()).toMatchObject({ workers: 2, completed: pages.length, failed: 0, restarts: 0, busy: 0, queued: 0 });
  });

  it('starts workers only when first needed', async () => {
    pool = createPageWorkerPool({ workers: 2 });
    expect(pool.stats().alive).toBe(0);
    await pool.warmUp();
    expect(pool.stats().alive).toBe(2);
  });

  it('reports a page the parser rejects as parse-failed, and the worker carries on', async () => {
    pool = createPageWorkerPool({ workers: 1, entry: misbehaving });
    const error = await failure(pool.parse(article('THROW'), 'https://news.example.org/a'));
    expect(error.code).toBe('parse-failed');
    expect(error.message).toBe('this page cannot be read');
    await expect(pool.parse(article('fine'), 'https://news.example.org/b')).resolves.toMatchObject({ readable: true });
    expect(pool.stats()).toMatchObject({ restarts: 0, failed: 1, completed: 1 });
  });

  it('fails only the job whose worker crashed, restarts the worker and parses the rest', async () => {
    const exits: string[] = [];
    pool = createPageWorkerPool({ workers: 2, entry: misbehaving, onWorkerExit: (reason) => exits.push(reason) });
    const jobs = [article('one'), article('CRASH-EXIT'), article('two'), article('three'), article('four')].map((html, index) =>
      pool!.parse(html, `https://news.example.org/${index}`).then(
        (page) => page.title,
        (error: PagePoolError) => error.code,
      ),
    );
    expect(await Promise.all(jobs)).toEqual(['one', 'worker-crashed', 'two', 'three', 'four']);
    expect(exits).toEqual([expect.stringContaining('exited with code 3')]);
    expect(pool.stats()).toMatchObject({ workers: 2, alive: 2, restarts: 1, failed: 1, completed: 4 });
  });

  it('replaces a worker that dies while idle without failing any job', async () => {
    const exits: string[] = [];
    pool = createPageWorkerPool({ workers: 1, entry: misbehaving, onWorkerExit: (reason) => exits.push(reason) });
    await expect(pool.parse(article('DIE-AFTER-ANSWERING'), 'https://news.example.org/a')).resolves.toMatchObject({ title: 'DIE-AFTER-ANSWERING' });
    await expect.poll(() => exits.length).toBe(1);
    expect(exits[0]).toContain('worker blew up');
    await expect(pool.parse(article('after'), 'https://news.example.org/b')).resolves.toMatchObject({ title: 'after' });
    expect(pool.stats()).toMatchObject({ restarts: 1, failed: 0, completed: 2 });
  });

  it('stops a worker stuck on a page after the job timeout and carries on', async () => {
    pool = createPageWorkerPool({ workers: 1, entry: misbehaving, jobTimeoutMs: 1_500 });
    await pool.warmUp();
    const hung = pool.parse(article('HANG'), 'https://news.example.org/hang');
    const next = pool.parse(article('next'), 'https://news.example.org/next');
    expect((await failure(hung)).code).toBe('timeout');
    await expect(next).resolves.toMatchObject({ title: 'next' });
    expect(pool.stats()).toMatchObject({ restarts: 1, failed: 1, completed: 1, alive: 1 });
  });

  it('refuses work beyond its bounded queue', async () => {
    pool = createPageWorkerPool({ workers: 1, maxQueued: 2 });
    const accepted = [1, 2, 3].map((n) => pool!.parse(article(`page ${n}`), `https://news.example.org/${n}`));
    const refused = await failure(pool.parse(article('page 4'), 'https://news.example.org/4'));
    expect(refused.code).toBe('queue-full');
    await expect(Promise.all(accepted)).resolves.toHaveLength(3);
  });

  it('on close, fails waiting jobs, finishes the running ones and stops every worker', async () => {
    const closing = createPageWorkerPool({ workers: 1 });
    await closing.warmUp();
    const running = closing.parse(article('running'), 'https://news.example.org/running');
    const waiting = failure(closing.parse(article('waiting'), 'https://news.example.org/waiting'));
    await closing.close();
    await expect(running).resolves.toMatchObject({ title: 'running' });
    expect((await waiting).code).toBe('closed');
    expect((await failure(closing.parse(article('late'), 'https://news.example.org/late'))).code).toBe('closed');
    expect(closing.stats()).toMatchObject({ alive: 0, busy: 0, queued: 0 });
  });

  it('checks its size', () => {
    expect(() => createPageWorkerPool({ workers: 0 })).toThrow(RangeError);
  });
});
