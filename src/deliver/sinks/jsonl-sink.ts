// Appends alert events (the alert contract) to a file, one JSON object per line. Idempotent:
// before appending it checks the file's tail for the same (storyId, version), so a crash between
// the append and the outbox mark does not write the line twice.
import { appendFile, mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AlertEvent, FeedNoticeEvent } from '../../core/story.js';
import type { DeliveryOutcome, OperatorNotice, Sink } from '../sink.js';

const TAIL_BYTES = 256 * 1024;

export function createJsonlSink(file: string): Sink {
  const write = async (line: string) => {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, `${line}\n`, 'utf8');
  };
  return {
    id: `jsonl:${file}`,
    async deliver(event: AlertEvent): Promise<DeliveryOutcome> {
      try {
        if (!(await alreadyWritten(file, event))) await write(JSON.stringify(event));
        return { kind: 'delivered', record: { version: event.version, at: event.at } };
      } catch (error) {
        // A full disk or a lost mount clears by itself; the outbox keeps the alert until then.
        return { kind: 'retry', reason: `cannot write ${file}: ${(error as Error).message}` };
      }
    },
    async notify(notice: FeedNoticeEvent | OperatorNotice): Promise<void> {
      await write(JSON.stringify(notice)).catch(() => undefined);
    },
  };
}

async function alreadyWritten(file: string, event: AlertEvent): Promise<boolean> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return false;
  }
  const handle = await open(file, 'r');
  try {
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const needle = `"storyId":${JSON.stringify(event.storyId)},"version":${event.version},`;
    return buffer.toString('utf8').includes(needle);
  } finally {
    await handle.close();
  }
}
