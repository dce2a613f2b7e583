// Prints alerts for people: a readable block per alert on a stream (stdout by default).
import type { AlertEvent, FeedNoticeEvent } from '../../core/story.js';
import type { DeliveryOutcome, OperatorNotice, Sink } from '../sink.js';
import { renderAlertText } from '../render-text.js';

export function createConsoleSink(stream: NodeJS.WritableStream = process.stdout): Sink {
  return {
    id: 'console',
    async deliver(event: AlertEvent): Promise<DeliveryOutcome> {
      stream.write(`${renderAlertText(event)}\n`);
      return { kind: 'delivered', record: { version: event.version, at: event.at } };
    },
    async notify(notice: FeedNoticeEvent | OperatorNotice): Promise<void> {
      const text =
        'feed' in notice
          ? `! ${notice.type === 'feed.failing' ? 'feed failing' : 'feed recovered'}: ${notice.feed.name ?? notice.feed.url} since ${notice.since}${notice.reason ? ` — ${notice.reason}` : ''}`
          : `! ${notice.message}`;
      stream.write(`${text}\n`);
    },
  };
}
