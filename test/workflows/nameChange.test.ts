/**
 * «Cambio de nombre o usuario» (PCM 6.1.2.7; Anexo 1) in simulated time (Java time-skipping server):
 * the registry is what the fake activities answer; the calendar activities are the real ones.
 */
import { randomBytes } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, DecisionEmailInput, NameChangeContext, NoticeInput, RecordNameChangeInput } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import { NAME_CHANGE_STEPS, nameChangeStatusQuery, nameChangeWorkflowId, type NameChangeStatus } from '../../contracts/nameChange';
import type { EntityPolicy } from '../../domain/entity';
import { nameChange } from '../../workflows/nameChange';
import { eventually } from '../support/eventually';
import { pcmEntity } from '../support/fixtures';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { decide, saveHistory, waitForStep } from '../support/workflowDriver';


let env: TestWorkflowEnvironment;
const taskQueue = 'name-change-test';

const HEAD = { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' };
const SECOND = { name: 'Bruno Salas', email: 'bsalas@cultura.gob.pe' };
const CM = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' };

let entity: EntityPolicy;
let requester = CM;
let emails: DecisionEmailInput[];
let notices: NoticeInput[];
let recorded: RecordNameChangeInput[];
let applied: Array<{ requestId: string; by: string }>;

const context = (): NameChangeContext => ({
  exists: true,
  entity,
  accountId: 'acc-fb',
  label: 'CulturaPeru (Facebook)',
  requester,
  from: { name: 'Ministerio de Cultura', username: 'CulturaPeru' },
  to: { username: 'CulturaOficial' },
  reason: 'Unificar el usuario en todas las redes',
});

const calendar = createCalendarActivities();
const activities: Partial<Activities> = {
  nameChangeContext: async () => context(),
  recordNameChange: async (i) => void recorded.push(i),
  applyNameChange: async (i) => (applied.push({ requestId: i.requestId, by: i.by }), { applied: true }),
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
  emails = [];
  notices = [];
  recorded = [];
  applied = [];
});

async function start() {
  const requestId = randomBytes(12).toString('hex');
  const handle = await env.client.workflow.start(nameChange, { taskQueue, workflowId: nameChangeWorkflowId('acc-fb', requestId), args: [{ requestId }] });
  return { requestId, handle };
}

const until = (handle: WorkflowHandle, ok: (v: NameChangeStatus) => boolean): Promise<NameChangeStatus> =>
  eventually(() => handle.query(nameChangeStatusQuery), ok, 'the expected status', 10_000, { intervalMs: 25 });

async function finished(handle: WorkflowHandle): Promise<NameChangeStatus> {
  const { status: run } = await eventually(() => handle.describe(), (d) => d.status.name !== 'RUNNING', 'the end of the run', 10_000, { intervalMs: 25 });
  if (run.name !== 'COMPLETED') throw new Error(`run ended ${run.name}`);
  return handle.query(nameChangeStatusQuery);
}

const sentFor = (step: string) => eventually(async () => emails.filter((e) => e.step === step), (s) => s.length > 0, `the email of ${step}`, 10_000, { intervalMs: 25 });

