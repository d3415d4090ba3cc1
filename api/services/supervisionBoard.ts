import type { Connection } from 'mongoose';
import { can, canGlobally, requireIdentified } from '../../domain/access';
import { Refusal } from '../../domain/refusal';
import { monthLabel, reviewMonthOf } from '../../domain/roleReview';
import { previousQuarter, quarterLabel, quarterOf } from '../../domain/quarters';
import { reportDueDay } from '../../domain/reporting';
import type { QuarterlyReportDoc } from '../../infra/models/quarterlyReport';
import { quarterlyReports, reportDueAt } from '../../registry/quarterlyReports';
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
  /** The last closed quarter's report to SCS (PCM 6.3.2): sent, acknowledged, still within its deadline, or late. */
  report: QuarterReportGlance;
}

export const REPORT_GLANCE_LABELS: Record<QuarterReportGlance['state'], string> = {
  acknowledged: 'Enviado y recibido',
  sent: 'Enviado: falta el acuse de la SCS',
  pending: 'En plazo',
  late: 'Vencido: no enviado',
};

export interface QuarterReportGlance {
  quarter: string;
  state: 'acknowledged' | 'sent' | 'pending' | 'late';
  dueAt: string;
  /** The last day to send it, `YYYY-MM-DD` (Lima). */
  dueOn: string;
  sentAt?: string;
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
  /** The last closed quarter, whose reports are shown. */
  quarter: { id: string; label: string };
  generatedAt: string;
  rows: SupervisionRow[];
  /** In the rows' order, each entity's oldest first. */
  pending: PendingForScs[];
  totals: { entities: number; accounts: number; overdueRotations: number; pendingForScs: number; reviewsAttested: number; reviewsMissing: number; reportsSent: number; reportsLate: number };
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

    const quarter = previousQuarter(quarterOf(month));
    const reports = new Map((await quarterlyReports(deps.db).ofQuarter(supervised.map((e) => e._id), quarter)).map((r) => [r.entityId, r]));
    const rows: SupervisionRow[] = [];
    const pending: PendingForScs[] = [];
    for (const entity of supervised) {
      const seen = await glance(entity, month, now);
      const waiting = pendingIn(entity, seen.openSteps, now);
      pending.push(...waiting);
      const report = reportGlance(entity, quarter, reports.get(entity._id), now);
      rows.push({ entity: seen.entity, accounts: seen.accounts, overdueRotations: seen.overdueRotations, pendingForScs: waiting.length, review: seen.review, report });
    }
    const sum = (f: (r: SupervisionRow) => number) => rows.reduce((n, r) => n + f(r), 0);
    return {
      month: { id: month, label: monthLabel(month) },
      quarter: { id: quarter, label: quarterLabel(quarter) },
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
        reportsSent: rows.filter((r) => r.report.state === 'sent' || r.report.state === 'acknowledged').length,
        reportsLate: rows.filter((r) => r.report.state === 'late').length,
      },
    };
  };
}

/**
 * Where an entity's report of a quarter stands: by its row when its process opened one (the deadline
 * fixed then), else by the deadline its setting gives now (a report nobody started is late all the same).
 */
function reportGlance(entity: EntityDoc, quarter: string, row: QuarterlyReportDoc | undefined, now: Date): QuarterReportGlance {
  const dueAt = row?.dueAt ?? reportDueAt(entity, quarter);
  const base = { quarter, dueAt: dueAt.toISOString(), dueOn: reportDueDay(dueAt) };
  if (row?.sentAt) return { ...base, state: row.acknowledgedAt ? 'acknowledged' : 'sent', sentAt: row.sentAt.toISOString() };
  return { ...base, state: dueAt.getTime() <= now.getTime() ? 'late' : 'pending' };
}

export type SupervisionBoardService = ReturnType<typeof supervisionBoard>;
