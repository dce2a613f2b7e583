// Graceful shutdown: the first SIGTERM or SIGINT asks the process to stop (the poll in progress
// is finished or abandoned between items, the outbox flushed, the store and the gateway closed);
// a second one, or the deadline passing, exits at once. Each step of the stop has its own time
// limit so that one stuck step (a sink that does not answer) cannot hold the others up.

export const SHUTDOWN_DEADLINE_MS = 10_000;

export interface StopOptions {
  /** Exit anyway this long after the first signal (default 10 s). */
  deadlineMs?: number;
  /** Told when the deadline forces the exit, just before it. */
  onDeadline?: () => void;
  signals?: readonly NodeJS.Signals[];
  /** For tests: what exits. */
  exit?: (code: number) => void;
}

export interface StopRequest {
  /** Resolves on the first signal. */
  requested: Promise<void>;
  isRequested(): boolean;
  /** Once the work is done: exit with `code` even if a stray handle (a socket) would keep the process up. */
  exitWhenIdle(code: number): void;
}

export function listenForStop(options: StopOptions = {}): StopRequest {
  const deadlineMs = options.deadlineMs ?? SHUTDOWN_DEADLINE_MS;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let asked = false;
  let resolveRequested: () => void = () => undefined;
  const requested = new Promise<void>((resolve) => {
    resolveRequested = resolve;
  });
  const onSignal = () => {
    if (asked) {
      exit(130);
      return;
    }
    asked = true;
    // Unreferenced: it forces the exit only if something still keeps the process alive then.
    setTimeout(() => {
      options.onDeadline?.();
      exit(1);
    }, deadlineMs).unref();
    resolveRequested();
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, onSignal);
  return {
    requested,
    isRequested: () => asked,
    exitWhenIdle(code) {
      if (!asked) return;
      // Stdout and stderr are written synchronously for files and pipes; give the event loop a
      // turn to finish what is queued, then leave even if a keep-alive socket lingers.
      setTimeout(() => exit(code), 200).unref();
    },
  };
}

/** Resolves with the step's result, or with `timedOut` once `ms` passed (the step carries on unawaited). */
export async function within<T, U>(step: Promise<T>, ms: number, timedOut: U): Promise<T | U> {
  let timer: NodeJS.Timeout | null = null;
  const timeout = new Promise<U>((resolve) => {
    timer = setTimeout(() => resolve(timedOut), ms);
  });
  try {
    return await Promise.race([step, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
