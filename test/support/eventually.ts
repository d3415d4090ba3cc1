/**
 * The one polling helper of the suite. Processes, the audit trail and the mailbox change after the call
 * that caused them has answered: a test reads again, boundedly, until it sees what it needs.
 */

export interface PollOptions {
  /** Pause between reads; 150 ms unless a test (e.g. against the time-skipping server) needs it faster. */
  intervalMs?: number;
  /**
   * A read that throws is read again, until the deadline, instead of failing the test at once (a run
   * between continue-as-new and its first task, a process not started yet). The last error is reported.
   */
  retryErrors?: boolean;
}

const describeLast = (v: unknown): string => {
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/**
 * Reads until `ok` holds and answers that value; throws `${what} never happened; last: …` once
 * `timeoutMs` have passed without it.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 20_000,
  { intervalMs = 150, retryErrors = false }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await read();
      if (ok(v)) return v;
      last = v;
    } catch (err) {
      if (!retryErrors) throw err;
      last = err;
    }
    if (Date.now() >= deadline) throw new Error(`${what} never happened; last: ${describeLast(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
