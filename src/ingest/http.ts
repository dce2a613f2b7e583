// The only door to HTTP in forcewatch. Built on node:http/https rather than global fetch because
// the SSRF guard has to sit in the DNS lookup of every connection, redirects included. Everything
// a remote server can do to us (stall, flood, compress a bomb, redirect in circles, point at the
// metadata service) ends as a returned FetchOutcome; only programming errors throw.
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { BlockedAddressError, checkAddress, createGuardedLookup, describeRefusal } from './address-guard.js';
import type { AddressPolicy } from './address-guard.js';

export type FetchFailureCode =
  | 'http-status'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'blocked-address'
  | 'bad-url'
  | 'network';

export type FetchOutcome =
  | {
      kind: 'ok';
      /** Final URL after redirects. */
      url: string;
      status: number;
      contentType: string | null;
      body: Buffer;
      etag: string | null;
      lastModified: string | null;
      cacheMaxAgeSeconds: number | null;
    }
  | { kind: 'not-modified'; url: string; etag: string | null; lastModified: string | null; cacheMaxAgeSeconds: number | null }
  | { kind: 'failed'; url: string; code: FetchFailureCode; message: string; status?: number; retryAfterSeconds?: number };

export type FetchFailure = Extract<FetchOutcome, { kind: 'failed' }>;

export interface FetchRequest {
  url: string;
  /** Validators from the last response; sent as If-None-Match / If-Modified-Since. */
  etag?: string | null | undefined;
  lastModified?: string | null | undefined;
  accept?: string | undefined;
  /** Overrides the client's maxBytes for this request. */
  maxBytes?: number | undefined;
}

export interface HttpClient {
  fetch(request: FetchRequest): Promise<FetchOutcome>;
}

export interface HttpClientOptions {
  /** e.g. `forcewatch/0.1.0 (+https://example.org/contact)`; publishers should know who polls them. */
  userAgent: string;
  /** DNS, TCP and (for https) the TLS handshake. */
  connectTimeoutMs?: number | undefined;
  /** The whole fetch, redirects and body included. */
  totalTimeoutMs?: number | undefined;
  /** Cap on body bytes, both as received and after decompression. */
  maxBytes?: number | undefined;
  maxRedirects?: number | undefined;
  allowPrivateAddresses?: boolean | undefined;
  /** Non-public addresses allowed anyway (exact addresses, e.g. an intranet mirror). */
  allowedAddresses?: readonly string[] | undefined;
  maxConcurrent?: number | undefined;
  maxPerHost?: number | undefined;
}

interface ResolvedOptions {
  userAgent: string;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  maxConcurrent: number;
  maxPerHost: number;
  policy: AddressPolicy;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_ACCEPT = '*/*';

/** `label` names where the value came from, e.g. "createHttpClient: maxBytes". */
function positiveInteger(label: string, value: number | undefined, fallback: number, minimum = 1): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < minimum) {
    throw new RangeError(`${label} must be an integer >= ${minimum}, got ${String(value)}`);
  }
  return chosen;
}

function resolveOptions(options: HttpClientOptions): ResolvedOptions {
  if (typeof options.userAgent !== 'string' || options.userAgent.trim() === '') {
    throw new TypeError('createHttpClient: userAgent is required, e.g. "forcewatch/0.1.0 (+https://example.org/contact)"');
  }
  return {
    userAgent: options.userAgent,
    connectTimeoutMs: positiveInteger('createHttpClient: connectTimeoutMs', options.connectTimeoutMs, 10_000),
    totalTimeoutMs: positiveInteger('createHttpClient: totalTimeoutMs', options.totalTimeoutMs, 20_000),
    maxBytes: positiveInteger('createHttpClient: maxBytes', options.maxBytes, 10 * 1024 * 1024),
    maxRedirects: positiveInteger('createHttpClient: maxRedirects', options.maxRedirects, 5, 0),
    maxConcurrent: positiveInteger('createHttpClient: maxConcurrent', options.maxConcurrent, 8),
    maxPerHost: positiveInteger('createHttpClient: maxPerHost', options.maxPerHost, 2),
    policy: { allowPrivateAddresses: options.allowPrivateAddresses ?? false, allowedAddresses: options.allowedAddresses },
  };
}

