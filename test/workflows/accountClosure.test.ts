/**
 * «Cierre de cuenta» (issue 19 §5; PCM 5.2.5, SENACE 7.2) in simulated time (Java time-skipping server):
 * the registry is what the fake activities answer; the calendar activities are the real ones.
 */
import { randomBytes } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AccountClosureContext, Activities, CloseAccountInput, DecisionEmailInput, NoticeInput, RecordAccountClosureInput } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import { ACCOUNT_CLOSURE_STEPS, accountClosureStatusQuery, accountClosureWorkflowId, type AccountClosureStatus } from '../../contracts/accountClosure';
import type { EntityPolicy } from '../../domain/entity';
import { accountClosure } from '../../workflows/accountClosure';
import { eventually } from '../support/eventually';
import { pcmEntity } from '../support/fixtures';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { decide, saveHistory, waitForStep } from '../support/workflowDriver';

let env: TestWorkflowEnvironment;
const taskQueue = 'account-closure-test';

const HEAD = { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' };
const SECOND = { name: 'Bruno Salas', email: 'bsalas@cultura.gob.pe' };
const CM = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' };
const CHECKED = { rolesRemoved: true, passwordChanged: true, platformClosed: true };

let entity: EntityPolicy;
let requester = CM;
let supervised = true;
let emails: DecisionEmailInput[];
let notices: NoticeInput[];
let recorded: RecordAccountClosureInput[];
let closed: CloseAccountInput[];
let refreshed: string[][];

const context = (): AccountClosureContext => ({
  exists: true,
  entity,
  accountId: 'acc-x',
  label: 'CulturaCampana (X)',
  requester,
  reason: 'La campaña terminó y la cuenta quedó sin uso.',
  inactivity: 'Sin publicaciones 121 días.',
  requestedAt: '2026-12-01T15:00:00.000Z',
  clause: supervised ? 'PCM 5.2.5' : 'CONGRESO 6.1.3',
  supervised,
  document: 'Directiva N° 03-2022-PCM/SCS',
});

const calendar = createCalendarActivities();
const activities: Partial<Activities> = {
  accountClosureContext: async () => context(),
  recordAccountClosure: async (i) => void recorded.push(i),
  closeAccount: async (i) => (closed.push(i), { closed: true }),
  refreshRotations: async (i) => void refreshed.push(i.accountIds),
  documentNumber: async (i) => ({ series: i.series, n: 1, year: 2026, code: 'ACTA DE CIERRE N° 001-2026-OC/MINCUL' }),
  currentEntity: async () => entity,
  sendDecisionEmail: async (i) => (emails.push(i), { undelivered: [] }),
  sendNotice: async (i) => (notices.push(i), { undelivered: [] }),
  recordDecision: async () => undefined,
  stepWithdrawn: async () => undefined,
  businessInstants: calendar.businessInstants,
};

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));
beforeEach(() => {
  entity = pcmEntity();
  requester = CM;
  supervised = true;
  emails = [];
  notices = [];
  recorded = [];
  closed = [];
  refreshed = [];
});

async function start() {
  const requestId = randomBytes(12).toString('hex');
  const handle = await env.client.workflow.start(accountClosure, { taskQueue, workflowId: accountClosureWorkflowId('acc-x', requestId), args: [{ requestId }] });
  return { requestId, handle };
}

async function finished(handle: WorkflowHandle): Promise<AccountClosureStatus> {
  const { status: run } = await eventually(() => handle.describe(), (d) => d.status.name !== 'RUNNING', 'the end of the run', 10_000, { intervalMs: 25 });
  if (run.name !== 'COMPLETED') throw new Error(`run ended ${run.name}`);
  return handle.query(accountClosureStatusQuery);
}

const sentFor = (step: string) => eventually(async () => emails.filter((e) => e.step === step), (s) => s.length > 0, `the email of ${step}`, 10_000, { intervalMs: 25 });

