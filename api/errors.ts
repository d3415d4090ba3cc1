import type { RuleViolation } from '../domain/validation';

/** Stable error codes of the JSON API; clients branch on these, never on message text. */
export const API_ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'invalid_api_key',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  'roster_conflict',
  'entity_incomplete',
  'idempotency_conflict',
  'unknown_entity',
  'temporal_unavailable',
  'payload_too_large',
  'bad_request',
  'rate_limited',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

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

const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;

/**
 * True when Temporal (or the worker behind a query or update) could not answer in time, so the page
 * can say "try again" and the link stays usable, instead of failing.
 */
export function isUnavailable(err: unknown): boolean {
  for (let e = err as { code?: number; cause?: unknown; message?: string } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === UNAVAILABLE || e.code === DEADLINE_EXCEEDED) return true;
    if (/ECONNREFUSED|deadline exceeded/i.test(e.message ?? '')) return true;
  }
  return false;
}

/** Default for how long a request waits for Temporal before answering "try again". */
export const TEMPORAL_DEADLINE_MS = 15_000;
