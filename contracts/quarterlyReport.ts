/**
 * Supervision reports (PCM 6.3.1–6.3.2, Anexo 3; INPE 5.1.c): each entity's reporting calendar, the
 * quarterly report to SCS, and the monthly evaluation of the accounts' activity.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Contact } from '../domain/entity';

const QUARTER = /^(\d{4}-Q[1-4])$/;
const MONTH = /^(\d{4}-(?:0[1-9]|1[0-2]))$/;

/** `informe-trimestral-<entityId>-<YYYY-Qn>`: one report per entity and quarter, whoever starts it. */
export const quarterlyReportWorkflowId = Object.assign((entityId: string, quarter: string) => `informe-trimestral-${entityId}-${quarter}`, {
  parse(id: string): { entityId: string; quarter: string } | undefined {
    const m = /^informe-trimestral-(.+)-(\d{4}-Q[1-4])$/.exec(id);
    return m ? { entityId: m[1]!, quarter: m[2]! } : undefined;
  },
});

/** `evaluacion-mensual-<entityId>-<YYYY-MM>`: one evaluation per entity and month. */
export const monthlyEvaluationWorkflowId = Object.assign((entityId: string, month: string) => `evaluacion-mensual-${entityId}-${month}`, {
  parse(id: string): { entityId: string; month: string } | undefined {
    const m = /^evaluacion-mensual-(.+)-(\d{4}-\d{2})$/.exec(id);
    return m ? { entityId: m[1]!, month: m[2]! } : undefined;
  },
});

/** `calendario-informes-<entityId>`: the entity's reporting calendar. */
export const reportingSchedulerId = Object.assign((entityId: string) => `calendario-informes-${entityId}`, {
  parse: (id: string): string | undefined => /^calendario-informes-(.+)$/.exec(id)?.[1],
});

export const isQuarter = (q: string): boolean => QUARTER.test(q);
export const isMonth = (m: string): boolean => MONTH.test(m);

/** Steps of the quarterly report. */
export const REPORT_STEPS = {
  upload: 'carga-datos',
  approval: (round: number) => `aprobacion-${round}`,
  correction: (round: number) => `correccion-${round}`,
  supervisor: 'acuse-scs',
} as const;

/** Steps of the monthly evaluation: the CM's report (INPE 5.1.c) and the office's evaluation (PCM 6.3.1). */
export const EVALUATION_STEPS = { cmReport: 'informe-cm', evaluation: 'evaluacion' } as const;

/**
 * "Read the registry again": new metrics were imported (the report may now be complete, or a draft
 * waiting for the head is stale), or the calendar changed (a decree moved a business day).
 */
export const reportingNewsSignal = defineSignal('reportingNews');

export interface ReportingSchedulerInput {
  entityId: string;
  /** The last month whose evaluation this calendar started, `YYYY-MM`; absent for a new calendar. */
  lastMonth?: string;
  /** The last quarter whose report this calendar started, `YYYY-Qn`. */
  lastQuarter?: string;
  cycle?: number;
}

export interface ReportingSchedulerStatus {
  entityId: string;
  cycle: number;
  lastMonth?: string;
  lastQuarter?: string;
  next?: { at: string; months: string[]; quarters: string[] };
}

export const reportingSchedulerQuery = defineQuery<ReportingSchedulerStatus>('reportingScheduler');

export interface QuarterlyReportInput {
  entityId: string;
  /** `YYYY-Qn`. */
  quarter: string;
}

export type QuarterlyReportStage =
  | 'preparando'
  | 'esperando-datos'
  | 'en-aprobacion'
  | 'en-correccion'
  | 'esperando-acuse'
  | 'acusado'
  | 'rechazado'
  | 'sin-entidad'
  | 'no-aplica';

export interface QuarterlyReportStatus {
  entityId: string;
  quarter: string;
  stage: QuarterlyReportStage;
  /** When the report is due at SCS (the entity's setting, business days after the quarter). */
  dueAt?: string;
  /** Accounts whose exports for the quarter are still missing. */
  missing: string[];
  /** Drafts made so far (a correction makes a new one). */
  drafts: number;
  waitingFor: string[];
  sentAt?: string;
  acknowledgedAt?: string;
  decidedBy?: string;
}

export const quarterlyReportStatusQuery = defineQuery<QuarterlyReportStatus>('quarterlyReportStatus');

export interface MonthlyEvaluationInput {
  entityId: string;
  /** The month evaluated, `YYYY-MM`. */
  month: string;
}

export type MonthlyEvaluationStage = 'preparando' | 'informe-cm' | 'evaluacion' | 'evaluada' | 'sin-entidad' | 'no-aplica';

export interface MonthlyEvaluationStatus {
  entityId: string;
  month: string;
  stage: MonthlyEvaluationStage;
  waitingFor: string[];
  reportedBy?: string;
  evaluatedBy?: string;
  evaluatedAt?: string;
  /** Who evaluates: the head of the office. */
  evaluator?: Contact;
}

export const monthlyEvaluationStatusQuery = defineQuery<MonthlyEvaluationStatus>('monthlyEvaluationStatus');