describe('cierre de cuenta (PCM 5.2.5)', () => {
  it('PCM 5.2.5: the CM asks, the head approves, the CM confirms the three actions; the registry closes it, rotation is told, and SCS gets the numbered acta', async () => {
    const { requestId, handle } = await start();
    const approval = await waitForStep(handle, ACCOUNT_CLOSURE_STEPS.approval);
    expect(approval).toMatchObject({ deciders: [HEAD.email], actions: ['approve', 'reject'] });
    const [ask] = await sentFor('aprobacion');
    expect(ask!.intro).toContain('PCM 5.2.5');
    expect(ask!.summary).toContainEqual(['Actividad (PCM 5.2.5)', 'Sin publicaciones 121 días.']);
    // Only the head decides: not the CM who asked, not the second.
    await expect(decide(handle, 'aprobacion', 'approve', CM.email)).rejects.toThrow('no está dirigido a usted');
    await expect(decide(handle, 'aprobacion', 'approve', SECOND.email)).rejects.toThrow('no está dirigido a usted');
    await decide(handle, 'aprobacion', 'approve', HEAD.email);

    const closing = await waitForStep(handle, ACCOUNT_CLOSURE_STEPS.closing);
    expect(closing).toMatchObject({ deciders: [CM.email], actions: ['confirm'], form: 'accountClosure' });
    expect(recorded.at(-1)).toMatchObject({ state: 'approved', decidedBy: HEAD.email });
    expect(closed).toEqual([]);
    // Every missing confirmation is named at once.
    await expect(decide(handle, 'cierre', 'confirm', CM.email, { payload: { passwordChanged: true } })).rejects.toThrow(/Retiré los roles.*Desactivé o eliminé/);
    await decide(handle, 'cierre', 'confirm', CM.email, { payload: { ...CHECKED, note: 'Cuenta eliminada el mismo día.' } });

    const done = await finished(handle);
    expect(done).toMatchObject({ stage: 'cerrada', decidedBy: HEAD.email, closedBy: CM.email, recordCode: 'ACTA DE CIERRE N° 001-2026-OC/MINCUL', waitingFor: [] });
    expect(closed).toEqual([expect.objectContaining({ requestId, by: CM.email, note: 'Cuenta eliminada el mismo día.' })]);
    expect(refreshed).toEqual([['acc-x']]);
    expect(recorded.at(-1)).toEqual({ requestId, state: 'closed', recordCode: 'ACTA DE CIERRE N° 001-2026-OC/MINCUL' });
    const [acta] = notices;
    expect(notices).toHaveLength(1);
    expect(acta).toMatchObject({ key: `${accountClosureWorkflowId('acc-x', requestId)}/acta-scs`, to: [{ email: 'rrss_scs@pcm.gob.pe' }], cc: [HEAD.email, CM.email] });
    expect(acta!.attachments).toEqual([expect.objectContaining({ kind: 'closureRecord' })]);
    const record = acta!.attachments![0]!.data as { approval: { by: string; ownRequest: boolean }; closing: { by: string }; to: string };
    expect(record).toMatchObject({ approval: { by: HEAD.email, ownRequest: false }, closing: { by: CM.email }, to: expect.stringContaining('Secretaría de Comunicación Social') });
    await saveHistory(handle, 'account-closure-approved');
  });

  it('SENACE 7.2: the head\'s own request is the decision: no approval step, straight to the CM; outside SCS\'s supervision the acta goes to the office\'s file', async () => {
    requester = HEAD;
    supervised = false;
    const { requestId, handle } = await start();
    await waitForStep(handle, ACCOUNT_CLOSURE_STEPS.closing);
    expect(emails.some((e) => e.step === 'aprobacion')).toBe(false);
    expect(recorded).toEqual([expect.objectContaining({ state: 'approved', decidedBy: HEAD.email, decidedAt: '2026-12-01T15:00:00.000Z' })]);
    await decide(handle, 'cierre', 'confirm', CM.email, { payload: CHECKED });
    expect(await finished(handle)).toMatchObject({ stage: 'cerrada', decidedBy: HEAD.email });
    expect(notices).toEqual([expect.objectContaining({ key: `${accountClosureWorkflowId('acc-x', requestId)}/acta-archivo`, to: [HEAD], cc: [CM.email] })]);
    expect((notices[0]!.attachments![0]!.data as { approval: { ownRequest: boolean } }).approval.ownRequest).toBe(true);
  });

  it('PCM 5.2.5: a rejection changes nothing in the registry and tells the CM why', async () => {
    const { requestId, handle } = await start();
    await waitForStep(handle, 'aprobacion');
    await decide(handle, 'aprobacion', 'reject', HEAD.email, { reason: 'La usaremos en la campaña de verano' });
    expect(await finished(handle)).toMatchObject({ stage: 'rechazada' });
    expect(closed).toEqual([]);
    expect(refreshed).toEqual([]);
    expect(recorded).toEqual([expect.objectContaining({ requestId, state: 'rejected', decidedBy: HEAD.email, decisionReason: 'La usaremos en la campaña de verano' })]);
    expect(notices).toEqual([expect.objectContaining({ key: `${accountClosureWorkflowId('acc-x', requestId)}/rechazo`, to: [CM], cc: [HEAD.email] })]);
  });

  it('PCM 5.2.5: an unanswered confirmation is reminded and escalates to the head, who may confirm in the CM\'s place', async () => {
    requester = HEAD;
    const { handle } = await start();
    const opened = await waitForStep(handle, 'cierre');
    const [, , escalation] = await calendar.businessInstants({ from: opened.openedAt, offsets: [2, 4, 5], nonWorkingDays: [] });
    await env.sleep(Date.parse(escalation!) + 60_000 - (await env.currentTimeMs()));
    await eventually(() => handle.query(accountClosureStatusQuery), (s) => s.waitingFor.includes(HEAD.email), 'the escalation', 10_000, { intervalMs: 25 });
    expect(emails.filter((e) => e.step === 'cierre').map((e) => e.kind)).toEqual(['request', 'reminder', 'reminder', 'escalation']);
    await decide(handle, 'cierre', 'confirm', HEAD.email, { payload: CHECKED });
    expect(await finished(handle)).toMatchObject({ stage: 'cerrada', closedBy: HEAD.email });
  });
});
