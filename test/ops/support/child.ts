// Runs a TypeScript entry point (the CLI, or the replica harness) as a real child process through
// tsx, collecting its output line by line so tests can wait for a log line, signal it and time
// its exit. Every child gets a hard time limit and is SIGKILLed past it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI_SOURCE = fileURLToPath(new URL('../../../src/cli.ts', import.meta.url));

export interface Child {
  process: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** stderr lines that are JSON objects (the structured log). */
  logs(): Record<string, unknown>[];
  waitFor<T>(find: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  kill(signal?: NodeJS.Signals): void;
}

export function startChild(entry: string, args: string[], options: { env?: Record<string, string | undefined>; limitMs?: number } = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: undefined, FORCEWATCH_CONFIG: undefined, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (stream: NodeJS.ReadableStream, lines: string[]) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
    stream.on('end', () => {
      if (rest) lines.push(rest);
    });
  };
  collect(child.stdout!, stdout);
  collect(child.stderr!, stderr);
  const limit = setTimeout(() => child.kill('SIGKILL'), options.limitMs ?? 90_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, at: Date.now() });
    });
  });
  let exitedYet = false;
  void exited.then(() => (exitedYet = true));
  return {
    process: child,
    stdout,
    stderr,
    logs() {
      return stderr.flatMap((line) => {
        try {
          const parsed = JSON.parse(line) as unknown;
          return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      });
    },
    async waitFor(find, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find();
        if (found) return found;
        if (exitedYet) await new Promise((resolve) => setTimeout(resolve, 100));
        if (exitedYet && !find()) throw new Error(`child exited before ${what}\nstderr:\n${stderr.slice(-30).join('\n')}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstderr:\n${stderr.slice(-30).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    exited,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
  };
}
