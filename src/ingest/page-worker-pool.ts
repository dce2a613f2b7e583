// Page parsing (Readability on jsdom) in a small fixed pool of worker threads, so a poll's CPU-bound
// page work runs on other cores and the main thread stays free for HTTP, the store and the
// interactions endpoint. Messages are plain strings in and plain objects out (structured clone,
// nothing transferred). A bounded queue refuses work beyond its size rather than growing without
// limit; a worker that crashes, runs out of memory or exceeds the job timeout fails only the job it
// was running and is replaced. Workers start on first use and do not keep the process alive while
// idle; close() fails queued jobs, lets running ones finish and stops every worker.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';
import type { ReadPage } from './page-reader.js';

export type PagePoolErrorCode = 'queue-full' | 'closed' | 'worker-crashed' | 'timeout' | 'parse-failed';

export class PagePoolError extends Error {
  constructor(
    readonly code: PagePoolErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PagePoolError';
  }
}

export interface PageWorkerPoolOptions {
  /** Worker threads (at least 1). */
  workers: number;
  /** Jobs that may wait for a worker; beyond this parse() rejects with `queue-full`. Default 256. */
  maxQueued?: number | undefined;
  /** A job running longer than this fails with `timeout` and its worker is replaced. Default 30 s. */
  jobTimeoutMs?: number | undefined;
  /** Per-worker V8 limits; a page that exceeds them fails alone. Default: `DEFAULT_WORKER_LIMITS`. */
  resourceLimits?: ResourceLimits | undefined;
  /** Worker entry module; defaults to page-worker.js beside this file (page-worker.ts from sources). */
  entry?: URL | undefined;
  /** Told when a worker dies unexpectedly (crash, out of memory, timeout), for the log. */
  onWorkerExit?: ((reason: string) => void) | undefined;
}

export interface PagePoolStats {
  workers: number;
  alive: number;
  busy: number;
  queued: number;
  completed: number;
  failed: number;
  /** Workers replaced after a crash or a timeout. */
  restarts: number;
}

export interface PageWorkerPool {
  parse(html: string, url: string): Promise<ReadPage>;
  /** Starts every worker and resolves when all are ready to parse (otherwise they start on first use). */
  warmUp(): Promise<void>;
  stats(): PagePoolStats;
  close(): Promise<void>;
}

/** Main thread → worker. */
interface ParseRequest {
  id: number;
  html: string;
  url: string;
}

/** Worker → main thread. */
type WorkerMessage = { type: 'ready' } | { type: 'result'; id: number; page: ReadPage } | { type: 'error'; id: number; message: string };

interface Job extends ParseRequest {
  resolve(page: ReadPage): void;
  reject(error: PagePoolError): void;
  timer: NodeJS.Timeout | null;
  /** Resolves when the job has left its worker, however it ended (close() waits on it). */
  left: Promise<void>;
  leave(): void;
}

interface Slot {
  worker: Worker | null;
  ready: Promise<void> | null;
  job: Job | null;
  /** Why the current worker failed, from its 'error' event, reported when it exits. */
  lastError: string | null;
}

/**
 * The old generation is capped so a hostile page fails alone. The young generation is set
 * explicitly because V8 otherwise derives it from that cap (24 MB, half the main thread's): a page's
 * DOM, which lives only while the page is read, then outgrew it, was promoted and had to be marked
 * in the old generation on a second core. With 128 MB the DOM dies young: on the benchmark pages
 * 2 workers read 56 pages/s instead of 35, when jsdom still parsed whole pages (measured 64 / 128 /
 * 192 MB: 44 / 56 / 60 pages/s; 128 MB is the knee, for about 50 MB more resident memory per busy
 * worker). Since jsdom builds only the cut page, 128 and 256 MB measure the same.
 */
export const DEFAULT_WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 128 };

