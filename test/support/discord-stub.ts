// A Discord-API stand-in on 127.0.0.1 for the real discord.js REST client (point its `api` at
// `stub.apiBase`). It records every request, keeps posted messages so PATCH works (and 404s
// for deleted ones), honours nonce + enforce_nonce like Discord, and can be scripted to answer
// the next matching requests with 429 / 5xx / 403 / 404, or to hang.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the /api/v10 prefix, e.g. /channels/123/messages. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export type ScriptedReply =
  | { status: 429; retryAfter: number; global?: boolean; resetAfter?: number }
  | { status: 500 | 502 | 503 }
  | { status: 401 | 403 | 404 | 400; code?: number; message?: string }
  | { hang: true };

export interface StubMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  nonce?: string;
  edited_timestamp: string | null;
}

export interface DiscordStub {
  /** e.g. http://127.0.0.1:PORT/api — the REST client adds /v10. */
  apiBase: string;
  requests: RecordedRequest[];
  messages: Map<string, StubMessage>;
  /** Answer the next `times` requests matching `match` (method and/or path regex) with `reply`. */
  script(reply: ScriptedReply, options?: { times?: number; method?: string; path?: RegExp }): void;
  deleteMessage(id: string): void;
  close(): Promise<void>;
}

interface Script {
  reply: ScriptedReply;
  remaining: number;
  method?: string;
  path?: RegExp;
}

export async function startDiscordStub(): Promise<DiscordStub> {
  const requests: RecordedRequest[] = [];
  const messages = new Map<string, StubMessage>();
  const nonces = new Map<string, string>();
  const scripts: Script[] = [];
  const hanging = new Set<ServerResponse>();
  let nextId = 1_000_000_000_000_000n;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const path = url.pathname.replace(/^\/api(\/v\d+)?/, '');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = text;
      }
      const method = req.method ?? 'GET';
      requests.push({ method, path, query: url.searchParams, headers: req.headers, body });
      const script = scripts.find((s) => s.remaining > 0 && (s.method === undefined || s.method === method) && (s.path === undefined || s.path.test(path)));
      if (script) {
        script.remaining -= 1;
        return scripted(res, script.reply);
      }
      route(method, path, body, res);
    });
  });

  function scripted(res: ServerResponse, reply: ScriptedReply): void {
    if ('hang' in reply) {
      hanging.add(res);
      return;
    }
    if (reply.status === 429) {
      const headers: Record<string, string> = {
        'retry-after': String(reply.retryAfter),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(reply.resetAfter ?? reply.retryAfter),
        'x-ratelimit-scope': reply.global ? 'global' : 'user',
      };
      if (reply.global) headers['x-ratelimit-global'] = 'true';
      return json(res, 429, { message: 'You are being rate limited.', retry_after: reply.retryAfter, global: reply.global ?? false }, headers);
    }
    if (reply.status >= 500) return json(res, reply.status, { message: 'Internal Server Error', code: 0 });
    const fallback = { 400: [50035, 'Invalid Form Body'], 401: [0, '401: Unauthorized'], 403: [50013, 'Missing Permissions'], 404: [10003, 'Unknown Channel'] } as const;
    const [code, message] = fallback[reply.status as 400 | 401 | 403 | 404];
    json(res, reply.status, { message: 'message' in reply && reply.message ? reply.message : message, code: 'code' in reply && reply.code !== undefined ? reply.code : code });
  }

  function createMessage(channelId: string, body: Record<string, unknown>): StubMessage {
    const nonce = typeof body.nonce === 'string' ? body.nonce : undefined;
    const nonceKey = `${channelId}:${nonce}`;
    if (nonce !== undefined && body.enforce_nonce === true && nonces.has(nonceKey)) {
      const earlier = messages.get(nonces.get(nonceKey) ?? '');
      if (earlier) return earlier;
    }
    nextId += 1n;
    const message: StubMessage = {
      id: String(nextId),
      channel_id: channelId,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      ...(nonce === undefined ? {} : { nonce }),
      edited_timestamp: null,
    };
    messages.set(message.id, message);
    if (nonce !== undefined) nonces.set(nonceKey, message.id);
    return message;
  }

  function route(method: string, path: string, body: unknown, res: ServerResponse): void {
    const fields = (body ?? {}) as Record<string, unknown>;
    let match = /^\/channels\/(\d+)\/messages$/.exec(path) ?? /^\/webhooks\/(\d+)\/[\w-]+$/.exec(path);
    if (match && method === 'POST') return json(res, 200, createMessage(match[1] ?? '', fields));
    match = /^\/channels\/\d+\/messages\/(\d+)$/.exec(path) ?? /^\/webhooks\/\d+\/[\w-]+\/messages\/(\d+|@original)$/.exec(path);
    if (match && method === 'PATCH') {
      if (match[1] === '@original') return json(res, 200, { id: 'original', ...fields });
      const message = messages.get(match[1] ?? '');
      if (!message) return json(res, 404, { message: 'Unknown Message', code: 10008 });
      if (typeof fields.content === 'string') message.content = fields.content;
      if (Array.isArray(fields.embeds)) message.embeds = fields.embeds;
      message.edited_timestamp = new Date().toISOString();
      return json(res, 200, message);
    }
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && method === 'PUT' && Array.isArray(body)) {
      return json(res, 200, body.map((command: Record<string, unknown>, index) => ({ id: String(9_000 + index), ...command })));
    }
    json(res, 404, { message: '404: Not Found', code: 0 });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBase: `http://127.0.0.1:${port}/api`,
    requests,
    messages,
    script(reply, options = {}) {
      scripts.push({ reply, remaining: options.times ?? 1, ...(options.method ? { method: options.method } : {}), ...(options.path ? { path: options.path } : {}) });
    },
    deleteMessage(id) {
      messages.delete(id);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
