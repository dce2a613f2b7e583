// Preloaded with `node --import` by the start benchmark: records every package the process loads
// (ESM through a resolve hook, CommonJS through the require cache) and writes the list at exit
// to the file named by FORCEWATCH_BENCH_PROBE.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.FORCEWATCH_BENCH_PROBE;
if (out) {
  writeFileSync(out, '');
  register(new URL('./load-probe-hooks.mjs', import.meta.url), { data: { out } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => appendFileSync(out, `${Object.keys(require.cache).join('\n')}\n`));
}
