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
    for (const issue of result.error.issues) {
      const keyPath = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
      problems.push(`${name}: ${keyPath || '(root)'}: ${issue.message}`);
    }
    return null;
  }
  return expanded.missing.length > 0 ? null : (result.data as z.infer<S>);
}

/** Resolves a path from the config against the config folder's parent unless absolute. */
export function resolveConfigPath(config: Pick<LoadedConfig, 'baseDir'>, target: string): string {
  return path.isAbsolute(target) ? target : path.resolve(config.baseDir, target);
}
