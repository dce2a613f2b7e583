// `forcewatch history <force> [--json]`: the force's stories, newest first.
import { openStore } from '../store/keyv-store.js';
import { StoryRepository } from '../store/repositories.js';
import { resolveStoreUrl, type LoadedConfig } from '../config/load.js';
import { resolveForce } from '../discord/force-names.js';
import { headlineFor } from '../stories/alert.js';
import type { Story } from '../core/story.js';

export interface HistoryOptions {
  config: LoadedConfig;
  force: string;
  json: boolean;
  limit: number;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function runHistory(options: HistoryOptions): Promise<number> {
  const force = resolveForce(options.force);
  if (!force) {
    options.stderr.write(`forcewatch history: no force called "${options.force}" (try a force id such as west-midlands, or a name such as "West Midlands Police" or WMP)\n`);
    return 2;
  }
  const store = await openStore(resolveStoreUrl(options.config));
  try {
    const stories = await new StoryRepository(store).listForForce(force, options.limit);
    if (options.json) options.stdout.write(`${JSON.stringify(stories.map(summary))}\n`);
    else if (stories.length === 0) options.stdout.write(`No stories for ${force} yet.\n`);
    else for (const story of stories) options.stdout.write(`${describe(story)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

function summary(story: Story) {
  return {
    storyId: story.id,
    headline: headlineFor(story),
    reportDate: story.reportDate,
    inspectorate: story.inspectorate,
    inspectionType: story.inspectionType,
    reinspection: story.reinspection,
    forces: story.forces,
    grades: story.grades.map(({ force, area, grade }) => ({ force, area, grade })),
    caseAudits: story.caseAudits,
    sources: story.sources,
  };
}

function describe(story: Story): string {
  const lines = [`${story.reportDate?.slice(0, 10) ?? '????-??-??'}  ${headlineFor(story)}`];
  for (const grade of story.grades) lines.push(`    ${grade.areaLabel ?? grade.area}: ${grade.grade}`);
  for (const source of story.sources) lines.push(`    ${source.outlet ?? ''} ${source.url}`.trimEnd());
  return lines.join('\n');
}
