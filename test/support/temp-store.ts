// A real sqlite store in a fresh temp folder, removed again by close().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
