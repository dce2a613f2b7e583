// The repositories the pipeline uses, over the keyv namespaces. Each method is one small,
// readable step; indexes are kept as plain keys because keyv offers no queries.
import { createHash } from 'node:crypto';
import type { ForceId } from '../core/types.js';
import type { Story } from '../core/story.js';
import type { KeyValueStore } from './keyv-store.js';
import { StoreError } from './keyv-store.js';

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

export class FeedStateRepository<State extends { url: string }> {
  constructor(private readonly store: KeyValueStore) {}
  async get(url: string): Promise<State | null> {
    return ((await this.store.ns('feeds').get<State>(url)) as State | undefined) ?? null;
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

  async find(keys: string[]): Promise<SeenItem | null> {
    for (const key of keys) {
      const found = (await this.store.ns('seen').get<SeenItem>(storageKey(key))) as SeenItem | undefined;
      if (found) return found;
    }
    return null;
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
      if (entry.expires !== null && entry.expires <= now) expired.push(entry.key);
      else kept += 1;
    }
    for (const key of expired) await this.store.ns('seen').delete(key);
    return kept;
  }
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
    let story: Story | undefined;
    try {
      story = (await this.store.ns('stories').get<Story>(id)) as Story | undefined;
    } catch (error) {
      // A torn or bit-rotten record: name it, so an operator can remove it (or restore it).
      if (!(error instanceof SyntaxError)) throw error;
      throw new StoreError('store-corrupt', `stories:${id} in the store cannot be read (${error.message}); remove it or restore the store`, { cause: error });
    }
    if (story !== undefined && (typeof story !== 'object' || story === null || typeof story.id !== 'string')) {
      throw new StoreError('store-corrupt', `stories:${id} in the store is not a story record; remove it or restore the store`);
    }
    return story ?? null;
  }

  async getMany(ids: string[]): Promise<Story[]> {
    const stories = await Promise.all([...new Set(ids)].map((id) => this.get(id)));
    return stories.filter((story): story is Story => story !== null);
  }

  /** Saves the story and keeps the indexes (by force, by fingerprint band, all) in step. */
  async save(story: Story, fingerprintBands: string[]): Promise<void> {
    await this.store.ns('stories').set(story.id, story);
    for (const force of story.forces.length > 0 ? story.forces : (['_national'] as const)) {
      await this.addToIndex(`force:${force}`, story.id);
    }
    for (const band of fingerprintBands) await this.addToIndex(`band:${band}`, story.id);
    await this.addToIndex('all', story.id);
  }

  async idsForForce(force: ForceId | '_national'): Promise<string[]> {
    return this.readIndex(`force:${force}`);
  }

  async idsForBands(bands: string[]): Promise<string[]> {
    const lists = await Promise.all(bands.map((band) => this.readIndex(`band:${band}`)));
    return [...new Set(lists.flat())];
  }

  async allIds(): Promise<string[]> {
    return this.readIndex('all');
  }

  /** A force's stories, newest report first. */
  async listForForce(force: ForceId, limit: number): Promise<Story[]> {
    return newestFirst(await this.getMany(await this.idsForForce(force))).slice(0, limit);
  }

  async latest(limit: number): Promise<Story[]> {
    const ids = await this.allIds();
    return newestFirst(await this.getMany(ids.slice(-Math.max(limit * 4, 50)))).slice(0, limit);
  }

  private async readIndex(key: string): Promise<string[]> {
    const ids = (await this.store.ns('index').get<string[]>(key)) as string[] | undefined;
    return Array.isArray(ids) ? ids : [];
  }

  private async addToIndex(key: string, id: string): Promise<void> {
    const ids = await this.readIndex(key);
    if (ids.includes(id)) return;
    ids.push(id);
    await this.store.ns('index').set(key, ids.slice(-LIST_LIMIT));
  }
}

function newestFirst(stories: Story[]): Story[] {
  const when = (story: Story) => story.reportDate ?? story.firstSeen;
  return [...stories].sort((a, b) => when(b).localeCompare(when(a)));
}
