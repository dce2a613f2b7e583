// Leases for replicas sharing a store: a feed is polled by one replica at a time, stories are
// placed by one at a time, the outbox is drained by one at a time. A lease expires unless its
// holder renews it (a heartbeat every third of the time to live), so a replica that dies
// mid-poll loses its leases within one expiry and another takes over. Each grant carries a
// fencing token; work whose effect must not be doubled (a delivery, a feed state) first
// confirms the lease with the backend, so a holder that stalled past its expiry stops instead
// of racing the replica that took over.
import { sleep } from '../core/concurrency.js';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DeliveryOutcome, Sink } from '../deliver/sink.js';
import type { LeaseBackend } from '../store/leases.js';

export const DEFAULT_LEASE_TTL_MS = 60_000;

export interface Lease {
  readonly name: string;
  readonly token: number;
  /** This process's view: false once released, or once a renewal found it taken or overdue. */
  readonly held: boolean;
  /** Asks the backend whether it is still ours (renewing it); false from then on if not. */
  confirm(): Promise<boolean>;
  release(): Promise<void>;
}

export interface LeaseManager {
  /** Who this replica is in the lease table: host, process id and a random part. */
  readonly holder: string;
  /** True when other processes share these leases (Redis, PostgreSQL). */
  readonly shared: boolean;
  /** Takes the lease if free; null when another holder has it (or the backend failed). */
  tryAcquire(name: string): Promise<Lease | null>;
  /** Waits up to waitMs for the lease; null on timeout or when the signal aborts. */
  acquire(name: string, options: { waitMs: number; signal?: AbortSignal | undefined }): Promise<Lease | null>;
  /** Names of the leases this replica holds now. */
  heldNames(): string[];
  releaseAll(): Promise<void>;
}

export interface LeaseManagerOptions {
  ttlMs?: number;
  holder?: string;
  /** Told whenever this replica gains or loses a lease (metrics). */
  onChange?: (name: string, held: boolean, token: number) => void;
  /** Told when a lease is lost before it was released. */
  onLost?: (name: string, reason: string) => void;
  now?: () => number;
}

interface HeldLease {
  lease: Lease;
  token: number;
  /** Local estimate of the expiry: the last successful renewal plus the time to live. */
  expiresAt: number;
  lost: boolean;
  released: boolean;
}

export function createLeaseManager(backend: LeaseBackend, options: LeaseManagerOptions = {}): LeaseManager {
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const now = options.now ?? Date.now;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const held = new Map<string, HeldLease>();
  let heartbeat: NodeJS.Timeout | null = null;

  const drop = (name: string, entry: HeldLease, reason: string | null) => {
    if (held.get(name) !== entry) return;
    held.delete(name);
    if (reason) {
      entry.lost = true;
      options.onLost?.(name, reason);
    }
    options.onChange?.(name, false, entry.token);
    if (held.size === 0 && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
  };

  const renew = async (name: string, entry: HeldLease): Promise<boolean> => {
    if (entry.lost || entry.released) return false;
    const started = now();
    try {
      if (await backend.renew(name, holder, entry.token, ttlMs)) {
        entry.expiresAt = started + ttlMs;
        return true;
      }
      drop(name, entry, 'taken by another replica');
    } catch (error) {
      // The backend did not answer: still ours until the expiry we last secured.
      if (now() < entry.expiresAt) return true;
      drop(name, entry, `not renewed before its expiry (${(error as Error).message})`);
    }
    return false;
  };

  const startHeartbeat = () => {
    if (heartbeat) return;
    heartbeat = setInterval(() => {
      for (const [name, entry] of held) void renew(name, entry);
    }, Math.max(50, Math.floor(ttlMs / 3)));
    heartbeat.unref();
  };

  const tryAcquire = async (name: string): Promise<Lease | null> => {
    if (held.has(name)) return null;
    const started = now();
    let token: number | null;
    try {
      token = await backend.acquire(name, holder, ttlMs);
    } catch {
      return null;
    }
    if (token === null) return null;
    const entry: HeldLease = {
      token,
      expiresAt: started + ttlMs,
      lost: false,
      released: false,
      lease: {
        name,
        token,
        get held() {
          return !entry.lost && !entry.released && now() < entry.expiresAt;
        },
        confirm: () => renew(name, entry),
        async release() {
          if (entry.released || entry.lost) return;
          entry.released = true;
          drop(name, entry, null);
          await backend.release(name, holder, token).catch(() => undefined);
        },
      },
    };
    held.set(name, entry);
    options.onChange?.(name, true, token);
    startHeartbeat();
    return entry.lease;
  };

  return {
    holder,
    shared: backend.shared,
    tryAcquire,
    async acquire(name, { waitMs, signal }) {
      const deadline = now() + waitMs;
      for (;;) {
        if (signal?.aborted) return null;
        const lease = await tryAcquire(name);
        if (lease) return lease;
        const left = deadline - now();
        if (left <= 0) return null;
        await sleep(Math.min(200, left), signal);
      }
    },
    heldNames: () => [...held.keys()],
    async releaseAll() {
      await Promise.all([...held.values()].map((entry) => entry.lease.release()));
    },
  };
}

/**
 * The outbox's sinks while this replica drains: each delivery first confirms the outbox lease,
 * so a replica that lost it (stalled past the expiry) hands the entry back instead of sending
 * what the new holder is sending.
 */
export function fenceSink(sink: Sink, lease: Lease): Sink {
  return {
    id: sink.id,
    async deliver(event, previous): Promise<DeliveryOutcome> {
      if (!(await lease.confirm())) return { kind: 'retry', reason: `the outbox lease (token ${lease.token}) passed to another replica`, retryAfterMs: 0 };
      return sink.deliver(event, previous);
    },
    notify: (notice) => sink.notify(notice),
    ...(sink.close ? { close: () => sink.close!() } : {}),
  };
}

