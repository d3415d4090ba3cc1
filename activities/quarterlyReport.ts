/**
 * The supervision reports' I/O (PCM 6.3.1–6.3.2; INPE 5.1.c): the calendar, the registry rows, the
 * completeness of the quarter's exports, the drafts, and starting each report's process.
 */
import type { Processes } from '../contracts/processes';
import { buildQuarterlyReport, type QuarterlyReport, type QuarterlyReportInput } from '../domain/anexo3';
import type { EntityPolicy } from '../domain/entity';
import type { ReminderPlan } from '../domain/decision';
import { NETWORK_LABELS } from '../domain/networks';
import { frequencyWindow, monthlyFrequency } from '../domain/postingFrequency';
import { parseQuarter, quarterLabel } from '../domain/quarters';
import { monthLabel } from '../domain/roleReview';
import { limaDate } from '../domain/businessDays';
import { isMetricNetwork } from '../domain/metrics';
import { INACTIVITY_DEFAULT_DAYS, inactivityMessage, reactivationOf } from '../domain/inactivity';
import { accountInactivity } from '../registry/inactivity';
import {
  REPORT_DUE_DEFAULT_BUSINESS_DAYS,
  monthlyReportByCm,
  nextReportingEvents,
  quarterCloses,
  reportDueDay,
  reportsToSupervisor,
  uploadPlan,
} from '../domain/reporting';
import { peruPublicHolidays } from '../infra/holidays';
import { writtenDay } from '../infra/limaTime';
import type { QuarterlyReportState } from '../infra/models/quarterlyReport';
import type { Registry } from '../registry/reads';
import { accountLabel, reportDueAt, type QuarterlyReports } from '../registry/quarterlyReports';
import { postMetrics } from '../registry/postMetrics';
import type { Connection } from 'mongoose';
import { accountModel, LIVE_STATUSES } from '../infra/models/account';
import { trusted } from '../infra/db';

export interface ReportingSchedule {
  /** False once the entity left the registry, or when its directive asks for no report (Congress): the calendar ends. */
  exists: boolean;
  now: string;
  at: string;
  months: string[];
  quarters: string[];
}

/** What the quarterly report's process knows when it opens. */
export interface QuarterlyReportContext {
  exists: boolean;
  applies: boolean;
  entity?: EntityPolicy;
  dueAt: string;
  /** Texts the emails need, computed here so a new ICU never changes a replayed text. */
  words: { quarter: string; due: string; closes: string };
  uploadPlan: ReminderPlan;
  missing: string[];
}

export interface QuarterlyDraft {
  number: number;
  report: QuarterlyReport;
  /** The Spanish summary the head's step shows: one line per account. */
  summary: Array<[string, string]>;
}

export interface MonthlyEvaluationContext {
  exists: boolean;
  applies: boolean;
  entity?: EntityPolicy;
  cmReports: boolean;
  month: string;
  words: { month: string };
  /** One line per account: posts imported for the month and the frequency rule (PCM 6.2.2.4). */
  summary: Array<[string, string]>;
}

export interface QuarterlyReportActivityDeps {
  db: Connection;
  reports: QuarterlyReports;
  registry: Registry;
  processes: Processes;
  now?: () => Date;
}

const closedDays = (nonWorkingDays: string[], ...years: number[]) => new Set([...peruPublicHolidays([...new Set(years.flatMap((y) => [y - 1, y, y + 1]))]), ...nonWorkingDays]);

