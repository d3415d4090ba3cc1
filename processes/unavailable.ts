const CANCELLED = 1;
const DEADLINE_EXCEEDED = 4;
const UNAVAILABLE = 14;

/**
 * True when Temporal (or the worker behind a query) could not answer in time: the caller gets
 * `ProcessesUnavailable`, and a person is told to try again, with their link still usable. A call cut
 * by the caller's deadline can surface as gRPC CANCELLED rather than DEADLINE_EXCEEDED; nothing else
 * here cancels a call.
 */
export function isUnavailable(err: unknown): boolean {
  for (let e = err as { code?: number; cause?: unknown; message?: string } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === UNAVAILABLE || e.code === DEADLINE_EXCEEDED || e.code === CANCELLED) return true;
    if (/ECONNREFUSED|deadline exceeded/i.test(e.message ?? '')) return true;
  }
  return false;
}
