/* global process, console, URL */
// Compares the eval's JSON summaries for one corpus with its floors in .ci/floors.json; exits 1
// naming every score below its floor (or above its ceiling).
// Usage: node .ci/check-floors.mjs <corpus-name> <extract.json> <e2e.json>
import { readFileSync } from 'node:fs';

const [corpus, extractFile, e2eFile] = process.argv.slice(2);
const floors = JSON.parse(readFileSync(new URL('./floors.json', import.meta.url), 'utf8'))[corpus];
if (!floors) {
  console.error(`no floors for corpus "${corpus}" in .ci/floors.json`);
  process.exit(1);
}
const summaries = { extract: JSON.parse(readFileSync(extractFile, 'utf8')).summary, e2e: JSON.parse(readFileSync(e2eFile, 'utf8')).summary };
const failures = [];
for (const kind of ['extract', 'e2e']) {
  for (const [metric, floor] of Object.entries(floors[kind])) {
    const value = summaries[kind][metric];
    if (typeof value !== 'number' || value < floor) failures.push(`${kind} ${metric}: ${value} < floor ${floor}`);
  }
  for (const [metric, ceiling] of Object.entries(floors[`${kind}Max`])) {
    const value = summaries[kind][metric];
    if (typeof value !== 'number' || value > ceiling) failures.push(`${kind} ${metric}: ${value} > allowed ${ceiling}`);
  }
}
if (failures.length > 0) {
  console.error(`${corpus}: eval floors not met:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`${corpus}: eval floors met`);
