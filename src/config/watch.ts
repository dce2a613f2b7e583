// Hot reload of watchlist.yaml. Watches the config folder rather than the file: editors save by
// renaming a new file over the old one, and Kubernetes swaps a `..data` symlink without the
// file's own name ever appearing in an event. So any change in the folder triggers a read, and
// only a change in the file's text triggers a reload. A broken edit leaves the last good watch
// list in force; `first` tells the caller whether to tell anyone (once per run of broken edits).
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Environment } from './env.js';
import { ConfigError, loadWatchlist } from './load.js';
import type { Watchlist } from './schema.js';

export interface WatchlistWatchOptions {
  dir: string;
  env: Environment;
  onReload(watchlist: Watchlist): void;
  onInvalid(problems: string[], first: boolean): void | Promise<void>;
  /** Editors write in several steps: read once the folder has been quiet this long. */
  settleMs?: number;
}

export interface WatchlistWatcher {
  close(): void;
}

export function watchWatchlist(options: WatchlistWatchOptions): WatchlistWatcher {
  const file = path.join(options.dir, 'watchlist.yaml');
  const textNow = () => readFile(file, 'utf8').catch(() => '');
  let lastText = (() => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  })();
  let broken = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const check = async () => {
    const text = await textNow();
    if (closed || text === lastText) return;
    lastText = text;
    let next: Watchlist;
    try {
      next = await loadWatchlist(options.dir, options.env);
    } catch (error) {
      if (closed) return;
      const problems = error instanceof ConfigError ? error.problems : [(error as Error).message];
      const first = !broken;
      broken = true;
      await options.onInvalid(problems, first);
      return;
    }
    if (closed) return;
    broken = false;
    options.onReload(next);
  };

  const watcher: FSWatcher = watch(options.dir, () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void check(), options.settleMs ?? 200);
  });
  // The folder itself going away (an unmounted volume) ends the watching, not the process.
  watcher.on('error', () => watcher.close());
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
