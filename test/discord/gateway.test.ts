import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandHandlers } from '../../src/discord/commands/index.js';
import type { CommandContext } from '../../src/discord/commands/index.js';
import { answerInteraction, startGateway } from '../../src/discord/gateway.js';
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

describe('answerInteraction (the gateway path into the shared handlers)', () => {
  type Call = [string, unknown];
  function interaction(kind: 'command' | 'autocomplete', name: string, options: { name: string; type: number; value: string }[] = []) {
    const calls: Call[] = [];
    return {
      calls,
      commandName: name,
      options: { data: options },
      isAutocomplete: () => kind === 'autocomplete',
      isChatInputCommand: () => kind === 'command',
      respond: async (choices: unknown[]) => calls.push(['respond', choices]),
      reply: async (message: Record<string, unknown>) => calls.push(['reply', message]),
      deferReply: async (message: Record<string, unknown>) => calls.push(['deferReply', message]),
      editReply: async (message: Record<string, unknown>) => calls.push(['editReply', message]),
    };
  }
  const context = (): CommandContext =>
    ({
      stories: { listForForce: async () => [], latest: async () => [], get: async () => null },
      seen: { find: async () => null },
      watchlist: { forces: 'all', routes: [], mentions: [] },
      now: new Date('2025-11-22T10:00:00Z'),
    }) as unknown as CommandContext;

  it('replies at once through the shared handlers, with no mentions allowed', async () => {
    const handlers = createCommandHandlers({ context, log: memoryLog() });
    const event = interaction('command', 'history', [{ name: 'force', type: 3, value: 'gotham' }]);
    await answerInteraction(event, handlers, { deferAfterMs: 2_000, ephemeralFlag: 64 });
    expect(event.calls).toHaveLength(1);
    const [kind, message] = event.calls[0]!;
    expect(kind).toBe('reply');
    expect(message).toMatchObject({ allowedMentions: { parse: [] }, flags: 64 });
    expect(String((message as { content: string }).content)).toMatch(/gotham/i);
  });

  it('defers a slow command and edits the reply when the answer is ready', async () => {
    const slowContext = async () => {
      await new Promise((resolve) => setTimeout(resolve, 120));
      return context();
    };
    const handlers = createCommandHandlers({ context: slowContext, log: memoryLog() });
    const event = interaction('command', 'latest');
    await answerInteraction(event, handlers, { deferAfterMs: 20, ephemeralFlag: 64 });
    expect(event.calls.map(([kind]) => kind)).toEqual(['deferReply', 'editReply']);
  });

  it('answers autocomplete with force choices', async () => {
    const handlers = createCommandHandlers({ context, log: memoryLog() });
    const event = interaction('autocomplete', 'history', [{ name: 'force', type: 3, value: 'west mid' }]);
    await answerInteraction(event, handlers, { deferAfterMs: 2_000, ephemeralFlag: 64 });
    const [kind, choices] = event.calls[0]!;
    expect(kind).toBe('respond');
    expect(JSON.stringify(choices)).toContain('west-midlands');
  });
});
