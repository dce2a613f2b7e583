// A page worker for the pool's tests: parses like the real one, but misbehaves on marker pages —
// exits mid-job (a crash), throws after answering (an idle worker dying of an uncaught error),
// never returns (a hang), or fails to parse (an ordinary error).
import { readPage } from '../../src/ingest/page-reader.js';
import { serveParseRequests } from '../../src/ingest/page-worker-pool.js';

serveParseRequests((html, url) => {
  if (html.includes('CRASH-EXIT')) process.exit(3);
  if (html.includes('DIE-AFTER-ANSWERING')) {
    setImmediate(() => {
      throw new Error('worker blew up');
    });
  }
  if (html.includes('HANG')) for (;;) void 0;
  if (html.includes('THROW')) throw new Error('this page cannot be read');
  return readPage(html, url);
});
