// /latest [count] — the newest inspection reports across all forces.
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { integerOption, linesWithin, storyLine } from './common.js';
import type { CommandContext, CommandData, CommandReply, SlashCommand } from './common.js';

const definition: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'latest',
  description: 'The newest police inspection reports',
  options: [{ type: ApplicationCommandOptionType.Integer, name: 'count', description: 'How many reports (1–25, default 5)', min_value: 1, max_value: 25 }],
};

async function handle(data: CommandData, ctx: CommandContext): Promise<CommandReply> {
  const count = integerOption(data, 'count', { min: 1, max: 25, fallback: 5 });
  const stories = await ctx.stories.latest(count);
  if (stories.length === 0) return { content: 'No inspection reports recorded yet.' };
  return {
    content: `The ${stories.length === 1 ? 'newest report' : `${stories.length} newest reports`}:`,
    embeds: [{ title: 'Latest inspection reports', description: linesWithin(stories.map((story) => storyLine(story, true))) }],
  };
}

export const latest: SlashCommand = { definition, ephemeral: false, handle };
