// Places one relevant article in the story store: finds candidate stories through the indexes,
// decides (same text / same story / new), merges, and records the alert in the outbox before the
// story is saved — so a crash at any point re-derives the same story version and the same outbox
// entry, and an alert is never lost nor written twice.
import { createHash } from 'node:crypto';
import { faultPoint } from '../core/fault-points.js';
import type { AlertEvent, Story, StorySource } from '../core/story.js';
import type { ExtractedArticle } from '../core/types.js';
import { alertFor } from '../stories/alert.js';
import { decideStory, typesFit } from '../stories/cluster.js';
import { isNearDuplicate } from '../stories/fingerprint.js';
import { mergeIntoStory, newStory } from '../stories/merge.js';
import type { OutboxRepository } from '../store/outbox-repository.js';
import type { OnUnreadable } from '../store/keyv-store.js';
import type { StoryRepository } from '../store/repositories.js';

export interface StoryStepDeps {
  stories: StoryRepository;
  outbox: OutboxRepository;
  sinkIds: () => string[];
  windowMs: number;
  /** Told of an outbox queue record that cannot be read (it is rebuilt from the entries). */
  onUnreadable?: OnUnreadable;
}

export interface StoryStepResult {
  story: Story;
  decision: 'new' | 'same-text' | 'same-story';
  event: AlertEvent | null;
}

export async function placeInStory(
  deps: StoryStepDeps,
  article: ExtractedArticle,
  source: StorySource,
  fingerprint: string,
  now: Date,
  /** The article's opening paragraph, for a headline that names no subject. */
  lead?: string,
): Promise<StoryStepResult> {
  const when = source.published ?? now.toISOString();
  const candidates = await candidateStories(deps.stories, article, fingerprint, when, deps.windowMs);
  const decision = decideStory(article, fingerprint, when, candidates, { windowMs: deps.windowMs, fromInspectorate: source.fromInspectorate, articleLead: lead });
  const incoming = { article, source, fingerprint };
  let story: Story;
  let event: AlertEvent | null = null;
  if (decision.kind === 'new') {
    story = newStory(storyIdFor(source.url), incoming, now);
    event = alertFor(story, 'alert.created', now);
  } else {
    const merged = mergeIntoStory(decision.story, incoming, now);
    story = merged.story;
    if (merged.changed) event = alertFor(story, 'alert.updated', now);
  }
  if (event) await deps.outbox.enqueue(event, deps.sinkIds(), now, deps.onUnreadable);
  if (event) faultPoint('outbox-recorded');
  await deps.stories.save(story);
  return { story, decision: decision.kind, event };
}

/** The stories an article could belong to: its forces' most recent stories and those sharing a fingerprint band. */
export async function candidateStories(stories: StoryRepository, article: ExtractedArticle, fingerprint: string, when: string, windowMs: number): Promise<Story[]> {
  // National reports are candidates for every article: a local outlet may cover one through its force.
  return stories.candidates(article.forces.primary, fingerprint, when, windowMs, isNearDuplicate, (storyType) => typesFit(article.inspectionType, storyType));
}

/** Deterministic: the same founding article always gives the same story id, across crashes. */
export function storyIdFor(url: string): string {
  return `st_${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;
}