describe('cambio de nombre o usuario (PCM 6.1.2.7)', () => {
  it('PCM 6.1.2.7: the head observes, the CM corrects, the head approves, the CM confirms it was done and the registry follows', async () => {
    const { requestId, handle } = await start();
    const approval = await waitForStep(handle, NAME_CHANGE_STEPS.approval(1));
    expect(approval.deciders).toEqual([HEAD.email]);
    expect(approval.actions).toEqual(['approve', 'observe', 'reject']);
    const [ask] = await sentFor('aprobacion-1');
    expect(ask!.intro).toContain('PCM 6.1.2.7');
    expect(ask!.summary).toContainEqual(['Usuario', 'CulturaPeru → CulturaOficial']);
    // Nobody approves their own request, and the CM is no decider of the head's step.
    await expect(decide(handle, 'aprobacion-1', 'approve', CM.email)).rejects.toThrow('no está dirigido a usted');
    await decide(handle, 'aprobacion-1', 'observe', HEAD.email, { reason: 'Use el mismo usuario que en Instagram: CulturaPeruOf' });

    const correction = await waitForStep(handle, NAME_CHANGE_STEPS.correction(1));
    expect(correction).toMatchObject({ deciders: [CM.email], actions: ['correct'], form: 'nameChange' });
    expect((await sentFor('correccion-1'))[0]!.intro).toContain('CulturaPeruOf');
    // The correction is checked like a new request (PCM 6.1.1.8 for a username).
    await expect(decide(handle, 'correccion-1', 'correct', CM.email, { payload: { username: 'cul', reason: 'Como pidió la titular' } })).rejects.toThrow('entre 6 y 15');
    await decide(handle, 'correccion-1', 'correct', CM.email, { payload: { username: 'CulturaPeruOf', name: 'Cultura Perú', reason: 'Como pidió la titular' } });

    await waitForStep(handle, NAME_CHANGE_STEPS.approval(2));
    expect((await sentFor('aprobacion-2'))[0]!.summary).toEqual(expect.arrayContaining([['Usuario', 'CulturaPeru → CulturaPeruOf'], ['Nombre de la página', 'Ministerio de Cultura → Cultura Perú']]));
    expect(recorded.map((r) => r.state)).toEqual(['correcting', 'pending']);
    expect(recorded[1]).toMatchObject({ to: { username: 'CulturaPeruOf', name: 'Cultura Perú' }, reason: 'Como pidió la titular' });
    await decide(handle, 'aprobacion-2', 'approve', HEAD.email);

    // Approved: nothing changes in the registry until the CM confirms the change on the platform.
    const confirm = await waitForStep(handle, NAME_CHANGE_STEPS.done);
    expect(confirm).toMatchObject({ deciders: [CM.email], actions: ['confirm'] });
    await until(handle, (s) => s.stage === 'por-confirmar');
    expect(recorded.at(-1)).toMatchObject({ state: 'approved', decidedBy: HEAD.email });
    expect(applied).toEqual([]);
    await decide(handle, 'realizado', 'confirm', CM.email);

    const done = await finished(handle);
    expect(done).toMatchObject({ stage: 'realizado', round: 2, decidedBy: HEAD.email, doneBy: CM.email, proposal: { username: 'CulturaPeruOf', name: 'Cultura Perú' }, waitingFor: [] });
    expect(applied).toEqual([{ requestId, by: CM.email }]);
    expect(notices).toEqual([expect.objectContaining({ key: `${nameChangeWorkflowId('acc-fb', requestId)}/realizado`, to: [HEAD], cc: [CM.email] })]);
    await saveHistory(handle, 'name-change-observed-done');
  });

  it('PCM 6.1.2.7, separation of duties: a head who asks is decided by the second in command; a rejection changes nothing', async () => {
    requester = HEAD;
    const { requestId, handle } = await start();
    const approval = await waitForStep(handle, 'aprobacion-1');
    expect(approval.deciders).toEqual([SECOND.email]);
    await expect(decide(handle, 'aprobacion-1', 'approve', HEAD.email)).rejects.toThrow('no está dirigido a usted');
    await decide(handle, 'aprobacion-1', 'reject', SECOND.email, { reason: 'Perderíamos la insignia de verificación' });
    const done = await finished(handle);
    expect(done).toMatchObject({ stage: 'rechazado', decidedBy: SECOND.email });
    expect(applied).toEqual([]);
    expect(recorded).toEqual([expect.objectContaining({ requestId, state: 'rejected', decidedBy: SECOND.email, decisionReason: 'Perderíamos la insignia de verificación' })]);
    expect(notices).toEqual([expect.objectContaining({ key: `${nameChangeWorkflowId('acc-fb', requestId)}/rechazo`, to: [HEAD], cc: [SECOND.email] })]);
    expect(notices[0]!.paragraphs.join(' ')).toContain('PCM 6.1.2.7');
  });

  it('PCM 6.1.2.7: an unanswered approval is reminded on the plan and escalates to the second in command', async () => {
    const { handle } = await start();
    const opened = await waitForStep(handle, 'aprobacion-1');
    const [, , escalation] = await calendar.businessInstants({ from: opened.openedAt, offsets: [2, 4, 5], nonWorkingDays: [] });
    await env.sleep(Date.parse(escalation!) + 60_000 - (await env.currentTimeMs()));
    const late = await until(handle, (s) => s.waitingFor.includes(SECOND.email));
    expect(late.waitingFor).toEqual([HEAD.email, SECOND.email]);
    expect(emails.filter((e) => e.step === 'aprobacion-1').map((e) => e.kind)).toEqual(['request', 'reminder', 'reminder', 'escalation']);
    await decide(handle, 'aprobacion-1', 'reject', SECOND.email, { reason: 'No corresponde cambiarlo ahora' });
    expect((await finished(handle)).stage).toBe('rechazado');
  });
});
