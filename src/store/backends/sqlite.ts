// `sqlite:PATH` — @keyv/sqlite, one table for every namespace (keys are prefixed by keyv). A
// sqlite file is one process's store: its leases are in-process, keyed by the file.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { decodeEntry, NAMESPACES, StoreError, type Backend, type Namespace } from '../keyv-store.js';
import { inProcessLeases } from '../leases.js';

export async function openSqlite(file: string, prefix: string): Promise<Backend> {
  const resolved = path.resolve(file);
  try {
    await mkdir(path.dirname(resolved), { recursive: true });
  } catch (error) {
    throw new StoreError('store-unavailable', `cannot create the folder for ${file}: ${(error as Error).message}`, { cause: error });
  }
  const adapters = new Map<Namespace, KeyvSqlite>();
  const instances = new Map<Namespace, Keyv>();
  for (const namespace of NAMESPACES) {
    // busyTimeout lets the per-namespace connections, and a second process, wait for each
    // other's locks; a larger iteration page keeps prune and migrate-store quick.
    const adapter = new KeyvSqlite({ uri: `sqlite://${resolved}`, busyTimeout: 10_000, table: 'forcewatch', iterationLimit: 500 });
    addSetMany(adapter);
    adapters.set(namespace, adapter);
    instances.set(namespace, new Keyv({ store: adapter, namespace: `${prefix}${namespace}`, throwOnErrors: true }));
  }
  const ping = async () => {
    await instances.get('feeds')!.get('__ping__');
  };
  try {
    // Every connection opened (its table created) before the journal mode changes: switching to
    // WAL while another connection is still in its setup transaction fails with SQLITE_BUSY.
    for (const instance of instances.values()) await instance.get('__ping__');
    // Write-ahead logging: a write is one append, not a journal rewrite and two syncs, and readers
    // do not wait for writers. synchronous=NORMAL keeps every committed write through a process
    // crash (kill -9); only a power cut can lose the last moments, never corrupt the file.
    await adapters.get('feeds')!.query('PRAGMA journal_mode=WAL');
    for (const adapter of adapters.values()) await adapter.query('PRAGMA synchronous=NORMAL');
  } catch (error) {
    throw new StoreError('store-unavailable', `cannot open ${file}: ${(error as Error).message}`, { cause: error });
  }
  return {
    kind: 'sqlite',
    instances,
    async *entries(namespace) {
      const keyv = instances.get(namespace)!;
      const stripped = `${prefix}${namespace}:`;
      // The adapter pages with LIMIT/OFFSET, so nothing may be deleted while it reads.
      for await (const [key, raw] of adapters.get(namespace)!.iterator(`${prefix}${namespace}`)) {
        if (!key.startsWith(stripped)) continue;
        const entry = await decodeEntry(keyv, key.slice(stripped.length), raw);
        if (entry) yield entry;
      }
    },
    leases: inProcessLeases(`sqlite:${resolved}`),
    ping,
    async close() {
      await Promise.allSettled([...instances.values()].map((instance) => instance.disconnect()));
    },
  };
}

/**
 * The adapter has no setMany of its own, so keyv would send one INSERT per entry — one commit each.
 * This writes them all in one statement: one commit, and all or none of the entries.
 */
function addSetMany(adapter: KeyvSqlite): void {
  const upsertMany = `INSERT INTO ${adapter.opts.table} (key, value)
    SELECT json_extract(entry.value, '$[0]'), json_extract(entry.value, '$[1]') FROM json_each(?) AS entry WHERE true
    ON CONFLICT(key) DO UPDATE SET value = excluded.value`;
  const setMany = async (entries: { key: string; value: unknown }[]): Promise<boolean[]> => {
    if (entries.length === 0) return [];
    await adapter.query(upsertMany, JSON.stringify(entries.map(({ key, value }) => [key, value])));
    return entries.map(() => true);
  };
  Object.assign(adapter, { setMany });
}
