// The durable outbox: an alert is recorded here before any sink sees it, and each sink's
// state is marked after it answers, so a crash re-sends (idempotently) rather than loses.
//
// The queue is two keys with one writer each, because keyv has no atomic update and replicas
// sharing a store enqueue (while placing stories) and drain (while holding the outbox lease) at
// the same time: `queue` (ids in order) is written only by enqueue, `done` (finished ids) only
// by compact. Pending = queue minus done; each side trims what the other has finished, so
// neither write can undo the other's.
import type { AlertEvent } from '../core/story.js';
import type { DeliveryRecord } from '../deliver/sink.js';
import { readRecord, readReported, StoreError, UNREADABLE, type KeyValueStore, type OnUnreadable } from './keyv-store.js';

export interface SinkDeliveryState {
  state: 'pending' | 'sent' | 'rejected' | 'skipped';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  at: string | null;
  /** The version being sent, written just before the send: set after a crash, it may have arrived. */
  sending?: number | null;
}

export interface OutboxEntry {
  /** `${storyId}@${version}`: writing the same story version twice is a no-op. */
  id: string;
  event: AlertEvent;
  createdAt: string;
  sinks: Record<string, SinkDeliveryState>;
}

export class OutboxRepository {
  constructor(private readonly store: KeyValueStore) {}

  static entryId(event: Pick<AlertEvent, 'storyId' | 'version'>): string {
    return `${event.storyId}@${event.version}`;
  }

  /**
   * Records an alert for every sink; idempotent for the same story version. A queue record that
   * cannot be read is rebuilt from the entries (and reported to `onUnreadable`), then rewritten.
   */
  async enqueue(event: AlertEvent, sinkIds: string[], now: Date, onUnreadable: OnUnreadable = () => undefined): Promise<OutboxEntry> {
    const id = OutboxRepository.entryId(event);
    const existing = await this.get(id);
    if (existing) return existing;
    const entry: OutboxEntry = {
      id,
      event,
      createdAt: now.toISOString(),
      sinks: Object.fromEntries(
        sinkIds.map((sinkId) => [sinkId, { state: 'pending', attempts: 0, nextAttemptAt: null, lastError: null, at: null }]),
      ),
    };
    // Queued before it is written: an entry that exists has always been queued, so a crash
    // between the two steps re-derives the entry and writes it, and never leaves it unqueued.
    const [queue, done] = await Promise.all([this.queue(onUnreadable), this.done(onUnreadable)]);
    if (!queue.includes(id)) await this.outbox().set('queue', [...queue.filter((queued) => !done.has(queued)), id]);
    await this.outbox().set(`entry:${id}`, entry);
    return entry;
  }

  /** The entry, or null; a record that cannot be read is a `store-corrupt` StoreError naming it. */
  async get(id: string): Promise<OutboxEntry | null> {
    const entry = await readRecord(this.outbox(), `entry:${id}`, `outbox:entry:${id}`);
    if (entry === undefined) return null;
    if (!isOutboxEntry(entry)) throw new StoreError('store-corrupt', `outbox:entry:${id} in the store is not an outbox entry; remove it or restore the store`);
    return entry;
  }

  async save(entry: OutboxEntry): Promise<void> {
    await this.outbox().set(`entry:${entry.id}`, entry);
  }

  /**
   * Pending entries in the order they were recorded. An entry that cannot be read is passed to
   * `onUnreadable` and left out, not thrown: one torn record must not stop every alert behind it.
   * It stays queued and untouched, for an operator to remove or restore.
   */
  async pending(onUnreadable: OnUnreadable = () => undefined): Promise<OutboxEntry[]> {
    const entries = await Promise.all(
      (await this.pendingIds(onUnreadable)).map(async (id) => {
        try {
          return await this.get(id);
        } catch (error) {
          if (!(error instanceof StoreError)) throw error;
          onUnreadable(new StoreError(error.code, `${error.message}; the alerts queued after it are delivered`, { cause: error }));
          return null;
        }
      }),
    );
    return entries.filter((entry): entry is OutboxEntry => entry !== null);
  }

  /** Drops finished entries from the queue (they stay readable by id for /why). */
  async compact(finishedIds: string[]): Promise<void> {
    if (finishedIds.length === 0) return;
    // Called after pending(), which has already reported a record that cannot be read.
    const [queue, done] = await Promise.all([this.queue(), this.done()]);
    // Only ids still queued need remembering; enqueue drops the others from the queue.
    const queued = new Set(queue);
    const next = [...new Set([...done, ...finishedIds])].filter((id) => queued.has(id));
    await this.outbox().set('done', next);
  }

  async depth(): Promise<number> {
    return (await this.pendingIds()).length;
  }

  async delivery(sinkId: string, storyId: string): Promise<DeliveryRecord | null> {
    return ((await this.outbox().get<DeliveryRecord>(`delivery:${sinkId}:${storyId}`)) as DeliveryRecord | undefined) ?? null;
  }

  async recordDelivery(sinkId: string, storyId: string, record: DeliveryRecord): Promise<void> {
    await this.outbox().set(`delivery:${sinkId}:${storyId}`, record);
  }

  private async pendingIds(onUnreadable: OnUnreadable = () => undefined): Promise<string[]> {
    const [queue, done] = await Promise.all([this.queue(onUnreadable), this.done(onUnreadable)]);
    return queue.filter((id) => !done.has(id));
  }

  /**
   * The queue record. One that cannot be read is rebuilt from the entries themselves (each written
   * only after it was queued): those with a sink still pending, in the order they were recorded.
   */
  private async queue(onUnreadable: OnUnreadable = () => undefined): Promise<string[]> {
    return (await this.idList('queue', 'the queue is rebuilt from the outbox entries', onUnreadable)) ?? this.rebuiltQueue();
  }

  /** The finished ids. A record that cannot be read counts as none: each entry's sink states say what is left to send. */
  private async done(onUnreadable: OnUnreadable = () => undefined): Promise<Set<string>> {
    return new Set((await this.idList('done', 'finished entries are recognised by their delivery states', onUnreadable)) ?? []);
  }

  /** A list of entry ids ([] when absent), or null when the record cannot be read or is not one (reported, with `next`). */
  private async idList(key: 'queue' | 'done', next: string, onUnreadable: OnUnreadable): Promise<string[] | null> {
    const ids = await readReported(
      this.outbox(),
      key,
      { label: `outbox:${key}`, what: 'a list of entry ids', next, accepts: (value): value is string[] => Array.isArray(value) && value.every((id) => typeof id === 'string') },
      onUnreadable,
    );
    return ids === UNREADABLE ? null : (ids ?? []);
  }

  private async rebuiltQueue(): Promise<string[]> {
    const waiting: { id: string; createdAt: string }[] = [];
    for await (const record of this.store.entries('outbox')) {
      if (!record.key.startsWith('entry:')) continue;
      const value = record.value;
      // An entry that cannot be read stays queued, so that drains name it as they name any other.
      if (record.unreadable || !isOutboxEntry(value)) waiting.push({ id: record.key.slice('entry:'.length), createdAt: '' });
      else if (Object.values(value.sinks).some((sink) => sink.state === 'pending')) waiting.push(value);
    }
    return waiting.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).map((entry) => entry.id);
  }

  private outbox() {
    return this.store.ns('outbox');
  }
}

function isOutboxEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<OutboxEntry>;
  return typeof entry.id === 'string' && typeof entry.event?.storyId === 'string' && typeof entry.event.version === 'number' && typeof entry.sinks === 'object' && entry.sinks !== null;
}