/** Limits requests in flight, overall and per host, so one slow publisher cannot take every slot. */
class RequestSlots {
  private active = 0;
  private readonly activeByHost = new Map<string, number>();
  private readonly waiting: Array<{ host: string; start: () => void }> = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxPerHost: number,
  ) {}

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    await this.acquire(host);
    try {
      return await task();
    } finally {
      this.release(host);
    }
  }

  private hasRoom(host: string): boolean {
    return this.active < this.maxConcurrent && (this.activeByHost.get(host) ?? 0) < this.maxPerHost;
  }

  private take(host: string): void {
    this.active += 1;
    this.activeByHost.set(host, (this.activeByHost.get(host) ?? 0) + 1);
  }

  private acquire(host: string): Promise<void> {
    if (this.hasRoom(host)) {
      this.take(host);
      return Promise.resolve();
    }
    return new Promise((start) => this.waiting.push({ host, start }));
  }

  private release(host: string): void {
    this.active -= 1;
    const remaining = (this.activeByHost.get(host) ?? 1) - 1;
    if (remaining === 0) this.activeByHost.delete(host);
    else this.activeByHost.set(host, remaining);
    // First come, first served among waiters whose host has room.
    for (let index = 0; index < this.waiting.length && this.active < this.maxConcurrent; ) {
      const waiter = this.waiting[index];
      if (waiter && this.hasRoom(waiter.host)) {
        this.waiting.splice(index, 1);
        this.take(waiter.host);
        waiter.start();
      } else {
        index += 1;
      }
    }
  }
}

/** Retry-After as seconds from now: either delta-seconds or an HTTP date. Null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** Cache-Control max-age in seconds, or null. */
export function parseMaxAge(cacheControl: string | undefined): number | null {
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl ?? '');
  return match?.[1] === undefined ? null : Number(match[1]);
}

function failure(url: string, code: FetchFailureCode, message: string, extra: { status?: number; retryAfterSeconds?: number } = {}): FetchFailure {
  return { kind: 'failed', url, code, message, ...extra };
}

/** The URL to fetch, or why it may not be fetched. IP literals are checked here: net skips `lookup` for them. */
function checkTarget(raw: string, base: URL | null, policy: AddressPolicy): URL | FetchFailure {
  let url: URL;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch {
    return failure(raw, 'bad-url', `refused ${raw}: not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return failure(url.href, 'bad-url', `refused ${url.href}: only http and https URLs are fetched, not ${url.protocol}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) !== 0) {
    const verdict = checkAddress(host, policy);
    if (!verdict.allowed) {
      return failure(url.href, 'blocked-address', `refused ${url.href}: ${describeRefusal(host, verdict.addressClass)}`);
    }
  }
  return url;
}

/** Streams a decompressor for Content-Encoding; `null` for identity, a string naming an encoding we cannot read. */
function decompressorFor(contentEncoding: string | undefined): ((firstChunk: Buffer) => Transform) | null | string {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return () => zlib.createGunzip();
    case 'br':
      return () => zlib.createBrotliDecompress();
    case 'deflate':
      // "deflate" should be zlib-wrapped, but some servers send raw deflate; a zlib header has 8 in the low nibble.
      return (firstChunk) => ((firstChunk[0] ?? 0) & 0x0f) === 8 ? zlib.createInflate() : zlib.createInflateRaw();
    default:
      return encoding;
  }
}

type HopResult = { kind: 'redirect'; location: string } | { kind: 'done'; outcome: FetchOutcome };

interface Hop {
  url: URL;
  headers: Record<string, string>;
  maxBytes: number;
  remainingMs: number;
}

