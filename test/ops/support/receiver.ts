// A webhook receiver on 127.0.0.1 that keeps every alert POSTed to it, duplicates included, so
// a test can count deliveries across processes.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertEvent } from '../../../src/core/story.js';

export interface Receiver {
  url: string;
  alerts: AlertEvent[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const alerts: AlertEvent[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertEvent;
        if (typeof body.type === 'string' && body.type.startsWith('alert.')) alerts.push(body);
      } catch {
        /* not JSON: ignored */
      }
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    alerts,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
