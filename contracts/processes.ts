/**
 * The port through which the API, the activities and the worker's start-up start and nudge the
 * long-lived processes; `processes/` implements it over a Temporal client. Every start is idempotent:
 * the workflow id derives from what it governs, and "already started" counts as success.
 */
import type { EndEarlyRequest } from './agencyGrant';
import type { RotateNowRequest } from './credentialRotation';

/** What a new rotation process starts from: the last confirmed rotation, and the cycle that comes next (1 by default). */
export interface RotationStart {
  accountId: string;
  lastConfirmedAt: string;
  cycle?: number;
  dueAt?: string;
}

export interface Processes {
  /** Starts the rotation process of each account unless it runs already. */
  startRotations(accounts: RotationStart[]): Promise<void>;
  /** Tells rotation processes to read the registry again (policy, roster or status changed). Missing ones are skipped. */
  refreshRotations(accountIds: string[]): Promise<void>;
  /** Asks for an immediate rotation, starting the process first if it is missing. */
  rotateNow(accountIds: string[], request: RotateNowRequest): Promise<void>;
  /**
   * Starts an entity's review of a month (PCM 6.1.2.11) unless it runs or completed already (a failed or
   * terminated one may start again); true when this call started it.
   */
  startRoleReview(entityId: string, month: string): Promise<boolean>;
  /** Starts each entity's monthly review scheduler unless it runs already. */
  startReviewSchedulers(entityIds: string[]): Promise<void>;
  /** Tells review schedulers to read the calendar again (decreed non-working days changed). Missing ones are skipped. */
  refreshReviewSchedulers(entityIds: string[]): Promise<void>;
  /** Starts the process of an agency grant whose registry row is written (PCM 6.1.2.10) unless it runs already. */
  startAgencyGrant(grantId: string): Promise<void>;
  /** Ends a grant's campaign early; false when its process has ended (nothing left to end). */
  endAgencyGrantEarly(grantId: string, request: EndEarlyRequest): Promise<boolean>;
  /** Tells grant processes to read the registry again (a new custodian or head). Ended ones are skipped. */
  refreshAgencyGrants(grantIds: string[]): Promise<void>;
}
