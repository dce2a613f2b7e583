// Runs one benchmark section in this (fresh) process and writes its result as JSON:
//   node --expose-gc bench/section.mjs <section> <out.json> [--quick]
import { writeFile } from 'node:fs/promises';
import { flags } from './lib/measure.mjs';

const [name, out, ...rest] = process.argv.slice(2);
const section = await import(`./sections/${name}.mjs`);
const result = await section.run(flags(rest));
await writeFile(out, JSON.stringify(result, null, 2));
