// `redis://…` — @keyv/redis over one client shared by every namespace (keys `seen::<key>`, with
// native expiry). Leases use the same client: SET NX PX inside a script that also hands out the
// fencing token, so taking a lease and numbering it is one atomic step.
import KeyvRedis, { createClient } from '@keyv/redis';
import Keyv from 'keyv';
import { decodeEntry, NAMESPACES, redact, StoreError, type Backend, type Namespace } from '../keyv-store.js';
import type { LeaseBackend } from '../leases.js';

const CONNECT_TIMEOUT_MS = 5_000;

// KEYS: lease, token counter. ARGV: holder, ttl ms. Returns the new token, or nil when held.
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'NX', 'PX', ARGV[2])
return token`;

// KEYS: lease, token counter. ARGV: holder|token, ttl ms, token. Still ours when the value is
// unchanged, or when it expired and nobody has taken a newer token since.
const RENEW = `
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not current and redis.call('GET', KEYS[2]) == ARGV[3] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export async function openRedis(url: string, prefix: string): Promise<Backend> {
  let connected = false;
  const client = createClient({
    url,
    // Fail fast when a command is issued while the connection is down (the poll fails and is
    // retried next time) rather than queueing it without a bound.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // At start-up give up after a few attempts (a wrong URL should say so); once connected,
      // keep reconnecting with a capped backoff.
      reconnectStrategy: (attempts: number) => (connected ? Math.min(attempts * 200, 2_000) : attempts >= 3 ? new Error('giving up') : 200),
    },
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    connected = true;
  } catch (error) {
    throw new StoreError('store-unavailable', `cannot connect to ${redact(url)}: ${(error as Error).message}`, { cause: error });
  }

  const adapters = new Map<Namespace, KeyvRedis<unknown>>();
  const instances = new Map<Namespace, Keyv>();
  for (const namespace of NAMESPACES) {
    const adapter = new KeyvRedis<unknown>(client);
    // The adapter prefixes keys itself (`namespace::key`); keyv must not add its own prefix.
    const keyv = new Keyv({ store: adapter, namespace: `${prefix}${namespace}`, useKeyPrefix: false, throwOnErrors: true });
    adapters.set(namespace, adapter);
    instances.set(namespace, keyv);
  }

  const leaseKey = (name: string) => `${prefix}lease::${name}`;
  const tokenKey = (name: string) => `${prefix}lease-token::${name}`;
  const leases: LeaseBackend = {
    shared: true,
    async acquire(name, holder, ttlMs) {
      const token = await client.eval(ACQUIRE, { keys: [leaseKey(name), tokenKey(name)], arguments: [holder, String(Math.ceil(ttlMs))] });
      return token === null ? null : Number(token);
    },
    async renew(name, holder, token, ttlMs) {
      const renewed = await client.eval(RENEW, {
        keys: [leaseKey(name), tokenKey(name)],
        arguments: [`${holder}|${token}`, String(Math.ceil(ttlMs)), String(token)],
      });
      return Number(renewed) === 1;
    },
    async release(name, holder, token) {
      await client.eval(RELEASE, { keys: [leaseKey(name)], arguments: [`${holder}|${token}`] });
    },
  };

  return {
    kind: 'redis',
    instances,
    async *entries(namespace) {
      const keyv = instances.get(namespace)!;
      // SCAN may return a key twice; Redis expires keys itself, so what it returns is live.
      const seen = new Set<string>();
      for await (const [key, raw] of adapters.get(namespace)!.iterator(`${prefix}${namespace}`)) {
        if (seen.has(key)) continue;
        seen.add(key);
        const entry = await decodeEntry(keyv, key, raw);
        if (entry) yield entry;
      }
    },
    leases,
    async ping() {
      await client.ping();
    },
    async close() {
      connected = false;
      if (client.isOpen) await client.close().catch(() => client.destroy());
    },
  };
}
