import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

const CANCELLED = 1;
const DEADLINE_EXCEEDED = 4;
const UNAVAILABLE = 14;

/**
 * True when Temporal (or the worker behind a query or update) could not answer in time: the caller
 * gets `ProcessesUnavailable`, and a person is told to try again, with their link still usable.
 * An update whose worker is dead runs into the caller's deadline, which the client reports as a
 * cancelled call (`WorkflowUpdateRPCTimeoutOrCancelledError`, gRPC CANCELLED), not as DEADLINE_EXCEEDED;
 * nothing else here cancels a call.
 */
export function isUnavailable(err: unknown): boolean {
  for (let e = err as { code?: number; cause?: unknown; message?: string } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (e.code === UNAVAILABLE || e.code === DEADLINE_EXCEEDED || e.code === CANCELLED) return true;
    if (/ECONNREFUSED|deadline exceeded/i.test(e.message ?? '')) return true;
  }
  return false;
}
