const CANCELLED = 1;
const DEADLINE_EXCEEDED = 4;
const FAILED_PRECONDITION = 9;
const UNAVAILABLE = 14;

/** The type Temporal puts in a WorkflowNotReady error's status details (its message varies by case). */
const WORKFLOW_NOT_READY = 'temporal.api.errordetails.v1.WorkflowNotReadyFailure';

type GrpcLike = { code?: number; cause?: unknown; message?: string; metadata?: { get?(key: string): unknown[] } };

/**
 * Temporal's "not now" for one workflow: a query while its workflow task has failed or timed out three
 * times in a row (as when the worker has been down for 20 s), or before its first task was scheduled.
 * The server answers at once with FAILED_PRECONDITION, so the caller's deadline never turns it into a
 * timeout; the fault suite met it as a 500 on link pages (issue 18, session 10).
 */
function workflowNotReady(e: GrpcLike): boolean {
  if (e.code !== FAILED_PRECONDITION) return false;
  const details = e.metadata?.get?.('grpc-status-details-bin') ?? [];
  return details.some((d) => Buffer.isBuffer(d) && d.includes(WORKFLOW_NOT_READY));
}

/**
 * True when Temporal (or the worker behind a query) could not answer in time: the caller gets
 * `ProcessesUnavailable`, and a person is told to try again, with their link still usable. A call cut
 * by the caller's deadline can surface as gRPC CANCELLED rather than DEADLINE_EXCEEDED; nothing else
 * here cancels a call.
 */
export function isUnavailable(err: unknown): boolean {
  for (let e = err as GrpcLike | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === UNAVAILABLE || e.code === DEADLINE_EXCEEDED || e.code === CANCELLED || workflowNotReady(e)) return true;
    if (/ECONNREFUSED|deadline exceeded/i.test(e.message ?? '')) return true;
  }
  return false;
}
