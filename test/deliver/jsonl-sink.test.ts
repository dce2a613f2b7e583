import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/core/story.js';
import { createJsonlSink } from '../../src/deliver/sinks/jsonl-sink.js';
import { alertFor } from '../../src/stories/alert.js';
import { grade, storyOf } from '../support/articles.js';
import { alertSchemaErrors } from '../support/contract.js';

const NOW = new Date('2025-11-21T12:00:00Z');

function event(storyId: string, version: number, type: AlertEvent['type'] = 'alert.created'): AlertEvent {
  const story = storyOf(storyId, [
    {
      url: `https://news.example/${storyId}`,
      outlet: 'Kent Gazette',
      primary: ['kent'],
      inspectionType: 'peel',
      grades: [grade('kent', 'investigating-crime', 'adequate')],
      officials: [{ name: 'Tim Smith', role: 'Chief Constable', organisation: 'Kent Police' }],
      quotes: [{ speaker: 'Tim Smith', text: 'We accept the findings.' }],
    },
  ]);
  return alertFor({ ...story, version }, type, NOW);
}

async function lines(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
}

describe('jsonl sink', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'forcewatch-jsonl-'));
    file = path.join(dir, 'nested', 'alerts.jsonl');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one schema-valid line per story version, creating the folder', async () => {
    const sink = createJsonlSink(file);
    expect(sink.id).toBe(`jsonl:${file}`);
    const outcome = await sink.deliver(event('st_1', 1), null);
    expect(outcome).toEqual({ kind: 'delivered', record: { version: 1, at: NOW.toISOString() } });
    await sink.deliver(event('st_1', 2, 'alert.updated'), { version: 1, at: NOW.toISOString() });
    await sink.deliver(event('st_2', 1), null);
    const written = await lines(file);
    expect(written.map((line) => [(line as AlertEvent).storyId, (line as AlertEvent).version, (line as AlertEvent).type])).toEqual([
      ['st_1', 1, 'alert.created'],
      ['st_1', 2, 'alert.updated'],
      ['st_2', 1, 'alert.created'],
    ]);
    for (const line of written) expect(alertSchemaErrors(line)).toEqual([]);
  });

  it('never appends the same storyId and version twice, even from a new sink after a restart', async () => {
    await createJsonlSink(file).deliver(event('st_1', 1), null);
    const again = await createJsonlSink(file).deliver(event('st_1', 1), null);
    expect(again.kind).toBe('delivered');
    await createJsonlSink(file).deliver({ ...event('st_1', 1), type: 'alert.updated' }, null);
    expect(await lines(file)).toHaveLength(1);
  });

  it('tells version 1 from version 10 and one story id from a longer one', async () => {
    const sink = createJsonlSink(file);
    await sink.deliver(event('st_1', 10), null);
    await sink.deliver(event('st_10', 1), null);
    await sink.deliver(event('st_1', 1), null);
    expect((await lines(file)).map((line) => `${(line as AlertEvent).storyId}@${(line as AlertEvent).version}`)).toEqual(['st_1@10', 'st_10@1', 'st_1@1']);
  });

  it('recognises a line written with its keys in another order', async () => {
    const { storyId, version, ...rest } = event('st_1', 1);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify({ ...rest, version, storyId })}\n`);
    await createJsonlSink(file).deliver(event('st_1', 1), null);
    expect(await lines(file)).toHaveLength(1);
  });

  it('starts on a fresh line after a torn last line', async () => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(event('st_1', 1))}\n`);
    await appendFile(file, JSON.stringify(event('st_2', 1)).slice(0, 40));
    await createJsonlSink(file).deliver(event('st_3', 1), null);
    const text = await readFile(file, 'utf8');
    const parts = text.trimEnd().split('\n');
    expect(parts).toHaveLength(3);
    expect(JSON.parse(parts[2]!)).toMatchObject({ storyId: 'st_3' });
  });

  it('asks the outbox to retry when the file cannot be written', async () => {
    await mkdir(file, { recursive: true }); // a folder where the file should be
    const outcome = await createJsonlSink(file).deliver(event('st_1', 1), null);
    expect(outcome.kind).toBe('retry');
    expect(outcome.kind === 'retry' && outcome.reason).toContain(`cannot write ${file}`);
  });

  it('writes operational notices as lines of their own type', async () => {
    const sink = createJsonlSink(file);
    await sink.notify({ schema: 1, type: 'feed.failing', at: NOW.toISOString(), feed: { url: 'https://x.example/feed', name: 'X' }, since: NOW.toISOString(), reason: 'HTTP 500' });
    await sink.deliver(event('st_1', 1), null);
    expect((await lines(file)).map((line) => (line as { type: string }).type)).toEqual(['feed.failing', 'alert.created']);
  });
});
