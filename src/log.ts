// The process logger: one line per message on stderr (stdout is for output others parse), with
// known secrets replaced before anything is written.
import type { Logger } from './core/logger.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

export function createLogger(options: { level: LogLevel; secrets?: readonly (string | null | undefined)[]; stream?: NodeJS.WritableStream; json?: boolean }): Logger {
  const stream = options.stream ?? process.stderr;
  const threshold = LEVELS.indexOf(options.level);
  const secrets = (options.secrets ?? []).filter((secret): secret is string => typeof secret === 'string' && secret.length >= 6);
  const write = (level: 'info' | 'warn' | 'error', message: string) => {
    if (LEVELS.indexOf(level) < threshold) return;
    let text = message;
    for (const secret of secrets) text = text.split(secret).join('***');
    const line = options.json ? JSON.stringify({ time: new Date().toISOString(), level, msg: text }) : `${level === 'info' ? '' : `${level}: `}${text}`;
    stream.write(`${line}\n`);
  };
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
  };
}
