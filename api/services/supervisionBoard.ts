import type { Connection } from 'mongoose';
import { can, canGlobally, requireIdentified } from '../../domain/access';
import { Refusal } from '../../domain/refusal';
import { monthLabel, reviewInstant, reviewMonthOf } from '../../domain/roleReview';
import { peruPublicHolidays } from '../../infra/holidays';
import type { EntityDoc } from '../../infra/models/entity';
import { roleReviewModel } from '../../infra/models/roleReview';
import { urls } from '../../infra/urls';
import type { Caller } from '../../registry/audit';
import { openSteps } from '../../registry/openSteps';
import type { Registry } from '../../registry/reads';
import { accountSchedule } from './accountBoard';
import { PROCESS_LABELS } from './myWork';

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

export interface SupervisionRow {
  entity: { id: string; name: string };
  /** Accounts in force (active or paused); retired ones are no longer governed. */
  accounts: number;
  /** Active accounts whose password change is past due (PCM 6.1.2.5). */
  overdueRotations: number;
  /** Steps waiting for the entity's SCS address: technical reports to acknowledge, opinions to give. */
  pendingForScs: number;
  review: { state: ReviewState; dueAt: string; attestedAt?: string };
}

export interface PendingForScs {
  entity: { id: string; name: string };
  workflowId: string;
  step: string;
  title: string;
  process: string;
  openedAt: string;
  dueAt?: string;
  overdue: boolean;
  /** The process's status page, where it has one. */
  href?: string;
}

export interface SupervisionBoard {
  /** `YYYY-MM` and «enero de 2027»: the month whose role reviews are shown. */
  month: { id: string; label: string };
  generatedAt: string;
  rows: SupervisionRow[];
  /** In the rows' order, each entity's oldest first. */
  pending: PendingForScs[];
  totals: { entities: number; accounts: number; overdueRotations: number; pendingForScs: number; reviewsAttested: number; reviewsMissing: number };
}

/**
 * The SCS supervisor's board (issue 15 §2): one row per entity under supervision — those where `can`
 * gives the supervisor `supervision.read`, so the board and every page it links to agree — with its
 * accounts, overdue rotations (counted as the accounts page counts them, `accountSchedule`), the steps
 * waiting for SCS and this month's role review. FerretDB v1 has no `$lookup`: each entity is read by
 * indexed queries of its own (accounts, their rotations, its open steps, its review), one entity at a time.
 */
export function supervisionBoard(deps: { db: Connection; registry: Registry }) {
  const schedule = accountSchedule(deps.db);
  const steps = openSteps(deps.db);
  const reviews = roleReviewModel(deps.db);

  async function reviewOf(entity: EntityDoc, month: string, now: Date): Promise<SupervisionRow['review']> {
    const year = Number(month.slice(0, 4));
    const dueAt = reviewInstant(month, new Set([...peruPublicHolidays([year]), ...(entity.nonWorkingDays ?? [])]));
    // By the entity's index, not by `_id`: FerretDB v1 scans the collection for an `_id` lookup.
    const row = await reviews.findOne({ entityId: entity._id, month }, { state: 1, attestedAt: 1 }).lean();
    const state: ReviewState = row?.state === 'attested' ? 'attested' : row ? 'open' : dueAt <= now ? 'missing' : 'notDue';
    return { state, dueAt: dueAt.toISOString(), ...(row?.attestedAt ? { attestedAt: row.attestedAt.toISOString() } : {}) };
  }

  async function pendingIn(entity: EntityDoc, now: Date): Promise<PendingForScs[]> {
    const scs = entity.supervisorEmail.toLowerCase();
    return (await steps.openIn(entity._id))
      .filter((s) => s.waitingFor.includes(scs))
      .map((s) => {
        const href = urls.processPage(s.workflowId);
        return {
          entity: { id: entity._id, name: entity.name }, workflowId: s.workflowId, step: s.step, title: s.title,
          process: PROCESS_LABELS[s.process] ?? s.process, openedAt: s.openedAt.toISOString(),
          ...(s.dueAt ? { dueAt: s.dueAt.toISOString() } : {}), overdue: s.dueAt !== undefined && s.dueAt <= now,
          ...(href ? { href } : {}),
        };
      });
  }

  return async (caller: Caller, now = new Date()): Promise<SupervisionBoard> => {
    requireIdentified(caller.principal);
    const principal = caller.principal;
    if (!canGlobally(principal, 'supervision.read')) throw new Refusal('forbidden', 'Este tablero es de la Secretaría de Comunicación Social (SCS).');
    const month = reviewMonthOf(now);
    const supervised = (await deps.registry.entities()).filter((e) => can(principal, 'supervision.read', { id: e._id, profile: e.profile }));

    const rows: SupervisionRow[] = [];
    const pending: PendingForScs[] = [];
    for (const entity of supervised) {
      const accounts = await schedule(entity, now);
      const waiting = await pendingIn(entity, now);
      pending.push(...waiting);
      rows.push({
        entity: { id: entity._id, name: entity.name },
        accounts: accounts.filter((a) => a.status !== 'retired').length,
        overdueRotations: accounts.filter((a) => a.overdue).length,
        pendingForScs: waiting.length,
        review: await reviewOf(entity, month, now),
      });
    }
    const sum = (f: (r: SupervisionRow) => number) => rows.reduce((n, r) => n + f(r), 0);
    return {
      month: { id: month, label: monthLabel(month) },
      generatedAt: now.toISOString(),
      rows,
      pending,
      totals: {
        entities: rows.length,
        accounts: sum((r) => r.accounts),
        overdueRotations: sum((r) => r.overdueRotations),
        pendingForScs: pending.length,
        reviewsAttested: rows.filter((r) => r.review.state === 'attested').length,
        reviewsMissing: rows.filter((r) => r.review.state === 'open' || r.review.state === 'missing').length,
      },
    };
  };
}

export type SupervisionBoardService = ReturnType<typeof supervisionBoard>;
