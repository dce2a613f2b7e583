import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandHandlers } from '../../src/discord/commands/index.js';
import type { CommandContext } from '../../src/discord/commands/index.js';
import { startGateway } from '../../src/discord/gateway.js';
import { startDiscordStub } from '../support/discord-stub.js';
import type { DiscordStub } from '../support/discord-stub.js';
import { memoryLog } from './fixtures.js';

describe('startGateway', () => {
  let stub: DiscordStub;
  beforeEach(async () => {
    stub = await startDiscordStub();
  });
  afterEach(async () => {
    await stub.close();
  });

  it('fails to start, without hanging, when Discord refuses the token', async () => {
    stub.script({ status: 401 }, { path: /^\/gateway\/bot$/ });
    const log = memoryLog();
    const handlers = createCommandHandlers({ context: () => ({}) as CommandContext, log });
    await expect(startGateway({ token: 'bad.token.value', handlers, log, apiBase: stub.apiBase })).rejects.toThrow(/token/i);
    expect(stub.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /gateway/bot']);
  });
});
