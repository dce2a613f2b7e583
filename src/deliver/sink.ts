// What every alert sink implements. Sinks are called by the outbox only; they must be
// idempotent for a given (storyId, version) and edit what they already posted for a story.
import type { AlertEvent, FeedNoticeEvent } from '../core/story.js';

/** What a sink remembers about a story it has delivered (kept in the store per sink and story). */
export interface DeliveryRecord {
  version: number;
  at: string;
  /** Chat sinks: channel id → message id of the message to edit on updates. */
  messages?: Record<string, string>;
}

export type DeliveryOutcome =
  | { kind: 'delivered'; record: DeliveryRecord; detail?: string }
  /** Not delivered now; the outbox retries later (5xx, network, timeout, 429 past the poll's budget). */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** Will not succeed by retrying (403 lost permission, 404 deleted channel): reported, kept, not retried each poll. */
  | { kind: 'rejected'; reason: string }
  /** The sink does not take this alert (routing: force not watched, topic filtered). */
  | { kind: 'skipped'; reason: string };

export interface Sink {
  /** Stable id, e.g. "console", "jsonl:/data/alerts.jsonl", "discord:1234". */
  readonly id: string;
  deliver(event: AlertEvent, previous: DeliveryRecord | null): Promise<DeliveryOutcome>;
  /** Operational notices (feed failing / recovered, config problems); best effort. */
  notify(notice: FeedNoticeEvent | OperatorNotice): Promise<void>;
  close?(): Promise<void>;
}

export interface OperatorNotice {
  schema: 1;
  type: 'config.invalid' | 'sink.rejected';
  at: string;
  message: string;
}
