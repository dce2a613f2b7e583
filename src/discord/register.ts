// `forcewatch register-commands`: PUTs the slash-command definitions to Discord, for one guild
// (instant, for testing) or globally. Imports only the definitions: no gateway, no store.
import { COMMAND_DEFINITIONS } from './commands/index.js';
import { createBoundedRest } from './rest-client.js';

export interface RegisterCommandsOptions {
  token: string;
  applicationId: string;
  /** Register in this guild only (appears at once) instead of globally. */
  guildId?: string;
  apiBase: string;
}

export interface RegisteredCommand {
  id: string;
  name: string;
}

export async function registerCommands(options: RegisterCommandsOptions): Promise<RegisteredCommand[]> {
  if (!/^\d{15,22}$/.test(options.applicationId)) throw new TypeError('applicationId must be a Discord id');
  if (options.guildId !== undefined && !/^\d{15,22}$/.test(options.guildId)) throw new TypeError('guildId must be a Discord id');
  const rest = createBoundedRest({ apiBase: options.apiBase, token: options.token, timeoutMs: 30_000, maxRateLimitWaitMs: 60_000 });
  try {
    const route =
      options.guildId === undefined
        ? `/applications/${options.applicationId}/commands`
        : `/applications/${options.applicationId}/guilds/${options.guildId}/commands`;
    const answer = (await rest.put(route as `/${string}`, { body: COMMAND_DEFINITIONS })) as RegisteredCommand[];
    return answer.map(({ id, name }) => ({ id, name }));
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
