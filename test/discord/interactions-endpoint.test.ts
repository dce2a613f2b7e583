import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandHandlers } from '../../src/discord/commands/index.js';
import type { CommandContext, InteractionHandlers } from '../../src/discord/commands/index.js';
import { createInteractionsHandler } from '../../src/discord/interactions-endpoint.js';
import type { InteractionsHandler } from '../../src/discord/interactions-endpoint.js';
import { openStore } from '../../src/store/keyv-store.js';
import type { KeyValueStore } from '../../src/store/keyv-store.js';
import { SeenItemRepository, StoryRepository } from '../../src/store/repositories.js';
import { startDiscordStub } from '../support/discord-stub.js';
import type { DiscordStub } from '../support/discord-stub.js';
import { memoryLog, story } from './fixtures.js';

const NOW = new Date('2025-11-21T12:00:00Z');
const nowSeconds = () => String(Math.floor(NOW.getTime() / 1000));
const APP_ID = '500000000000000001';

function keyPair(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicKeyHex: Buffer.from(jwk.x ?? '', 'base64url').toString('hex'), privateKey };
}

describe('POST /interactions', () => {
  const keys = keyPair();
  let store: KeyValueStore;
  let stub: DiscordStub;
  let server: Server;
  let endpoint: InteractionsHandler;
  let base: string;
  let log: ReturnType<typeof memoryLog>;

  async function start(handlers: InteractionHandlers) {
    endpoint = createInteractionsHandler({ publicKey: keys.publicKeyHex, handlers, log, apiBase: stub.apiBase, now: () => NOW, deferAfterMs: 200 });
    server = createServer((req, res) => void endpoint(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/interactions`;
  }

  function post(body: string, headers: Record<string, string>) {
    return fetch(base, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  }

  function signed(payload: unknown, timestamp = nowSeconds()) {
    const body = JSON.stringify(payload);
    const signature = sign(null, Buffer.from(timestamp + body), keys.privateKey).toString('hex');
    return post(body, { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp });
  }

  beforeEach(async () => {
    log = memoryLog();
    stub = await startDiscordStub();
    store = await openStore('memory:');
    const stories = new StoryRepository(store);
    await stories.save(story({ id: 'st_one' }));
    const context = (): CommandContext => ({ stories, seen: new SeenItemRepository(store, 86_400_000), watchlist: { forces: 'all', routes: [], mentions: [] }, now: NOW });
    await start(createCommandHandlers({ context, log }));
  });
  afterEach(async () => {
    await endpoint.settled();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stub.close();
    await store.close();
  });

  it('answers a signed PING with PONG', async () => {
    const res = await signed({ type: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('refuses an unsigned request, a wrong signature and a changed body', async () => {
    expect((await post(JSON.stringify({ type: 1 }), {})).status).toBe(401);
    expect((await post(JSON.stringify({ type: 1 }), { 'x-signature-ed25519': 'ab'.repeat(64), 'x-signature-timestamp': nowSeconds() })).status).toBe(401);
    const timestamp = nowSeconds();
    const signature = sign(null, Buffer.from(timestamp + JSON.stringify({ type: 1 })), keys.privateKey).toString('hex');
    const tampered = await post(JSON.stringify({ type: 2 }), { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp });
    expect(tampered.status).toBe(401);
  });

  it('refuses stale and future timestamps (replay)', async () => {
    const seconds = Math.floor(NOW.getTime() / 1000);
    expect((await signed({ type: 1 }, String(seconds - 6 * 60))).status).toBe(401);
    expect((await signed({ type: 1 }, String(seconds + 6 * 60))).status).toBe(401);
    expect((await signed({ type: 1 }, String(seconds - 4 * 60))).status).toBe(200);
  });

  it('refuses bodies over 64 KiB with 413', async () => {
    const res = await signed({ type: 1, padding: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
  });

  it('refuses a streamed body (no content-length) once it passes 64 KiB', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(base, { method: 'POST', body, duplex: 'half', headers: { 'x-signature-ed25519': 'ab'.repeat(64), 'x-signature-timestamp': nowSeconds() } } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('answers only POST', async () => {
    expect((await fetch(base)).status).toBe(405);
  });

  it('runs a command and replies in the response (type 4), pinging nobody', async () => {
    const res = await signed({ type: 2, application_id: APP_ID, token: 'tok', data: { name: 'latest', type: 1, options: [{ name: 'count', type: 4, value: 3 }] } });
    const reply = (await res.json()) as { type: number; data: { content: string; embeds: { description: string }[]; allowed_mentions: unknown; flags: number } };
    expect(reply.type).toBe(4);
    expect(reply.data.content).toBe('The newest report:');
    expect(reply.data.embeds[0]!.description).toContain('21 Nov 2025');
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    expect(reply.data.flags).toBe(0);
  });

  it('answers autocomplete with choices (type 8)', async () => {
    const res = await signed({ type: 4, data: { name: 'history', type: 1, options: [{ name: 'force', type: 3, value: 'wmp', focused: true }] } });
    const reply = (await res.json()) as { type: number; data: { choices: { name: string; value: string }[] } };
    expect(reply.type).toBe(8);
    expect(reply.data.choices[0]).toEqual({ name: 'West Midlands Police (WMP)', value: 'west-midlands' });
  });

  it('defers a slow command (type 5) and PATCHes the reply to the interaction webhook', async () => {
    await endpoint.settled();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await start({
      command: async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        return { content: 'slow answer @everyone', ephemeral: true };
      },
      autocomplete: async () => [],
      isEphemeral: () => true,
    });
    const res = await signed({ type: 2, application_id: APP_ID, token: 'interaction-token', data: { name: 'history', type: 1 } });
    expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
    await endpoint.settled();
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({
      method: 'PATCH',
      path: `/webhooks/${APP_ID}/interaction-token/messages/@original`,
      body: { content: 'slow answer @everyone', allowed_mentions: { parse: [] } },
    });
    expect(stub.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('rejects a malformed public key at construction', () => {
    expect(() => createInteractionsHandler({ publicKey: 'nope', handlers: {} as InteractionHandlers, log, apiBase: stub.apiBase })).toThrow(/64 hex digits/);
  });
});
