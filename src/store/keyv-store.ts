// Store URL → keyv instances, one per namespace. keyv is used only in this folder, so a new
// backend touches nothing else. Adapters are imported lazily: `run --once` with a sqlite store
// never loads the Redis client, and vice versa.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import Keyv from 'keyv';

export const NAMESPACES = ['feeds', 'seen', 'stories', 'index', 'outbox'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export interface KeyValueStore {
  readonly url: string;
  ns(namespace: Namespace): Keyv;
  close(): Promise<void>;
}

export class StoreError extends Error {
  constructor(
    readonly code: 'store-unsupported' | 'store-unavailable' | 'store-corrupt',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** Opens the store named by a config `store:` URL. Relative sqlite paths must already be resolved. */
export async function openStore(url: string): Promise<KeyValueStore> {
  const instances = new Map<Namespace, Keyv>();
  if (url === 'memory:') {
    for (const namespace of NAMESPACES) instances.set(namespace, new Keyv({ namespace }));
  } else if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    await mkdir(path.dirname(file), { recursive: true });
    const { default: KeyvSqlite } = await import('@keyv/sqlite');
    for (const namespace of NAMESPACES) {
      // One table for all namespaces (keys are prefixed by keyv); busyTimeout lets the
      // per-namespace connections, and a second process, wait for each other's locks.
      const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 10_000, table: 'forcewatch' });
      instances.set(namespace, new Keyv({ store: adapter, namespace }));
    }
  } else {
    throw new StoreError('store-unsupported', `store ${redact(url)} is not supported by this build (use sqlite:PATH or memory:)`);
  }
  for (const instance of instances.values()) {
    instance.on('error', () => {
      /* errors surface as rejected promises to the caller; the event would otherwise crash the process */
    });
  }
  return {
    url,
    ns(namespace) {
      const instance = instances.get(namespace);
      if (!instance) throw new StoreError('store-unsupported', `unknown namespace ${namespace}`);
      return instance;
    },
    async close() {
      await Promise.allSettled([...instances.values()].map((instance) => instance.disconnect()));
    },
  };
}

/** Store URLs may carry passwords (redis://:secret@host); never print them. */
export function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
