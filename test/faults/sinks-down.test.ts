// Discord and a webhook down for several polls — connection refused, then 500s, then no answer
// at all — while stories are created and grow; then back. Every alert is delivered once, in the
// order it was recorded, and edits land on the message of their own story. The real app
// (createApp) over a temp sqlite file, the real discord.js REST client against the Discord-API
// stub, a clock the test moves so retries fall due.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import type { AlertEvent } from '../../src/core/story.js';
import { renderAlertMessage } from '../../src/discord/embed.js';
import { startDiscordStub, type DiscordStub } from '../support/discord-stub.js';
import { force, peelFollowUp, peelRelease } from './support/news.js';
import { startNewsroom, type Newsroom } from './support/newsroom.js';
import { startReceiver, type Receiver, type ReceiverMode } from './support/receiver.js';

const CHANNEL = '123456789012345678';
const TOKEN = 'fault-suite-bot-token.0123456789';
const MINUTE = 60_000;

describe('Discord and webhook down for several polls, then back', () => {
  let newsroom: Newsroom;
  let stub: DiscordStub;
  let discordFront: Receiver;
  let webhook: Receiver;
  let dir: string;
  let app: App;
  const logLines: string[] = [];
  let clock = new Date('2025-11-21T08:00:00Z');

  beforeAll(async () => {
    newsroom = await startNewsroom();
    stub = await startDiscordStub();
    discordFront = await startReceiver({ forwardTo: new URL(stub.apiBase).origin });
    webhook = await startReceiver();
    dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-sinks-down-'));
    await writeFile(
      path.join(dir, 'forcewatch.yaml'),
      stringify({
        store: `sqlite:${path.join(dir, 'state.sqlite')}`,
        backfill: 'all',
        fetch: { allowPrivateAddresses: true, connectTimeoutMs: 5_000, totalTimeoutMs: 10_000, parseWorkers: 0 },
        feeds: [{ url: newsroom.url('/feeds/news.xml'), name: 'County Courier' }],
        sinks: [{ type: 'discord', channel: CHANNEL }, { type: 'webhook', url: webhook.url('/hook') }],
        discord: { apiBase: discordFront.url('/api'), gateway: false },
        http: { enabled: false },
      }),
    );
    await writeFile(path.join(dir, 'watchlist.yaml'), 'forces: all\n');
    const config = await loadConfig(dir, { DISCORD_TOKEN: TOKEN });
    const log = (level: string) => (message: string) => void logLines.push(`${level}: ${message}`);
    const devNull = new Writable({ write: (_chunk, _encoding, done) => done() });
    app = await createApp(config, { log: { info: log('info'), warn: log('warn'), error: log('error') }, env: {}, now: () => clock, stdout: devNull });
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([newsroom?.close(), discordFront?.close(), webhook?.close(), stub?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function poll(mode: ReceiverMode, webhookMode: ReceiverMode = mode) {
    await discordFront.setMode(mode);
    await webhook.setMode(webhookMode);
    clock = new Date(clock.getTime() + 10 * MINUTE);
    return app.pollOnce();
  }

  const published = (minutesAgo: number) => new Date(clock.getTime() - minutesAgo * MINUTE).toISOString();
  const alertsAt = (receiver: Receiver) => receiver.delivered.map((delivery) => delivery.json as unknown as AlertEvent).filter((event) => event.type.startsWith('alert.'));

  it('delivers every alert once, in order, and edits the right messages', async () => {
    const [kent, essex, surrey, dorset] = [force('kent'), force('essex'), force('surrey'), force('dorset')];

    newsroom.publish('/feeds/news.xml', peelRelease(kent, published(5)));
    expect((await poll('ok')).delivery.delivered).toBe(2); // Kent posted while all is well

    // Discord does not answer at all (the webhook fails fast): Essex and Surrey are found. The
    // sink times out once in the poll, not once per waiting alert. (Both hang in npm run soak.)
    newsroom.publish('/feeds/news.xml', peelRelease(essex, published(6)));
    newsroom.publish('/feeds/news.xml', peelRelease(surrey, published(5)));
    const hung = Date.now();
    const during = await poll('hang', 'fail');
    expect(Date.now() - hung).toBeLessThan(18_000); // one 10 s timeout; two without the fix
    expect(during.delivery).toMatchObject({ delivered: 0, retrying: 2 });
    // Connection refused, long enough for the backoffs of the waiting alerts to drift apart.
    newsroom.publish('/feeds/news.xml', peelFollowUp(kent, published(5)));
    for (let index = 0; index < 5; index += 1) await poll('down');
    // 500s. Essex grows while still unsent; Dorset is found.
    newsroom.publish('/feeds/news.xml', peelFollowUp(essex, published(5)));
    await poll('fail');
    newsroom.publish('/feeds/news.xml', peelRelease(dorset, published(5)));
    for (let index = 0; index < 3; index += 1) await poll('fail');

    // Back: the next poll delivers everything that waited, in the order it was recorded.
    const back = await poll('ok');
    expect(back.delivery.pending).toBe(0);
    expect(await app.outbox.depth()).toBe(0);

    // The webhook got each story version once, creations in the order the stories were found.
    const hooks = alertsAt(webhook);
    const keys = webhook.delivered.filter((delivery) => String(delivery.json?.type).startsWith('alert.')).map((delivery) => delivery.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(keys.length);
    const storyOf = (event: AlertEvent) => event.forces[0]?.id;
    expect(hooks.filter((event) => event.type === 'alert.created').map(storyOf)).toEqual(['kent', 'essex', 'surrey', 'dorset']);
    expect(hooks.map(storyOf)).toEqual(['kent', 'essex', 'surrey', 'kent', 'dorset']);
    expect(hooks.find((event) => storyOf(event) === 'essex')).toMatchObject({ type: 'alert.created', version: 2 }); // one post, already grown

    // Discord: one message per story, posted in the order the stories were found; the Kent update
    // edited Kent's own message; each message ends up showing its story's latest version.
    const posts = stub.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${CHANNEL}/messages`);
    const patches = stub.requests.filter((request) => request.method === 'PATCH');
    const titleOf = (body: unknown) => String((body as { embeds?: { title?: string }[] }).embeds?.[0]?.title ?? '');
    expect(posts.map((request) => titleOf(request.body))).toEqual([kent, essex, surrey, dorset].map((subject) => expect.stringContaining(subject.name)));
    expect(stub.messages.size).toBe(4);
    const messageOf = (name: string) => [...stub.messages.values()].find((message) => titleOf(message).includes(name));
    const kentMessage = messageOf(kent.name);
    expect(patches.map((request) => request.path)).toEqual([`/channels/${CHANNEL}/messages/${kentMessage?.id}`]);
    const latest = new Map<string, AlertEvent>();
    for (const event of hooks) latest.set(String(storyOf(event)), event);
    for (const subject of [kent, essex, surrey, dorset]) {
      const event = latest.get(subject.id);
      if (!event) throw new Error(`no alert for ${subject.id}`);
      const expected = JSON.parse(JSON.stringify(renderAlertMessage(event, { mentionRoleIds: [] }).embeds)) as unknown;
      expect(messageOf(subject.name)?.embeds, subject.id).toEqual(expected);
    }
    expect(latest.get('kent')?.sources).toHaveLength(2);
    expect(latest.get('essex')?.sources).toHaveLength(2);

    // The outage was reported, without the token.
    expect(logLines.join('\n')).toMatch(/discord: story st_\w+ v\d → retry/);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  }, 90_000);
});
