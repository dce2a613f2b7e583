import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer, type ServerOptions } from '../../src/http-server.js';

const NOW = Date.parse('2025-11-21T12:00:00Z');
const HOUR = 3_600_000;

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(health: Partial<ServerOptions['health']>, extra: Partial<ServerOptions> = {}): Promise<string> {
  server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    interactions: null,
    now: () => new Date(NOW),
    health: { lastPollAt: () => new Date(NOW - 10 * 60_000).toISOString(), staleAfterMs: 3 * HOUR, storeReachable: async () => true, ...health },
    ...extra,
  });
  return `http://127.0.0.1:${server.port}`;
}

describe('the HTTP server', () => {
  it('answers /healthz 200 after a recent poll with the store reachable', async () => {
    const base = await serve({});
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ ok: true, store: 'reachable', lastPollAt: '2025-11-21T11:50:00.000Z', lastPollAgeSeconds: 600 });
    expect((await fetch(`${base}/healthz?verbose=1`, { method: 'HEAD' })).status).toBe(200);
  });

  it('answers 503 when the last poll is stale, or before the first poll', async () => {
    let last: string | null = new Date(NOW - 3 * HOUR - 1000).toISOString();
    const base = await serve({ lastPollAt: () => last });
    let response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, store: 'reachable', lastPollAgeSeconds: 3 * 3600 + 1 });
    last = null;
    response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, lastPollAt: null, lastPollAgeSeconds: null });
  });

  it('answers 503 when the store is unreachable, whether it says so or throws', async () => {
    let reachable: () => Promise<boolean> = async () => false;
    const base = await serve({ storeReachable: () => reachable() });
    let response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, store: 'unreachable' });
    reachable = async () => {
      throw new Error('SQLITE_BUSY: database is locked');
    };
    response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ store: 'unreachable' });
  });

  it('answers 503 promptly when the store does not answer at all', async () => {
    const base = await serve({ storeReachable: () => new Promise<boolean>(() => undefined) });
    const started = Date.now();
    const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(8_000) });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ store: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers 404 to unknown paths and methods, and to /interactions when it is not configured', async () => {
    const base = await serve({});
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/healthz/extra`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${base}/interactions`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('hands POST /interactions to the handler when there is one, and answers 500 if it fails', async () => {
    let fail = false;
    const base = await serve(
      {},
      {
        interactions: async (_req, res) => {
          if (fail) throw new Error('boom');
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"type":1}');
        },
      },
    );
    expect(await (await fetch(`${base}/interactions`, { method: 'POST', body: '{}' })).json()).toEqual({ type: 1 });
    fail = true;
    expect((await fetch(`${base}/interactions`, { method: 'POST', body: '{}' })).status).toBe(500);
  });
});
