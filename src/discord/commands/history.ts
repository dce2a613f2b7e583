// /history force:<name or alias> [limit] — a force's inspection reports, newest first.
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { forceName, resolveForce, searchForces } from '../force-names.js';
import { escapeMarkdown, truncate } from '../format.js';
import { linesWithin, stringOption, integerOption, storyLine, UserError } from './common.js';
import type { Choice, CommandContext, CommandData, CommandReply, SlashCommand } from './common.js';

const definition: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'history',
  description: "A police force's inspection reports, newest first",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'force',
      description: 'Force name or short form, e.g. West Midlands Police or WMP',
      required: true,
      autocomplete: true,
      max_length: 100,
    },
    { type: ApplicationCommandOptionType.Integer, name: 'limit', description: 'How many reports (1–25, default 10)', min_value: 1, max_value: 25 },
  ],
};

async function handle(data: CommandData, ctx: CommandContext): Promise<CommandReply> {
  const asked = stringOption(data, 'force')?.trim() ?? '';
  const force = resolveForce(asked);
  if (force === null) {
    throw new UserError(`I don't know a force called '${truncate(escapeMarkdown(asked), 100)}'. Try e.g. West Midlands Police or WMP.`);
  }
  const limit = integerOption(data, 'limit', { min: 1, max: 25, fallback: 10 });
  const stories = await ctx.stories.listForForce(force, limit);
  const name = forceName(force);
  if (stories.length === 0) return { content: `No inspection reports recorded for ${name} yet.` };
  return {
    content: `${name}: ${stories.length} report${stories.length === 1 ? '' : 's'}, newest first.`,
    embeds: [{ title: truncate(`${name} — inspection history`, 256), description: linesWithin(stories.map((story) => storyLine(story, false))) }],
  };
}

async function autocomplete(data: CommandData, ctx: CommandContext): Promise<Choice[]> {
  const focused = data.options?.find((option) => option.focused) ?? data.options?.find((option) => option.name === 'force');
  const query = typeof focused?.value === 'string' ? focused.value : '';
  const preferred = ctx.watchlist.forces === 'all' ? [] : ctx.watchlist.forces;
  return searchForces(query, preferred)
    .slice(0, 25)
    .map((force) => ({ name: force.aliases.length > 0 ? truncate(`${force.name} (${force.aliases[0]})`, 100) : force.name, value: force.id }));
}

export const history: SlashCommand = { definition, ephemeral: false, handle, autocomplete };
