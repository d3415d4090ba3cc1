/**
 * The handover of administration (RULEBOOK §4, PCM 6.2.3) in simulated time (Java time-skipping
 * server): business days of reminders pass in seconds. The registry is a variable the context activity
 * reads; the registry writes and the process nudges are recorded fakes, in the order the workflow calls them.
 */
import { randomBytes } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, DecisionEmailInput, HandoverContext, NoticeInput, RecordHandoverInput } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import { HANDOVER_ROTATION_REASON } from '../../domain/handover';
import { handover } from '../../workflows/handover';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { eventually } from '../support/eventually';
import { decide, saveHistory, terminateWhenIdle, waitForStep } from '../support/workflowDriver';
import { decisionStepQuery } from '../../contracts/decision';
import { handoverStatusQuery, handoverWorkflowId, type HandoverStatus } from '../../contracts/handover';


let env: TestWorkflowEnvironment;
const taskQueue = 'handover-test';

const HEAD = { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' };
const CM = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' };
const NEW_CM = { name: 'Elena Vargas', email: 'evargas@cultura.gob.pe' };
const SECOND = 'bsalas@cultura.gob.pe';

/** The registry as the context activity reads it. */
let registry: HandoverContext;
let emails: DecisionEmailInput[];
let notices: NoticeInput[];
let recorded: RecordHandoverInput[];
/** Every registry write and process nudge, in call order. */
let calls: Array<[string, unknown]>;

function context(overrides: Partial<HandoverContext> = {}): HandoverContext {
  return {
    exists: true,
    entityId: 'mincul',
    entityName: 'Ministerio de Cultura',
    head: HEAD,
    outgoing: CM,
    incoming: NEW_CM,
    accounts: [
      { accountId: 'acc-fb', label: 'CulturaPeru (Facebook)', status: 'active' },
      { accountId: 'acc-ig', label: 'CulturaPeru (Instagram)', status: 'paused' },
    ],
    outgoingRoles: [
      { accountId: 'acc-fb', label: 'CulturaPeru (Facebook)', pageRole: 'admin' },
      { accountId: 'acc-ig', label: 'CulturaPeru (Instagram)', pageRole: 'editor' },
    ],
    nonWorkingDays: [],
    plan: { remindAfter: [2, 4], escalateAfter: 5, repeatEvery: 5 },
    ...overrides,
  };
}

const calendar = createCalendarActivities();
const call = <T>(name: string, result: T) => async (input: unknown) => (calls.push([name, input]), result);
const activities: Partial<Activities> = {
  handoverContext: async () => structuredClone(registry),
  recordHandover: async (i) => void recorded.push(i),
  grantIncomingAdmin: call('grantIncomingAdmin', ['acc-fb', 'acc-ig']),
  removeOutgoingRoles: call('removeOutgoingRoles', ['acc-fb', 'acc-ig']),
  handOverRoster: call('handOverRoster', { outgoingLeft: true, incomingIsCm: true }),
  refreshAgencyGrantsOf: call('refreshAgencyGrantsOf', undefined),
  refreshRotations: call('refreshRotations', undefined),
  rotateNow: call('rotateNow', undefined),
  businessInstants: calendar.businessInstants,
  describeInstants: calendar.describeInstants,
  sendDecisionEmail: async (i) => (emails.push(i), { undelivered: [] }),
  recordDecision: async () => undefined,
  stepWithdrawn: async () => undefined,
  sendNotice: async (i) => (notices.push(i), { undelivered: [] }),
};

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));

beforeEach(() => {
  registry = context();
  emails = [];
  notices = [];
  recorded = [];
  calls = [];
});

async function start() {
  const handoverId = randomBytes(12).toString('hex');
  const handle = await env.client.workflow.start(handover, {
    taskQueue,
    workflowId: handoverWorkflowId('mincul', handoverId),
    args: [{ handoverId, entityId: 'mincul', outgoingEmail: CM.email, incomingEmail: NEW_CM.email, startedBy: HEAD.email }],
  });
  return { handoverId, handle };
}

const status = (handle: WorkflowHandle) => handle.query(handoverStatusQuery);
const stepEmails = (step: string) => emails.filter((e) => e.step === step);

/** The step's emails once at least `n` went out: each leaves by activity just after its step opens or its timer fires. */
async function sentFor(step: string, n = 1): Promise<[DecisionEmailInput, ...DecisionEmailInput[]]> {
  const sent = await eventually(async () => stepEmails(step), (s) => s.length >= n && s.length > 0, `${n} email(s) of ${step}`, 10_000, { intervalMs: 25 });
  return sent as [DecisionEmailInput, ...DecisionEmailInput[]];
}

