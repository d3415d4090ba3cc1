import type { RuleViolation } from '../domain/validation';

/** Stable error codes of the JSON API; clients branch on these, never on message text. */
export type ApiErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'idempotency_conflict'
  | 'unknown_entity'
  | 'temporal_unavailable'
  | 'payload_too_large'
  | 'bad_request'
  | 'internal';

/** The one application error type; the central handler maps it to JSON or a Spanish page. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: RuleViolation[] = [],
  ) {
    super(message);
  }
}

/** True when Temporal could not be reached, so the caller can say "try again" instead of failing. */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: number; name?: string; message?: string };
  // gRPC UNAVAILABLE (14) or DEADLINE_EXCEEDED (4), or a connection that never came up.
  return e?.code === 14 || e?.code === 4 || e?.name === 'ServiceError' || /ECONNREFUSED|UNAVAILABLE|deadline/i.test(e?.message ?? '');
}
