// Opens the store named on the command line, closes it, and prints which client libraries of the
// shared backends the process has loaded (a JSON list of package names).
import { createRequire } from 'node:module';
import { openStore } from '../../../src/store/keyv-store.js';

const store = await openStore(process.argv[2]!);
await store.ns('feeds').get('probe');
await store.close();
const loaded = new Set<string>();
for (const file of Object.keys(createRequire(import.meta.url).cache)) {
  const match = /node_modules\/((?:@redis\/client)|(?:@keyv\/(?:redis|postgres))|pg)\//.exec(file);
  if (match) loaded.add(match[1]!);
}
process.stdout.write(`${JSON.stringify([...loaded].sort())}\n`);
