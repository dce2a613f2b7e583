// The gateway client (a bot that is online): receives slash commands over the websocket and
// answers them through the same handlers as the HTTP endpoint. discord.js is imported lazily so
// `run` without a gateway, `register-commands` and the tests never load it.
import type { Client } from 'discord.js';
import type { CommandData, CommandReply, InteractionHandlers } from './commands/index.js';

type Log = Pick<Console, 'info' | 'warn' | 'error'>;

export interface GatewayOptions {
  token: string;
  handlers: InteractionHandlers;
  log: Log;
  /** REST base (config discord.apiBase); discord.js's default when absent. */
  apiBase?: string;
  /** Defer replies of commands slower than this (Discord allows 3 s). Default 2 s. */
  deferAfterMs?: number;
}

export interface Gateway {
  readonly client: Client;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { Client, Events, GatewayIntentBits, MessageFlags } = await import('discord.js');
  const client = new Client({ intents: [GatewayIntentBits.Guilds], ...(options.apiBase === undefined ? {} : { rest: { api: options.apiBase } }) });
  const deferAfterMs = options.deferAfterMs ?? 2_000;

  client.on(Events.InteractionCreate, (interaction) => {
    answerInteraction(interaction as unknown as GatewayInteraction, options.handlers, { deferAfterMs, ephemeralFlag: MessageFlags.Ephemeral }).catch((error: unknown) => {
      options.log.warn(`gateway: could not answer an interaction: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  client.on(Events.Error, (error) => options.log.warn(`gateway: ${error.message}`));
  client.once(Events.ClientReady, (ready) => options.log.info(`gateway: logged in as ${ready.user.tag}`));
  try {
    await client.login(options.token);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}

/** The part of a discord.js interaction the gateway uses (the real one, or a test's stand-in). */
export interface GatewayInteraction {
  commandName: string;
  options: { data: readonly NonNullable<CommandData['options']>[number][] };
  isAutocomplete(): boolean;
  isChatInputCommand(): boolean;
  respond(choices: unknown[]): Promise<unknown>;
  reply(message: Record<string, unknown>): Promise<unknown>;
  deferReply(options: Record<string, unknown>): Promise<unknown>;
  editReply(message: Record<string, unknown>): Promise<unknown>;
}

function toMessage(reply: CommandReply): Record<string, unknown> {
  return {
    content: reply.content,
    ...(reply.embeds === undefined ? {} : { embeds: reply.embeds }),
    allowedMentions: { parse: [] },
  };
}

/**
 * Answers one gateway interaction with the shared handlers: autocomplete, an immediate reply, or
 * (for a command slower than `deferAfterMs`) a deferred reply edited when the answer is ready.
 */
export async function answerInteraction(
  interaction: GatewayInteraction,
  handlers: InteractionHandlers,
  options: { deferAfterMs: number; ephemeralFlag: number },
): Promise<void> {
  const data: CommandData = { name: interaction.commandName, options: interaction.options.data };
  if (interaction.isAutocomplete()) {
    await interaction.respond(await handlers.autocomplete(data));
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  const work = handlers.command(data);
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'defer'>((resolve) => {
    timer = setTimeout(() => resolve('defer'), options.deferAfterMs);
  });
  const first = await Promise.race([work, slow]);
  clearTimeout(timer);
  if (first !== 'defer') {
    await interaction.reply({ ...toMessage(first), ...(first.ephemeral ? { flags: options.ephemeralFlag } : {}) });
    return;
  }
  await interaction.deferReply(handlers.isEphemeral(data.name) ? { flags: options.ephemeralFlag } : {});
  await interaction.editReply(toMessage(await work));
}
