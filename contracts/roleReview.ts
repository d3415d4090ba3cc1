/** The monthly review of page roles (workflows/roleReview.ts): ids, messages, inputs and statuses of the scheduler and of each month's review. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Contact } from '../domain/entity';
import type { ReviewAnomaly } from '../domain/platformRoles';

export const roleReviewWorkflowId = Object.assign((entityId: string, month: string) => `revision-roles-${entityId}-${month}`, {
  parse(id: string): { entityId: string; month: string } | undefined {
    const m = /^revision-roles-(.+)-(\d{4}-\d{2})$/.exec(id);
    return m ? { entityId: m[1]!, month: m[2]! } : undefined;
  },
});
/** One entity's scheduler; an id that is a month's review is not a scheduler's. */
export const roleReviewSchedulerId = Object.assign((entityId: string) => `revision-roles-${entityId}`, {
  parse: (id: string): string | undefined => (roleReviewWorkflowId.parse(id) ? undefined : /^revision-roles-(.+)$/.exec(id)?.[1]),
});

/** The one decision step of a month's review. */
export const REVIEW_STEP = 'conformidad';

/** "Read the calendar (or the roster) again": the scheduler after a decree, a review still without reviewer. */
export const refreshRoleReviewSignal = defineSignal('refresh');

export interface RoleReviewSchedulerInput {
  entityId: string;
  /** The month of the last review this scheduler started; absent for a new scheduler. */
  lastMonth?: string;
  cycle?: number;
}

export interface RoleReviewSchedulerStatus {
  entityId: string;
  cycle: number;
  lastMonth?: string;
  nextMonth?: string;
  nextAt?: string;
}

export const roleReviewSchedulerQuery = defineQuery<RoleReviewSchedulerStatus>('roleReviewScheduler');

export interface RoleReviewInput {
  entityId: string;
  /** `YYYY-MM`. */
  month: string;
}

export type RoleReviewProgress = 'preparando' | 'sin-revisor' | 'abierta' | 'conforme' | 'ya-conforme' | 'sin-entidad';

export interface RoleReviewStatus {
  entityId: string;
  month: string;
  state: RoleReviewProgress;
  reviewer?: Contact;
  escalateTo: Contact[];
  designated: boolean;
  /** The registry's and, when the entity is connected to Meta, the platform's (issue 17 §1). */
  anomalies: ReviewAnomaly[];
  /** While open: who may attest now, since when, and whether it escalated. */
  waitingFor: string[];
  since?: string;
  escalated: boolean;
  remindersSent: number;
  attestedBy?: string;
  attestedAt?: string;
}

/**
 * Attempts the review gives Meta's rate limit or silence before it opens without the platform read
 * (issue 17 §1): a review must not wait on Graph for days.
 */
export const PLATFORM_READ_ATTEMPTS = 4;

export const roleReviewStatusQuery = defineQuery<RoleReviewStatus>('roleReviewStatus');
