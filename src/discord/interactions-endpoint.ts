// POST /interactions: Discord's HTTP interactions. Every request is size-limited, checked for an
// Ed25519 signature over timestamp + raw body, and refused when the timestamp is stale (replay).
// Commands that do not answer within deferAfterMs are deferred and their reply PATCHed later.
import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandData, CommandReply, InteractionHandlers } from './commands/index.js';
import { createBoundedRest, outcomeForError } from './rest-client.js';

type Log = Pick<Console, 'info' | 'warn' | 'error'>;

export interface InteractionsEndpointOptions {
  /** The application's public key, 64 hex digits (DISCORD_PUBLIC_KEY). */
  publicKey: string;
  handlers: InteractionHandlers;
  log: Log;
  /** REST base for deferred replies (config discord.apiBase). */
  apiBase: string;
  now?: () => Date;
  /** Discord wants an answer within 3 s; slower commands are deferred after this. Default 2 s. */
  deferAfterMs?: number;
  maxBodyBytes?: number;
}

export type InteractionsHandler = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & {
  /** Resolves when every deferred reply has been sent (tests, shutdown). */
  settled(): Promise<void>;
};

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const EPHEMERAL = 1 << 6;
/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
const ResponseType = { Pong: 1, Message: 4, Deferred: 5, Autocomplete: 8 } as const;

export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex.trim())) throw new TypeError('Discord public key must be 64 hex digits (DISCORD_PUBLIC_KEY)');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex.trim(), 'hex')]), format: 'der', type: 'spki' });
}

/** True when `signatureHex` is a valid Ed25519 signature of timestamp + body under `key`. */
export function verifySignature(key: KeyObject, timestamp: string, body: Buffer, signatureHex: string): boolean {
  if (!/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

export function createInteractionsHandler(options: InteractionsEndpointOptions): InteractionsHandler {
  const key = publicKeyFromHex(options.publicKey);
  const now = options.now ?? (() => new Date());
  const deferAfterMs = options.deferAfterMs ?? 2_000;
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const rest = createBoundedRest({ apiBase: options.apiBase });
  const followUps = new Set<Promise<void>>();
  const replays = createReplayGuard();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' }, { allow: 'POST' });
    const body = await readBody(req, maxBytes);
    if (body === null) {
      send(res, 413, { error: 'request body too large' }, { connection: 'close' });
      return;
    }
    const signature = header(req, 'x-signature-ed25519');
    const timestamp = header(req, 'x-signature-timestamp');
    if (signature === null || timestamp === null || !verifySignature(key, timestamp, body, signature)) {
      return send(res, 401, { error: 'invalid request signature' });
    }
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now().getTime() - Number(timestamp) * 1000) > MAX_CLOCK_SKEW_MS) {
      return send(res, 401, { error: 'stale request timestamp' });
    }
    if (!replays.firstSight(signature, now().getTime())) return send(res, 401, { error: 'replayed request' });
    let interaction: { type?: unknown; data?: CommandData; application_id?: string; token?: string };
    try {
      interaction = JSON.parse(body.toString('utf8')) as typeof interaction;
    } catch {
      return send(res, 400, { error: 'body is not JSON' });
    }
    switch (interaction.type) {
      case InteractionType.Ping:
        return send(res, 200, { type: ResponseType.Pong });
      case InteractionType.Autocomplete:
        if (!isCommandData(interaction.data)) return send(res, 400, { error: 'missing interaction data' });
        return send(res, 200, { type: ResponseType.Autocomplete, data: { choices: await options.handlers.autocomplete(interaction.data) } });
      case InteractionType.ApplicationCommand:
        if (!isCommandData(interaction.data)) return send(res, 400, { error: 'missing interaction data' });
        return command(res, interaction.data, interaction.application_id, interaction.token);
      default:
        return send(res, 200, { type: ResponseType.Message, data: { content: 'This interaction is not supported.', flags: EPHEMERAL } });
    }
  }

  async function command(res: ServerResponse, data: CommandData, applicationId: unknown, token: unknown): Promise<void> {
    const work = options.handlers.command(data);
    let timer: NodeJS.Timeout | undefined;
    const deferred = new Promise<'defer'>((resolve) => {
      timer = setTimeout(() => resolve('defer'), deferAfterMs);
    });
    const first = await Promise.race([work, deferred]);
    clearTimeout(timer);
    if (first !== 'defer') return send(res, 200, { type: ResponseType.Message, data: messageData(first) });
    send(res, 200, { type: ResponseType.Deferred, data: { flags: options.handlers.isEphemeral(data.name) ? EPHEMERAL : 0 } });
    if (typeof applicationId !== 'string' || typeof token !== 'string' || !/^\d+$/.test(applicationId)) {
      options.log.warn(`interaction /${data.name}: deferred but the payload has no application id or token to reply with`);
      return;
    }
    const followUp = work
      .then(async (reply) => {
        const { flags: _flags, ...body } = messageData(reply);
        await rest.patch(`/webhooks/${applicationId}/${token}/messages/@original`, { body, auth: false, signal: AbortSignal.timeout(30_000) });
      })
      .catch((error: unknown) => options.log.warn(`interaction /${data.name}: deferred reply failed: ${outcomeForError(error, 'the interaction').reason}`))
      .finally(() => followUps.delete(followUp));
    followUps.add(followUp);
  }

  const handler = (req: IncomingMessage, res: ServerResponse) =>
    handle(req, res).catch((error: unknown) => {
      options.log.error(`interactions endpoint failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  return Object.assign(handler, {
    async settled() {
      while (followUps.size > 0) await Promise.allSettled([...followUps]);
    },
  });
}

/**
 * Signatures of the requests accepted within the allowed clock skew. A captured request sent
 * again (the signature is the same, in any letter case) is refused: its timestamp alone would let
 * it through for five minutes. Bounded: only signed requests get here, and the oldest go first.
 */
function createReplayGuard(maxEntries = 10_000) {
  const seen = new Map<string, number>();
  return {
    firstSight(signature: string, nowMs: number): boolean {
      for (const [key, at] of seen) {
        if (nowMs - at <= 2 * MAX_CLOCK_SKEW_MS && seen.size < maxEntries) break;
        seen.delete(key);
      }
      const key = signature.toLowerCase();
      if (seen.has(key)) return false;
      seen.set(key, nowMs);
      return true;
    },
  };
}

/** The reply as interaction message data: never pings anyone. */
function messageData(reply: CommandReply) {
  return {
    content: reply.content,
    ...(reply.embeds === undefined ? {} : { embeds: reply.embeds }),
    flags: reply.ephemeral ? EPHEMERAL : 0,
    allowed_mentions: { parse: [] as string[] },
  };
}

function isCommandData(data: unknown): data is CommandData {
  return typeof data === 'object' && data !== null && typeof (data as { name?: unknown }).name === 'string';
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The raw body, or null once it exceeds `maxBytes` (the rest is drained unread, so the 413 still reaches the client). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => resolve(size <= maxBytes ? Buffer.concat(chunks) : null));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
