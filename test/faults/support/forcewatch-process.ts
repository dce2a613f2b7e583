// Runs the built CLI (dist/cli.js) as a real child process in a temp workspace: its own config
// folder, sqlite file and jsonl file. Every run has a hard time limit (the child is SIGKILLed past
// it), and its peak resident memory is read from /proc while it runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

/** The built CLI; FORCEWATCH_FAULT_CLI points the suite at another build (mutation checks). */
export const CLI = process.env.FORCEWATCH_FAULT_CLI ?? fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
/** Preloaded into every child: nothing but loopback is reached (see loopback-only.mjs). */
const LOOPBACK_ONLY = fileURLToPath(new URL('./loopback-only.mjs', import.meta.url));

export interface Workspace {
  dir: string;
  configDir: string;
  /** Absolute path of a file in the workspace. */
  file(relative: string): string;
  writeConfig(settings: Record<string, unknown>, watchlist?: Record<string, unknown>): Promise<void>;
  /** Writes raw text to a config file (for broken edits). */
  writeConfigText(name: 'forcewatch.yaml' | 'watchlist.yaml', text: string): Promise<void>;
  remove(): Promise<void>;
}

export async function makeWorkspace(prefix = 'forcewatch-fault-'): Promise<Workspace> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const configDir = path.join(dir, 'config');
  await mkdir(configDir, { recursive: true });
  const workspace: Workspace = {
    dir,
    configDir,
    file: (relative) => path.join(dir, relative),
    async writeConfig(settings, watchlist = { forces: 'all' }) {
      await writeFile(path.join(configDir, 'forcewatch.yaml'), stringify(settings));
      await writeFile(path.join(configDir, 'watchlist.yaml'), stringify(watchlist));
    },
    async writeConfigText(name, text) {
      await writeFile(path.join(configDir, name), text);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  return workspace;
}

/** A config for a run that touches nothing but the workspace and 127.0.0.1. */
export function baseSettings(workspace: Workspace, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    store: `sqlite:${workspace.file('data/forcewatch.sqlite')}`,
    backfill: 'all',
    logLevel: 'info',
    // Generous: a loaded two-core machine (npm test beside other work) is slow to connect at times.
    fetch: { allowPrivateAddresses: true, connectTimeoutMs: 5_000, totalTimeoutMs: 10_000 },
    http: { enabled: false },
    discord: { gateway: false },
    sinks: [{ type: 'jsonl', path: workspace.file('data/alerts.jsonl') }],
    ...overrides,
  };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the process (VmHWM), in MiB; 0 when /proc is not readable. */
  peakRssMiB: number;
  ms: number;
  timedOut: boolean;
}

export interface RunningForcewatch {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves when stdout+stderr match, rejects past `timeoutMs` or when the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  done: Promise<RunResult>;
}

export interface StartOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Hard limit; the child is SIGKILLed past it. Default 30 s. */
  timeoutMs?: number;
}

export function startForcewatch(args: string[], options: StartOptions): RunningForcewatch {
  const started = Date.now();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.cwd, NODE_NO_WARNINGS: '1', ...options.env };
  const child = spawn(process.execPath, ['--import', LOOPBACK_ONLY, CLI, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    listeners.forEach((listener) => listener());
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    listeners.forEach((listener) => listener());
  });
  let peakKiB = 0;
  const sample = () => {
    try {
      const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKiB = Math.max(peakKiB, Number(match[1]));
    } catch {
      /* exited, or no /proc */
    }
  };
  const sampler = setInterval(sample, 20);
  let timedOut = false;
  const limit = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 30_000);
  let exited = false;
  const done = new Promise<RunResult>((resolve) => {
    child.on('exit', () => {
      exited = true;
      listeners.forEach((listener) => listener());
    });
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(limit);
      resolve({ code, signal, stdout, stderr, peakRssMiB: Math.round(peakKiB / 1024), ms: Date.now() - started, timedOut });
    });
  });

  return {
    child,
    output: () => ({ stdout, stderr }),
    done,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(`${stdout}\n${stderr}`);
          if (match) {
            cleanup();
            resolve(match[0]);
          } else if (exited) {
            cleanup();
            reject(new Error(`forcewatch exited before printing ${pattern}:\n${stdout}\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`forcewatch did not print ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export function runForcewatch(args: string[], options: StartOptions): Promise<RunResult> {
  return startForcewatch(args, options).done;
}

/** Lines of a jsonl file parsed, [] when it does not exist. */
export function readJsonl(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
