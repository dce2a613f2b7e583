// The repository contract on every backend: in-memory keyv, a temp sqlite file, and a real
// Redis and PostgreSQL when REDIS_URL / DATABASE_URL name one (.ci/run starts both). Each test
// gets its own key prefix, so the shared databases need no flushing and test files can run in
// parallel against them.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { NAMESPACES, openStore, type KeyValueStore } from '../../src/store/keyv-store.js';
import { defineStoreContract } from './contract.js';

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;

/** Deletes every key the test wrote under its prefix, then closes the store. */
async function dropAndClose(store: KeyValueStore): Promise<void> {
  try {
    for (const namespace of NAMESPACES) {
      const keys: string[] = [];
      for await (const entry of store.entries(namespace)) keys.push(entry.key);
      for (const key of keys) await store.ns(namespace).delete(key);
    }
  } finally {
    await store.close();
  }
}

const prefix = () => `t${randomBytes(4).toString('hex')}.`;

describe('store contract: memory', () => {
  defineStoreContract(async () => {
    const store = await openStore('memory:');
    return { store, cleanup: () => store.close() };
  });
});

describe('store contract: sqlite (temp file)', () => {
  defineStoreContract(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-store-'));
    const store = await openStore(`sqlite:${path.join(dir, 'store.sqlite')}`);
    return {
      store,
      cleanup: async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
});

describe.skipIf(!REDIS_URL)(`store contract: redis${REDIS_URL ? '' : ' (skipped: REDIS_URL is not set)'}`, () => {
  defineStoreContract(async () => {
    const store = await openStore(REDIS_URL!, { prefix: prefix() });
    return { store, cleanup: () => dropAndClose(store) };
  });
});

describe.skipIf(!DATABASE_URL)(`store contract: postgres${DATABASE_URL ? '' : ' (skipped: DATABASE_URL is not set)'}`, () => {
  defineStoreContract(async () => {
    const store = await openStore(DATABASE_URL!, { prefix: prefix() });
    return { store, cleanup: () => dropAndClose(store) };
  });
});
