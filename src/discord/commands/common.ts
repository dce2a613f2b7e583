// What every slash command shares: the input and reply shapes, the context it reads, the one
// error class meant for users, and how a story is summarised in one line.
import type { APIEmbed, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Watchlist } from '../../config/schema.js';
import type { Story } from '../../core/story.js';
import type { Grade } from '../../core/types.js';
import type { OutboxRepository } from '../../store/outbox-repository.js';
import type { SeenItemRepository, StoryRepository } from '../../store/repositories.js';
import { bestSource } from '../embed.js';
import { forceName } from '../force-names.js';
import { escapeMarkdown, formatDay, GRADE_ORDER, gradeLabel, inspectionLabel, joinNames, markdownLink, truncate } from '../format.js';

/** An error whose message is for the user (unknown force, bad argument); shown as is. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** The part of an interaction a handler reads; both the HTTP payload and discord.js supply it. */
export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: readonly CommandOption[];
}
export interface CommandData {
  name: string;
  options?: readonly CommandOption[];
}

export interface CommandReply {
  content: string;
  embeds?: APIEmbed[];
  ephemeral?: boolean;
}

export interface Choice {
  name: string;
  value: string;
}

export interface CommandContext {
  stories: Pick<StoryRepository, 'listForForce' | 'latest' | 'get'>;
  seen: Pick<SeenItemRepository, 'find'>;
  /** When given, /why also says which sinks a story's current version reached. */
  outbox?: Pick<OutboxRepository, 'get'>;
  watchlist: Watchlist;
  now: Date;
}

export interface SlashCommand {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Replies are private to the asker; also used for a deferred reply's visibility. */
  ephemeral: boolean;
  handle(data: CommandData, ctx: CommandContext): Promise<CommandReply>;
  autocomplete?(data: CommandData, ctx: CommandContext): Promise<Choice[]>;
}

export function option(data: CommandData, name: string): CommandOption | undefined {
  return data.options?.find((candidate) => candidate.name === name);
}

export function stringOption(data: CommandData, name: string): string | undefined {
  const value = option(data, name)?.value;
  return typeof value === 'string' ? value : undefined;
}

/** An integer option, checked against its range even though Discord enforces it too. */
export function integerOption(data: CommandData, name: string, range: { min: number; max: number; fallback: number }): number {
  const value = option(data, name)?.value;
  if (value === undefined) return range.fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new UserError(`${name} must be a whole number from ${range.min} to ${range.max}.`);
  }
  return value;
}

/** "3 requires improvement · 2 good" — worst first; "no grades" when there are none. */
export function gradesSummary(grades: readonly { grade: Grade }[]): string {
  if (grades.length === 0) return 'no grades';
  const counts = new Map<Grade, number>();
  for (const { grade } of grades) counts.set(grade, (counts.get(grade) ?? 0) + 1);
  return [...GRADE_ORDER]
    .reverse()
    .filter((grade) => counts.has(grade))
    .map((grade) => `${counts.get(grade)} ${gradeLabel(grade).toLowerCase()}`)
    .join(' · ');
}

/** The story's headline as shown in replies: its best source's title, else force and inspection. */
export function storyTitle(story: Story): string {
  const title = bestSource(story.sources)?.title.trim();
  return title ? title : `${storyForces(story)} — ${inspectionLabel(story.inspectionType, story.reinspection)}`;
}

export function storyForces(story: Story): string {
  return story.forces.length > 0 ? joinNames(story.forces.map(forceName)) : 'National report';
}

/** One line per story: date — inspection — grades — link. */
export function storyLine(story: Story, withForce: boolean): string {
  const day = formatDay(story.reportDate ?? story.firstSeen) ?? 'date unknown';
  const kind = inspectionLabel(story.inspectionType, story.reinspection);
  const who = withForce ? `${escapeMarkdown(storyForces(story))} — ` : '';
  const source = bestSource(story.sources);
  const link = source === null ? '' : ` — ${markdownLink(truncate(source.outlet ?? 'report', 60), source.url)}`;
  return `**${day}** — ${who}${kind} — ${gradesSummary(story.grades)}${link}`;
}

/** Lines joined until the 4096-character description limit, then "…and N more". */
export function linesWithin(lines: readonly string[], max = 4096): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const more = `…and ${lines.length - index} more`;
    if (length + line.length + 1 + more.length > max) return [...kept, more].join('\n');
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}
