// Forged, replayed and oversized requests to POST /interactions: 401 or 413, and no command runs.
// Against the real `forcewatch run` (its HTTP server, DISCORD_PUBLIC_KEY from a real Ed25519 key
// pair), and against the endpoint with handlers that count what they are asked to run.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionHandlers } from '../../src/discord/commands/index.js';
import { createInteractionsHandler } from '../../src/discord/interactions-endpoint.js';
import { startDiscordStub, type DiscordStub } from '../support/discord-stub.js';
import { baseSettings, makeWorkspace, startForcewatch, type RunningForcewatch, type Workspace } from './support/forcewatch-process.js';

const APP_ID = '500000000000000001';

function keyPair(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKeyHex: Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex'), privateKey };
}

interface Answer {
  status: number;
  body: string;
}

/**
 * A raw request (node:http, so nothing is added or refused on the client side). A large body goes
 * out in pieces, with a pause after the first one so a server can refuse on the headers alone,
 * and stops as soon as the server answers (413 and close) instead of writing into a closed socket.
 */
function send(url: string, body: Buffer | string, headers: Record<string, string>, options: { chunked?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(options.chunked ? {} : { 'content-length': String(payload.length) }), ...headers } });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', (error) => setTimeout(() => !answered && reject(error), 200));
    const piece = 64 * 1024;
    let offset = 0;
    const pump = (): void => {
      if (answered || request.destroyed) return;
      if (offset >= payload.length) return void request.end();
      request.write(payload.subarray(offset, offset + piece));
      offset += piece;
      // After the first piece, give the server time to refuse on the headers alone.
      setTimeout(pump, offset === piece ? 300 : 0);
    };
    pump();
  });
}

/** Every way the suite forges, replays or oversizes a request, given a way to sign one. */
function attacks(keys: { privateKey: KeyObject }, other: { privateKey: KeyObject }) {
  const seconds = () => String(Math.floor(Date.now() / 1000));
  const signWith = (key: KeyObject, timestamp: string, body: string) => sign(null, Buffer.from(timestamp + body), key).toString('hex');
  const command = JSON.stringify({ type: 2, application_id: APP_ID, token: 'interaction-token', data: { name: 'latest', type: 1 } });
  const t = seconds();
  const genuine = { body: command, headers: { 'x-signature-ed25519': signWith(keys.privateKey, t, command), 'x-signature-timestamp': t } };
  const old = String(Number(t) - 10 * 60);
  const future = String(Number(t) + 10 * 60);
  return {
    genuine,
    forged: [
      { name: 'no signature', body: command, headers: {} },
      { name: 'signature without timestamp', body: command, headers: { 'x-signature-ed25519': genuine.headers['x-signature-ed25519'] } },
      { name: 'signed by another key', body: command, headers: { 'x-signature-ed25519': signWith(other.privateKey, t, command), 'x-signature-timestamp': t } },
      { name: 'body changed after signing', body: command.replace('latest', 'history'), headers: genuine.headers },
      { name: 'timestamp changed after signing', body: command, headers: { ...genuine.headers, 'x-signature-timestamp': String(Number(t) + 1) } },
      { name: 'signature not hex', body: command, headers: { 'x-signature-ed25519': 'z'.repeat(128), 'x-signature-timestamp': t } },
      { name: 'signature truncated', body: command, headers: { 'x-signature-ed25519': genuine.headers['x-signature-ed25519'].slice(0, 126), 'x-signature-timestamp': t } },
      { name: 'all-zero signature', body: command, headers: { 'x-signature-ed25519': '0'.repeat(128), 'x-signature-timestamp': t } },
      { name: 'stale, correctly signed', body: command, headers: { 'x-signature-ed25519': signWith(keys.privateKey, old, command), 'x-signature-timestamp': old } },
      { name: 'future, correctly signed', body: command, headers: { 'x-signature-ed25519': signWith(keys.privateKey, future, command), 'x-signature-timestamp': future } },
    ],
    replays: [
      { name: 'the same request again', body: genuine.body, headers: genuine.headers },
      { name: 'again, signature in capitals', body: genuine.body, headers: { ...genuine.headers, 'x-signature-ed25519': genuine.headers['x-signature-ed25519'].toUpperCase() } },
    ],
    oversized: (() => {
      const big = JSON.stringify({ type: 2, data: { name: 'latest', type: 1 }, padding: 'x'.repeat(100 * 1024) });
      const bigTs = seconds();
      return [
        { name: '100 KiB, signed', body: big, headers: { 'x-signature-ed25519': signWith(keys.privateKey, bigTs, big), 'x-signature-timestamp': bigTs }, chunked: false },
        { name: '1 MiB, no content-length', body: 'x'.repeat(1024 * 1024), headers: { 'x-signature-ed25519': 'ab'.repeat(64), 'x-signature-timestamp': bigTs }, chunked: true },
        { name: '20 MiB', body: 'x'.repeat(20 * 1024 * 1024), headers: { 'x-signature-ed25519': 'ab'.repeat(64), 'x-signature-timestamp': bigTs }, chunked: false },
      ];
    })(),
  };
}

