// The gateway client (a bot that is online): receives slash commands over the websocket and
// answers them through the same handlers as the HTTP endpoint. discord.js is imported lazily so
// `run` without a gateway, `register-commands` and the tests never load it.
import type { Client, Interaction } from 'discord.js';
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

  const toMessage = (reply: CommandReply) => ({
    content: reply.content,
    ...(reply.embeds === undefined ? {} : { embeds: reply.embeds }),
    allowedMentions: { parse: [] },
  });

  async function onInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const data: CommandData = { name: interaction.commandName, options: interaction.options.data };
      await interaction.respond(await options.handlers.autocomplete(data));
      return;
    }
    if (!interaction.isChatInputCommand()) return;
    const data: CommandData = { name: interaction.commandName, options: interaction.options.data };
    const work = options.handlers.command(data);
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<'defer'>((resolve) => {
      timer = setTimeout(() => resolve('defer'), deferAfterMs);
    });
    const first = await Promise.race([work, slow]);
    clearTimeout(timer);
    if (first !== 'defer') {
      await interaction.reply({ ...toMessage(first), ...(first.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
      return;
    }
    await interaction.deferReply(options.handlers.isEphemeral(data.name) ? { flags: MessageFlags.Ephemeral } : {});
    await interaction.editReply(toMessage(await work));
  }

  client.on(Events.InteractionCreate, (interaction) => {
    onInteraction(interaction).catch((error: unknown) => {
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
