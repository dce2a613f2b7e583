// Loads and validates the config folder. Every problem in both files is reported at once,
// each naming its file and key path, so a user fixes a broken edit in one go.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { forcewatchConfigSchema, watchlistSchema, type ForcewatchConfig, type Watchlist } from './schema.js';
import { expandEnvReferences, type Environment } from './env.js';

export interface LoadedConfig {
  dir: string;
  /** Relative paths in the config resolve against this folder (the config folder's parent). */
  baseDir: string;
  settings: ForcewatchConfig;
  watchlist: Watchlist;
  secrets: Secrets;
}

export interface Secrets {
  discordToken: string | null;
  discordPublicKey: string | null;
}

export class ConfigError extends Error {
  readonly code = 'config-invalid';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The config folder: --config, else FORCEWATCH_CONFIG, else ./config. */
export function resolveConfigDir(flag: string | undefined, env: Environment): string {
  return path.resolve(flag ?? env.FORCEWATCH_CONFIG ?? 'config');
}

export async function loadConfig(dir: string, env: Environment): Promise<LoadedConfig> {
  const problems: string[] = [];
  const settings = await loadYamlFile(path.join(dir, 'forcewatch.yaml'), forcewatchConfigSchema, env, problems, true);
  const watchlist = await loadYamlFile(path.join(dir, 'watchlist.yaml'), watchlistSchema, env, problems, false);
  if (problems.length > 0 || !settings || !watchlist) throw new ConfigError(problems);
  return {
    dir,
    baseDir: path.dirname(dir),
    settings,
    watchlist,
    secrets: { discordToken: env.DISCORD_TOKEN || null, discordPublicKey: env.DISCORD_PUBLIC_KEY || null },
  };
}

/** Loads only watchlist.yaml: used by hot reload. */
export async function loadWatchlist(dir: string, env: Environment): Promise<Watchlist> {
  const problems: string[] = [];
  const watchlist = await loadYamlFile(path.join(dir, 'watchlist.yaml'), watchlistSchema, env, problems, false);
  if (problems.length > 0 || !watchlist) throw new ConfigError(problems);
  return watchlist;
}

async function loadYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  env: Environment,
  problems: string[],
  required: boolean,
): Promise<z.infer<S> | null> {
  const name = path.basename(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !required) text = '';
    else {
      problems.push(`${name}: cannot read ${file}: ${(error as Error).message}`);
      return null;
    }
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) problems.push(`${name}: YAML syntax: ${error.message.split('\n')[0]}`);
    return null;
  }
  const raw: unknown = document.toJS() ?? {};
  const expanded = expandEnvReferences(raw, env);
  for (const missing of expanded.missing) {
    problems.push(`${name}: ${missing.path || '(root)'}: environment variable ${missing.variable} is not set`);
  }
  const result = schema.safeParse(expanded.value);
  if (!result.success) {
    // A missing variable was already reported at its key; the empty value it left says nothing new.
    const reported = new Set(expanded.missing.map((missing) => missing.path));
    for (const problem of describeIssues(result.error.issues, [], expanded.value)) {
      if (!reported.has(problem.path)) problems.push(`${name}: ${problem.path || '(root)'}: ${problem.message}`);
    }
    return null;
  }
  return expanded.missing.length > 0 ? null : (result.data as z.infer<S>);
}

type Issue = z.core.$ZodIssue;

/** Zod issues as (key path, message) pairs a person can act on. */
function describeIssues(issues: readonly Issue[], base: PropertyKey[], root: unknown): { path: string; message: string }[] {
  const described: { path: string; message: string }[] = [];
  for (const issue of issues) {
    const at = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) described.push({ path: keyPath([...at, key]), message: 'unknown key' });
    } else if (issue.code === 'invalid_union' && deepestBranch(issue.errors)) {
      // "forces: [west-midlands, gotham]" fails both "all" and the list; the list says why.
      described.push(...describeIssues(deepestBranch(issue.errors)!, at, root));
    } else if (issue.code === 'invalid_type' && valueAt(root, at) === undefined) {
      described.push({ path: keyPath(at), message: 'required' });
    } else {
      described.push({ path: keyPath(at), message: issue.message });
    }
  }
  return described;
}

/** The union branch whose complaints are about something inside the value, if exactly one is. */
function deepestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | null {
  const inside = branches.filter((branch) => branch.length > 0 && branch.every((issue) => issue.path.length > 0));
  return inside.length === 1 ? inside[0]! : null;
}

function keyPath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

/** Resolves a path from the config against the config folder's parent unless absolute. */
export function resolveConfigPath(config: Pick<LoadedConfig, 'baseDir'>, target: string): string {
  return path.isAbsolute(target) ? target : path.resolve(config.baseDir, target);
}

/** The `store:` URL with a relative sqlite path resolved (other URLs are returned as written). */
export function resolveStoreUrl(config: Pick<LoadedConfig, 'baseDir' | 'settings'>): string {
  const url = config.settings.store;
  return url.startsWith('sqlite:') ? `sqlite:${resolveConfigPath(config, url.slice('sqlite:'.length))}` : url;
}

/**
 * What the config asks of the environment beyond the files themselves, as problems in the same
 * form: a discord sink without DISCORD_TOKEN loads fine but cannot start.
 */
export function environmentProblems(config: Pick<LoadedConfig, 'settings' | 'secrets'>): string[] {
  return config.settings.sinks.flatMap((sink, index) =>
    sink.type === 'discord' && !config.secrets.discordToken ? [`forcewatch.yaml: sinks[${index}]: the discord sink needs the bot token in DISCORD_TOKEN`] : [],
  );
}
