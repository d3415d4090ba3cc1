import type { RuleViolation } from './validation';

/**
 * Why Custodio refuses a request, as stable codes: the API answers each with its HTTP status
 * (api/errors.ts), a page with its Spanish message, an activity records it. Callers branch on the code,
 * never on the message.
 */
export const REFUSAL_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'roster_conflict',
  'entity_incomplete',
  'idempotency_conflict',
  'unknown_entity',
  'payload_too_large',
  'bad_request',
  /** The process refused a decision (already decided, superseded link, not its addressee…). */
  'decision_refused',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A refusal with a Spanish message and, for bad input, every broken rule with its clause. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly violations: RuleViolation[] = [],
  ) {
    super(message);
  }
}
