// The lease manager over the in-process backend (the shared backends pass the same primitive
// contract in test/store): one holder at a time, heartbeats, expiry and takeover, fencing.
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { Sink } from '../../src/deliver/sink.js';
import { createLeaseManager, fenceSink } from '../../src/ops/lease.js';
import { inProcessLeases, type LeaseBackend } from '../../src/store/leases.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function backend(): LeaseBackend {
  return inProcessLeases(`test:${randomUUID()}`);
}

describe('lease manager', () => {
  it('gives a lease to one replica at a time, the next grant with a larger token', async () => {
    const shared = backend();
    const changes: string[] = [];
    const a = createLeaseManager(shared, { holder: 'a', onChange: (name, held, token) => changes.push(`${name}:${held}:${token}`) });
    const b = createLeaseManager(shared, { holder: 'b' });
    const lease = await a.tryAcquire('feed:x');
    expect(lease).not.toBeNull();
    expect(lease!.held).toBe(true);
    expect(await a.tryAcquire('feed:x')).toBeNull();
    expect(await b.tryAcquire('feed:x')).toBeNull();
    expect(a.heldNames()).toEqual(['feed:x']);
    await lease!.release();
    expect(lease!.held).toBe(false);
    const taken = await b.tryAcquire('feed:x');
    expect(taken!.token).toBeGreaterThan(lease!.token);
    expect(changes).toEqual([`feed:x:true:${lease!.token}`, `feed:x:false:${lease!.token}`]);
    await b.releaseAll();
  });

  it('keeps a lease alive past its time to live by renewing it', async () => {
    const shared = backend();
    const a = createLeaseManager(shared, { holder: 'a', ttlMs: 150 });
    const b = createLeaseManager(shared, { holder: 'b', ttlMs: 150 });
    const lease = await a.tryAcquire('outbox');
    await sleep(450);
    expect(await b.tryAcquire('outbox')).toBeNull();
    expect(await lease!.confirm()).toBe(true);
    await a.releaseAll();
    expect(await b.tryAcquire('outbox')).not.toBeNull();
    await b.releaseAll();
  });

  it('lets another replica take over once a dead holder’s lease expires', async () => {
    const shared = backend();
    // A holder that stopped renewing (its process died): only the backend knows of it.
    const deadToken = await shared.acquire('stories', 'dead', 200);
    const b = createLeaseManager(shared, { holder: 'b' });
    expect(await b.tryAcquire('stories')).toBeNull();
    const started = Date.now();
    const lease = await b.acquire('stories', { waitMs: 2_000 });
    expect(lease!.token).toBeGreaterThan(deadToken!);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await b.releaseAll();
  });

  it('gives up waiting on timeout or when the signal aborts', async () => {
    const shared = backend();
    await shared.acquire('stories', 'other', 60_000);
    const b = createLeaseManager(shared, { holder: 'b' });
    expect(await b.acquire('stories', { waitMs: 100 })).toBeNull();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    expect(await b.acquire('stories', { waitMs: 10_000, signal: controller.signal })).toBeNull();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('notices a lease taken by another holder and reports it lost', async () => {
    const inner = backend();
    let stolen = false;
    const flaky: LeaseBackend = { ...inner, renew: async (...args) => !stolen && inner.renew(...args) };
    const lost: string[] = [];
    const a = createLeaseManager(flaky, { holder: 'a', onLost: (name, reason) => lost.push(`${name}: ${reason}`) });
    const lease = await a.tryAcquire('feed:y');
    stolen = true;
    expect(await lease!.confirm()).toBe(false);
    expect(lease!.held).toBe(false);
    expect(lost).toEqual(['feed:y: taken by another replica']);
    expect(a.heldNames()).toEqual([]);
  });

  it('treats a backend error as held until the expiry it last secured', async () => {
    const inner = backend();
    let down = false;
    const flaky: LeaseBackend = {
      ...inner,
      renew: async (...args) => {
        if (down) throw new Error('connection refused');
        return inner.renew(...args);
      },
    };
    const a = createLeaseManager(flaky, { holder: 'a', ttlMs: 300 });
    const lease = await a.tryAcquire('outbox');
    down = true;
    expect(await lease!.confirm()).toBe(true);
    await sleep(400);
    expect(await lease!.confirm()).toBe(false);
  });
});

describe('fenced sink', () => {
  it('delivers while the lease holds and hands the alert back once it is lost', async () => {
    const inner = backend();
    let stolen = false;
    const manager = createLeaseManager({ ...inner, renew: async (...args) => !stolen && inner.renew(...args) }, { holder: 'a' });
    const lease = (await manager.tryAcquire('outbox'))!;
    const deliver = vi.fn(async () => ({ kind: 'delivered' as const, record: { version: 1, at: 'now' } }));
    const sink: Sink = { id: 'jsonl:x', deliver, notify: async () => undefined };
    const fenced = fenceSink(sink, lease);
    expect(fenced.id).toBe('jsonl:x');
    const event = { storyId: 'st_a', version: 1 } as Parameters<Sink['deliver']>[0];
    expect((await fenced.deliver(event, null)).kind).toBe('delivered');
    stolen = true;
    expect(await fenced.deliver(event, null)).toMatchObject({ kind: 'retry' });
    expect(deliver).toHaveBeenCalledTimes(1);
  });
});
