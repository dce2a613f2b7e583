// /watchlist — what this bot alerts on, where it posts, and whom it pings.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { forceName } from '../force-names.js';
import { gradeLabel, inspectionLabel, joinNames, truncate } from '../format.js';
import type { CommandContext, CommandData, CommandReply, SlashCommand } from './common.js';

const definition: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'watchlist',
  description: 'Which forces and inspection types this bot alerts on',
};

const names = (forces: readonly string[]) => joinNames(forces.map(forceName));

async function handle(_data: CommandData, ctx: CommandContext): Promise<CommandReply> {
  const { watchlist } = ctx;
  const lines = [
    `**Forces:** ${watchlist.forces === 'all' ? 'all forces (national reports included)' : names(watchlist.forces)}`,
    `**Inspection types:** ${watchlist.topics === undefined ? 'all' : watchlist.topics.map((topic) => inspectionLabel(topic, false)).join(', ')}`,
  ];
  if (watchlist.routes.length > 0) {
    lines.push('**Channels:**', ...watchlist.routes.map((route) => `• ${names(route.forces)} → <#${route.channel}>`));
  }
  if (watchlist.mentions.length > 0) {
    lines.push(
      '**Mentions:**',
      ...watchlist.mentions.map((rule) => {
        const forces = rule.forces === 'watched' ? 'watched forces' : names(rule.forces);
        const grade = rule.grade === undefined ? '' : `, a grade of ${gradeLabel(rule.grade).toLowerCase()} or worse`;
        const type = rule.inspectionType === undefined ? '' : `, ${inspectionLabel(rule.inspectionType, false)}s only`;
        return `• <@&${rule.role}> for ${forces}${grade}${type}`;
      }),
    );
  }
  return { content: truncate(lines.join('\n'), 2000), ephemeral: true };
}

export const watchlist: SlashCommand = { definition, ephemeral: true, handle };
