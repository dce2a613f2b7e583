// The slash commands as data (for registration) and the one error boundary every interaction
// passes through, whether it arrives over HTTP (/interactions) or the gateway.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { UserError } from './common.js';
import type { Choice, CommandContext, CommandData, CommandReply, SlashCommand } from './common.js';
import { history } from './history.js';
import { latest } from './latest.js';
import { watchlist } from './watchlist.js';
import { why } from './why.js';

export { UserError } from './common.js';
export type { Choice, CommandContext, CommandData, CommandOption, CommandReply, SlashCommand } from './common.js';

type Log = Pick<Console, 'info' | 'warn' | 'error'>;

export const COMMANDS: readonly SlashCommand[] = [history, latest, watchlist, why];

/** What `register-commands` PUTs to Discord. */
export const COMMAND_DEFINITIONS: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = COMMANDS.map((command) => command.definition);

export const GENERIC_FAILURE = 'Something went wrong; the error was logged.';

/** What the HTTP endpoint and the gateway call; errors never escape it. */
export interface InteractionHandlers {
  command(data: CommandData): Promise<CommandReply>;
  autocomplete(data: CommandData): Promise<Choice[]>;
  /** Whether a command's reply (and so its deferred placeholder) is private. */
  isEphemeral(name: string): boolean;
}

export interface CommandHandlersOptions {
  /** Called once per interaction: the current watch list, the stores, the time. */
  context: () => CommandContext | Promise<CommandContext>;
  log: Log;
  commands?: readonly SlashCommand[];
}

export function createCommandHandlers(options: CommandHandlersOptions): InteractionHandlers {
  const commands = new Map((options.commands ?? COMMANDS).map((command) => [command.definition.name, command]));
  return {
    async command(data) {
      try {
        const command = commands.get(data.name);
        if (command === undefined) throw new UserError(`I don't have a /${data.name} command (any more).`);
        return { ephemeral: command.ephemeral, ...(await command.handle(data, await options.context())) };
      } catch (error) {
        if (error instanceof UserError) return { content: error.message, ephemeral: true };
        options.log.error(`interaction /${data.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return { content: GENERIC_FAILURE, ephemeral: true };
      }
    },
    async autocomplete(data) {
      try {
        const command = commands.get(data.name);
        if (command?.autocomplete === undefined) return [];
        return (await command.autocomplete(data, await options.context())).slice(0, 25);
      } catch (error) {
        options.log.error(`autocomplete for /${data.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return [];
      }
    },
    isEphemeral(name) {
      return commands.get(name)?.ephemeral ?? true;
    },
  };
}
