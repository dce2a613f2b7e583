// Fills a store with many entries quickly, for benchmark set-up only. In memory: through keyv.
// In sqlite, where every keyv write is its own fsync'd transaction (minutes for 100k rows): learn
// how keyv lays out a key and a value in the table from a probe entry per namespace, then insert
// every row in one transaction with the sqlite3 driver keyv itself uses.
import { createRequire } from 'node:module';

const PROBE_KEY = '__bench_probe__';
const PROBE_VALUE = { probe: 31337 };

/** entries: [namespace, key, value][] */
export async function bulkWrite(store, storeUrl, entries) {
  if (!storeUrl.startsWith('sqlite:')) {
    for (const [namespace, key, value] of entries) await store.ns(namespace).set(key, value);
    return;
  }
  const namespaces = [...new Set(entries.map(([namespace]) => namespace))];
  for (const namespace of namespaces) await store.ns(namespace).set(PROBE_KEY, PROBE_VALUE);
  const sqlite3 = createRequire(import.meta.url)('sqlite3');
  const db = new sqlite3.Database(storeUrl.slice('sqlite:'.length));
  const all = (sql, ...params) => new Promise((resolve, reject) => db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows))));
  try {
    let table = null;
    let rows = [];
    for (const { name } of await all("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      const found = await all(`SELECT key, value FROM "${name}" WHERE key LIKE '%${PROBE_KEY}%'`);
      if (found.length === namespaces.length) [table, rows] = [name, found];
    }
    if (!table) throw new Error('could not find how the sqlite store lays out its rows');
    const layout = new Map();
    for (const namespace of namespaces) {
      // Longest match first: a key like "seen:__bench_probe__" must not be taken for "stories".
      const row = rows.filter((r) => r.key.includes(`${namespace}:`)).sort((a, b) => a.key.length - b.key.length)[0];
      if (!row) throw new Error(`no probe row for namespace ${namespace}`);
      layout.set(namespace, { key: (key) => row.key.replace(PROBE_KEY, key), value: (value) => row.value.replace(JSON.stringify(PROBE_VALUE), JSON.stringify(value)) });
    }
    await all('BEGIN');
    await new Promise((resolve, reject) => {
      const insert = db.prepare(`INSERT OR REPLACE INTO "${table}" (key, value) VALUES (?, ?)`);
      for (const [namespace, key, value] of entries) insert.run(layout.get(namespace).key(key), layout.get(namespace).value(value));
      insert.finalize((error) => (error ? reject(error) : resolve()));
    });
    await all('COMMIT');
  } finally {
    await new Promise((resolve) => db.close(resolve));
  }
  for (const namespace of namespaces) await store.ns(namespace).delete(PROBE_KEY);
}
