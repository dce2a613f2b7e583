import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_DEFINITIONS, createCommandHandlers, GENERIC_FAILURE, UserError } from '../../src/discord/commands/index.js';
import type { CommandContext, CommandData, SlashCommand } from '../../src/discord/commands/index.js';
import { history } from '../../src/discord/commands/history.js';
import { latest } from '../../src/discord/commands/latest.js';
import { watchlist } from '../../src/discord/commands/watchlist.js';
import { why } from '../../src/discord/commands/why.js';
import { openStore, StoreError } from '../../src/store/keyv-store.js';
import type { KeyValueStore } from '../../src/store/keyv-store.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { SeenItemRepository, StoryRepository } from '../../src/store/repositories.js';
import { alertEvent, memoryLog, story } from './fixtures.js';

const NOW = new Date('2025-11-21T12:00:00Z');
const STRING = 3;
const INTEGER = 4;

function data(name: string, options: Record<string, string | number> = {}): CommandData {
  return { name, options: Object.entries(options).map(([key, value]) => ({ name: key, type: typeof value === 'number' ? INTEGER : STRING, value })) };
}

describe('slash commands over a real store', () => {
  let store: KeyValueStore;
  let ctx: CommandContext;
  let stories: StoryRepository;
  let seen: SeenItemRepository;
  let outbox: OutboxRepository;

  beforeEach(async () => {
    store = await openStore('memory:');
    stories = new StoryRepository(store);
    seen = new SeenItemRepository(store, 400 * 86_400_000);
    outbox = new OutboxRepository(store);
    await stories.save(
      story({
        id: 'st_wmp2015',
        reportDate: '2015-03-05T09:00:00.000Z',
        inspectorate: 'HMIC',
        inspectionType: 'peel',
        grades: [{ force: 'west-midlands', area: 'effectiveness', grade: 'good', source: 'https://old.example/peel' }],
        sources: [{ url: 'https://old.example/peel', title: 'West Midlands Police rated good', outlet: 'Old Gazette', published: '2015-03-05T09:00:00.000Z', fromInspectorate: false }],
      }),
    );
    await stories.save(story({ id: 'st_wmp2025' }));
    await stories.save(story({ id: 'st_kent', forces: ['kent'], reportDate: '2025-10-01T09:00:00.000Z', grades: [] }));
    ctx = { stories, seen, outbox, watchlist: { forces: ['west-midlands', 'kent'], routes: [], mentions: [] }, now: NOW };
  });
  afterEach(async () => {
    await store.close();
  });

  describe('/history', () => {
    it("lists a force's reports newest first", async () => {
      const reply = await history.handle(data('history', { force: 'WMP' }), ctx);
      expect(reply.content).toBe('West Midlands Police: 2 reports, newest first.');
      const lines = reply.embeds![0]!.description!.split('\n');
      expect(lines).toEqual([
        '**21 Nov 2025** — child protection inspection — 1 requires improvement — [Midlands Courier](https://news.example/a)',
        '**5 Mar 2015** — PEEL inspection — 1 good — [Old Gazette](https://old.example/peel)',
      ]);
    });

    it('accepts official names, ids and other aliases, and honours limit', async () => {
      for (const force of ['West Midlands Police', 'west-midlands', 'west midlands']) {
        expect((await history.handle(data('history', { force }), ctx)).content).toContain('West Midlands Police: 2 reports');
      }
      expect((await history.handle(data('history', { force: 'wmp', limit: 1 }), ctx)).content).toContain('1 report,');
      expect((await history.handle(data('history', { force: 'the Met' }), ctx)).content).toBe('No inspection reports recorded for Metropolitan Police Service yet.');
    });

    it('tells the user about an unknown force', async () => {
      await expect(history.handle(data('history', { force: 'Gotham PD' }), ctx)).rejects.toThrow(
        new UserError("I don't know a force called 'Gotham PD'. Try e.g. West Midlands Police or WMP."),
      );
    });

    it('autocompletes over names and aliases, watched forces first for an empty query', async () => {
      const choices = await history.autocomplete!(data('history', { force: 'gm' }), ctx);
      expect(choices[0]).toEqual({ name: 'Greater Manchester Police (GMP)', value: 'greater-manchester' });
      const met = await history.autocomplete!(data('history', { force: 'met' }), ctx);
      expect(met[0]?.value).toBe('metropolitan');
      const empty = await history.autocomplete!(data('history', { force: '' }), ctx);
      expect(empty).toHaveLength(25);
      expect(empty.slice(0, 2).map((choice) => choice.value)).toEqual(['kent', 'west-midlands']);
    });
  });

  it('/latest lists the newest reports across forces', async () => {
    const reply = await latest.handle(data('latest', { count: 2 }), ctx);
    expect(reply.content).toBe('The 2 newest reports:');
    expect(reply.embeds![0]!.description!.split('\n').map((line) => line.slice(0, 40))).toEqual([
      '**21 Nov 2025** — West Midlands Police —',
      '**1 Oct 2025** — Kent Police — child pro',
    ]);
  });

  it('/watchlist describes forces, topics, routes and mention rules', async () => {
    const reply = await watchlist.handle(data('watchlist'), {
      ...ctx,
      watchlist: {
        forces: ['west-midlands', 'kent'],
        topics: ['peel'],
        routes: [{ forces: ['kent'], channel: '100000000000000009' }],
        mentions: [{ role: '200000000000000001', forces: 'watched', grade: 'requires-improvement' }],
      },
    });
    expect(reply).toEqual({
      ephemeral: true,
      content: [
        '**Forces:** West Midlands Police and Kent Police',
        '**Inspection types:** PEEL inspection',
        '**Channels:**',
        '• Kent Police → <#100000000000000009>',
        '**Mentions:**',
        '• <@&200000000000000001> for watched forces, a grade of requires improvement or worse',
      ].join('\n'),
    });
  });

  describe('/why', () => {
    it('says when an article has not been seen', async () => {
      const reply = await why.handle(data('why', { url: 'https://news.example/unknown' }), ctx);
      expect(reply.content).toMatch(/^I haven't seen https:\/\/news\.example\/unknown yet/);
    });

    it('explains a not-relevant article', async () => {
      await seen.mark(['url:https://news.example/fire'], {
        url: 'https://news.example/fire', title: 'Fire service inspected', feedUrl: 'https://news.example/feed', decision: 'not-relevant', reason: 'a fire and rescue service, not a police force', storyId: null, at: '2025-11-20T10:00:00Z',
      });
      const reply = await why.handle(data('why', { url: 'https://news.example/fire?utm_source=x' }), ctx);
      expect(reply.content).toBe('**Fire service inspected** (seen 20 Nov 2025)\nNot relevant: a fire and rescue service, not a police force.');
    });

    it('names the story an article was merged into and where it was delivered', async () => {
      await seen.mark(['url:https://news.example/a'], {
        url: 'https://news.example/a', title: 'West Midlands Police must improve', feedUrl: 'https://news.example/feed', decision: 'merged', reason: null, storyId: 'st_wmp2025', at: '2025-11-21T10:00:00Z',
      });
      const entry = await outbox.enqueue(alertEvent({ storyId: 'st_wmp2025', version: 1 }), ['discord:1', 'webhook:x'], NOW);
      entry.sinks['discord:1'] = { state: 'sent', attempts: 1, nextAttemptAt: null, lastError: null, at: NOW.toISOString() };
      entry.sinks['webhook:x'] = { state: 'pending', attempts: 2, nextAttemptAt: null, lastError: 'webhook answered 503', at: null };
      await outbox.save(entry);
      const reply = await why.handle(data('why', { url: 'https://news.example/a' }), ctx);
      expect(reply.content).toContain('It was merged into the story **West Midlands Police must improve** (West Midlands Police, child protection inspection, 21 Nov 2025; 1 source, id st_wmp2025).');
      expect(reply.content).toContain('Version 1: discord:1: delivered; webhook:x: pending after 2 attempts (webhook answered 503).');
    });

    it('says so when the article\'s record cannot be read, rather than that it was never seen', async () => {
      const torn: CommandContext['seen'] = {
        find: async (_keys, onUnreadable) => {
          onUnreadable?.(new StoreError('store-corrupt', 'seen:url:https://news.example/torn in the store cannot be read (Unexpected end of JSON input)'));
          return null;
        },
      };
      const reply = await why.handle(data('why', { url: 'https://news.example/torn' }), { ...ctx, seen: torn });
      expect(reply.content).toBe('I have a record of https://news.example/torn, but it cannot be read from the store; it is written afresh if a watched feed lists the article again.');
    });

    it('refuses something that is not a URL', async () => {
      await expect(why.handle(data('why', { url: 'not a link' }), ctx)).rejects.toBeInstanceOf(UserError);
    });
  });
});

describe('the error boundary', () => {
  const broken: SlashCommand = {
    definition: { name: 'broken', description: 'fails' },
    ephemeral: false,
    handle: async () => {
      throw new Error('database exploded at /secret/path');
    },
  };
  const picky: SlashCommand = {
    definition: { name: 'picky', description: 'refuses' },
    ephemeral: false,
    handle: async () => {
      throw new UserError('Pick a real force.');
    },
  };
  const context = (): CommandContext => {
    throw new Error('no context in this test');
  };

  it('shows UserError messages and hides everything else behind a logged generic answer', async () => {
    const log = memoryLog();
    const handlers = createCommandHandlers({ context: () => ({}) as CommandContext, log, commands: [broken, picky] });
    expect(await handlers.command({ name: 'picky' })).toEqual({ content: 'Pick a real force.', ephemeral: true });
    expect(await handlers.command({ name: 'broken' })).toEqual({ content: GENERIC_FAILURE, ephemeral: true });
    expect(log.lines.join('\n')).toContain('database exploded');
    expect(await handlers.command({ name: 'gone' })).toMatchObject({ content: expect.stringContaining("don't have a /gone command") });
  });

  it('answers generically when the context cannot be built, and autocomplete degrades to no choices', async () => {
    const log = memoryLog();
    const handlers = createCommandHandlers({ context, log });
    expect(await handlers.command({ name: 'latest' })).toEqual({ content: GENERIC_FAILURE, ephemeral: true });
    expect(await handlers.autocomplete({ name: 'history', options: [{ name: 'force', type: STRING, value: 'w', focused: true }] })).toEqual([]);
    expect(log.lines).toHaveLength(2);
  });

  it('defines four commands as registration data', () => {
    expect(COMMAND_DEFINITIONS.map((definition) => definition.name)).toEqual(['history', 'latest', 'watchlist', 'why']);
    const force = COMMAND_DEFINITIONS[0]!.options?.[0];
    expect(force).toMatchObject({ name: 'force', type: STRING, required: true, autocomplete: true });
  });
});
