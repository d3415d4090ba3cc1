import { REFUSAL_CODES, type Refusal, type RefusalCode } from '../domain/refusal';
import type { RuleViolation } from '../domain/validation';

/** Stable error codes of the JSON API; clients branch on these, never on message text. */
export const API_ERROR_CODES = [...REFUSAL_CODES, 'invalid_api_key', 'csrf_failed', 'temporal_unavailable', 'database_unavailable', 'rate_limited', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The HTTP status of each refusal. */
export const REFUSAL_STATUS: Record<RefusalCode, number> = {
  validation_failed: 400,
  bad_request: 400,
  unknown_entity: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  roster_conflict: 409,
  entity_incomplete: 409,
  idempotency_conflict: 409,
  decision_refused: 409,
  payload_too_large: 413,
};

/** An error of the HTTP layer itself (a bad API key, a CSRF failure, an internal error): refusals below the API are `Refusal`s. */
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

/** The API's answer to a refusal. */
export const fromRefusal = (r: Refusal): AppError => new AppError(REFUSAL_STATUS[r.code], r.code, r.message, r.violations);

/** Default for how long a request waits for Temporal before answering "try again". */
export const TEMPORAL_DEADLINE_MS = 15_000;
