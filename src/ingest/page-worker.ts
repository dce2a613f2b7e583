// Worker-thread entry of the page worker pool (page-worker-pool.ts): parses article pages with
// Readability on jsdom off the main thread, so jsdom is loaded only in the workers.
import { readPage } from './page-reader.js';
import { serveParseRequests } from './page-worker-pool.js';

serveParseRequests(readPage);
