// Polls a condition (a log line, a file) every 100 ms until it holds, for the child-process tests.
/** Resolves with the first truthy value `probe` returns; rejects naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
