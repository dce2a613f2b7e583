// Secrets never appear in logs, error messages, notices or the store: the bot token, the public
// key, webhook URLs that carry tokens (in the path and in the query), a webhook signing secret and
// a store password — in real runs where every sink fails in every way it can, at debug level.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordStub, type DiscordStub } from '../support/discord-stub.js';
import { force, peelRelease } from './support/news.js';
import { startNewsroom, type Newsroom } from './support/newsroom.js';
import { baseSettings, makeWorkspace, readJsonl, runForcewatch, startForcewatch, type RunResult, type Workspace } from './support/forcewatch-process.js';
import { startReceiver, type Receiver } from './support/receiver.js';

const SECRETS = {
  token: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gsecret.bot-token-do-not-print',
  publicKey: Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex'),
  hookPath: 'hookpathsecret7781',
  hookQuery: 'hookquerysecret5512',
  hookSigning: 'hmac-signing-secret-9931',
  discordHookToken: 'discordwebhooktoken_Abc123xyz',
  storePassword: 'storepassword4471',
};

describe('secrets stay secret', () => {
  let newsroom: Newsroom;
  let stub: DiscordStub;
  let hook: Receiver;
  let workspace: Workspace;
  const runs: RunResult[] = [];

  beforeAll(async () => {
    newsroom = await startNewsroom();
    stub = await startDiscordStub();
    hook = await startReceiver();
    workspace = await makeWorkspace();
    newsroom.publish('/feeds/news.xml', peelRelease(force('kent'), new Date(Date.now() - 60_000).toISOString()));
    newsroom.publish('/feeds/news.xml', peelRelease(force('essex'), new Date(Date.now() - 50_000).toISOString()));
  });
  afterAll(async () => {
    await Promise.all([newsroom?.close(), stub?.close(), hook?.close()]);
    await workspace?.remove();
  });

  const env = { DISCORD_TOKEN: SECRETS.token, DISCORD_PUBLIC_KEY: SECRETS.publicKey, HOOK_SECRET: SECRETS.hookSigning, LOG_LEVEL: 'debug' };
  const run = async (args: string[]) => {
    const result = await runForcewatch(args, { cwd: workspace.dir, env, timeoutMs: 60_000 });
    runs.push(result);
    return result;
  };

  it('keeps them out of everything a failing run writes', async () => {
    const sinks = [
      { type: 'jsonl', path: workspace.file('data/alerts.jsonl') },
      { type: 'discord', channel: '323456789012345678' },
      { type: 'webhook', url: `${hook.url(`/hooks/${SECRETS.hookPath}`)}?token=${SECRETS.hookQuery}`, secret: '${HOOK_SECRET}' },
      { type: 'discord-webhook', url: `${stub.apiBase}/webhooks/423456789012345678/${SECRETS.discordHookToken}` },
    ];
    await workspace.writeConfig(
      baseSettings(workspace, {
        feeds: [{ url: newsroom.url('/feeds/news.xml'), name: 'Courier' }, { url: newsroom.url('/feeds/missing.xml') }],
        sinks,
        discord: { apiBase: stub.apiBase, gateway: false },
      }),
    );
    // Poll 1: Discord refuses the token for the bot and 500s for the webhook; the webhook is down.
    stub.script({ status: 401 }, { times: 20, path: /^\/channels\// });
    stub.script({ status: 500 }, { times: 20, path: /^\/webhooks\// });
    await hook.setMode('down');
    await run(['run', '--once', '--config', workspace.configDir]);
    // Poll 2: the webhook answers 500, Discord's webhook 404s.
    await hook.setMode('fail');
    stub.script({ status: 404, code: 10015, message: 'Unknown Webhook' }, { times: 20, path: /^\/webhooks\// });
    await run(['run', '--once', '--config', workspace.configDir]);
    // A scheduled run serving /interactions, stopped after its first poll.
    await workspace.writeConfig(baseSettings(workspace, { schedule: '0 0 1 1 *', feeds: [], sinks, discord: { apiBase: stub.apiBase, gateway: false }, http: { enabled: true, host: '127.0.0.1', port: 0 } }));
    const serving = startForcewatch(['run', '--config', workspace.configDir], { cwd: workspace.dir, env, timeoutMs: 30_000 });
    await serving.waitFor(/poll: /);
    serving.child.kill('SIGTERM');
    runs.push(await serving.done);
    // Config problems that involve the secrets.
    await workspace.writeConfigText('forcewatch.yaml', `sinks:\n  - {type: webhook, url: "${hook.url(`/hooks/${SECRETS.hookPath}`)}?token=${SECRETS.hookQuery}", secret: "\${MISSING_SECRET}"}\n  - {type: discord-webhook, url: "https://discord.com/api/webhooks/1/${SECRETS.discordHookToken}"}\n  - {type: discord, channel: "1"}\n`);
    await run(['check-config', '--config', workspace.configDir]);
    await run(['run', '--once', '--config', workspace.configDir]);
    // A store that cannot be reached, with a password in its URL.
    await workspace.writeConfig(baseSettings(workspace, { store: `redis://:${SECRETS.storePassword}@127.0.0.1:9/0`, feeds: [] }));
    await run(['run', '--once', '--config', workspace.configDir]);
    await run(['check-config', '--config', workspace.configDir]);

    // The runs did fail in the ways intended...
    const all = runs.map((result) => `${result.stdout}\n${result.stderr}`).join('\n');
    expect(all).toMatch(/discord: story st_\w+ v\d → rejected: Discord rejected the credentials/);
    expect(all).toMatch(/webhook 127\.0\.0\.1:\d+#[0-9a-f]{8}: (?:network error|answered 500)/);
    expect(all).toMatch(/discord-webhook: story st_\w+ v\d → (?:retry|rejected)/);
    expect(hook.received.length).toBeGreaterThan(0);
    // ...and said nothing secret, anywhere.
    const written = [all, readFileSync(workspace.file('data/forcewatch.sqlite')).toString('latin1'), JSON.stringify(readJsonl(workspace.file('data/alerts.jsonl')))].join('\n');
    for (const [name, secret] of Object.entries(SECRETS)) expect(written.includes(secret), `${name} leaked`).toBe(false);
    // The signing secret signed what was sent, without being sent.
    expect(hook.received.every((delivery) => String(delivery.headers['x-forcewatch-signature'] ?? '').startsWith('sha256='))).toBe(true);
  }, 90_000);
});
