/**
 * The quarterly report to SCS (PCM 6.3.2, Anexo 3), one process per entity and quarter, told in
 * order: the community manager uploads the quarter's exports; Custodio drafts the report as soon as
 * they are complete; the head approves, observes (the CM corrects and a new draft follows) or rejects;
 * the approved report goes to SCS as PDF and XLSX, with reminders until SCS acknowledges it.
 *
 * The calendar (`reportingScheduler`) opens each quarter's report before the quarter closes and each
 * month's activity evaluation (workflows/monthlyEvaluation.ts) on the first business day after it.
 * Like the role review, it is a long-running workflow and not a Temporal Schedule: "business days"
 * depend on holidays and each entity's decrees, computed in an activity so replay never changes them.
 */
import { condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Attachment } from '../activities';
import type { QuarterlyDraft, QuarterlyReportContext } from '../activities/quarterlyReport';
import {
  REPORT_STEPS,
  quarterlyReportStatusQuery,
  reportingNewsSignal,
  reportingSchedulerQuery,
  type QuarterlyReportInput,
  type QuarterlyReportStage,
  type QuarterlyReportStatus,
  type ReportingSchedulerInput,
  type ReportingSchedulerStatus,
} from '../contracts/quarterlyReport';
import { REMIND_ONLY_PLAN, type Decision } from '../domain/decision';
import type { EntityPolicy } from '../domain/entity';
import { SUPERVISOR_ADDRESSEE } from '../domain/policyProfiles';
import { approvalRouting } from '../domain/roster';
import { CurrentEntity } from './currentEntity';
import { DecisionDesk, type Routing } from './decision';
import { acts } from './activities';
import { quarterlyTexts } from './texts/quarterlyReport';

const { sendNotice } = acts;

/** Issue 19 §6: reports approved after this change are numbered; earlier processes send them as they were. */
export const NUMBERED_QUARTERLY_REPORT_PATCH = 'numbered-quarterly-report';

/** One entity's reporting calendar: one run per opening, for as long as the entity reports to SCS. */
export async function reportingScheduler(input: ReportingSchedulerInput): Promise<ReportingSchedulerStatus> {
  const { entityId } = input;
  const cycle = input.cycle ?? 1;
  let news = false;
  let next: Awaited<ReturnType<typeof acts.reportingSchedule>> | undefined;
  const last = { ...(input.lastMonth ? { lastMonth: input.lastMonth } : {}), ...(input.lastQuarter ? { lastQuarter: input.lastQuarter } : {}) };
  const status = (): ReportingSchedulerStatus => ({
    entityId,
    cycle,
    ...last,
    ...(next?.exists ? { next: { at: next.at, months: next.months, quarters: next.quarters } } : {}),
  });
  setHandler(reportingNewsSignal, () => void (news = true));
  setHandler(reportingSchedulerQuery, status);

  for (;;) {
    next = await acts.reportingSchedule({ entityId, ...last });
    if (!next.exists) return status();
    const wait = Date.parse(next.at) - Date.parse(next.now);
    if (wait <= 0) break;
    // A decree may move a business day: read the calendar again when told, and when the timer fires.
    await condition(() => news, wait);
    news = false;
  }
  await acts.startReportingProcesses({ entityId, months: next.months, quarters: next.quarters });
  return continueAsNew<typeof reportingScheduler>({
    entityId,
    lastMonth: next.months.at(-1) ?? input.lastMonth,
    lastQuarter: next.quarters.at(-1) ?? input.lastQuarter,
    cycle: cycle + 1,
  });
}

