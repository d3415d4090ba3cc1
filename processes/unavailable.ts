const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;

/**
 * True when Temporal (or the worker behind a query or update) could not answer in time: the caller
 * gets `ProcessesUnavailable`, and a person is told to try again, with their link still usable.
 */
export function isUnavailable(err: unknown): boolean {
  for (let e = err as { code?: number; cause?: unknown; message?: string } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === UNAVAILABLE || e.code === DEADLINE_EXCEEDED) return true;
    if (/ECONNREFUSED|deadline exceeded/i.test(e.message ?? '')) return true;
  }
  return false;
}
