// Store URL → keyv instances, one per namespace. keyv is used only in this folder, so a new
// backend touches nothing else. Each backend is its own module, imported only when its URL is
// used: `run --once` with a sqlite store never loads the Redis or PostgreSQL clients.
import type Keyv from 'keyv';
import type { LeaseBackend } from './leases.js';

export const NAMESPACES = ['feeds', 'seen', 'stories', 'index', 'outbox'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export type StoreKind = 'memory' | 'sqlite' | 'redis' | 'postgres';

/** One stored value with its expiry (epoch ms), as read without side effects. */
export interface StoredEntry {
  key: string;
  value: unknown;
  expires: number | null;
  /** Set when the stored text cannot be decoded (a torn write, bit rot); `value` is then undefined. */
  unreadable?: string;
}

export interface KeyValueStore {
  /** The URL the store was opened with (may hold a password: print it through `redact`). */
  readonly url: string;
  readonly kind: StoreKind;
  ns(namespace: Namespace): Keyv;
  /**
   * Every entry of a namespace, expired ones included (check `expires`), in no particular order.
   * Unlike keyv's iterator it deletes nothing while reading, so paging cannot skip rows.
   */
  entries(namespace: Namespace): AsyncGenerator<StoredEntry>;
  /** Leases for coordinating replicas; shared across processes for Redis and PostgreSQL. */
  readonly leases: LeaseBackend;
  /** Resolves when the backend answers a trivial request; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /**
   * Prefix for every key and lease name, so several stores can share one database (tests use a
   * fresh prefix each). Empty by default; existing stores are read unprefixed.
   */
  prefix?: string;
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

/** What a backend module hands back; `openStore` adds the common parts. */
export interface Backend {
  kind: StoreKind;
  instances: ReadonlyMap<Namespace, Keyv>;
  entries(namespace: Namespace): AsyncGenerator<StoredEntry>;
  leases: LeaseBackend;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function storeKind(url: string): StoreKind | null {
  if (url === 'memory:') return 'memory';
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^rediss?:\/\//.test(url)) return 'redis';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  return null;
}

/** Opens the store named by a config `store:` URL. Relative sqlite paths must already be resolved. */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<KeyValueStore> {
  const prefix = options.prefix ?? '';
  let backend: Backend;
  switch (storeKind(url)) {
    case 'memory':
      backend = (await import('./backends/memory.js')).openMemory(prefix);
      break;
    case 'sqlite':
      backend = await (await import('./backends/sqlite.js')).openSqlite(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''), prefix);
      break;
    case 'redis':
      backend = await (await import('./backends/redis.js')).openRedis(url, prefix);
      break;
    case 'postgres':
      backend = await (await import('./backends/postgres.js')).openPostgres(url, prefix);
      break;
    default:
      throw new StoreError('store-unsupported', `store ${redact(url)} is not supported (use sqlite:PATH, redis://…, postgres://… or memory:)`);
  }
  for (const instance of backend.instances.values()) {
    // Failures reach the caller as rejected promises (throwOnErrors); without a listener the
    // event keyv also emits would crash the process.
    instance.on('error', () => undefined);
  }
  let closed: Promise<void> | null = null;
  return {
    url,
    kind: backend.kind,
    leases: backend.leases,
    ns(namespace) {
      const instance = backend.instances.get(namespace);
      if (!instance) throw new StoreError('store-unsupported', `unknown namespace ${namespace}`);
      return instance;
    },
    entries: (namespace) => backend.entries(namespace),
    ping: () => backend.ping(),
    close() {
      closed ??= backend.close();
      return closed;
    },
  };
}

/**
 * The value stored under `key`, or undefined; a record whose stored text cannot be decoded (a torn
 * write, bit rot) is a `store-corrupt` StoreError naming it as `label` and saying what happens next.
 */
export async function readRecord(instance: Keyv, key: string, label: string, next = 'remove it or restore the store'): Promise<unknown> {
  try {
    return await instance.get(key);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new StoreError('store-corrupt', `${label} in the store cannot be read (${error.message}); ${next}`, { cause: error });
  }
}

/** Told of a record that cannot be read and is passed over; the message names it. */
export type OnUnreadable = (error: StoreError) => void;

/** Read by readReported: the record is there but cannot be read, or is not of its kind (reported). */
export const UNREADABLE = Symbol('unreadable');

/**
 * The value under `key` when `accepts` it, or null when there is none. A record that cannot be read,
 * or holds something else, is passed to `onUnreadable` (named as `label`, `what` it should be, and
 * what happens `next`) and read as UNREADABLE, for the caller to fall back on.
 */
export async function readReported<T>(
  instance: Keyv,
  key: string,
  record: { label: string; what: string; next: string; accepts: (value: unknown) => value is T },
  onUnreadable: OnUnreadable,
): Promise<T | null | typeof UNREADABLE> {
  let value: unknown;
  try {
    value = await readRecord(instance, key, record.label, record.next);
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    onUnreadable(error);
    return UNREADABLE;
  }
  if (value === undefined || value === null) return null;
  if (record.accepts(value)) return value;
  onUnreadable(new StoreError('store-corrupt', `${record.label} in the store is not ${record.what}; ${record.next}`));
  return UNREADABLE;
}

/** Store URLs may carry passwords (redis://:secret@host); never print them. */
export function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

/** Keyv's stored form is `{"value":…,"expires":…}`; `raw` may already be parsed (Map store). */
export async function decodeEntry(keyv: Keyv, key: string, raw: unknown): Promise<StoredEntry | null> {
  if (raw === undefined || raw === null) return null;
  let data: Awaited<ReturnType<Keyv['deserializeData']>>;
  try {
    data = await keyv.deserializeData(raw as string);
  } catch (error) {
    // One torn record must not end a scan of the whole namespace: it is handed over as unreadable.
    if (!(error instanceof SyntaxError)) throw error;
    return { key, value: undefined, expires: null, unreadable: error.message };
  }
  if (!data) return null;
  return { key, value: data.value, expires: typeof data.expires === 'number' ? data.expires : null };
}
