/** One agency's role for one campaign (workflows/agencyGrant.ts): its id, messages, input and status. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Contact } from '../domain/entity';
import type { GrantPlatformCheck } from '../domain/grantPlatformCheck';
import type { GrantSummary } from '../domain/pageRoles';
import { prefixedId } from './workflowIds';

export const grantWorkflowId = prefixedId('concesion-');

/** The one decision step: the custodian confirms the agency no longer holds the role. */
export const REMOVAL_STEP = 'retiro';

export interface AgencyGrantInput {
  grantId: string;
}

/** Ending the campaign early ends the grant early (issue #4 §2). `on` is the campaign's new last day, `YYYY-MM-DD`. */
export interface EndEarlyRequest {
  on: string;
  reason: string;
  by: string;
}

/** The grant as its process follows it; `endsOn` is the campaign's last day in force: the planned one, or the early end. */
export interface GrantStatus extends GrantSummary {
  entityId: string;
  label: string;
  /** False when the registry row disappeared and the process stopped following it. */
  inRegistry: boolean;
  startsAt?: string;
  /** When the removal is (or was) due. */
  removalDueAt?: string;
  endedEarly?: EndEarlyRequest;
  custodian?: Contact;
  /** While the removal is unconfirmed: who may confirm, since when, and whether it escalated. */
  removal?: { step: string; since: string; waitingFor: string[]; escalated: boolean; remindersSent: number };
  removedAt?: string;
  removedBy?: string;
  /** Once the removal is confirmed: what Meta showed of the agency (issue 17 §1), when the process checked. */
  platformCheck?: GrantPlatformCheck;
}

/** "Read the grant's row, account, entity and roster again" (a new custodian or head, new decreed days). */
export const refreshGrantSignal = defineSignal('refresh');
export const endEarlySignal = defineSignal<[EndEarlyRequest]>('endEarly');
export const grantStatusQuery = defineQuery<GrantStatus>('grantStatus');
