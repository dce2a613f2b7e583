// The folder rules of the house, checked over the source text: the pure core imports no wing
// that touches the outside world, each outside system has one wing, and modules form no cycle.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const files = sourceFiles(SRC);
const rel = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

/** Specifiers of imports: type-only ones when `withTypes`, lazy `import()` ones when `withDynamic`. */
function imports(file: string, withTypes: boolean, withDynamic = true): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    if (withTypes || !match[2]) found.push(match[3]!);
  }
  if (withDynamic) for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

function resolveLocal(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return rel(path.resolve(path.dirname(from), specifier.replace(/\.js$/, '.ts')));
}

describe('architecture', () => {
  it('keeps extract/ and stories/ pure: no imports from the wings that touch the world', () => {
    const offenders = files
      .filter((file) => /^(extract|stories)\//.test(rel(file)))
      .flatMap((file) => imports(file, true).map((specifier) => [rel(file), resolveLocal(file, specifier) ?? specifier] as const))
      .filter(([, target]) => /^(ingest|store|deliver|discord|config|ops)\/|^(app|cli|poll)\.ts$|^node:(fs|http|https|net|dns|child_process)/.test(target));
    expect(offenders).toEqual([]);
  });

  it.each([
    ['keyv', /^(keyv|@keyv\/)/, /^store\//],
    ['discord.js', /^(discord\.js|@discordjs\/|discord-api-types)/, /^discord\//],
    ['jsdom and Readability', /^(jsdom|@mozilla\/readability)$/, /^ingest\//],
  ])('%s is used in one wing only', (_name, pattern, wing) => {
    const outside = files.filter((file) => !wing.test(rel(file)) && imports(file, true).some((specifier) => pattern.test(specifier))).map(rel);
    expect(outside).toEqual([]);
  });

  it('reads the environment only in the command line entry and config/', () => {
    const readers = files.filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8'))).map(rel);
    expect(readers.filter((file) => file !== 'cli.ts' && !file.startsWith('config/'))).toEqual([]);
  });

  // A lazy import() is a deliberate load boundary (a store backend loads only for its URL) and may
  // point back at the module that loads it; static runtime imports may not form a cycle.
  it('has no import cycles among static runtime imports', () => {
    const graph = new Map(files.map((file) => [rel(file), imports(file, false, false).map((specifier) => resolveLocal(file, specifier)).filter((target): target is string => target !== null)]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (node: string, trail: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'visiting');
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
