// The lease primitive each store backend provides: a named, expiring lock with a fencing token.
// keyv has no atomic operation, so a shared backend implements this on its own client (Redis
// SET NX PX in a script, a PostgreSQL row updated in one statement); memory and sqlite stores
// are single-process and use the in-process table below. Heartbeats, waiting and "skip what
// another replica holds" live in src/ops/lease.ts, over this interface.

export interface LeaseBackend {
  /** True when other processes see these leases (Redis, PostgreSQL). */
  readonly shared: boolean;
  /**
   * Takes the lease if nobody holds it (or the holder's expiry passed). Returns the fencing
   * token — larger than every token granted before for this name — or null when it is held.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<number | null>;
  /** Extends a lease still held by (holder, token); false once another holder has taken it. */
  renew(name: string, holder: string, token: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up early so another replica need not wait for the expiry. */
  release(name: string, holder: string, token: number): Promise<void>;
}

interface Grant {
  holder: string;
  token: number;
  expiresAt: number;
}

/** Leases inside one process (memory and sqlite stores): one table per scope, e.g. per file. */
const scopes = new Map<string, { grants: Map<string, Grant>; tokens: Map<string, number> }>();

export function inProcessLeases(scope: string, now: () => number = Date.now): LeaseBackend {
  let table = scopes.get(scope);
  if (!table) {
    table = { grants: new Map(), tokens: new Map() };
    scopes.set(scope, table);
  }
  const { grants, tokens } = table;
  return {
    shared: false,
    async acquire(name, holder, ttlMs) {
      const current = grants.get(name);
      if (current && current.expiresAt > now()) return null;
      const token = (tokens.get(name) ?? 0) + 1;
      tokens.set(name, token);
      grants.set(name, { holder, token, expiresAt: now() + ttlMs });
      return token;
    },
    async renew(name, holder, token, ttlMs) {
      const current = grants.get(name);
      // Expired but not taken by anyone else: still ours, as with the shared backends.
      if (current ? current.holder !== holder || current.token !== token : tokens.get(name) !== token) return false;
      grants.set(name, { holder, token, expiresAt: now() + ttlMs });
      return true;
    },
    async release(name, holder, token) {
      const current = grants.get(name);
      if (current && current.holder === holder && current.token === token) grants.delete(name);
    },
  };
}
