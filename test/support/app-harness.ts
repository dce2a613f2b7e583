// Builds a real app (createApp) from a config folder written into a temp directory: sqlite store
// and jsonl sink in that directory, a controllable clock, a logger that keeps its lines.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import type { Logger } from '../../src/core/logger.js';

export interface HarnessOptions {
  feeds: { url: string; name?: string }[];
  backfill?: string;
  /** Extra keys for forcewatch.yaml (merged over the defaults below). */
  settings?: Record<string, unknown>;
  watchlist?: Record<string, unknown>;
  start?: string;
}

export interface Harness {
  root: string;
  configDir: string;
  jsonlPath: string;
  app: App;
  logs: string[];
  /** Moves the app's clock forward. */
  advance(ms: number): void;
  now(): Date;
  /** Every line of the jsonl sink, parsed ([] before the file exists). */
  lines(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export function recordingLogger(lines: string[]): Logger {
  return {
    info: (message) => void lines.push(`info: ${message}`),
    warn: (message) => void lines.push(`warn: ${message}`),
    error: (message) => void lines.push(`error: ${message}`),
  };
}

export async function readJsonl(file: string): Promise<Record<string, unknown>[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export async function writeConfigFolder(root: string, options: HarnessOptions): Promise<string> {
  const configDir = path.join(root, 'config');
  await mkdir(configDir, { recursive: true });
  await writeFile(
    path.join(configDir, 'forcewatch.yaml'),
    stringify({
      store: 'sqlite:data/forcewatch.sqlite',
      backfill: options.backfill ?? 'all',
      // Pages parsed on the main thread unless a test asks for the worker pool: starting workers
      // (jsdom in each) costs more than these few pages.
      fetch: { allowPrivateAddresses: true, parseWorkers: 0 },
      feeds: options.feeds,
      sinks: [{ type: 'jsonl', path: 'data/alerts.jsonl' }],
      http: { enabled: false },
      ...options.settings,
    }),
  );
  await writeFile(path.join(configDir, 'watchlist.yaml'), stringify(options.watchlist ?? { forces: 'all' }));
  return configDir;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const root = await mkdtemp(path.join(tmpdir(), 'forcewatch-pipeline-'));
  const configDir = await writeConfigFolder(root, options);
  let clock = Date.parse(options.start ?? '2025-11-21T12:00:00Z');
  const logs: string[] = [];
  const config = await loadConfig(configDir, {});
  const app = await createApp(config, { log: recordingLogger(logs), env: {}, now: () => new Date(clock) });
  const jsonlPath = path.join(root, 'data', 'alerts.jsonl');
  return {
    root,
    configDir,
    jsonlPath,
    app,
    logs,
    advance: (ms) => void (clock += ms),
    now: () => new Date(clock),
    lines: () => readJsonl(jsonlPath),
    async close() {
      await app.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` holds, polling every 25 ms, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