/** One line per account of a draft's input: what the head approves, in words. */
export function draftSummary(input: QuarterlyReportInput): Array<[string, string]> {
  const lines: Array<[string, string]> = [['Trimestre', quarterLabel(input.quarter)]];
  for (const a of input.accounts) {
    const posts = input.posts.filter((p) => p.accountId === a.accountId).length;
    const below = (input.frequency ?? []).filter((f) => f.accountId === a.accountId && f.belowMinimum).map((f) => monthLabel(f.month).split(' ')[0]);
    const frequency = below.length ? `; frecuencia por debajo del mínimo en ${below.join(', ')} (PCM 6.2.2.4)` : '';
    lines.push([`${NETWORK_LABELS[a.network]} ${a.name}`, `${posts === 0 ? 'sin publicaciones importadas' : `${posts} publicaciones importadas`}${frequency}`]);
  }
  if (input.accounts.length === 0) lines.push(['Cuentas', 'La entidad no tiene cuentas registradas en redes cuyas exportaciones Custodio lee.']);
  lines.push([
    'Plan de Comunicación Digital',
    input.plan ? `${input.plan.code}: el informe compara sus metas trimestrales con lo medido` : `sin plan aprobado para ${parseQuarter(input.quarter).year} (PCM 6.2.2.1): el informe no compara metas`,
  ]);
  return lines;
}

