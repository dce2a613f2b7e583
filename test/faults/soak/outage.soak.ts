// Soak: forty polls ten minutes apart during which Discord and a webhook go down, fail, hang and
// flap at random while reports and follow-ups keep arriving; then they stay up. Every story is
// posted once, in the order found, edited only in its own message, and ends at its latest version.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/load.js';
import type { AlertEvent } from '../../../src/core/story.js';
import { renderAlertMessage } from '../../../src/discord/embed.js';
import { startDiscordStub, type DiscordStub } from '../../support/discord-stub.js';
import { FORCES, peelFollowUp, peelRelease } from '../support/news.js';
import { startNewsroom, type Newsroom } from '../support/newsroom.js';
import { startReceiver, type Receiver, type ReceiverMode } from '../support/receiver.js';

const CHANNEL = '523456789012345678';
const POLLS = Number(process.env.SOAK_POLLS ?? 40);
const MINUTE = 60_000;

describe('soak: sinks down, failing, hanging and flapping', () => {
  let newsroom: Newsroom;
  let stub: DiscordStub;
  let front: Receiver;
  let webhook: Receiver;
  let dir: string;
  let app: App;
  let clock = new Date('2025-11-21T06:00:00Z');
  const seed = Number(process.env.SOAK_SEED ?? Date.now() % 100_000);
  let state = seed >>> 0;
  const next = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);

  beforeAll(async () => {
    newsroom = await startNewsroom();
    stub = await startDiscordStub();
    front = await startReceiver({ forwardTo: new URL(stub.apiBase).origin });
    webhook = await startReceiver();
    dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-soak-outage-'));
    await writeFile(
      path.join(dir, 'forcewatch.yaml'),
      stringify({
        store: `sqlite:${path.join(dir, 'state.sqlite')}`,
        backfill: 'all',
        fetch: { allowPrivateAddresses: true, parseWorkers: 0 },
        feeds: [{ url: newsroom.url('/feeds/news.xml'), name: 'Courier' }],
        sinks: [{ type: 'discord', channel: CHANNEL }, { type: 'webhook', url: webhook.url('/hook') }],
        discord: { apiBase: front.url('/api'), gateway: false },
        http: { enabled: false },
      }),
    );
    await writeFile(path.join(dir, 'watchlist.yaml'), 'forces: all\n');
    const config = await loadConfig(dir, { DISCORD_TOKEN: 'soak-token-0123456789' });
    const quiet = { info() {}, warn() {}, error() {} };
    app = await createApp(config, { log: quiet, env: {}, now: () => clock, stdout: new Writable({ write: (_c, _e, done) => done() }) });
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([newsroom?.close(), front?.close(), webhook?.close(), stub?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`delivers everything once and in order after ${POLLS} troubled polls`, async () => {
    console.info(`outage soak seed ${seed}`);
    const found: string[] = [];
    let hangs = 0;
    for (let poll = 0; poll < POLLS; poll += 1) {
      if (next() < 0.4) {
        const subject = FORCES[Math.floor(next() * FORCES.length)]!;
        const when = new Date(clock.getTime() - 5 * MINUTE).toISOString();
        if (!found.includes(subject.id)) {
          newsroom.publish('/feeds/news.xml', peelRelease(subject, when));
          found.push(subject.id);
        } else newsroom.publish('/feeds/news.xml', { ...peelFollowUp(subject, when), slug: `${subject.id}-follow-up-${poll}` });
      }
      const roll = next();
      let mode: ReceiverMode = roll < 0.3 ? 'down' : roll < 0.55 ? 'fail' : roll < 0.85 ? 'ok' : 'hang';
      if (mode === 'hang' && hangs >= 3) mode = 'fail';
      if (mode === 'hang') hangs += 1;
      await front.setMode(mode);
      await webhook.setMode(next() < 0.5 ? mode : 'ok');
      clock = new Date(clock.getTime() + 10 * MINUTE);
      await app.pollOnce();
    }
    await front.setMode('ok');
    await webhook.setMode('ok');
    for (let index = 0; index < 3; index += 1) {
      clock = new Date(clock.getTime() + 10 * MINUTE);
      await app.pollOnce();
    }
    expect(await app.outbox.depth()).toBe(0);

    const hooks = webhook.delivered.map((delivery) => delivery.json as unknown as AlertEvent).filter((event) => event.type.startsWith('alert.'));
    const storyOf = (event: AlertEvent) => event.forces[0]!.id;
    expect(hooks.filter((event) => event.type === 'alert.created').map(storyOf)).toEqual(found);
    const keys = webhook.delivered.filter((delivery) => String(delivery.json?.type).startsWith('alert.')).map((delivery) => delivery.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(keys.length);

    const titleOf = (body: unknown) => String((body as { embeds?: { title?: string }[] }).embeds?.[0]?.title ?? '');
    const posts = stub.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${CHANNEL}/messages`);
    const nameOf = (id: string) => FORCES.find((entry) => entry.id === id)!.name;
    // A post may be repeated only with the same nonce (Discord then returns the first message).
    expect(stub.messages.size).toBe(found.length);
    const firstPosts = [...new Map(posts.map((request) => [(request.body as { nonce: string }).nonce, titleOf(request.body)])).values()];
    expect(firstPosts).toEqual(found.map((id) => expect.stringContaining(nameOf(id))));
    for (const request of stub.requests.filter((candidate) => candidate.method === 'PATCH')) {
      const message = stub.messages.get(/\/messages\/(\d+)$/.exec(request.path)?.[1] ?? '');
      expect(message, request.path).toBeDefined();
      expect(titleOf(request.body)).toBe(titleOf(message));
    }
    const latest = new Map<string, AlertEvent>();
    for (const event of hooks) latest.set(storyOf(event), event);
    for (const id of found) {
      const message = [...stub.messages.values()].find((candidate) => titleOf(candidate).includes(nameOf(id)));
      expect(message?.embeds, id).toEqual(JSON.parse(JSON.stringify(renderAlertMessage(latest.get(id)!, { mentionRoleIds: [] }).embeds)));
    }
    console.info(`outage soak: ${found.length} stories, ${hooks.length} webhook alerts, ${posts.length} posts, ${hangs} hanging polls`);
  });
});
