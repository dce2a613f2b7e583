// Crash points for the fault-injection suite (test/faults): with FORCEWATCH_FAULT_AT=<point>[:<n>]
// the process SIGKILLs itself the n-th time (default: the first) it passes <point>, so a test can
// stop a poll exactly between two durable steps. Unset, as in production, a point is one
// comparison and nothing else.
let armed: { point: string; remaining: number } | null = null;

export type FaultPoint = 'feeds-fetched' | 'outbox-recorded' | 'before-drain' | 'sink-answered';

/** Called once by the CLI with the FORCEWATCH_FAULT_AT value. */
export function armFaultPoint(spec: string | undefined): void {
  const match = /^([a-z-]+)(?::(\d+))?$/.exec(spec ?? '');
  armed = match?.[1] ? { point: match[1], remaining: Number(match[2] ?? 1) } : null;
}

export function faultPoint(point: FaultPoint): void {
  if (armed === null || armed.point !== point) return;
  armed.remaining -= 1;
  if (armed.remaining <= 0) process.kill(process.pid, 'SIGKILL');
}