/** Moves simulated time to just past an instant. */
async function sleepUntil(iso: string, marginMs = 60_000) {
  const ms = Date.parse(iso) + marginMs - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

/** Waits until the status query shows what the test needs (the workflow reacts asynchronously). */
const until = (handle: WorkflowHandle, ok: (v: HandoverStatus) => boolean): Promise<HandoverStatus> =>
  eventually(() => status(handle), ok, 'the expected handover status', 10_000, { intervalMs: 25 });

/** A finished run's status, by polling rather than `result()`: the test server jumps years ahead once a run it awaits has closed. */
async function finished(handle: WorkflowHandle): Promise<HandoverStatus> {
  const { status: run } = await eventually(() => handle.describe(), (d) => d.status.name !== 'RUNNING', 'the end of the run', 10_000, { intervalMs: 25 });
  if (run.name !== 'COMPLETED') throw new Error(`run ended ${run.name}`);
  return status(handle);
}

/** Every text a person receives from the process. */
const everyText = () => [...emails.flatMap((e) => [e.title, e.intro, ...e.summary.flat()]), ...notices.flatMap((n) => [n.subject, ...n.paragraphs, ...(n.summary ?? []).flat()])].join('\n');

describe('handover of administration (RULEBOOK §4, PCM 6.2.3)', () => {
  it('PCM 6.2.3.2–5: a full handover with one observation: delivery, verification, new roles, removal, roster, and an immediate rotation of every account', async () => {
    const { handoverId, handle } = await start();

    // PCM 6.2.3.2: the outgoing CM is asked to hand the credentials to the head by institutional email.
    const delivery = await waitForStep(handle, 'entrega');
    expect(delivery.deciders).toEqual([CM.email]);
    expect(delivery.actions).toEqual(['confirm']);
    const [first] = await sentFor('entrega');
    expect(first).toMatchObject({ kind: 'request', to: [CM] });
    expect(first.intro).toContain('PCM 6.2.3.2');
    expect(first.intro).toContain(HEAD.email);
    expect(first.intro).toContain('correo institucional');
    expect(first.intro).toContain('no recibe ni guarda contraseñas');
    expect(await status(handle)).toMatchObject({ state: 'en-curso', phase: 'entrega', step: 'entrega', waitingFor: [CM.email], escalated: false, round: 1 });
    // Before any escalation the head is no decider of the delivery.
    await expect(decide(handle, 'entrega', 'confirm', HEAD.email)).rejects.toThrow('no está dirigido a usted');
    await decide(handle, 'entrega', 'confirm', CM.email);

    // PCM 6.2.3.3: the head verifies; an observation needs a reason and sends the delivery back.
    const check = await waitForStep(handle, 'verificacion');
    expect(check.deciders).toEqual([HEAD.email]);
    expect(check.actions).toEqual(['confirm', 'observe']);
    expect((await sentFor('verificacion'))[0]!.intro).toContain('PCM 6.2.3.3');
    await expect(decide(handle, 'verificacion', 'confirm', CM.email)).rejects.toThrow('no está dirigido a usted');
    await expect(decide(handle, 'verificacion', 'observe', HEAD.email)).rejects.toThrow('motivo');
    await decide(handle, 'verificacion', 'observe', HEAD.email, { reason: 'Falta la cuenta de TikTok y su correo vinculado' });

    const again = await waitForStep(handle, 'entrega-2');
    expect(again.deciders).toEqual([CM.email]);
    const [resent] = await sentFor('entrega-2');
    expect(resent.to).toEqual([CM]);
    expect(resent.intro).toContain('Falta la cuenta de TikTok y su correo vinculado');
    expect(resent.summary).toContainEqual(['Observación', 'Falta la cuenta de TikTok y su correo vinculado']);
    const second = await status(handle);
    expect(second).toMatchObject({ phase: 'entrega', step: 'entrega-2', round: 2, waitingFor: [CM.email] });
    expect(second.observations).toEqual([expect.objectContaining({ round: 1, reason: 'Falta la cuenta de TikTok y su correo vinculado', by: HEAD.email })]);
    await decide(handle, 'entrega-2', 'confirm', CM.email);
    await decide(handle, 'verificacion-2', 'confirm', HEAD.email);

    // PCM 6.1.1.3, 6.1.2.7: the new CM signs Anexo 1, attached to the step, as every admin who receives the credentials.
    const agreement = await waitForStep(handle, 'acuerdo');
    expect(agreement).toMatchObject({ deciders: [NEW_CM.email], actions: ['sign'] });
    const [sign] = await sentFor('acuerdo');
    expect(sign.to).toEqual([NEW_CM]);
    expect(sign.intro).toContain('PCM 6.1.2.7');
    expect(sign.attachments).toEqual([
      {
        kind: 'confidentialityAgreement',
        data: expect.objectContaining({
          requestId: handoverId, entityName: 'Ministerio de Cultura', adminName: NEW_CM.name, adminEmail: NEW_CM.email,
          accountNames: ['CulturaPeru (Facebook)', 'CulturaPeru (Instagram)'], representative: HEAD.name,
        }),
      },
    ]);
    expect(await status(handle)).toMatchObject({ phase: 'acuerdo', step: 'acuerdo', waitingFor: [NEW_CM.email] });
    await expect(decide(handle, 'acuerdo', 'sign', CM.email)).rejects.toThrow('no está dirigido a usted');
    await decide(handle, 'acuerdo', 'sign', NEW_CM.email);

    // PCM 6.2.3.4: the new CM confirms the new page roles; the registry then makes them admin.
    const roles = await waitForStep(handle, 'roles-nuevos');
    expect(roles.deciders).toEqual([NEW_CM.email]);
    expect((await sentFor('roles-nuevos'))[0]!.intro).toContain('PCM 6.2.3.4');
    expect(calls).toEqual([]);
    await decide(handle, 'roles-nuevos', 'confirm', NEW_CM.email);

    // PCM 6.2.3.4–5: the new CM removes the outgoing one from every role, before the plan's deadline.
    const removal = await waitForStep(handle, 'retiro');
    expect(removal.deciders).toEqual([NEW_CM.email]);
    expect(removal.actions).toEqual(['removed']);
    expect(calls).toEqual([['grantIncomingAdmin', { entityId: 'mincul', incoming: NEW_CM }]]);
    const [ask] = await sentFor('retiro');
    expect(ask.intro).toContain('PCM 6.2.3.5');
    expect(ask.summary).toContainEqual(['Roles por retirar', 'CulturaPeru (Facebook): administrador(a); CulturaPeru (Instagram): editor(a)']);
    const open = await status(handle);
    expect(open).toMatchObject({ phase: 'retiro', step: 'retiro', waitingFor: [NEW_CM.email], escalated: false });
    expect(open.removalDeadline).toBeDefined();
    expect(ask.summary.find(([k]) => k === 'Plazo')?.[1]).toBe((await calendar.describeInstants([open.removalDeadline!]))[0]);
    await decide(handle, 'retiro', 'removed', NEW_CM.email);

    // 5–6: the registry first (roles, roster), then each rotation reads the new custodian and rotates at once.
    const done = await finished(handle);
    expect(done).toMatchObject({ state: 'completado', phase: 'completado', waitingFor: [], incomingIsCm: true, rotationsRequested: ['acc-fb', 'acc-ig'] });
    expect(done.decisions.map((d) => [d.step, d.action, d.by])).toEqual([
      ['entrega', 'confirm', CM.email],
      ['verificacion', 'observe', HEAD.email],
      ['entrega-2', 'confirm', CM.email],
      ['verificacion-2', 'confirm', HEAD.email],
      ['acuerdo', 'sign', NEW_CM.email],
      ['roles-nuevos', 'confirm', NEW_CM.email],
      ['retiro', 'removed', NEW_CM.email],
    ]);
    expect(calls).toEqual([
      ['grantIncomingAdmin', { entityId: 'mincul', incoming: NEW_CM }],
      ['removeOutgoingRoles', { entityId: 'mincul', outgoingEmail: CM.email }],
      ['handOverRoster', { entityId: 'mincul', outgoingEmail: CM.email, incomingEmail: NEW_CM.email }],
      ['refreshRotations', { accountIds: ['acc-fb', 'acc-ig'] }],
      ['rotateNow', { accountIds: ['acc-fb', 'acc-ig'], reason: HANDOVER_ROTATION_REASON, by: HEAD.email }],
      ['refreshAgencyGrantsOf', { entityId: 'mincul' }],
    ]);
    // The registry row follows every step, and the last write frees the entity for another handover.
    expect(recorded.map((r) => r.step)).toEqual(['entrega', 'verificacion', 'entrega-2', 'verificacion-2', 'acuerdo', 'roles-nuevos', 'retiro', 'cierre', 'completado']);
    expect(recorded.at(-1)).toMatchObject({ handoverId, entityId: 'mincul', accountIds: ['acc-fb', 'acc-ig'], completedAt: done.completedAt });
    expect(recorded.at(-1)!.decisions).toHaveLength(7);

    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ key: `${handoverWorkflowId('mincul', handoverId)}/cierre`, to: [HEAD, NEW_CM] });
    expect(notices[0]!.paragraphs.join(' ')).toContain('rotación inmediata');
    // Nobody was reminded: every step was answered the same day.
    expect(emails.every((e) => e.kind === 'request')).toBe(true);
    // Nobody is ever asked to type anything but a reason: no step carries a form (a password has nowhere to go).
    for (const step of ['entrega', 'verificacion', 'entrega-2', 'verificacion-2', 'acuerdo', 'roles-nuevos', 'retiro']) {
      expect((await handle.query(decisionStepQuery, step))?.form).toBeUndefined();
    }
    expect(everyText()).toContain('no recibe ni guarda contraseñas');
    await saveHistory(handle, 'handover-completed');
  });

  it('PCM 6.2.3.5: a removal nobody confirms is reminded on the plan and escalates to the head, who may then confirm it', async () => {
    const { handle } = await start();
    await decide(handle, 'entrega', 'confirm', CM.email);
    await decide(handle, 'verificacion', 'confirm', HEAD.email);
    await decide(handle, 'acuerdo', 'sign', NEW_CM.email);
    await decide(handle, 'roles-nuevos', 'confirm', NEW_CM.email);
    const opened = await waitForStep(handle, 'retiro');
    const { removalDeadline } = await until(handle, (v) => v.phase === 'retiro');

    const [firstReminder, secondReminder, escalation] = await calendar.businessInstants({ from: opened.openedAt, offsets: [2, 4, 5], nonWorkingDays: [] });
    // The deadline the email states is the plan's escalation point.
    expect(Math.abs(Date.parse(removalDeadline!) - Date.parse(escalation!))).toBeLessThan(60_000);

    await sleepUntil(firstReminder!);
    await until(handle, (v) => v.remindersSent === 1);
    await sleepUntil(secondReminder!);
    await until(handle, (v) => v.remindersSent === 2);
    expect((await status(handle)).escalated).toBe(false);

    await sleepUntil(escalation!);
    const late = await until(handle, (v) => v.escalated);
    expect(late).toMatchObject({ phase: 'retiro', step: 'retiro', waitingFor: [NEW_CM.email, HEAD.email], since: opened.openedAt, remindersSent: 3 });
    expect((await sentFor('retiro', 4)).map((e) => e.kind)).toEqual(['request', 'reminder', 'reminder', 'escalation']);
    expect(stepEmails('retiro').at(-1)!.to).toEqual([NEW_CM, HEAD]);
    // Nothing was removed from the registry nor rotated while the removal is unconfirmed.
    expect(calls.map(([name]) => name)).toEqual(['grantIncomingAdmin']);
    // Only the head is added: the second in command never decides on page roles here.
    await expect(decide(handle, 'retiro', 'removed', SECOND)).rejects.toThrow('no está dirigido a usted');

    await decide(handle, 'retiro', 'removed', HEAD.email);
    const done = await finished(handle);
    expect(done.decisions.at(-1)).toMatchObject({ step: 'retiro', action: 'removed', by: HEAD.email });
    expect(calls.map(([name]) => name)).toEqual(['grantIncomingAdmin', 'removeOutgoingRoles', 'handOverRoster', 'refreshRotations', 'rotateNow', 'refreshAgencyGrantsOf']);
  });

  it('PCM 6.2.3.5: a removal still unconfirmed after the escalation keeps reminding the new CM and the head', async () => {
    const { handle } = await start();
    await decide(handle, 'entrega', 'confirm', CM.email);
    await decide(handle, 'verificacion', 'confirm', HEAD.email);
    await decide(handle, 'acuerdo', 'sign', NEW_CM.email);
    await decide(handle, 'roles-nuevos', 'confirm', NEW_CM.email);
    const opened = await waitForStep(handle, 'retiro');
    const [, , , repeat] = await calendar.businessInstants({ from: opened.openedAt, offsets: [2, 4, 5, 10], nonWorkingDays: [] });
    await sleepUntil(repeat!);
    await until(handle, (v) => v.remindersSent === 4);
    const kinds = (await sentFor('retiro', 5)).map((e) => [e.kind, e.to.map((c) => c.email)]);
    expect(kinds.at(-1)).toEqual(['reminder', [NEW_CM.email, HEAD.email]]);
    expect((await status(handle)).state).toBe('en-curso');
    await terminateWhenIdle(handle);
  });

  it('PCM 6.2.1.2: with no head on the roster, the verification waits (nobody else may verify passwords) and opens once there is one', async () => {
    registry = context({ head: undefined });
    const { handle } = await start();
    const delivery = await waitForStep(handle, 'entrega');
    expect(delivery.deciders).toEqual([CM.email]);
    await decide(handle, 'entrega', 'confirm', CM.email);
    await until(handle, (v) => v.phase === 'sin-titular');
    expect(await handle.query(decisionStepQuery, 'verificacion')).toBeNull();

    registry = context();
    await env.sleep('1 day');
    const check = await waitForStep(handle, 'verificacion');
    expect(check.deciders).toEqual([HEAD.email]);
    await terminateWhenIdle(handle);
  });
});
