import type { Connection } from 'mongoose';
import { reviewInstant } from '../../domain/roleReview';
import { peruPublicHolidays } from '../../infra/holidays';
import type { EntityDoc } from '../../infra/models/entity';
import { roleReviewModel } from '../../infra/models/roleReview';
import { openSteps, type OpenedStep } from '../../registry/openSteps';
import { accountSchedule } from './accountBoard';

/**
 * This month's review of page roles (PCM 6.1.2.11): attested; open and waiting for the reviewer's
 * conformity; not started though its first business day has come; or not due yet.
 */
export type ReviewState = 'attested' | 'open' | 'missing' | 'notDue';

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  attested: 'Hecha',
  open: 'Abierta: falta la conformidad',
  missing: 'Falta: no se inició',
  notDue: 'Aún no corresponde',
};

/** One entity at a glance: what the SCS board shows per row and the home page shows its own people. */
export interface EntityGlance {
  entity: { id: string; name: string };
  /** Accounts in force (active or paused); retired ones are no longer governed. */
  accounts: number;
  /** Active accounts whose password change is past due (PCM 6.1.2.5). */
  overdueRotations: number;
  /** Every step of the entity's processes waiting for someone, oldest first. */
  openSteps: OpenedStep[];
  review: { month: string; state: ReviewState; dueAt: string; attestedAt?: string };
}

/**
 * Reads one entity at a glance with indexed queries of its own (accounts and their rotations as the
 * accounts page counts them, its open steps, this month's review): FerretDB v1 has no `$lookup`.
 */
export function entityGlance(deps: { db: Connection }) {
  const schedule = accountSchedule(deps.db);
  const steps = openSteps(deps.db);
  const reviews = roleReviewModel(deps.db);

  async function reviewOf(entity: EntityDoc, month: string, now: Date): Promise<EntityGlance['review']> {
    const year = Number(month.slice(0, 4));
    const dueAt = reviewInstant(month, new Set([...peruPublicHolidays([year]), ...(entity.nonWorkingDays ?? [])]));
    // By the entity's index, not by `_id`: FerretDB v1 scans the collection for an `_id` lookup.
    const row = await reviews.findOne({ entityId: entity._id, month }, { state: 1, attestedAt: 1 }).lean();
    const state: ReviewState = row?.state === 'attested' ? 'attested' : row ? 'open' : dueAt <= now ? 'missing' : 'notDue';
    return { month, state, dueAt: dueAt.toISOString(), ...(row?.attestedAt ? { attestedAt: row.attestedAt.toISOString() } : {}) };
  }

  return async (entity: EntityDoc, month: string, now = new Date()): Promise<EntityGlance> => {
    const accounts = await schedule(entity, now);
    return {
      entity: { id: entity._id, name: entity.name },
      accounts: accounts.filter((a) => a.status !== 'retired').length,
      overdueRotations: accounts.filter((a) => a.overdue).length,
      openSteps: await steps.openIn(entity._id),
      review: await reviewOf(entity, month, now),
    };
  };
}
