// Fresh, empty shared stores for tests that run the app (which opens its store unprefixed): a
// Redis database of the test's own (by number, flushed first) or a PostgreSQL database created
// from DATABASE_URL and dropped again.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

export interface SharedStores {
  /** A store URL no other test uses, empty. */
  fresh(): Promise<string>;
  dispose(): Promise<void>;
}

/** Redis databases `dbs` in turn (each flushed before use): tests pick numbers no other test uses. */
export function redisStores(base: string, dbs: number[]): SharedStores {
  const free = [...dbs];
  return {
    async fresh() {
      const db = free.shift();
      if (db === undefined) throw new Error('no Redis database left for this test');
      const url = new URL(base);
      url.pathname = `/${db}`;
      const { createClient } = await import('@keyv/redis');
      const client = createClient({ url: url.toString() });
      await client.connect();
      await client.flushDb();
      await client.close();
      return url.toString();
    },
    dispose: async () => undefined,
  };
}

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

export function postgresStores(base: string): SharedStores {
  // The pg that @keyv/postgres depends on (forcewatch does not depend on pg directly).
  const pg = createRequire(createRequire(import.meta.url).resolve('@keyv/postgres'))('pg') as { Client: new (config: { connectionString: string }) => PgClient };
  const created: string[] = [];
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    async fresh() {
      const name = `forcewatch_test_${randomBytes(4).toString('hex')}`;
      await admin(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(base);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async dispose() {
      for (const name of created.splice(0)) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    },
  };
}
