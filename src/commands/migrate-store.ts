// `forcewatch migrate-store --from URL --to URL`: copies a store (every namespace) to another
// backend, e.g. the sqlite file of a single instance into the Redis that replicas will share.
// A progress line is drawn on stderr when it is a terminal; the summary goes to stdout.
import path from 'node:path';
import { openStore, redact, storeKind, type KeyValueStore } from '../store/keyv-store.js';
import { copyStore } from '../store/migrate.js';

export interface MigrateOptions {
  from: string;
  to: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}

export async function runMigrateStore(options: MigrateOptions): Promise<number> {
  const from = resolveSqlite(options.from);
  const to = resolveSqlite(options.to);
  for (const [flag, url] of [['--from', from], ['--to', to]] as const) {
    if (!storeKind(url) || url === 'memory:') {
      options.stderr.write(`forcewatch migrate-store: ${flag} ${redact(url)} is not a store URL (sqlite:PATH, redis://…, postgres://…)\n`);
      return 2;
    }
  }
  if (from === to) {
    options.stderr.write('forcewatch migrate-store: --from and --to name the same store\n');
    return 2;
  }
  const tty = (options.stderr as NodeJS.WriteStream).isTTY === true;
  let source: KeyValueStore | null = null;
  let target: KeyValueStore | null = null;
  try {
    source = await openStore(from);
    target = await openStore(to);
    const report = await copyStore(source, target, {
      onProgress: tty
        ? ({ namespace, copied, total, done }) => options.stderr.write(`\r\x1b[2Kcopying ${namespace}: ${copied} (${total} in all)${done ? '' : '…'}`)
        : undefined,
    });
    if (tty) options.stderr.write('\r\x1b[2K');
    const parts = Object.entries(report.copied).map(([namespace, count]) => `${namespace} ${count}`);
    options.stdout.write(
      `copied ${report.total} entries from ${redact(from)} to ${redact(to)} (${parts.join(', ')})${report.expired ? `; ${report.expired} expired entries left behind` : ''}\n`,
    );
    return 0;
  } catch (error) {
    if (tty) options.stderr.write('\n');
    options.stderr.write(`forcewatch migrate-store: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await Promise.all([source?.close(), target?.close()]);
  }
}

/** Relative sqlite paths on the command line are relative to the current folder. */
function resolveSqlite(url: string): string {
  if (!url.startsWith('sqlite:')) return url;
  return `sqlite:${path.resolve(url.slice('sqlite:'.length))}`;
}
