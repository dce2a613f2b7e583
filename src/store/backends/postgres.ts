// `postgres://…` — @keyv/postgres, one table (`forcewatch`) for every namespace (keys are
// prefixed by keyv). The adapter would otherwise open one module-wide pg pool, shared by every
// store in the process and without an error listener (an idle connection dropped by the server
// would crash the process); here each store owns one pool, used by all its namespaces and by
// the leases, and closes it once. Leases are rows in `forcewatch_leases`, taken and renewed by
// single statements, timed by the database's clock so replicas' clocks need not agree.
import { createRequire } from 'node:module';
import KeyvPostgres from '@keyv/postgres';
import Keyv from 'keyv';
import { decodeEntry, NAMESPACES, redact, StoreError, type Backend, type Namespace } from '../keyv-store.js';
import type { LeaseBackend } from '../leases.js';

/** The part of pg's Pool used here (pg ships no types; it is @keyv/postgres's own dependency). */
interface PgPool {
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

type Query = (sql: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Loads the pg the adapter itself depends on, so both always agree on the version. */
function loadPg(): { Pool: new (config: Record<string, unknown>) => PgPool } {
  const adapterRequire = createRequire(createRequire(import.meta.url).resolve('@keyv/postgres'));
  return adapterRequire('pg') as { Pool: new (config: Record<string, unknown>) => PgPool };
}

/** The adapter, with its connection taken from the store's pool instead of its global one. */
class PooledKeyvPostgres extends KeyvPostgres {
  override async connect(): Promise<Query> {
    // Called from the base constructor: only `opts` is set at that point.
    const pool = (this.opts as { pool: PgPool }).pool;
    return async (sql, values) => (await pool.query(sql, values)).rows;
  }

  override async disconnect(): Promise<void> {
    // The pool belongs to the store, which ends it once for all namespaces.
  }
}

// Schema-qualified as the adapter qualifies its own queries.
const TABLE = 'public.forcewatch';
const LEASE_TABLE = 'public.forcewatch_leases';
const interval = `clock_timestamp() + make_interval(secs => $3::double precision / 1000)`;

export async function openPostgres(url: string, prefix: string): Promise<Backend> {
  const { Pool } = loadPg();
  const pool = new Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle connection the server closes is replaced on the next query; the error is not fatal.
  pool.on('error', () => undefined);
  const query: Query = async (sql, values) => (await pool.query(sql, values)).rows;
  try {
    await query(`CREATE TABLE IF NOT EXISTS ${TABLE} (key VARCHAR(2048) PRIMARY KEY, value TEXT)`).catch(ignoreConcurrentCreate);
    await query(
      `CREATE TABLE IF NOT EXISTS ${LEASE_TABLE} (name TEXT PRIMARY KEY, holder TEXT NOT NULL, token BIGINT NOT NULL, expires_at TIMESTAMPTZ NOT NULL)`,
    ).catch(ignoreConcurrentCreate);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError('store-unavailable', `cannot use ${redact(url)}: ${(error as Error).message}`, { cause: error });
  }

  const adapters = new Map<Namespace, KeyvPostgres>();
  const instances = new Map<Namespace, Keyv>();
  for (const namespace of NAMESPACES) {
    const adapter = new PooledKeyvPostgres({ uri: url, table: 'forcewatch', schema: 'public', keySize: 2048, iterationLimit: 500, pool });
    adapter.on('error', () => undefined);
    adapters.set(namespace, adapter);
    instances.set(namespace, new Keyv({ store: adapter, namespace: `${prefix}${namespace}`, throwOnErrors: true }));
  }

  const leases: LeaseBackend = {
    shared: true,
    async acquire(name, holder, ttlMs) {
      const rows = await query(
        `INSERT INTO ${LEASE_TABLE} AS l (name, holder, token, expires_at) VALUES ($1, $2, 1, ${interval})
         ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, token = l.token + 1, expires_at = EXCLUDED.expires_at
         WHERE l.expires_at <= clock_timestamp()
         RETURNING token`,
        [`${prefix}${name}`, holder, ttlMs],
      );
      return rows[0] ? Number(rows[0].token) : null;
    },
    async renew(name, holder, token, ttlMs) {
      // Still ours while nobody has taken a newer token, even just past the expiry.
      const rows = await query(`UPDATE ${LEASE_TABLE} SET expires_at = ${interval} WHERE name = $1 AND holder = $2 AND token = $4 RETURNING token`, [
        `${prefix}${name}`,
        holder,
        ttlMs,
        token,
      ]);
      return rows.length === 1;
    },
    async release(name, holder, token) {
      // The row stays, so the next holder's token continues from this one.
      await query(`UPDATE ${LEASE_TABLE} SET expires_at = clock_timestamp() WHERE name = $1 AND holder = $2 AND token = $3`, [`${prefix}${name}`, holder, token]);
    },
  };

  let ended: Promise<void> | null = null;
  return {
    kind: 'postgres',
    instances,
    async *entries(namespace) {
      const keyv = instances.get(namespace)!;
      const stripped = `${prefix}${namespace}:`;
      const adapter = adapters.get(namespace)!;
      // The adapter pages by key (key > last), so rows deleted meanwhile cannot shift a page. A
      // failed page ends its iterator quietly with an 'error' event: turn that into a throw, so a
      // copy or a prune never stops half-way without saying so.
      let failure: unknown = null;
      const onError = (error: unknown) => {
        failure ??= error;
      };
      adapter.on('error', onError);
      try {
        for await (const [key, raw] of adapter.iterator(`${prefix}${namespace}`)) {
          if (typeof key !== 'string' || !key.startsWith(stripped)) continue;
          const entry = await decodeEntry(keyv, key.slice(stripped.length), raw);
          if (entry) yield entry;
        }
      } finally {
        adapter.off('error', onError);
      }
      if (failure) throw new StoreError('store-unavailable', `reading ${namespace} failed: ${(failure as Error).message}`, { cause: failure });
    },
    leases,
    async ping() {
      await query('SELECT 1');
    },
    close() {
      ended ??= pool.end().catch(() => undefined);
      return ended;
    },
  };
}

/** Two replicas creating the table at once: one wins, the other sees a unique violation. */
function ignoreConcurrentCreate(error: { code?: string }): void {
  if (error.code !== '23505' && error.code !== '42P07') throw error;
}
