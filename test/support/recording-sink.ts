// A sink that remembers what it was given and answers as a test scripts it: the stand-in for a
// chat or webhook sink when the outbox itself is under test.
import type { AlertEvent, FeedNoticeEvent } from '../../src/core/story.js';
import type { DeliveryOutcome, DeliveryRecord, OperatorNotice, Sink } from '../../src/deliver/sink.js';

export type Answer = DeliveryOutcome['kind'] | 'throw' | ((event: AlertEvent) => DeliveryOutcome | Promise<DeliveryOutcome>);

export interface RecordingSink extends Sink {
  /** Every deliver() call, in order, with the previous record it was handed. */
  calls: { event: AlertEvent; previous: DeliveryRecord | null }[];
  notices: (FeedNoticeEvent | OperatorNotice)[];
  /** Answers for the next calls, in order; when empty the sink delivers. */
  answers: Answer[];
}

export function recordingSink(id: string, answers: Answer[] = []): RecordingSink {
  const sink: RecordingSink = {
    id,
    calls: [],
    notices: [],
    answers,
    async deliver(event, previous) {
      sink.calls.push({ event, previous });
      const answer = sink.answers.shift() ?? 'delivered';
      if (typeof answer === 'function') return answer(event);
      switch (answer) {
        case 'throw':
          throw new Error(`${id} is down`);
        case 'delivered':
          return { kind: 'delivered', record: { version: event.version, at: event.at } };
        case 'retry':
          return { kind: 'retry', reason: `${id} answered 503` };
        case 'rejected':
          return { kind: 'rejected', reason: `${id} answered 403` };
        case 'skipped':
          return { kind: 'skipped', reason: 'not watched' };
      }
    },
    async notify(notice) {
      sink.notices.push(notice);
    },
  };
  return sink;
}
