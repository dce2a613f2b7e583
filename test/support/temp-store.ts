// A real sqlite store in a fresh temp folder, removed again by close(); and a way to damage one
// of its records behind keyv's back.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type sqlite3Module from 'sqlite3';
import { openStore, type KeyValueStore } from '../../src/store/keyv-store.js';

export interface TempStore {
  store: KeyValueStore;
  dir: string;
  file: string;
  close(): Promise<void>;
}

export async function openTempStore(prefix = 'forcewatch-test-'): Promise<TempStore> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const file = path.join(dir, 'store.sqlite');
  const store = await openStore(`sqlite:${file}`);
  return {
    store,
    dir,
    file,
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Overwrites a stored value behind keyv's back, as a torn write or bit rot would. */
export async function rawUpdate(file: string, key: string, value: string): Promise<void> {
  const sqlite3 = createRequire(import.meta.url)('sqlite3') as typeof sqlite3Module;
  const db = new sqlite3.Database(file);
  try {
    const changes = await new Promise<number>((resolve, reject) => {
      db.run('UPDATE forcewatch SET value = ? WHERE key = ?', [value, key], function (this: { changes: number }, error: Error | null) {
        if (error) reject(error);
        else resolve(this.changes);
      });
    });
    if (changes !== 1) throw new Error(`rawUpdate: no row ${key}`);
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}