function headerValue(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function validators(response: IncomingMessage): { etag: string | null; lastModified: string | null; cacheMaxAgeSeconds: number | null } {
  return {
    etag: headerValue(response, 'etag') ?? null,
    lastModified: headerValue(response, 'last-modified') ?? null,
    cacheMaxAgeSeconds: parseMaxAge(headerValue(response, 'cache-control')),
  };
}

function networkFailure(url: string, error: unknown): FetchFailure {
  if (error instanceof BlockedAddressError) return failure(url, 'blocked-address', `refused ${url}: ${error.reason}`);
  const message = error instanceof Error ? error.message : String(error);
  return failure(url, 'network', `could not fetch ${url}: ${message}`);
}

/** One request/response exchange: no redirects followed here, every timer and socket cleaned up on return. */
function exchange(hop: Hop, options: ResolvedOptions, lookup: net.LookupFunction): Promise<HopResult> {
  const href = hop.url.href;
  const secure = hop.url.protocol === 'https:';
  return new Promise<HopResult>((resolve) => {
    let settled = false;
    let decompressor: Transform | null = null;
    const timers: NodeJS.Timeout[] = [];
    // `request` is assigned synchronously below; finish() only runs from its events and timers.
    let request: http.ClientRequest | null = null;

    const finish = (result: HopResult): void => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      decompressor?.destroy();
      // Closing the socket is what stops a drip feed or a bomb from sending more.
      request?.destroy();
      resolve(result);
    };
    const fail = (code: FetchFailureCode, message: string, extra: { status?: number; retryAfterSeconds?: number } = {}): void =>
      finish({ kind: 'done', outcome: failure(href, code, message, extra) });

    timers.push(setTimeout(() => fail('timeout', `gave up on ${href}: no complete response within the ${options.totalTimeoutMs} ms time limit`), hop.remainingMs));
    const connectTimer = setTimeout(() => fail('timeout', `could not connect to ${hop.url.host} within ${options.connectTimeoutMs} ms`), options.connectTimeoutMs);
    timers.push(connectTimer);

    const readBody = (response: IncomingMessage): void => {
      const declaredLength = Number(headerValue(response, 'content-length'));
      if (Number.isFinite(declaredLength) && declaredLength > hop.maxBytes) {
        fail('too-large', `${href} is ${declaredLength} bytes, over the ${hop.maxBytes}-byte limit`);
        return;
      }
      const contentEncoding = headerValue(response, 'content-encoding');
      const makeDecompressor = decompressorFor(contentEncoding);
      if (typeof makeDecompressor === 'string') {
        fail('network', `could not read ${href}: unsupported Content-Encoding "${makeDecompressor}"`);
        return;
      }
      const chunks: Buffer[] = [];
      let receivedBytes = 0;
      let bodyBytes = 0;
      const keep = (chunk: Buffer): void => {
        bodyBytes += chunk.length;
        if (bodyBytes > hop.maxBytes) {
          const after = makeDecompressor ? ' after decompression' : '';
          fail('too-large', `${href} exceeds the ${hop.maxBytes}-byte limit${after}; stopped reading`);
          return;
        }
        chunks.push(chunk);
      };
      const complete = (): void =>
        finish({
          kind: 'done',
          outcome: {
            kind: 'ok',
            url: href,
            status: response.statusCode ?? 200,
            contentType: headerValue(response, 'content-type') ?? null,
            body: Buffer.concat(chunks),
            ...validators(response),
          },
        });

      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        receivedBytes += chunk.length;
        if (receivedBytes > hop.maxBytes) {
          fail('too-large', `${href} sent more than the ${hop.maxBytes}-byte limit; stopped reading`);
          return;
        }
        if (!makeDecompressor) {
          keep(chunk);
          return;
        }
        if (!decompressor) {
          decompressor = makeDecompressor(chunk);
          decompressor.on('data', (decoded: Buffer) => {
            if (!settled) keep(decoded);
          });
          decompressor.on('end', complete);
          decompressor.on('error', (error: Error) =>
            fail('network', `could not decompress ${contentEncoding ?? ''} body of ${href}: ${error.message}`),
          );
        }
        decompressor.write(chunk);
      });
      response.on('end', () => {
        if (settled) return;
        if (decompressor) decompressor.end();
        else complete(); // uncompressed, or a compressed body that was empty
      });
      response.on('error', (error) => finish({ kind: 'done', outcome: networkFailure(href, error) }));
      response.on('close', () => {
        if (!response.complete) fail('network', `could not fetch ${href}: the connection closed before the body was complete`);
      });
    };

    const onResponse = (response: IncomingMessage): void => {
      const status = response.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status)) {
        const location = headerValue(response, 'location');
        if (location) finish({ kind: 'redirect', location });
        else fail('http-status', `${href} answered HTTP ${status} without a Location to follow`, { status });
        return;
      }
      if (status === 304) {
        finish({ kind: 'done', outcome: { kind: 'not-modified', url: href, ...validators(response) } });
        return;
      }
      if (status >= 200 && status < 300) {
        readBody(response);
        return;
      }
      const retryAfterSeconds = parseRetryAfter(headerValue(response, 'retry-after'), Date.now());
      const reason = response.statusMessage ? ` ${response.statusMessage}` : '';
      fail('http-status', `${href} answered HTTP ${status}${reason}`, retryAfterSeconds === null ? { status } : { status, retryAfterSeconds });
    };

    try {
      request = (secure ? https : http).request(hop.url, { method: 'GET', headers: hop.headers, agent: false, lookup });
    } catch (error) {
      fail('network', `could not send a request to ${href}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    request.on('socket', (socket) => socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer)));
    request.on('response', onResponse);
    request.on('error', (error) => finish({ kind: 'done', outcome: networkFailure(href, error) }));
    request.end();
  });
}

function requestHeaders(request: FetchRequest, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': userAgent,
    accept: request.accept ?? DEFAULT_ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;
  return headers;
}

export function createHttpClient(clientOptions: HttpClientOptions): HttpClient {
  const options = resolveOptions(clientOptions);
  const lookup = createGuardedLookup(options.policy);
  const slots = new RequestSlots(options.maxConcurrent, options.maxPerHost);

  async function fetchFollowingRedirects(request: FetchRequest): Promise<FetchOutcome> {
    const maxBytes = positiveInteger(`fetch ${request.url}: maxBytes`, request.maxBytes, options.maxBytes);
    const headers = requestHeaders(request, options.userAgent);
    let target = checkTarget(request.url, null, options.policy);
    // The time limit starts when the first request leaves, not while queued behind other feeds.
    let deadline: number | null = null;
    for (let redirects = 0; ; redirects += 1) {
      if (!(target instanceof URL)) return target;
      const url: URL = target;
      const result = await slots.run(url.host, () => {
        deadline ??= Date.now() + options.totalTimeoutMs;
        const remainingMs = deadline - Date.now();
        if (remainingMs <= 0) {
          const outcome = failure(url.href, 'timeout', `gave up on ${url.href}: the ${options.totalTimeoutMs} ms time limit ran out during redirects`);
          return Promise.resolve<HopResult>({ kind: 'done', outcome });
        }
        return exchange({ url, headers, maxBytes, remainingMs }, options, lookup);
      });
      if (result.kind === 'done') return result.outcome;
      if (redirects >= options.maxRedirects) {
        return failure(url.href, 'too-many-redirects', `gave up on ${request.url}: more than ${options.maxRedirects} redirects (last one from ${url.href})`);
      }
      target = checkTarget(result.location, url, options.policy);
      if (!(target instanceof URL)) {
        return { ...target, message: `redirect from ${url.href} ${target.message}` };
      }
    }
  }

  return { fetch: fetchFollowingRedirects };
}
