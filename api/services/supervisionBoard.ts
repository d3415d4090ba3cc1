import type { Connection } from 'mongoose';
import { can, canGlobally, requireIdentified } from '../../domain/access';
import { Refusal } from '../../domain/refusal';
import { monthLabel, reviewMonthOf } from '../../domain/roleReview';
import type { EntityDoc } from '../../infra/models/entity';
import { urls } from '../../infra/urls';
import type { Caller } from '../../registry/audit';
import type { Registry } from '../../registry/reads';
import { entityGlance, type EntityGlance } from './entityGlance';
import { PROCESS_LABELS } from './myWork';

export { REVIEW_STATE_LABELS, type ReviewState } from './entityGlance';

export interface SupervisionRow {
  entity: { id: string; name: string };
  /** Accounts in force (active or paused); retired ones are no longer governed. */
  accounts: number;
  /** Active accounts whose password change is past due (PCM 6.1.2.5). */
  overdueRotations: number;
  /** Steps waiting for the entity's SCS address: technical reports to acknowledge, opinions to give. */
  pendingForScs: number;
  review: EntityGlance['review'];
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
  const glance = entityGlance(deps);

  function pendingIn(entity: EntityDoc, open: EntityGlance['openSteps'], now: Date): PendingForScs[] {
    const scs = entity.supervisorEmail.toLowerCase();
    return open
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
      const seen = await glance(entity, month, now);
      const waiting = pendingIn(entity, seen.openSteps, now);
      pending.push(...waiting);
      rows.push({ entity: seen.entity, accounts: seen.accounts, overdueRotations: seen.overdueRotations, pendingForScs: waiting.length, review: seen.review });
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
