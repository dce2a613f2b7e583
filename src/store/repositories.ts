// The repositories the pipeline uses, over the keyv namespaces. Each method is one small,
// readable step; indexes are kept as plain keys because keyv offers no queries.
import { createHash } from 'node:crypto';
import type { ForceId, InspectionType } from '../core/types.js';
import type { Story } from '../core/story.js';
import type { KeyValueStore } from './keyv-store.js';
import { readRecord, readReported, StoreError, UNREADABLE, type OnUnreadable } from './keyv-store.js';
import { bands } from '../stories/fingerprint.js';

export type ItemDecision = 'alerted' | 'merged' | 'no-change' | 'not-relevant' | 'not-watched' | 'backfill-skipped' | 'unreadable';

export interface SeenItem {
  url: string | null;
  title: string;
  feedUrl: string;
  decision: ItemDecision;
  /** Why, for /why: "no inspection language", "published before the backfill window", … */
  reason: string | null;
  storyId: string | null;
  at: string;
}

export type { OnUnreadable } from './keyv-store.js';

export class FeedStateRepository<State extends { url: string }> {
  constructor(private readonly store: KeyValueStore) {}

  /**
   * The feed's state, or null. A record that cannot be read is passed to `onUnreadable` and read
   * as none: the feed is fetched without conditional headers and its record written afresh.
   */
  async get(url: string, onUnreadable: OnUnreadable = () => undefined): Promise<State | null> {
    const state = await readReported(
      this.store.ns('feeds'),
      url,
      { label: `feeds:${url}`, what: 'a feed state', next: 'the feed is fetched afresh and the record rewritten', accepts: (value): value is State => typeof value === 'object' && value !== null && typeof (value as State).url === 'string' },
      onUnreadable,
    );
    return state === UNREADABLE ? null : state;
  }
  async put(state: State): Promise<void> {
    await this.store.ns('feeds').set(state.url, state);
  }
}

/** Items already handled, by feed guid and by canonical URL, expiring after the retention period. */
export class SeenItemRepository {
  constructor(
    private readonly store: KeyValueStore,
    private readonly retentionMs: number,
  ) {}

  /** The item's record under any of its keys, or null (see lookup for records that cannot be read). */
  async find(keys: string[], onUnreadable: OnUnreadable = () => undefined): Promise<SeenItem | null> {
    return (await this.lookup(keys, onUnreadable)).item;
  }

  /**
   * The item's record and the keys it is not yet known under, in one read. A record that cannot
   * be read is passed to `onUnreadable` and counts as missing: the item is read again (its story
   * already holds the article, so no alert repeats) and the record is written afresh.
   */
  async lookup(keys: string[], onUnreadable: OnUnreadable = () => undefined): Promise<{ item: SeenItem | null; missing: string[] }> {
    const seen = this.store.ns('seen');
    let values: unknown[];
    try {
      values = await seen.getMany(keys.map(storageKey));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      // One of them is torn: read them one by one to find which, and keep the others.
      values = await Promise.all(keys.map(async (key) => {
        try {
          return await readRecord(seen, storageKey(key), `seen:${storageKey(key)}`, 'the item is read again and the record rewritten');
        } catch (failure) {
          if (!(failure instanceof StoreError)) throw failure;
          onUnreadable(failure);
          return undefined;
        }
      }));
    }
    const items = values.map((value, index) => {
      if (value === undefined || value === null) return null;
      if (isSeenItem(value)) return value;
      onUnreadable(new StoreError('store-corrupt', `seen:${storageKey(keys[index]!)} in the store is not a seen-item record; the item is read again and the record rewritten`));
      return null;
    });
    return { item: items.find((item) => item !== null) ?? null, missing: keys.filter((_key, index) => items[index] === null) };
  }

  async mark(keys: string[], item: SeenItem): Promise<void> {
    for (const key of keys) await this.store.ns('seen').set(storageKey(key), item, this.retentionMs);
  }

  /**
   * sqlite and PostgreSQL keep expired rows until they are read (Redis expires them itself):
   * deletes the expired ones, after reading, so paging is not disturbed. Returns rows kept.
   */
  async prune(now: number = Date.now()): Promise<number> {
    const expired: string[] = [];
    let kept = 0;
    for await (const entry of this.store.entries('seen')) {
      // A record that cannot be read has no expiry to go by and nothing in it to keep: it goes too
      // (an item still in its feed is then read again and marked afresh, as lookup would have it).
      if (entry.unreadable || (entry.expires !== null && entry.expires <= now)) expired.push(entry.key);
      else kept += 1;
    }
    for (const key of expired) await this.store.ns('seen').delete(key);
    return kept;
  }
}

