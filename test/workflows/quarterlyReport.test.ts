/**
 * The quarterly report to SCS and the monthly evaluation in simulated time (Java time-skipping
 * server). The registry is what the fake activities answer; the calendar activities are the real ones.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, DecisionEmailInput, NoticeInput, QuarterlyReportContext } from '../../activities';
import type { MonthlyEvaluationContext } from '../../activities/quarterlyReport';
import { createCalendarActivities } from '../../activities/calendar';
import {
  EVALUATION_STEPS,
  REPORT_STEPS,
  monthlyEvaluationWorkflowId,
  quarterlyReportStatusQuery,
  quarterlyReportWorkflowId,
  reportingNewsSignal,
  reportingSchedulerId,
} from '../../contracts/quarterlyReport';
import { decisionStepQuery } from '../../contracts/decision';
import type { QuarterlyReport } from '../../domain/anexo3';
import type { EntityPolicy } from '../../domain/entity';
import { monthlyEvaluation } from '../../workflows/monthlyEvaluation';
import { quarterlyReport, reportingScheduler } from '../../workflows/quarterlyReport';
import { eventually } from '../support/eventually';
import { pcmEntity } from '../support/fixtures';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { closedResult, decide, saveHistory, terminateWhenIdle, waitForStep } from '../support/workflowDriver';


let env: TestWorkflowEnvironment;
const taskQueue = 'quarterly-report-test';
const SCS = 'rrss_scs@pcm.gob.pe';

let entity: EntityPolicy | undefined;
let applies: boolean;
let missing: string[];
let emails: DecisionEmailInput[];
let notices: NoticeInput[];
let states: string[];
let drafts: number[];
let started: Array<{ months: string[]; quarters: string[] }>;
let schedules: Array<{ entityId: string; lastMonth?: string; lastQuarter?: string }>;

const calendar = createCalendarActivities();
const report = (n: number): QuarterlyReport => ({ entityName: 'Ministerio de Cultura', quarter: '2026-Q3', generatedAt: '2026-10-02T15:00:00.000Z', sections: [], footnotes: [`borrador ${n}`], notes: [] });

const context = (): QuarterlyReportContext => ({
  exists: true,
  applies,
  ...(entity ? { entity } : {}),
  dueAt: '2026-10-16T05:00:00.000Z',
  words: { quarter: 'III trimestre de 2026 (julio–setiembre)', due: 'jueves, 15 de octubre de 2026', closes: 'miércoles, 30 de setiembre de 2026' },
  uploadPlan: { remindAfter: [1, 2], escalateAfter: 3, repeatEvery: 3 },
  missing: [...missing],
});

const evaluationContext = (cmReports: boolean): MonthlyEvaluationContext => ({
  exists: true, applies, ...(entity ? { entity } : {}), cmReports, month: '2026-09', words: { month: 'setiembre de 2026' },
  summary: [['Facebook @CulturaPeru', '42 publicaciones; 20 de 30 días cumplen la frecuencia mínima (por debajo del mínimo, PCM 6.2.2.4).']],
});

let cmReports = false;
let firstOpening: number | undefined;
const activities: Partial<Activities> = {
  quarterlyReportContext: async () => context(),
  quarterlyMissingExports: async () => [...missing],
  draftQuarterlyReport: async (i) => (drafts.push(i.number), { number: i.number, report: report(i.number), summary: [['Trimestre', 'III trimestre de 2026'], ['Facebook @CulturaPeru', '42 publicaciones importadas']] }),
  recordQuarterlyReportState: async (i) => void states.push(i.state),
  documentNumber: async (i) => ({ series: i.series, n: 3, year: 2026, code: 'INFORME N° 003-2026-OC/MINCUL' }),
  monthlyEvaluationContext: async () => evaluationContext(cmReports),
  reportingSchedule: async (i) => {
    schedules.push(i);
    const now = new Date(await env.currentTimeMs());
    // The calendar's first opening is an hour after it first asked (the same instant when it asks again); the next, a month later.
    firstOpening ??= now.getTime() + 3_600_000;
    const at = new Date(i.lastQuarter ? firstOpening + 30 * 86_400_000 : firstOpening);
    return { exists: true, now: now.toISOString(), at: at.toISOString(), months: ['2026-09'], quarters: ['2026-Q3'] };
  },
  startReportingProcesses: async (i) => void started.push({ months: i.months, quarters: i.quarters }),
  currentEntity: async ({ known }) => entity ?? known,
  sendDecisionEmail: async (i) => (emails.push(i), { undelivered: [] }),
  sendNotice: async (i) => (notices.push(i), { undelivered: [] }),
  recordDecision: async () => undefined,
  stepWithdrawn: async () => undefined,
  businessInstants: calendar.businessInstants,
};

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));

beforeEach(() => {
  entity = pcmEntity();
  applies = true;
  missing = ['Facebook @CulturaPeru', 'X @CulturaPeru'];
  emails = [];
  notices = [];
  states = [];
  drafts = [];
  started = [];
  schedules = [];
  cmReports = false;
  firstOpening = undefined;
});

const startReport = (entityId = `e${randomUUID().slice(0, 8)}`) =>
  env.client.workflow.start(quarterlyReport, { taskQueue, workflowId: quarterlyReportWorkflowId(entityId, '2026-Q3'), args: [{ entityId, quarter: '2026-Q3' }] });
const to = (step: string, kind?: DecisionEmailInput['kind']) => emails.filter((e) => e.step === step && (!kind || e.kind === kind)).map((e) => e.to.map((c) => c.email));

describe('quarterly report (PCM 6.3.2, Anexo 3)', () => {
  it('PCM 6.3.2: the CM is reminded and the head escalated to until the exports are in; the step closes itself; an observation brings a second draft; the approved Anexo 3 goes to SCS as PDF and XLSX until acknowledged', async () => {
    const head = entity!.head.email;
    const cm = entity!.communityManager.email;
    const handle = await startReport();
    const upload = await waitForStep(handle, REPORT_STEPS.upload);
    expect(upload.deciders).toEqual([cm]);
    expect(upload.summary).toContainEqual(['Cuentas sin exportación del trimestre', 'Facebook @CulturaPeru; X @CulturaPeru']);
    // Reminders on business days 1 and 2, escalation to the head on day 3: a week of simulated time covers them.
    await env.sleep('7 days');
    await eventually(async () => to(REPORT_STEPS.upload, 'escalation'), (e) => e.length > 0, 'the escalation to the head');
    expect(to(REPORT_STEPS.upload, 'reminder').length).toBeGreaterThanOrEqual(2);
    expect(to(REPORT_STEPS.upload, 'escalation')[0]).toEqual([cm, head]);

    // One account's export arrives: the step stays open. The last one: it closes itself and the draft follows.
    missing = ['X @CulturaPeru'];
    await handle.signal(reportingNewsSignal);
    await eventually(() => handle.query(quarterlyReportStatusQuery), (s) => s.missing.length === 1, 'the status to show one account missing');
    expect(drafts).toEqual([]);
    missing = [];
    await handle.signal(reportingNewsSignal);
    const approval = await waitForStep(handle, REPORT_STEPS.approval(1));
    expect(await handle.query(decisionStepQuery, REPORT_STEPS.upload)).toHaveProperty('withdrawn');
    expect(approval.deciders).toEqual([head]);
    const firstApproval = emails.find((e) => e.step === REPORT_STEPS.approval(1))!;
    expect(firstApproval.attachments?.map((a) => [a.kind, (a.data as { format: string }).format])).toEqual([['anexo3', 'pdf'], ['anexo3', 'xlsx']]);

    await decide(handle, REPORT_STEPS.approval(1), 'observe', head, { reason: 'Falta la cuenta de X: vuelva a exportarla.' });
    const correction = await waitForStep(handle, REPORT_STEPS.correction(1));
    expect(correction.deciders).toEqual([cm]);
    await decide(handle, REPORT_STEPS.correction(1), 'correct', cm);
    await waitForStep(handle, REPORT_STEPS.approval(2));
    expect(drafts).toEqual([1, 2]);
    await decide(handle, REPORT_STEPS.approval(2), 'approve', head);

    const ack = await waitForStep(handle, REPORT_STEPS.supervisor);
    expect(ack.deciders).toEqual([SCS]);
    const toScs = emails.find((e) => e.step === REPORT_STEPS.supervisor)!;
    expect(toScs.cc).toEqual([head, cm]);
    // Issue 19 §6: numbered, addressed to SCS, from the head who approved it and when.
    const filed = { ...report(2), filing: { code: 'INFORME N° 003-2026-OC/MINCUL', to: 'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social', from: `${pcmEntity().head.name}, titular de la Oficina de Comunicaciones`, approvedBy: expect.stringContaining(head), approvedAt: expect.any(String) } };
    expect(toScs.attachments).toEqual([
      { kind: 'anexo3', data: { format: 'pdf', report: filed } },
      { kind: 'anexo3', data: { format: 'xlsx', report: filed } },
    ]);
    expect(states).toEqual(['correcting', 'sent']);
    await decide(handle, REPORT_STEPS.supervisor, 'acknowledge', SCS);
    const done = await closedResult(handle);
    expect(done).toMatchObject({ stage: 'acusado', drafts: 2, decidedBy: head, missing: [] });
    expect(done.sentAt).toBeDefined();
    expect(done.acknowledgedAt).toBeDefined();
    expect(states).toEqual(['correcting', 'sent', 'acknowledged']);
    await saveHistory(handle, 'quarterly-report-observed-acknowledged');
  });

  it('PCM 6.3.2: the CM may confirm with an account still missing; a rejected report tells the CM and never reaches SCS', async () => {
    const handle = await startReport();
    await decide(handle, REPORT_STEPS.upload, 'confirm', entity!.communityManager.email);
    await decide(handle, REPORT_STEPS.approval(1), 'reject', entity!.head.email, { reason: 'Las cifras de julio no corresponden.' });
    const done = await closedResult(handle);
    expect(done.stage).toBe('rechazado');
    expect(states).toEqual(['rejected']);
    expect(emails.some((e) => e.step === REPORT_STEPS.supervisor)).toBe(false);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.to.map((c) => c.email)).toEqual([entity!.communityManager.email]);
    expect(notices[0]!.paragraphs.join(' ')).toContain('No se envió a la Secretaría de Comunicación Social');
    await saveHistory(handle, 'quarterly-report-rejected');
  });

  it('PCM 6.3.2: with every export in when it opens, the report is drafted at once and nobody is asked to upload', async () => {
    missing = [];
    const handle = await startReport();
    await waitForStep(handle, REPORT_STEPS.approval(1));
    expect(emails.some((e) => e.step === REPORT_STEPS.upload)).toBe(false);
    // Ended by a decision, not terminated: a terminated run with timers pending stalls the time-skipping server.
    await decide(handle, REPORT_STEPS.approval(1), 'reject', entity!.head.email, { reason: 'Solo para la prueba.' });
    expect((await closedResult(handle)).stage).toBe('rechazado');
  });

  it('PCM 2: an entity outside the Executive Branch (Congress) has no quarterly report to send', async () => {
    applies = false;
    const done = await closedResult(await startReport());
    expect(done.stage).toBe('no-aplica');
    expect(emails).toEqual([]);
  });
});

describe('monthly evaluation (PCM 6.3.1; INPE 5.1.c)', () => {
  const startEvaluation = () => {
    const entityId = `e${randomUUID().slice(0, 8)}`;
    return env.client.workflow.start(monthlyEvaluation, { taskQueue, workflowId: monthlyEvaluationWorkflowId(entityId, '2026-09'), args: [{ entityId, month: '2026-09' }] });
  };

  it('PCM 6.3.1: the head evaluates every account of the month, with the imported figures in the email', async () => {
    const handle = await startEvaluation();
    const step = await waitForStep(handle, EVALUATION_STEPS.evaluation);
    expect(step.deciders).toEqual([entity!.head.email]);
    expect(step.summary).toContainEqual(['Facebook @CulturaPeru', expect.stringContaining('por debajo del mínimo, PCM 6.2.2.4')]);
    await decide(handle, EVALUATION_STEPS.evaluation, 'attest', entity!.head.email);
    expect(await closedResult(handle)).toMatchObject({ stage: 'evaluada', evaluatedBy: entity!.head.email });
    expect(emails.some((e) => e.step === EVALUATION_STEPS.cmReport)).toBe(false);
  });

  it('INPE 5.1.c: under INPE the CM first reports the month to the head, who then evaluates', async () => {
    cmReports = true;
    entity = pcmEntity({ profile: 'INPE' });
    const handle = await startEvaluation();
    const report = await waitForStep(handle, EVALUATION_STEPS.cmReport);
    expect(report.deciders).toEqual([entity.communityManager.email]);
    await decide(handle, EVALUATION_STEPS.cmReport, 'confirm', entity.communityManager.email);
    const evaluation = (await eventually(async () => emails.find((e) => e.step === EVALUATION_STEPS.evaluation), Boolean, 'the evaluation email'))!;
    expect(evaluation.intro).toContain(entity.communityManager.email);
    await decide(handle, EVALUATION_STEPS.evaluation, 'attest', entity.head.email);
    expect(await closedResult(handle)).toMatchObject({ stage: 'evaluada', reportedBy: entity.communityManager.email });
    await saveHistory(handle, 'monthly-evaluation-inpe');
  });
});

describe('reporting calendar (PCM 6.3.1–6.3.2)', () => {
  it('starts what opens at its instant, then continues as new remembering the month and quarter it started', async () => {
    const entityId = `e${randomUUID().slice(0, 8)}`;
    const handle = await env.client.workflow.start(reportingScheduler, { taskQueue, workflowId: reportingSchedulerId(entityId), args: [{ entityId }] });
    await eventually(async () => schedules, (s) => s.length === 1, 'the first run to read its calendar');
    expect(started).toEqual([]);
    await env.sleep('2 hours');
    await eventually(async () => schedules, (s) => s.some((x) => x.lastQuarter), 'the next run to read its calendar');
    expect(started).toEqual([{ months: ['2026-09'], quarters: ['2026-Q3'] }]);
    expect(schedules.at(-1)).toEqual({ entityId, lastMonth: '2026-09', lastQuarter: '2026-Q3' });
    await saveHistory(env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId), 'reporting-scheduler-opening');
    await terminateWhenIdle(handle);
  });
});