export function createQuarterlyReportActivities(deps: QuarterlyReportActivityDeps) {
  const clock = deps.now ?? (() => new Date());
  const metrics = postMetrics(deps.db);

  async function policyOf(entityId: string): Promise<{ exists: boolean; entity?: EntityPolicy }> {
    const found = await deps.registry.policy(entityId);
    if (found.ok) return { exists: true, entity: found.policy };
    return { exists: found.reason !== 'unknown' };
  }

  return {
    /** The calendar's next instant and what opens then, outside workflow code (STACK trap 4). */
    async reportingSchedule(input: { entityId: string; lastMonth?: string; lastQuarter?: string }): Promise<ReportingSchedule> {
      const entity = await deps.registry.entity(input.entityId);
      const now = clock();
      if (!entity || !reportsToSupervisor(entity.profile)) return { exists: false, now: now.toISOString(), at: now.toISOString(), months: [], quarters: [] };
      const year = now.getUTCFullYear();
      const next = nextReportingEvents(now, closedDays(entity.nonWorkingDays ?? [], year, year + 1), input);
      return { exists: true, now: now.toISOString(), at: next.at.toISOString(), months: next.months, quarters: next.quarters };
    },

    async startReportingProcesses(input: { entityId: string; months: string[]; quarters: string[] }): Promise<void> {
      for (const month of input.months) await deps.processes.startMonthlyEvaluation(input.entityId, month);
      for (const quarter of input.quarters) await deps.processes.startQuarterlyReport(input.entityId, quarter);
    },

    /** Opens the quarter's row (once) and says when the report is due and whose exports are missing. */
    async quarterlyReportContext(input: { entityId: string; quarter: string; workflowId: string }): Promise<QuarterlyReportContext> {
      const { exists, entity } = await policyOf(input.entityId);
      const doc = await deps.registry.entity(input.entityId);
      const now = clock();
      const year = Number(input.quarter.slice(0, 4));
      const closed = closedDays(doc?.nonWorkingDays ?? [], year);
      const dueDays = doc?.reportDueBusinessDays ?? REPORT_DUE_DEFAULT_BUSINESS_DAYS;
      const due = reportDueAt(doc ?? {}, input.quarter);
      const words = { quarter: quarterLabel(input.quarter), due: writtenDay(reportDueDay(due)), closes: writtenDay(new Date(quarterCloses(input.quarter).getTime() - 1)) };
      const base = { dueAt: due.toISOString(), words, uploadPlan: uploadPlan(now, input.quarter, dueDays, closed), missing: [] };
      if (!doc || !reportsToSupervisor(doc.profile)) return { exists: Boolean(doc), applies: false, ...base };
      if (!entity) return { exists, applies: true, ...base };
      const row = await deps.reports.open({ entityId: input.entityId, quarter: input.quarter, workflowId: input.workflowId, dueAt: due, at: now });
      const missing = (await deps.reports.missingExports(input.entityId, input.quarter)).map((m) => `${NETWORK_LABELS[m.network]} ${m.label}`);
      return { exists: true, applies: true, entity, ...base, dueAt: row.dueAt.toISOString(), missing };
    },

    /** Accounts still without an export that covers the quarter. */
    async quarterlyMissingExports(input: { entityId: string; quarter: string }): Promise<string[]> {
      return (await deps.reports.missingExports(input.entityId, input.quarter)).map((m) => `${NETWORK_LABELS[m.network]} ${m.label}`);
    },

    /** Drafts the report from the figures imported now and keeps it on the row (the page shows what the head saw). */
    async draftQuarterlyReport(input: { entityId: string; entityName: string; quarter: string; number: number }): Promise<QuarterlyDraft> {
      const at = clock();
      const data = await deps.reports.draftInput(input.entityId, input.entityName, input.quarter, at);
      const report = buildQuarterlyReport(data);
      await deps.reports.saveDraft(input.entityId, input.quarter, report, input.number, at);
      return { number: input.number, report, summary: draftSummary(data) };
    },

    async recordQuarterlyReportState(input: { entityId: string; quarter: string; state: QuarterlyReportState; at: string }): Promise<void> {
      await deps.reports.setState(input.entityId, input.quarter, input.state, new Date(input.at));
    },

    /** The month's evaluation: who, under which profile, and each account's month in one line. */
    async monthlyEvaluationContext(input: { entityId: string; month: string }): Promise<MonthlyEvaluationContext> {
      const { exists, entity } = await policyOf(input.entityId);
      const doc = await deps.registry.entity(input.entityId);
      const base = { month: input.month, words: { month: monthLabel(input.month) }, summary: [] as Array<[string, string]>, cmReports: doc ? monthlyReportByCm(doc.profile) : false };
      if (!doc || !reportsToSupervisor(doc.profile)) return { exists: Boolean(doc), applies: false, ...base };
      if (!entity) return { exists, applies: true, ...base };
      const accounts = await accountModel(deps.db).find({ entityId: input.entityId, status: trusted({ $in: LIVE_STATUSES }) }).sort({ network: 1, username: 1 }).lean();
      const summary: Array<[string, string]> = [];
      for (const a of accounts) {
        const label = `${NETWORK_LABELS[a.network]} ${accountLabel(a)}`;
        if (!isMetricNetwork(a.network)) {
          summary.push([label, 'Custodio no lee exportaciones de esta red: evalúela a mano.']);
          continue;
        }
        const network = a.network;
        const window = frequencyWindow(network, input.month);
        const read = (await metrics.latest(a._id, window.from, window.to)).filter((p) => p.network === network);
        const posts = read.filter((p) => limaDate(p.publishedAt).startsWith(`${input.month}-`));
        if (posts.length === 0) {
          summary.push([label, 'Sin publicaciones importadas para el mes: suba la exportación para evaluarla.']);
        } else {
          const f = monthlyFrequency(network, read.map((p) => p.publishedAt.toISOString()), input.month, clock());
          const periods = f.unit === 'day' ? 'días' : 'semanas';
          summary.push([label, `${posts.length} publicaciones; ${f.compliantPeriods} de ${f.totalPeriods} ${periods} cumplen la frecuencia mínima${f.belowMinimum ? ' (por debajo del mínimo, PCM 6.2.2.4)' : ''}.`]);
        }
        // PCM 5.2.5: an account gone silent is put before the head every month until it publishes again or is closed.
        const silent = inactivityMessage(await accountInactivity(deps.db, a, doc), writtenDay, reactivationOf(a), doc.inactivityDays ?? INACTIVITY_DEFAULT_DAYS);
        if (silent) summary.push([`${label}: continuidad`, silent]);
      }
      if (summary.length === 0) summary.push(['Cuentas', 'La entidad no tiene cuentas activas registradas.']);
      return { exists: true, applies: true, entity, ...base, summary };
    },
  };
}
