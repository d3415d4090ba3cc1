/**
 * Failure type names shared by the activities that throw them and the workflows that branch on them
 * (a non-retryable list, a refusal shown on a page). Callers compare these constants, never text.
 */
export const FAILURES = {
  /** The SMTP relay refused for good (5xx): retrying is pointless, the process tells someone instead. */
  permanentMail: 'PermanentMailError',
  /** The `decide` update's validator refused a decision; its message is the Spanish reason. */
  decisionRefused: 'DecisionRefused',
  /** Another attempt holds the live claim of an email: this one backs off and retries. */
  deliveryInProgress: 'DeliveryInProgress',
  /** A roster role that an entity holds once is held by someone else. */
  rosterConflict: 'RosterConflict',
} as const;

export type FailureType = (typeof FAILURES)[keyof typeof FAILURES];
