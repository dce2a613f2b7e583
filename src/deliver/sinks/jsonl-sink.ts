// Appends alert events (the alert contract) to a file, one JSON object per line. Idempotent:
// before appending it checks the file's tail for the same (storyId, version), so a crash between
// the append and the outbox mark does not write the line twice.
import { appendFile, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { AlertEvent, FeedNoticeEvent } from '../../core/story.js';
import type { DeliveryOutcome, OperatorNotice, Sink } from '../sink.js';

const TAIL_BYTES = 256 * 1024;

export function createJsonlSink(file: string): Sink {
  const append = async (line: string, tail: Tail) => {
    await mkdir(path.dirname(file), { recursive: true });
    // A crash in the middle of an append leaves a partial last line: start on a line of our own,
    // so one torn line does not take the next event with it.
    await appendFile(file, `${tail.endsMidLine ? '\n' : ''}${line}\n`, 'utf8');
  };
  return {
    id: `jsonl:${file}`,
    async deliver(event: AlertEvent): Promise<DeliveryOutcome> {
      try {
        const tail = await readTail(file);
        if (!alreadyWritten(tail, event)) await append(JSON.stringify(event), tail);
        return { kind: 'delivered', record: { version: event.version, at: event.at } };
      } catch (error) {
        // A full disk or a lost mount clears by itself; the outbox keeps the alert until then.
        return { kind: 'retry', reason: `cannot write ${file}: ${(error as Error).message}` };
      }
    },
    async notify(notice: FeedNoticeEvent | OperatorNotice): Promise<void> {
      await readTail(file)
        .then((tail) => append(JSON.stringify(notice), tail))
        .catch(() => undefined);
    },
  };
}

interface Tail {
  text: string;
  endsMidLine: boolean;
}

/** Whether a line of the tail carries this story version (whatever the order of its keys). */
function alreadyWritten(tail: Tail, event: AlertEvent): boolean {
  const id = JSON.stringify(event.storyId);
  for (const line of tail.text.split('\n')) {
    if (!line.includes(id)) continue;
    try {
      const written = JSON.parse(line) as Partial<AlertEvent>;
      if (written.storyId === event.storyId && written.version === event.version) return true;
    } catch {
      // a torn line, or the first line of the tail cut in half: not this event
    }
  }
  return false;
}

/** The last TAIL_BYTES of the file ("" when it does not exist yet). */
async function readTail(file: string): Promise<Tail> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', endsMidLine: false };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return { text: buffer.toString('utf8'), endsMidLine: length > 0 && buffer[length - 1] !== 0x0a };
  } finally {
    await handle.close();
  }
}
