import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_DEFINITIONS } from '../../src/discord/commands/index.js';
import { registerCommands } from '../../src/discord/register.js';
import { startDiscordStub } from '../support/discord-stub.js';
import type { DiscordStub } from '../support/discord-stub.js';

const APP = '600000000000000001';
const GUILD = '600000000000000002';

describe('registerCommands', () => {
  let stub: DiscordStub;
  beforeEach(async () => {
    stub = await startDiscordStub();
  });
  afterEach(async () => {
    await stub.close();
  });

  it('PUTs the definitions to a guild, or globally', async () => {
    const registered = await registerCommands({ token: 'tok', applicationId: APP, guildId: GUILD, apiBase: stub.apiBase });
    expect(registered.map((command) => command.name)).toEqual(['history', 'latest', 'watchlist', 'why']);
    expect(stub.requests[0]).toMatchObject({ method: 'PUT', path: `/applications/${APP}/guilds/${GUILD}/commands`, body: COMMAND_DEFINITIONS });
    expect(stub.requests[0]!.headers.authorization).toBe('Bot tok');
    await registerCommands({ token: 'tok', applicationId: APP, apiBase: stub.apiBase });
    expect(stub.requests[1]).toMatchObject({ method: 'PUT', path: `/applications/${APP}/commands` });
  });

  it('fails loudly when Discord refuses', async () => {
    stub.script({ status: 401 });
    await expect(registerCommands({ token: 'bad', applicationId: APP, apiBase: stub.apiBase })).rejects.toThrow(/Unauthorized/);
  });
});
