// Backends are imported lazily: a sqlite or memory store never loads the Redis or PostgreSQL
// client libraries, and each shared backend loads only its own. Checked in a fresh process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startChild } from '../ops/support/child.js';

const OPEN = fileURLToPath(new URL('./support/open-store.ts', import.meta.url));
const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;

async function librariesLoadedFor(url: string): Promise<string[]> {
  const child = startChild(OPEN, [url]);
  const exit = await child.exited;
  expect(exit.code, child.stderr.join('\n')).toBe(0);
  return JSON.parse(child.stdout.join('')) as string[];
}

describe('lazy backends', () => {
  it('a sqlite or memory store loads neither the Redis nor the PostgreSQL client', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-lazy-'));
    try {
      expect(await librariesLoadedFor(`sqlite:${path.join(dir, 'store.sqlite')}`)).toEqual([]);
      expect(await librariesLoadedFor('memory:')).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!REDIS_URL)(`a Redis store loads the Redis client only${REDIS_URL ? '' : ' (skipped: REDIS_URL is not set)'}`, async () => {
    const loaded = await librariesLoadedFor(REDIS_URL!);
    expect(loaded).toContain('@redis/client');
    expect(loaded).not.toContain('pg');
  });

  it.skipIf(!DATABASE_URL)(`a PostgreSQL store loads pg only${DATABASE_URL ? '' : ' (skipped: DATABASE_URL is not set)'}`, async () => {
    const loaded = await librariesLoadedFor(DATABASE_URL!);
    expect(loaded).toContain('pg');
    expect(loaded).not.toContain('@redis/client');
  });
});
