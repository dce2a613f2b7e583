// The one HTTP server `forcewatch run` serves: POST /interactions (Discord, signed), GET /healthz
// and GET /metrics (Prometheus text format). Everything else is 404.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthState {
  /** ISO time of the last poll that finished, or null before the first. */
  lastPollAt: () => string | null;
  /** A poll older than this is stale: /healthz answers 503. */
  staleAfterMs: number;
  storeReachable: () => Promise<boolean>;
}

export interface ServerOptions {
  host: string;
  port: number;
  interactions: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | null;
  health: HealthState;
  /** The app's metrics in Prometheus text format; absent: /metrics is 404. */
  metrics?: (() => Promise<{ contentType: string; body: string }>) | undefined;
  now: () => Date;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(options: ServerOptions): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/interactions' && req.method === 'POST' && options.interactions) {
      options.interactions(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      void health(options).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
      return;
    }
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD') && options.metrics) {
      options.metrics().then(
        ({ contentType, body }) => void res.writeHead(200, { 'content-type': contentType }).end(req.method === 'HEAD' ? undefined : body),
        () => void res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
      );
      return;
    }
    req.resume();
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections close now; a request still in flight gets a moment to finish.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1_000).unref();
      }),
  };
}

/** A store that does not answer within this is unreachable: /healthz must answer a prober in time. */
const STORE_CHECK_TIMEOUT_MS = 2_000;

function withinTimeout(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([check.catch(() => false), late]).finally(() => clearTimeout(timer));
}

async function health(options: ServerOptions): Promise<{ status: number; body: Record<string, unknown> }> {
  const storeOk = await withinTimeout(Promise.resolve().then(() => options.health.storeReachable()), STORE_CHECK_TIMEOUT_MS);
  const last = options.health.lastPollAt();
  const age = last ? options.now().getTime() - Date.parse(last) : null;
  const stale = age === null || age > options.health.staleAfterMs;
  const ok = storeOk && !stale;
  return { status: ok ? 200 : 503, body: { ok, store: storeOk ? 'reachable' : 'unreachable', lastPollAt: last, lastPollAgeSeconds: age === null ? null : Math.round(age / 1000) } };
}
