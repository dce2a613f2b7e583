// The logging surface every stage receives; the composition root decides where it writes.
// A message is one readable sentence; `fields` optionally carries the same facts as data for
// structured logs (counts of a poll, a feed URL), and loggers that do not need them ignore them.
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