/** One entity's report for one quarter. */
export async function quarterlyReport(input: QuarterlyReportInput): Promise<QuarterlyReportStatus> {
  let stage: QuarterlyReportStage = 'preparando';
  let ctx: QuarterlyReportContext | undefined;
  let news = false;
  let drafts = 0;
  let missing: string[] = [];
  const desk = new DecisionDesk();
  let sentAt: string | undefined;
  let ended: Decision | undefined;
  setHandler(reportingNewsSignal, () => void (news = true));
  setHandler(quarterlyReportStatusQuery, status);
  const key = (suffix: string) => `${workflowInfo().workflowId}/${suffix}`;
  const record = (state: Parameters<typeof acts.recordQuarterlyReportState>[0]['state'], at: string) =>
    acts.recordQuarterlyReportState({ entityId: input.entityId, quarter: input.quarter, state, at });

  ctx = await acts.quarterlyReportContext({ ...input, workflowId: workflowInfo().workflowId });
  // An office being reorganised may lack a head or CM: read the registry again each day (or when told).
  while (ctx.applies && ctx.exists && !ctx.entity) {
    await condition(() => news, '1 day');
    news = false;
    ctx = await acts.quarterlyReportContext({ ...input, workflowId: workflowInfo().workflowId });
  }
  if (!ctx.applies || !ctx.entity) {
    stage = ctx.exists ? 'no-aplica' : 'sin-entidad';
    return status();
  }
  const words = ctx.words;
  const entityName = ctx.entity.name;
  const current = new CurrentEntity(ctx.entity);
  desk.follow(current);
  const cm = (e: EntityPolicy): Routing => ({ deciders: [e.communityManager], escalateTo: [e.head] });
  const head = (e: EntityPolicy): Routing => {
    const r = approvalRouting(e, e.communityManager.email);
    return { deciders: [r.approver], escalateTo: r.escalateTo };
  };
  const supervisor = (e: EntityPolicy): Routing => ({
    deciders: [{ name: 'Secretaría de Comunicación Social', email: e.supervisorEmail }],
    cc: [e.head.email, e.communityManager.email],
  });

  // 1. The quarter's exports: the CM's step closes itself once every account has one.
  missing = ctx.missing;
  if (missing.length) await uploads(ctx);

  // 2–3. Draft, then the head's decision; an observation sends the CM back and a new draft follows.
  let draft: QuarterlyDraft | undefined;
  const { decision } = await desk.reviewRounds(
    async (round) => {
      draft = await acts.draftQuarterlyReport({ entityId: input.entityId, entityName, quarter: input.quarter, number: round });
      drafts = round;
      stage = 'en-aprobacion';
      return desk.decide({
        step: REPORT_STEPS.approval(round),
        ...quarterlyTexts.approval(entityName, words, round, draft.summary),
        ...head(current.now),
        route: head,
        actions: ['approve', 'observe', 'reject'],
        plan: current.now.decisionPlan,
        nonWorkingDays: current.now.nonWorkingDays,
        attachments: attachmentsOf(draft),
      });
    },
    async (round, observation) => {
      stage = 'en-correccion';
      await record('correcting', observation.at);
      await desk.decide({
        step: REPORT_STEPS.correction(round),
        ...quarterlyTexts.correction(entityName, words, observation),
        deciders: [current.now.communityManager],
        route: (e) => ({ deciders: [e.communityManager] }),
        actions: ['correct'],
        plan: REMIND_ONLY_PLAN,
        nonWorkingDays: current.now.nonWorkingDays,
      });
    },
  );
  ended = decision;
  if (decision.action === 'reject') {
    stage = 'rechazado';
    await record('rejected', decision.at);
    await current.read();
    await sendNotice({ key: key('rechazo'), to: [current.now.communityManager], cc: [decision.by], ...quarterlyTexts.rejected(entityName, words, decision) });
    return status();
  }

  // Issue 19 §6: the approved report is numbered, addressed and signed as the administration files it.
  if (patched(NUMBERED_QUARTERLY_REPORT_PATCH)) {
    const number = await acts.documentNumber({ entityId: input.entityId, series: 'quarterlyReport', key: `informe-trimestral:${input.entityId}:${input.quarter}`, at: decision.at });
    const now = current.now;
    const approver = [now.head, now.secondInCommand].find((c) => c.email === decision.by)?.name ?? decision.by;
    const role = decision.by === now.secondInCommand.email ? 'segundo(a) al mando' : 'titular';
    draft = {
      ...draft!,
      report: {
        ...draft!.report,
        filing: { code: number.code, to: SUPERVISOR_ADDRESSEE, from: `${approver}, ${role} de la Oficina de Comunicaciones`, approvedBy: `${approver} (${decision.by})`, approvedAt: decision.at },
      },
    };
  }

  // 4. The approved report goes to SCS; the process ends with SCS's acknowledgement.
  sentAt = new Date().toISOString();
  await record('sent', sentAt);
  stage = 'esperando-acuse';
  const ack = await desk.decide({
    step: REPORT_STEPS.supervisor,
    ...quarterlyTexts.supervisor(entityName, words, decision.by, draft!.summary),
    ...supervisor(current.now),
    route: supervisor,
    actions: ['acknowledge'],
    plan: REMIND_ONLY_PLAN,
    nonWorkingDays: current.now.nonWorkingDays,
    attachments: attachmentsOf(draft!),
  });
  await record('acknowledged', ack.at);
  stage = 'acusado';
  return status();

  /** Waits for the exports: the CM confirms, or the registry shows them complete (checked when told, and daily). */
  async function uploads(c: QuarterlyReportContext): Promise<void> {
    stage = 'esperando-datos';
    let settled = false;
    const step = desk!
      .decideUnlessWithdrawn({
        step: REPORT_STEPS.upload,
        ...quarterlyTexts.upload(entityName, words, missing),
        ...cm(current.now),
        route: cm,
        actions: ['confirm'],
        plan: c.uploadPlan,
        nonWorkingDays: current.now.nonWorkingDays,
      })
      .finally(() => void (settled = true));
    while (!settled) {
      await condition(() => news || settled, '1 day');
      if (settled) break;
      news = false;
      missing = await acts.quarterlyMissingExports(input);
      if (missing.length === 0) desk.withdraw(REPORT_STEPS.upload, 'Los datos del trimestre están completos: Custodio redactó el informe.');
    }
    await step;
  }

  function status(): QuarterlyReportStatus {
    const waiting = desk.waiting();
    const ack = desk.view(REPORT_STEPS.supervisor)?.decision;
    return {
      entityId: input.entityId,
      quarter: input.quarter,
      stage,
      ...(ctx ? { dueAt: ctx.dueAt } : {}),
      missing,
      drafts,
      waitingFor: [...new Set(waiting.flatMap((w) => w.waitingFor))],
      ...(sentAt ? { sentAt } : {}),
      ...(ack ? { acknowledgedAt: ack.at } : {}),
      ...(ended ? { decidedBy: ended.by } : {}),
    };
  }
}

/** The Anexo 3 as PDF and XLSX, rendered by the sending activity from the draft's data. */
function attachmentsOf(draft: QuarterlyDraft): Attachment[] {
  return [
    { kind: 'anexo3', data: { format: 'pdf', report: draft.report } },
    { kind: 'anexo3', data: { format: 'xlsx', report: draft.report } },
  ];
}
