// Copies every namespace of one store into another (sqlite → Redis when moving to replicas, or
// back). Values keep their remaining time to live; expired entries are left behind. Keys that
// exist in the target are overwritten, so an interrupted copy can simply be run again.
import { NAMESPACES, StoreError, type KeyValueStore, type Namespace } from './keyv-store.js';

export interface CopyProgress {
  namespace: Namespace;
  /** Entries copied so far in this namespace, and in all. */
  copied: number;
  total: number;
  done: boolean;
}

export interface CopyReport {
  copied: Record<Namespace, number>;
  expired: number;
  total: number;
}

export async function copyStore(from: KeyValueStore, to: KeyValueStore, options: { onProgress?: ((progress: CopyProgress) => void) | undefined; now?: () => number } = {}): Promise<CopyReport> {
  const now = options.now ?? Date.now;
  const copied = Object.fromEntries(NAMESPACES.map((namespace) => [namespace, 0])) as Record<Namespace, number>;
  let expired = 0;
  let total = 0;
  for (const namespace of NAMESPACES) {
    const target = to.ns(namespace);
    for await (const entry of from.entries(namespace)) {
      // Copying stops, naming the record, rather than leave it out of the new store unnoticed.
      if (entry.unreadable) {
        throw new StoreError('store-corrupt', `${namespace}:${entry.key} in the source store cannot be read (${entry.unreadable}); remove or restore it, then run the copy again (it overwrites what it copied)`);
      }
      const ttl = entry.expires === null ? undefined : entry.expires - now();
      if (ttl !== undefined && ttl <= 0) {
        expired += 1;
        continue;
      }
      await target.set(entry.key, entry.value, ttl);
      copied[namespace] += 1;
      total += 1;
      if (total % 250 === 0) options.onProgress?.({ namespace, copied: copied[namespace], total, done: false });
    }
    options.onProgress?.({ namespace, copied: copied[namespace], total, done: true });
  }
  return { copied, expired, total };
}
