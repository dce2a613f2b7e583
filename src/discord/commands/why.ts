// /why url:<article> — what forcewatch did with an article: not seen yet, not relevant (and
// why), merged into which story, and whether that story was delivered.
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Story } from '../../core/story.js';
import type { SeenItem } from '../../store/repositories.js';
import { canonicalUrl } from '../../stories/canonical-url.js';
import { escapeMarkdown, formatDay, inspectionLabel, truncate } from '../format.js';
import { storyForces, storyTitle, stringOption, UserError } from './common.js';
import type { CommandContext, CommandData, CommandReply, SlashCommand } from './common.js';

const definition: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'why',
  description: 'Why an article did or did not become an alert',
  options: [{ type: ApplicationCommandOptionType.String, name: 'url', description: 'The article URL', required: true, max_length: 2000 }],
};

const STORY_DECISIONS: Partial<Record<SeenItem['decision'], string>> = {
  alerted: 'It started the story',
  merged: 'It was merged into the story',
  'no-change': 'It matched the story but added nothing new to',
};

async function handle(data: CommandData, ctx: CommandContext): Promise<CommandReply> {
  const raw = stringOption(data, 'url')?.trim() ?? '';
  const canonical = canonicalUrl(raw);
  if (canonical === null) throw new UserError('That does not look like an article link: give the full http(s) URL.');
  let unreadable = false;
  const item = await ctx.seen.find([`url:${canonical}`], () => (unreadable = true));
  const shown = truncate(escapeMarkdown(canonical), 300);
  if (item === null && unreadable) {
    // A torn record: saying "not seen" would be wrong. A poll that finds the article in a feed
    // again reads it again and rewrites the record; the retention clean-up removes it otherwise.
    return { content: `I have a record of ${shown}, but it cannot be read from the store; it is written afresh if a watched feed lists the article again.`, ephemeral: true };
  }
  if (item === null) {
    return { content: `I haven't seen ${shown} yet: it has not appeared in a watched feed (or it was seen longer ago than the retention period).`, ephemeral: true };
  }
  const seenOn = formatDay(item.at);
  const lines = [`**${truncate(escapeMarkdown(item.title || canonical), 300)}**${seenOn === null ? '' : ` (seen ${seenOn})`}`];
  const storyVerb = STORY_DECISIONS[item.decision];
  if (storyVerb !== undefined && item.storyId !== null) {
    const story = await ctx.stories.get(item.storyId);
    lines.push(story === null ? `${storyVerb} ${item.storyId}, which is no longer in the store.` : `${storyVerb} ${describeStory(story)}.`);
    if (story !== null) lines.push(await deliveryLine(story, ctx));
  } else {
    lines.push(decisionLine(item.decision, item.reason?.trim() || null));
  }
  return { content: truncate(lines.join('\n'), 2000), ephemeral: true };
}

function describeStory(story: Story): string {
  const day = formatDay(story.reportDate);
  return `**${truncate(escapeMarkdown(storyTitle(story)), 200)}** (${escapeMarkdown(storyForces(story))}, ${inspectionLabel(story.inspectionType, story.reinspection)}${day === null ? '' : `, ${day}`}; ${story.sources.length} source${story.sources.length === 1 ? '' : 's'}, id ${story.id})`;
}

function decisionLine(decision: SeenItem['decision'], reason: string | null): string {
  const why = reason === null ? null : truncate(escapeMarkdown(reason), 500);
  switch (decision) {
    case 'not-relevant':
      return `Not relevant: ${why ?? 'it does not report a police inspection'}.`;
    case 'not-watched':
      return `Relevant, but not on the watch list${why === null ? '' : ` (${why})`}.`;
    case 'backfill-skipped':
      return `Skipped: ${why ?? 'published before the backfill window of its feed\'s first poll'}.`;
    case 'unreadable':
      return `Could not be read${why === null ? '' : `: ${why}`}.`;
    default:
      return `Recorded as ${decision}${why === null ? '' : `: ${why}`}.`;
  }
}

async function deliveryLine(story: Story, ctx: CommandContext): Promise<string> {
  if (ctx.outbox === undefined) return `Alerted as version ${story.version}.`;
  const entry = await ctx.outbox.get(`${story.id}@${story.version}`);
  if (entry === null) return `Version ${story.version} has no delivery record.`;
  const states = Object.entries(entry.sinks).map(([sink, state]) => {
    const detail = state.state === 'pending' && state.attempts > 0 ? ` after ${state.attempts} attempt${state.attempts === 1 ? '' : 's'}` : '';
    const error = state.lastError && state.state !== 'sent' ? ` (${truncate(escapeMarkdown(state.lastError), 150)})` : '';
    const label = state.state === 'sent' ? 'delivered' : state.state;
    return `${escapeMarkdown(sink)}: ${label}${detail}${error}`;
  });
  return states.length === 0 ? 'No sink took it.' : `Version ${story.version}: ${states.join('; ')}.`;
}

export const why: SlashCommand = { definition, ephemeral: true, handle };
