// A webhook receiver on 127.0.0.1 that counts deliveries and can be switched between answering,
// failing (500), hanging (no answer), and being down (its port closed: connection refused).
// It also fronts a Discord-API stub the same way (`forwardTo`), so a chat sink can be taken down
// and brought back on the same address.
import { once } from 'node:events';
import http from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceiverMode = 'ok' | 'fail' | 'hang' | 'down';

export interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Parsed JSON body, or null. */
  json: Record<string, unknown> | null;
}

export interface Receiver {
  url(path: string): string;
  port: number;
  /** Requests answered 2xx (forwarded ones included), in order. */
  delivered: Delivery[];
  /** Every request that reached the receiver, whatever it answered. */
  received: Delivery[];
  /** Called with each request as it arrives (before it is answered). */
  onRequest: ((delivery: Delivery) => void) | null;
  setMode(mode: ReceiverMode): Promise<void>;
  close(): Promise<void>;
}

/** `forwardTo`: an origin (http://127.0.0.1:PORT) that requests are passed on to in 'ok' mode. */
export async function startReceiver(options: { forwardTo?: string } = {}): Promise<Receiver> {
  let mode: ReceiverMode = 'ok';
  const delivered: Delivery[] = [];
  const received: Delivery[] = [];
  const hanging = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: (path) => `http://127.0.0.1:${receiver.port}${path}`,
    port: 0,
    delivered,
    received,
    onRequest: null,
    setMode,
    close,
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> | null = null;
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        json = null;
      }
      const delivery: Delivery = { path: request.url ?? '/', headers: request.headers, body, json };
      received.push(delivery);
      receiver.onRequest?.(delivery);
      if (mode === 'hang') return void hanging.add(response);
      if (mode === 'fail') {
        response.writeHead(500, { 'content-type': 'text/plain' });
        return void response.end('internal error');
      }
      if (!options.forwardTo) {
        delivered.push(delivery);
        response.writeHead(204);
        return void response.end();
      }
      void forward(options.forwardTo, request.method ?? 'GET', delivery, response).then((ok) => ok && delivered.push(delivery));
    });
  });

  async function listen(port: number): Promise<void> {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    receiver.port = (server.address() as AddressInfo).port;
  }

  async function stopListening(): Promise<void> {
    for (const response of hanging) response.destroy();
    hanging.clear();
    server.closeAllConnections();
    if (!server.listening) return;
    server.close();
    await once(server, 'close');
  }

  async function setMode(next: ReceiverMode): Promise<void> {
    if (next === 'down' && mode !== 'down') await stopListening();
    if (next !== 'down' && mode === 'down') await listen(receiver.port);
    if (next !== 'hang') {
      for (const response of hanging) response.destroy();
      hanging.clear();
    }
    mode = next;
  }

  async function close(): Promise<void> {
    await stopListening();
  }

  await listen(0);
  return receiver;
}

async function forward(origin: string, method: string, delivery: Delivery, response: ServerResponse): Promise<boolean> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(delivery.headers)) {
    if (typeof value === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) headers[name] = value;
  }
  try {
    const answer = await fetch(`${origin}${delivery.path}`, { method, headers, ...(delivery.body === '' ? {} : { body: delivery.body }) });
    const text = await answer.text();
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(name)) out[name] = value;
    });
    response.writeHead(answer.status, out);
    response.end(text);
    return answer.ok;
  } catch {
    response.writeHead(502);
    response.end();
    return false;
  }
}
