// The process logger: pino, one JSON object per line on stderr (stdout is for output others
// parse), or pino-pretty's readable lines when stderr is a terminal and pino-pretty is installed
// (a development dependency; the production image logs JSON). Secrets never reach a line: the
// known values (bot token, public key) and anything shaped like one — a webhook URL's token, a
// password in a URL, a token in a query string — are replaced, in messages and in fields.
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Level } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { LogFields, Logger } from './core/logger.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

export interface LoggerOptions {
  /** An unknown level (a typo in LOG_LEVEL) falls back to info. */
  level: LogLevel | string;
  /** Values to replace wherever they appear (shorter than 6 characters: ignored). */
  secrets?: readonly (string | null | undefined)[];
  /** Where lines go: stderr by default. */
  stream?: NodeJS.WritableStream;
  /** Readable lines instead of JSON; by default when the stream is a terminal and pino-pretty is installed. */
  pretty?: boolean;
}

export interface ProcessLogger extends Logger {
  debug(message: string, fields?: LogFields): void;
}

const REDACTED = '***';

/** Keys whose values are secrets whatever they look like. */
const SECRET_KEYS = /^(token|secret|password|publicKey|authorization|webhookUrl|apiKey)$/i;

/** Secret-shaped parts of any text: [pattern, replacement]. */
const SECRET_PATTERNS: [RegExp, string][] = [
  // Discord webhooks: /api[/v10]/webhooks/<id>/<token>
  [/(\/api(?:\/v\d+)?\/webhooks\/\d+\/)[\w-]+/g, `$1${REDACTED}`],
  // Slack-style webhook paths, whose whole path is the credential.
  [/(hooks\.slack\.com\/services\/)[^\s"'<>]+/g, `$1${REDACTED}`],
  // user:password@ in any URL (redis://:secret@host, postgres://user:pw@host).
  [/([a-z][\w+.-]*:\/\/)[^/\s:@]*:[^/\s@]*@/gi, `$1${REDACTED}@`],
  // token=…, key=…, sig=… in a query string.
  [/([?&](?:token|access_token|api_key|apikey|key|secret|sig|signature|password|auth)=)[^&\s"'#<>]+/gi, `$1${REDACTED}`],
  // Authorization header values.
  [/\b(Bot|Bearer) [\w.-]{16,}/g, `$1 ${REDACTED}`],
];

export function createScrubber(secrets: readonly (string | null | undefined)[] = []): (text: string) => string {
  const known = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 6);
  return (text) => {
    let scrubbed = text;
    for (const secret of known) scrubbed = scrubbed.split(secret).join(REDACTED);
    for (const [pattern, replacement] of SECRET_PATTERNS) scrubbed = scrubbed.replace(pattern, replacement);
    return scrubbed;
  };
}

export function createLogger(options: LoggerOptions): ProcessLogger {
  const target = options.stream ?? process.stderr;
  const scrub = createScrubber(options.secrets);
  const usePretty = options.pretty ?? (target as NodeJS.WriteStream).isTTY === true;
  const destination = (usePretty ? prettyStream(target) : null) ?? (target as DestinationStream);
  const logger = pino(
    {
      level: isLogLevel(options.level) ? options.level : 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const scrubValue = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (depth > 4 || value === null || typeof value !== 'object') return value;
    if (value instanceof Error) return { name: value.name, message: scrub(value.message) };
    if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_KEYS.test(key) ? REDACTED : scrubValue(item, depth + 1)]));
  };
  const write = (level: Level) => (message: string, fields?: LogFields) => {
    if (!logger.isLevelEnabled(level)) return;
    if (fields) logger[level](scrubValue(fields, 0) as object, scrub(message));
    else logger[level](scrub(message));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** pino-pretty writing to the target, or null when it is not installed (production image). */
function prettyStream(target: NodeJS.WritableStream): DestinationStream | null {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
    return pretty({ destination: target, colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
  } catch {
    return null;
  }
}