describe('hostile requests to /interactions', () => {
  const keys = keyPair();
  const other = keyPair();

  describe('the endpoint, with handlers that count', () => {
    let server: http.Server;
    let url: string;
    const ran: string[] = [];

    beforeAll(async () => {
      const handlers: InteractionHandlers = {
        command: async (data) => {
          ran.push(`command ${data.name}`);
          return { content: 'ran', ephemeral: false };
        },
        autocomplete: async (data) => {
          ran.push(`autocomplete ${data.name}`);
          return [];
        },
        isEphemeral: () => false,
      };
      const endpoint = createInteractionsHandler({ publicKey: keys.publicKeyHex, handlers, log: { info() {}, warn() {}, error() {} }, apiBase: 'http://127.0.0.1:9/api' });
      server = http.createServer((req, res) => void endpoint(req, res));
      server.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/interactions`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('runs nothing for a forged, replayed or oversized request', async () => {
      const cases = attacks(keys, other);
      for (const forged of cases.forged) expect((await send(url, forged.body, forged.headers)).status, forged.name).toBe(401);
      expect(ran).toEqual([]);
      expect((await send(url, cases.genuine.body, cases.genuine.headers)).status).toBe(200);
      expect(ran).toEqual(['command latest']);
      for (const replay of cases.replays) {
        const answer = await send(url, replay.body, replay.headers);
        expect(answer.status, replay.name).toBe(401);
        expect(answer.body).toContain('replayed');
      }
      for (const big of cases.oversized) expect((await send(url, big.body, big.headers, { chunked: big.chunked })).status, big.name).toBe(413);
      expect(ran).toEqual(['command latest']);
    });
  });

  describe('a real forcewatch run', () => {
    let workspace: Workspace;
    let stub: DiscordStub;
    let running: RunningForcewatch;
    let url: string;

    beforeAll(async () => {
      stub = await startDiscordStub();
      workspace = await makeWorkspace();
      await workspace.writeConfig(baseSettings(workspace, { schedule: '0 0 1 1 *', feeds: [], http: { enabled: true, host: '127.0.0.1', port: 0 }, discord: { apiBase: stub.apiBase, gateway: false } }));
      running = startForcewatch(['run', '--config', workspace.configDir], { cwd: workspace.dir, env: { DISCORD_PUBLIC_KEY: keys.publicKeyHex }, timeoutMs: 60_000 });
      const serving = await running.waitFor(/serving [^"]*\/interactions on 127\.0\.0\.1:\d+/);
      url = `http://127.0.0.1:${/:(\d+)$/.exec(serving)?.[1]}/interactions`;
    }, 30_000);
    afterAll(async () => {
      running?.child.kill('SIGTERM');
      await running?.done;
      await stub?.close();
      await workspace?.remove();
    });

    it('answers 401 or 413 to every forged, replayed and oversized request, and serves a genuine one', async () => {
      const cases = attacks(keys, other);
      for (const forged of cases.forged) {
        const answer = await send(url, forged.body, forged.headers);
        expect(answer.status, forged.name).toBe(401);
        expect(answer.body).not.toMatch(/"type":4/);
      }
      const genuine = await send(url, cases.genuine.body, cases.genuine.headers);
      expect(genuine.status).toBe(200);
      expect(JSON.parse(genuine.body)).toMatchObject({ type: 4 });
      for (const replay of cases.replays) expect((await send(url, replay.body, replay.headers)).status, replay.name).toBe(401);
      for (const big of cases.oversized) expect((await send(url, big.body, big.headers, { chunked: big.chunked })).status, big.name).toBe(413);
      expect(stub.requests).toEqual([]); // no deferred reply was ever sent anywhere
      expect(running.child.exitCode).toBeNull();
    }, 30_000);
  });
});
