// Store faults on a real sqlite file under a real `run`: the file locked by another process, the
// disk full (a tiny tmpfs when the suite runs as root), a corrupted value. Each gives a clear
// error, the process stays up and keeps polling (no crash loop), and once the fault clears the
// alerts that waited go out, once.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { force, ordinaryNews, peelFollowUp, peelRelease } from './support/news.js';
import { startNewsroom, type Newsroom } from './support/newsroom.js';
import { baseSettings, makeWorkspace, readJsonl, startForcewatch, runForcewatch, type RunningForcewatch, type Workspace } from './support/forcewatch-process.js';
import { until } from './support/until.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SQLITE3 = createRequire(import.meta.url).resolve('sqlite3');

/** Another process holding an exclusive lock on the sqlite file until released (at most 40 s). */
async function lockDatabase(file: string): Promise<{ release(): Promise<void>; child: ChildProcess }> {
  const script = `
    const sqlite3 = require(${JSON.stringify(SQLITE3)});
    const db = new sqlite3.Database(${JSON.stringify(file)});
    db.exec('BEGIN EXCLUSIVE', (error) => { if (error) { console.error(error.message); process.exit(1); } console.log('locked'); });
    process.stdin.on('data', () => db.exec('COMMIT', () => db.close(() => process.exit(0))));
    setTimeout(() => process.exit(0), 40000);`;
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
  });
  return {
    child,
    async release() {
      child.stdin?.write('release\n');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

function tryMountTmpfs(dir: string, size: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes zeros until the file system says ENOSPC. */
function fillDisk(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(16 * 1024);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return written;
}

// The three faults are independent (own workspace, own feed, own force) and mostly wait on timers:
// they run concurrently.
describe.concurrent('store faults', () => {
  let newsroom: Newsroom;
  const recent = () => new Date(Date.now() - 60_000).toISOString();

  beforeAll(async () => {
    newsroom = await startNewsroom();
    newsroom.publish('/feeds/lock.xml', ordinaryNews('council', recent()));
    newsroom.publish('/feeds/full.xml', ordinaryNews('council-2', recent()));
  });
  afterAll(async () => {
    await newsroom?.close();
  });

  async function startRunning(workspace: Workspace, feed: string): Promise<RunningForcewatch> {
    await workspace.writeConfig(baseSettings(workspace, { schedule: '* * * * * *', feeds: [{ url: newsroom.url(feed), name: 'Courier' }] }));
    const running = startForcewatch(['run', '--config', workspace.configDir], { cwd: workspace.dir, timeoutMs: 60_000 });
    await running.waitFor(/poll: /);
    return running;
  }

  async function stop(running: RunningForcewatch): Promise<void> {
    running.child.kill('SIGTERM');
    const result = await running.done;
    expect(result.code, result.stderr).toBe(0);
  }

  const alerts = (file: string, id: string) => readJsonl(file).filter((line) => String(line.type).startsWith('alert.') && (line.forces as { id: string }[]).some((entry) => entry.id === id));

  it('waits out a lock held by another process, says so, and delivers once it is released', async () => {
    const workspace = await makeWorkspace();
    const running = await startRunning(workspace, '/feeds/lock.xml');
    const lock = await lockDatabase(workspace.file('data/forcewatch.sqlite'));
    try {
      newsroom.publish('/feeds/lock.xml', peelRelease(force('kent'), recent()));
      await running.waitFor(/poll failed: .*(?:locked|busy)/i, 25_000);
      expect(running.child.exitCode).toBeNull();
      expect(alerts(workspace.file('data/alerts.jsonl'), 'kent')).toEqual([]);
      await lock.release();
      await until('Kent alerted after the lock is gone', () => alerts(workspace.file('data/alerts.jsonl'), 'kent').length === 1);
      await stop(running);
      expect(alerts(workspace.file('data/alerts.jsonl'), 'kent')).toHaveLength(1);
    } finally {
      lock.child.kill('SIGKILL');
      running.child.kill('SIGKILL');
      await workspace.remove();
    }
  }, 60_000);

  describe('a full disk', () => {
    let workspace: Workspace;
    let mount: string;
    let mounted = false;

    beforeAll(async () => {
      workspace = await makeWorkspace();
      mount = workspace.file('data');
      mounted = tryMountTmpfs(mount, '2m');
    });
    afterAll(async () => {
      if (mounted) execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
      await workspace?.remove();
    });

    it('reports a full disk, keeps polling, and delivers once space is freed (tmpfs, as root)', async (context) => {
      if (!mounted) return context.skip('needs root to mount a tmpfs');
      const running = await startRunning(workspace, '/feeds/full.xml');
      try {
        const filler = path.join(mount, 'filler');
        expect(fillDisk(filler)).toBeGreaterThan(0);
        newsroom.publish('/feeds/full.xml', peelRelease(force('essex'), recent()));
        await running.waitFor(/poll failed: .*(?:full|ENOSPC|no space)/i, 20_000);
        expect(running.child.exitCode).toBeNull();
        rmSync(filler);
        await until('Essex alerted after space is freed', () => alerts(workspace.file('data/alerts.jsonl'), 'essex').length === 1);
        await stop(running);
        expect(alerts(workspace.file('data/alerts.jsonl'), 'essex')).toHaveLength(1);
      } finally {
        running.child.kill('SIGKILL');
      }
    }, 60_000);
  });

  it('names a corrupted record, goes on with everything else, and catches up once it is removed', async () => {
    const workspace = await makeWorkspace();
    try {
      const run = () => runForcewatch(['run', '--once', '--config', workspace.configDir], { cwd: workspace.dir, timeoutMs: 30_000 });
      await workspace.writeConfig(baseSettings(workspace, { feeds: [{ url: newsroom.url('/feeds/corrupt.xml'), name: 'Courier' }] }));
      newsroom.publish('/feeds/corrupt.xml', peelRelease(force('surrey'), recent()));
      expect((await run()).code).toBe(0);
      const jsonl = workspace.file('data/alerts.jsonl');
      const surrey = alerts(jsonl, 'surrey')[0];
      expect(surrey).toBeDefined();

      // Surrey's story record is torn; then Surrey grows, and Dorset is found (in words unlike
      // Surrey's: an item that would be compared with the broken story waits with it).
      const database = workspace.file('data/forcewatch.sqlite');
      const key = `stories:${String(surrey?.storyId)}`;
      execFileSync(process.execPath, ['-e', `
        const db = new (require(${JSON.stringify(SQLITE3)}).Database)(${JSON.stringify(database)});
        db.run("UPDATE forcewatch SET value = '{\\"value\\":{\\"id\\":' WHERE key LIKE '%' || ?", [${JSON.stringify(key)}], (e) => { if (e) throw e; db.close(); });`], { cwd: REPO });
      newsroom.publish('/feeds/corrupt.xml', peelFollowUp(force('surrey'), recent()));
      newsroom.publish('/feeds/corrupt.xml', peelFollowUp(force('dorset'), recent()));

      const hurt = await run();
      expect(hurt.signal).toBeNull();
      expect(hurt.stderr).toMatch(new RegExp(`${key}.*(?:corrupt|cannot be read)`));
      expect(alerts(jsonl, 'dorset')).toHaveLength(1); // everything else goes on
      const again = await run(); // and the next poll does not fall over either
      expect(again.stderr).toMatch(new RegExp(`${key}.*(?:corrupt|cannot be read)`));
      expect(alerts(jsonl, 'dorset')).toHaveLength(1);

      // The operator removes the broken record: the follow-up that waited is placed and alerted.
      execFileSync(process.execPath, ['-e', `
        const db = new (require(${JSON.stringify(SQLITE3)}).Database)(${JSON.stringify(database)});
        db.run("DELETE FROM forcewatch WHERE key LIKE '%' || ?", [${JSON.stringify(key)}], (e) => { if (e) throw e; db.close(); });`], { cwd: REPO });
      const healed = await run();
      expect(healed.code, healed.stderr).toBe(0);
      expect(healed.stderr).not.toMatch(/corrupt|cannot be read/);
      expect(alerts(jsonl, 'surrey').some((alert) => (alert.sources as { url: string }[]).some((source) => source.url.endsWith('surrey-peel-follow-up')))).toBe(true);
    } finally {
      await workspace.remove();
    }
  }, 60_000);

  it('reads past a torn feed state, seen item and outbox queue: each named, nothing lost or posted twice, each rewritten', async () => {
    const workspace = await makeWorkspace();
    try {
      const run = () => runForcewatch(['run', '--once', '--config', workspace.configDir], { cwd: workspace.dir, timeoutMs: 30_000 });
      await workspace.writeConfig(baseSettings(workspace, { feeds: [{ url: newsroom.url('/feeds/torn.xml'), name: 'Courier' }] }));
      newsroom.publish('/feeds/torn.xml', peelRelease(force('cumbria'), recent()));
      expect((await run()).code).toBe(0);
      const jsonl = workspace.file('data/alerts.jsonl');
      expect(alerts(jsonl, 'cumbria')).toHaveLength(1);

      // Torn on disk: the feed's state, every record saying the Cumbria item was seen, and both
      // outbox lists. Then Durham's report is published, so the queue must take a new alert.
      const database = workspace.file('data/forcewatch.sqlite');
      const tear = (pattern: string) => execFileSync(process.execPath, ['-e', `
        const db = new (require(${JSON.stringify(SQLITE3)}).Database)(${JSON.stringify(database)});
        db.run("UPDATE forcewatch SET value = '{\\"value\\":[' WHERE key LIKE ?", [${JSON.stringify(pattern)}], function (e) { if (e) throw e; if (this.changes < 1) { console.error('no row ' + ${JSON.stringify(pattern)}); process.exit(1); } db.close(); });`], { cwd: REPO });
      tear('%feeds:%/feeds/torn.xml');
      tear('%seen:%cumbria%');
      tear('%outbox:queue');
      tear('%outbox:done');
      newsroom.publish('/feeds/torn.xml', peelRelease(force('durham'), recent()));

      const torn = await run();
      expect(torn.code, torn.stderr).toBe(0);
      for (const named of ['feeds:\\S*/feeds/torn.xml', 'seen:\\S*cumbria', 'outbox:queue', 'outbox:done']) expect(torn.stderr).toMatch(new RegExp(`${named}\\S* in the store cannot be read`));
      expect(alerts(jsonl, 'durham')).toHaveLength(1); // the new report is queued and delivered
      expect(alerts(jsonl, 'cumbria')).toHaveLength(1); // re-reading the item repeats nothing

      // Every torn record was written afresh: the next poll has nothing to report.
      const healed = await run();
      expect(healed.code, healed.stderr).toBe(0);
      expect(healed.stderr).not.toMatch(/cannot be read|not a /);
      expect(readJsonl(jsonl).filter((line) => String(line.type).startsWith('alert.'))).toHaveLength(2);
    } finally {
      await workspace.remove();
    }
  }, 60_000);
});