function isSeenItem(value: unknown): value is SeenItem {
  return typeof value === 'object' && value !== null && typeof (value as SeenItem).decision === 'string' && typeof (value as SeenItem).at === 'string';
}

/** Item keys come from feeds: a very long one is stored by its hash (PostgreSQL keys are bounded). */
function storageKey(key: string): string {
  return key.length <= MAX_KEY_LENGTH ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

const MAX_KEY_LENGTH = 1_000;

const LIST_LIMIT = 100_000;

export class StoryRepository {
  constructor(private readonly store: KeyValueStore) {}

  async get(id: string): Promise<Story | null> {
    // A torn or bit-rotten record is named, so an operator can remove it (or restore it).
    const story = (await readRecord(this.store.ns('stories'), id, `stories:${id}`)) as Story | undefined;
    if (story !== undefined && (typeof story !== 'object' || story === null || typeof story.id !== 'string')) {
      throw new StoreError('store-corrupt', `stories:${id} in the store is not a story record; remove it or restore the store`);
    }
    return story ?? null;
  }

  async getMany(ids: string[]): Promise<Story[]> {
    const unique = [...new Set(ids)];
    if (unique.length <= 1) return (await Promise.all(unique.map((id) => this.get(id)))).filter((story): story is Story => story !== null);
    let values: unknown[];
    try {
      // One read for all (one query on sqlite) instead of one per story.
      values = await this.store.ns('stories').getMany(unique);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      // A corrupt record among them: read one by one so the error names it.
      return (await Promise.all(unique.map((id) => this.get(id)))).filter((story): story is Story => story !== null);
    }
    return values.map((value, index) => checkedStory(unique[index]!, value)).filter((story): story is Story => story !== null);
  }

  /**
   * Saves the story and keeps its indexes in step. Every index is split by month, so a save or a
   * lookup touches a few small keys however many stories the store holds:
   *   `force:<id>:<yyyy-mm>`  [story id, report time] for the force's stories of that month
   *   `band:<band>:<yyyy-mm>` [story id, fingerprint], so near-duplicates are found without
   *                           reading any story
   *   `all:<yyyy-mm>`         story ids, for /latest
   *   `months:<id>` / `months:_all`  the months that have entries, for /history and /latest
   * National reports are indexed under the force `_national`.
   */
  async save(story: Story): Promise<void> {
    const at = storyTime(story);
    const month = monthOf(at);
    const forces = story.forces.length > 0 ? story.forces : (['_national'] as const);
    const dated: [string, DatedEntry][] = forces.map((force) => [`force:${force}:${month}`, [story.id, at, story.inspectionType]]);
    const plain: [string, string][] = [[`all:${month}`, story.id], ...forces.map((force) => [`months:${force}`, month] as [string, string]), ['months:_all', month]];
    const banded: [string, BandEntry][] = story.fingerprints.flatMap((fingerprint) => bands(fingerprint).map((band) => [`band:${band}:${month}`, [story.id, fingerprint]] as [string, BandEntry]));
    // The story is written before any index names it (a crash in between leaves it unindexed,
    // never an index entry without its story); reading the index lists can overlap that write.
    const [, current] = await Promise.all([this.store.ns('stories').set(story.id, story), this.readMany([...dated, ...plain, ...banded].map(([key]) => key))]);
    const changed = new Map<string, unknown[]>();
    const addTo = (key: string, entry: unknown, same: (known: unknown) => boolean) => {
      const list = changed.get(key) ?? [...(current.get(key) ?? [])];
      if (list.some(same)) return;
      list.push(entry);
      changed.set(key, list);
    };
    for (const [key, entry] of dated) addTo(key, entry, (known) => (known as DatedEntry)[0] === story.id);
    for (const [key, entry] of plain) addTo(key, entry, (known) => known === entry);
    for (const [key, entry] of banded) addTo(key, entry, (known) => (known as BandEntry)[0] === entry[0] && (known as BandEntry)[1] === entry[1]);
    // One request for every changed list: Redis and PostgreSQL batch it, and SQLite gets the writes
    // queued together instead of one event-loop round trip each.
    if (changed.size > 0) await this.store.ns('index').setMany([...changed].map(([key, list]) => ({ key, value: list.slice(-LIST_LIMIT) })));
  }

  /**
   * Stories that may tell the same report as an article published at `when`: its forces' stories
   * (and national reports) within the window, and stories with a near-duplicate text within twice it.
   */
  async candidates(
    forces: readonly ForceId[],
    fingerprint: string,
    when: string,
    windowMs: number,
    isNear: (a: string, b: string) => boolean,
    /** Whether a story of this inspection type can tell the article's report (read from the index, before the story). */
    typeFits: (storyType: InspectionType) => boolean = () => true,
  ): Promise<Story[]> {
    const time = Date.parse(when);
    const forceKeys = [...forces, '_national'].flatMap((force) => monthsAround(when, windowMs).map((month) => `force:${force}:${month}`));
    const bandKeys = bands(fingerprint).flatMap((band) => monthsAround(when, 2 * windowMs).map((month) => `band:${band}:${month}`));
    const lists = await this.readMany([...forceKeys, ...bandKeys]);
    const ids = new Set<string>();
    for (const key of forceKeys) {
      for (const [id, at, type] of (lists.get(key) ?? []) as DatedEntry[]) {
        const inWindow = Number.isNaN(time) || at === null || Math.abs(at - time) <= windowMs;
        // Entries written before the type was indexed (two elements) are always read.
        if (inWindow && (type === undefined || typeFits(type))) ids.add(id);
      }
    }
    for (const key of bandKeys) for (const [id, known] of (lists.get(key) ?? []) as BandEntry[]) if (isNear(known, fingerprint)) ids.add(id);
    return this.getMany([...ids]);
  }

  /** A force's story ids, oldest month first. */
  async idsForForce(force: ForceId | '_national'): Promise<string[]> {
    const months = (await this.readIndex(`months:${force}`)).sort();
    const lists = await this.readMany(months.map((month) => `force:${force}:${month}`));
    return [...new Set(months.flatMap((month) => ((lists.get(`force:${force}:${month}`) ?? []) as DatedEntry[]).map(([id]) => id)))];
  }

  /** Every story id, oldest month first. */
  async allIds(): Promise<string[]> {
    return this.idsOfMonths((await this.readIndex('months:_all')).sort());
  }

  /** A force's stories, newest report first. */
  async listForForce(force: ForceId, limit: number): Promise<Story[]> {
    return newestFirst(await this.getMany(await this.idsForForce(force))).slice(0, limit);
  }

  /** The newest stories, reading back month by month only as far as needed. */
  async latest(limit: number): Promise<Story[]> {
    const months = (await this.readIndex('months:_all')).sort().reverse();
    const ids: string[] = [];
    for (let index = 0; index < months.length && ids.length < limit * 2; index += 1) ids.push(...(await this.idsOfMonths([months[index]!])));
    return newestFirst(await this.getMany(ids)).slice(0, limit);
  }

  private async idsOfMonths(months: string[]): Promise<string[]> {
    const lists = await this.readMany(months.map((month) => `all:${month}`));
    return [...new Set(months.flatMap((month) => (lists.get(`all:${month}`) ?? []) as string[]))];
  }

  private async readMany(keys: string[]): Promise<Map<string, unknown[]>> {
    const unique = [...new Set(keys)];
    const values = (await this.store.ns('index').getMany<unknown[]>(unique)) as (unknown[] | undefined)[];
    const found = new Map<string, unknown[]>();
    unique.forEach((key, index) => {
      const value = values[index];
      if (Array.isArray(value)) found.set(key, value);
    });
    return found;
  }

  private async readIndex(key: string): Promise<string[]> {
    const ids = (await this.store.ns('index').get<string[]>(key)) as string[] | undefined;
    return Array.isArray(ids) ? ids : [];
  }

}

type BandEntry = [id: string, fingerprint: string];
/** [story id, report time in ms (null when unknown), inspection type when the story was indexed] */
type DatedEntry = [id: string, at: number | null, type?: InspectionType];

function storyTime(story: Story): number | null {
  const time = Date.parse(story.reportDate ?? story.firstSeen);
  return Number.isNaN(time) ? null : time;
}

function checkedStory(id: string, value: unknown): Story | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || typeof (value as Story).id !== 'string') {
    throw new StoreError('store-corrupt', `stories:${id} in the store is not a story record; remove it or restore the store`);
  }
  return value as Story;
}

function monthOf(time: number | null): string {
  return time === null ? 'undated' : new Date(time).toISOString().slice(0, 7);
}

/** The months (yyyy-mm) that [when - span, when + span] touches, and 'undated'. */
function monthsAround(when: string, spanMs: number): string[] {
  const time = Date.parse(when);
  if (Number.isNaN(time)) return ['undated'];
  const months = new Set<string>(['undated']);
  const cursor = new Date(time - spanMs);
  cursor.setUTCDate(1);
  while (cursor.getTime() <= time + spanMs) {
    months.add(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return [...months];
}

function newestFirst(stories: Story[]): Story[] {
  const when = (story: Story) => story.reportDate ?? story.firstSeen;
  return [...stories].sort((a, b) => when(b).localeCompare(when(a)));
}
