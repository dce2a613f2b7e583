// `memory:` — keyv's own Map store, one per namespace. Nothing survives the process; for tests
// and throwaway runs.
import { randomUUID } from 'node:crypto';
import Keyv from 'keyv';
import { decodeEntry, NAMESPACES, type Backend, type Namespace } from '../keyv-store.js';
import { inProcessLeases } from '../leases.js';

export function openMemory(prefix: string): Backend {
  const instances = new Map<Namespace, Keyv>();
  const maps = new Map<Namespace, Map<string, unknown>>();
  for (const namespace of NAMESPACES) {
    const map = new Map<string, unknown>();
    maps.set(namespace, map);
    instances.set(namespace, new Keyv({ store: map, namespace: `${prefix}${namespace}`, throwOnErrors: true }));
  }
  return {
    kind: 'memory',
    instances,
    async *entries(namespace) {
      const keyv = instances.get(namespace)!;
      const stripped = `${prefix}${namespace}:`;
      for (const [key, raw] of [...maps.get(namespace)!.entries()]) {
        const entry = await decodeEntry(keyv, key.startsWith(stripped) ? key.slice(stripped.length) : key, raw);
        if (entry) yield entry;
      }
    },
    // Each memory store is its own world: its leases are too.
    leases: inProcessLeases(`memory:${randomUUID()}`),
    ping: async () => undefined,
    close: async () => undefined,
  };
}