export function createPageWorkerPool(options: PageWorkerPoolOptions): PageWorkerPool {
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError(`createPageWorkerPool: workers must be an integer >= 1, got ${options.workers}`);
  const maxQueued = options.maxQueued ?? 256;
  const jobTimeoutMs = options.jobTimeoutMs ?? 30_000;
  const resourceLimits = options.resourceLimits ?? DEFAULT_WORKER_LIMITS;
  const entry = options.entry ?? defaultEntry();
  const slots: Slot[] = Array.from({ length: options.workers }, () => ({ worker: null, ready: null, job: null, lastError: null }));
  const queue: Job[] = [];
  const counts = { completed: 0, failed: 0, restarts: 0 };
  let nextId = 1;
  let closed = false;
  const exits = new Set<Promise<void>>();

  const start = (slot: Slot): Worker => {
    const worker = spawnWorker(entry, resourceLimits);
    slot.worker = worker;
    slot.lastError = null;
    worker.unref();
    let markReady: () => void = () => undefined;
    slot.ready = new Promise<void>((resolve) => (markReady = resolve));
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') return markReady();
      const job = slot.job;
      if (slot.worker !== worker || !job || job.id !== message.id) return;
      finish(slot, job);
      if (message.type === 'result') {
        counts.completed += 1;
        job.resolve(message.page);
      } else {
        counts.failed += 1;
        job.reject(new PagePoolError('parse-failed', message.message));
      }
      dispatch();
    });
    worker.on('error', (error) => {
      if (slot.worker === worker) slot.lastError = error.message;
    });
    const exited = new Promise<void>((resolve) => {
      worker.once('exit', (code) => {
        exits.delete(exited);
        markReady();
        resolve();
        if (slot.worker !== worker) return; // replaced after a timeout, or stopped by close()
        slot.worker = null;
        slot.ready = null;
        const reason = slot.lastError ?? `exited with code ${code}`;
        const job = slot.job;
        if (job) {
          finish(slot, job);
          counts.failed += 1;
          job.reject(new PagePoolError('worker-crashed', `the page worker crashed while parsing ${job.url}: ${reason}`));
        }
        replace(slot, `page worker crashed (${reason})`);
      });
    });
    exits.add(exited);
    return worker;
  };

  const replace = (slot: Slot, reason: string) => {
    options.onWorkerExit?.(reason);
    if (closed) return;
    counts.restarts += 1;
    start(slot);
    dispatch();
  };

  const finish = (slot: Slot, job: Job) => {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    slot.job = null;
    slot.worker?.unref();
    job.leave();
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (slot.job) continue;
      const job = queue.shift()!;
      const worker = slot.worker ?? start(slot);
      slot.job = job;
      worker.ref();
      job.timer = setTimeout(() => {
        if (slot.job !== job) return;
        finish(slot, job);
        counts.failed += 1;
        job.reject(new PagePoolError('timeout', `parsing ${job.url} took longer than ${jobTimeoutMs} ms`));
        // The worker is stuck in this page: stop it and carry on with a fresh one.
        slot.worker = null;
        slot.ready = null;
        void worker.terminate();
        replace(slot, `page worker stopped after ${jobTimeoutMs} ms on ${job.url}`);
      }, jobTimeoutMs);
      const request: ParseRequest = { id: job.id, html: job.html, url: job.url };
      worker.postMessage(request);
    }
  };

  return {
    parse(html, url) {
      if (closed) return Promise.reject(new PagePoolError('closed', 'the page worker pool is closed'));
      const idle = slots.filter((slot) => !slot.job).length;
      if (queue.length - idle >= maxQueued) {
        return Promise.reject(new PagePoolError('queue-full', `the page worker pool already has ${maxQueued} pages waiting`));
      }
      return new Promise<ReadPage>((resolve, reject) => {
        let leave: () => void = () => undefined;
        const left = new Promise<void>((done) => (leave = done));
        queue.push({ id: nextId++, html, url, resolve, reject, timer: null, left, leave });
        dispatch();
      });
    },
    async warmUp() {
      if (closed) return;
      await Promise.all(slots.map((slot) => (slot.worker ? slot.ready : (start(slot), slot.ready))));
    },
    stats() {
      return {
        workers: slots.length,
        alive: slots.filter((slot) => slot.worker).length,
        busy: slots.filter((slot) => slot.job).length,
        queued: queue.length,
        ...counts,
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) job.reject(new PagePoolError('closed', 'the page worker pool was closed before this page was parsed'));
      // Running jobs finish (each is bounded by the job timeout); then every worker is stopped.
      await Promise.all(slots.map((slot) => slot.job?.left));
      for (const slot of slots) {
        const worker = slot.worker;
        slot.worker = null;
        slot.ready = null;
        if (worker) void worker.terminate();
      }
      await Promise.all([...exits]);
    },
  };
}

/** Inside a worker: answers parse requests with `parse`. The worker entry passes readPage. */
export function serveParseRequests(parse: (html: string, url: string) => ReadPage): void {
  const port = parentPort;
  if (!port) throw new Error('serveParseRequests must run in a worker thread');
  port.on('message', (request: ParseRequest) => {
    let reply: WorkerMessage;
    try {
      reply = { type: 'result', id: request.id, page: parse(request.html, request.url) };
    } catch (error) {
      reply = { type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}

/** page-worker.js beside this module; from TypeScript sources (vitest, tsx) page-worker.ts. */
function defaultEntry(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './page-worker.ts' : './page-worker.js', import.meta.url);
}

function spawnWorker(entry: URL, resourceLimits: ResourceLimits): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { resourceLimits });
  // Running from sources: register tsx (a dev dependency) in the worker, then load the TypeScript entry.
  const boot = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}

/** The ESM build of tsx's `tsx/esm/api`, found through its package.json exports. */
function tsxApiUrl(): string {
  const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return new URL(manifest.exports['./esm/api']!.import.default, pathToFileURL(manifestPath)).href;
}
