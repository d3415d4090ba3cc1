/**
 * The rotation process in simulated time (Java time-skipping server): years pass in seconds. The
 * registry is a variable the test edits, as the API would, followed by the `refresh` signal.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, DecisionEmailInput, NoticeInput, RecordRotationInput, RotationContext } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import { peruPublicHolidays } from '../../infra/holidays';
import { isBusinessDay, limaTimestamp } from '../../domain/businessDays';
import type { PolicyProfileId } from '../../domain/policyProfiles';
import { nextRotationDue } from '../../domain/rotation';
import { credentialRotation, HISTORY_KEPT } from '../../workflows/credentialRotation';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { eventually } from '../support/eventually';
import { closedResult, decide, saveHistory, terminateWhenIdle, waitForStep } from '../support/workflowDriver';
import { digestDeliveredSignal } from '../../contracts/reminderDigest';
import { refreshRotationSignal, rotateNowSignal, rotationStatusQuery, type CredentialRotationInput, type RotationRecord, type RotationStatus } from '../../contracts/credentialRotation';
import { decideSignal } from '../../contracts/decision';
import { ask } from '../../processes/asking';

let env: TestWorkflowEnvironment;
const taskQueue = 'rotation-test';

const CM = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' };
const HEAD = { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' };
const NEW_CM = { name: 'Elena Vargas', email: 'evargas@cultura.gob.pe' };

/** The registry as each account's context activity reads it. */
let registry: Map<string, RotationContext>;
let emails: DecisionEmailInput[];
let notices: NoticeInput[];
let recorded: RecordRotationInput[];

function context(accountId: string, overrides: Partial<RotationContext> = {}): RotationContext {
  return {
    accountId,
    entityId: 'mincul',
    entityName: 'Ministerio de Cultura',
    label: 'CulturaPeru (Facebook)',
    network: 'facebook',
    managingEmail: 'redes@cultura.gob.pe',
    status: 'active',
    profile: 'PCM',
    custodian: CM,
    head: HEAD,
    concerned: [CM, HEAD, { name: 'Bruno Salas', email: 'bsalas@cultura.gob.pe' }],
    nonWorkingDays: [],
    plan: { remindAfter: [2, 4], escalateAfter: 5, repeatEvery: 5 },
    ...overrides,
  };
}

const calendar = createCalendarActivities();
/** The due-instant activity as this test wants it; a test that holds it sets its own. */
let rotationDue: Activities['rotationDue'];
const activities: Partial<Activities> = {
  // A process left by an earlier test (the registry is emptied before each) reads its account as retired and
  // ends, rather than failing its workflow task for ever, which would hold the test server's clock still.
  rotationContext: async (id) => structuredClone(registry.get(id) ?? context(id, { status: 'retired' })),
  rotationDue: (input) => rotationDue(input),
  businessInstants: calendar.businessInstants,
  businessDaysBefore: calendar.businessDaysBefore,
  describeInstants: calendar.describeInstants,
  confirmedRotationDates: calendar.confirmedRotationDates,
  recordRotation: async (i) => void recorded.push(i),
  sendDecisionEmail: async (i) => (emails.push(i), { undelivered: [] }),
  recordDecision: async () => undefined,
  stepWithdrawn: async () => undefined,
  sendNotice: async (i) => (notices.push(i), { undelivered: [] }),
  // The digest (issue 18 §1) is reminderDigest.test.ts's subject: here the step's first email is recorded as
  // its own, and the digest's answer comes at once, as a digest of one step answers.
  joinReminderDigest: async ({ digest, item }) => {
    emails.push({ ...item, kind: 'request', to: [digest.to] });
    await env.client.workflow.getHandle(item.workflowId).signal(digestDeliveredSignal, { step: item.step, version: item.version, undelivered: [] });
  },
};

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));

beforeEach(() => {
  rotationDue = calendar.rotationDue;
  registry = new Map();
  emails = [];
  notices = [];
  recorded = [];
});

async function start(overrides: Partial<RotationContext> = {}, input: Partial<CredentialRotationInput> = {}, workflowTaskTimeout?: Duration) {
  const accountId = `acc-${randomUUID()}`;
  registry.set(accountId, context(accountId, overrides));
  const handle = await env.client.workflow.start(credentialRotation, {
    taskQueue,
    workflowId: `rotacion-${accountId}`,
    ...(workflowTaskTimeout ? { workflowTaskTimeout } : {}),
    args: [{ accountId, lastConfirmedAt: new Date(await env.currentTimeMs()).toISOString(), cycle: 1, history: [], ...input }],
  });
  return { accountId, handle };
}

/** Edits the registry as the API does, then tells the process. */
async function change(accountId: string, handle: WorkflowHandle, edit: Partial<RotationContext>) {
  registry.set(accountId, { ...registry.get(accountId)!, ...edit });
  await handle.signal(refreshRotationSignal);
}

/** The status once the run knows where it stands (a run answers `iniciando` until then). */
async function status(handle: WorkflowHandle): Promise<RotationStatus> {
  const s = await handle.query(rotationStatusQuery);
  if (s.state === 'iniciando') throw new Error('the run has not read the registry and its due instant yet');
  return s;
}
const rotationEmails = (accountId: string) => emails.filter((e) => e.workflowId === `rotacion-${accountId}`);
const closed = (years: number[]) => new Set(peruPublicHolidays(years));

/**
 * Waits until the run that was current has continued as new. The test server leaves a query sent in
 * that moment unanswered until its deadline, so tests wait for the hand-over before asking again.
 */
async function continuedAsNew(handle: WorkflowHandle, runId: string): Promise<void> {
  const run = env.client.workflow.getHandle(handle.workflowId, runId);
  await until(async () => (await run.describe()).status.name, (s) => s === 'CONTINUED_AS_NEW');
}

/** Moves simulated time to just past an instant. */
async function sleepUntil(iso: string) {
  const ms = Date.parse(iso) - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms + 60_000);
}

/** Waits until the status query shows what the test needs (the workflow reacts to a signal asynchronously). */
// A read that throws (a run between continueAsNew and its first activity, or not started yet) is asked again.
const until = <T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> =>
  eventually(read, ok, 'the expected state', 10_000, { intervalMs: 25, retryErrors: true });

/**
 * A year with a custodian who confirms each rotation as soon as asked: the expected due dates come
 * from the domain rule applied to each confirmation (the rule itself is tested with fixed dates in
 * test/domain/rotation.test.ts); this checks that the process asks exactly then, and only then.
 */
async function simulateYear(profile: PolicyProfileId) {
  const { accountId, handle } = await start({ profile });
  const startedAt = await env.currentTimeMs();
  const yearEnd = startedAt + 365 * 86_400_000;
  const dues: string[] = [];
  let last = new Date(startedAt);
  for (let cycle = 1; ; cycle++) {
    const due = nextRotationDue(last, profile, closed([last.getUTCFullYear(), last.getUTCFullYear() + 1]));
    if (due.getTime() > yearEnd) break;
    // The run of this cycle (after continueAsNew), once it has computed its due date.
    const s = await until(
      () => status(handle),
      (v) => v.state === 'esperando' && (v.history.at(-1)?.cycle ?? 0) === cycle - 1 && v.nextDueAt !== undefined,
    );
    // The carried history stays bounded however many cycles have passed.
    expect(s.history.length).toBe(Math.min(cycle - 1, HISTORY_KEPT));
    expect(s.nextDueAt).toBe(due.toISOString());
    await sleepUntil(due.toISOString());
    await waitForStep(handle, `rotacion-${cycle}`);
    const { runId } = await handle.describe();
    const decision = await decide(handle, `rotacion-${cycle}`, 'changed', CM.email);
    await continuedAsNew(handle, runId);
    last = new Date(decision.at);
    dues.push(due.toISOString());
  }
  await terminateWhenIdle(handle);
  const sent = rotationEmails(accountId);
  return { dues, sent };
}

describe('credential rotation (RULEBOOK §2)', () => {
  it('PCM 6.1.2.5: a simulated year asks monthly, each time on a business day at 09:00 Lima, and never reminds a prompt custodian', async () => {
    const { dues, sent } = await simulateYear('PCM');
    expect(dues.length).toBeGreaterThanOrEqual(11);
    expect(dues.length).toBeLessThanOrEqual(12);
    expect(sent.filter((e) => e.kind === 'request')).toHaveLength(dues.length);
    expect(sent.filter((e) => e.kind !== 'request')).toHaveLength(0);
    for (const due of dues) expect(limaTimestamp(new Date(due))).toMatch(/T09:00:00-05:00$/);
    expect(recorded.map((r) => r.cycle)).toEqual(dues.map((_, i) => i + 1));
    // Each rotation was announced once, ahead of its request (issue 17 §2).
    expect(notices.filter((n) => n.key.endsWith('/anuncio')).map((n) => n.key.split('/')[1])).toEqual(dues.map((_, i) => `rotacion-${i + 1}`));
  });

  it('PCM 6.1.2.5: the custodian hears 3 business days before a rotation falls due, once, in a notice with nothing to decide', async () => {
    const { accountId, handle } = await start({ profile: 'PCM' });
    const s = await until(() => status(handle), (v) => v.nextDueAt !== undefined);
    const noticeAt = await calendar.businessDaysBefore({ at: s.nextDueAt!, days: 3, nonWorkingDays: [] });
    expect(limaTimestamp(new Date(noticeAt))).toMatch(/T09:00:00-05:00$/);
    const days = closed([new Date(noticeAt).getUTCFullYear(), new Date(noticeAt).getUTCFullYear() + 1]);
    let between = 0;
    for (let d = new Date(noticeAt); d.getTime() < Date.parse(s.nextDueAt!); d = new Date(d.getTime() + 86_400_000)) if (isBusinessDay(d, days)) between++;
    expect(between).toBe(3);

    await sleepUntil(new Date(Date.parse(noticeAt) - 3_600_000).toISOString());
    expect(notices).toHaveLength(0);
    await sleepUntil(noticeAt);
    await until(async () => notices.length, (n) => n === 1);
    expect(notices[0]).toMatchObject({ key: `rotacion-${accountId}/rotacion-1/anuncio`, to: [CM] });
    expect(notices[0]!.paragraphs.join(' ')).toContain('PCM 6.1.2.5');
    expect(rotationEmails(accountId)).toHaveLength(0);
    expect((await status(handle)).state).toBe('esperando');

    await sleepUntil(s.nextDueAt!);
    await waitForStep(handle, 'rotacion-1');
    expect(notices).toHaveLength(1);
    const { runId } = await handle.describe();
    await decide(handle, 'rotacion-1', 'changed', CM.email);
    await continuedAsNew(handle, runId);
    await saveHistory(env.client.workflow.getHandle(handle.workflowId, runId), 'rotation-announced-confirmed');
    await terminateWhenIdle(handle);
  });

  it('PCM 6.1.2.5: a rotation asked for now is not announced', async () => {
    const { accountId, handle } = await start({}, { immediate: { reason: 'sospecha de filtración', by: HEAD.email } });
    await waitForStep(handle, 'rotacion-1');
    expect(rotationEmails(accountId)).toHaveLength(1);
    expect(notices).toHaveLength(0);
    await terminateWhenIdle(handle);
  });

  it('issue 18 §2: the notice, the rotation\'s record and the decision\'s audit row leave in the workflow task that takes the confirmation, the notice first', async () => {
    const { accountId, handle } = await start({}, { immediate: { reason: 'sospecha de filtración', by: HEAD.email } });
    await waitForStep(handle, 'rotacion-1');
    const { runId } = await handle.describe();
    await decide(handle, 'rotacion-1', 'changed', CM.email);
    await continuedAsNew(handle, runId);
    const events = (await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory()).events ?? [];
    const signal = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'decideRequest');
    const taken = events.findIndex((e, i) => i > signal && e.workflowTaskCompletedEventAttributes);
    const next = events.findIndex((e, i) => i > taken && e.workflowTaskScheduledEventAttributes);
    const scheduled = events.slice(taken + 1, next).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(scheduled).toEqual(['sendNotice', 'recordRotation', 'recordDecision']);
    expect(notices.filter((n) => n.key === `rotacion-${accountId}/rotacion-1/aviso`)).toHaveLength(1);
    expect(recorded).toEqual([expect.objectContaining({ accountId, cycle: 1, confirmedBy: CM.email })]);
    await terminateWhenIdle(handle);
  });

  it('CONGRESO 6.2.5: a simulated year asks every 15 days', async () => {
    const { dues, sent } = await simulateYear('CONGRESO');
    expect(dues.length).toBeGreaterThanOrEqual(22);
    expect(dues.length).toBeLessThanOrEqual(24);
    expect(sent.filter((e) => e.kind === 'request')).toHaveLength(dues.length);
    for (const [i, due] of dues.entries()) {
      if (i === 0) continue;
      const days = (Date.parse(due) - Date.parse(recorded[i - 1]!.confirmedAt)) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(14.5);
      expect(days).toBeLessThan(20);
    }
  });

  it('a due date on Peruvian holidays moves to the next business day: Fiestas Patrias 2026 (CONGRESO, 15 days)', async () => {
    // Confirmed Monday 13 July 2026: 15 days later is Tuesday 28 July, and 29 July is a holiday too.
    const { handle } = await start({ profile: 'CONGRESO' }, { lastConfirmedAt: '2026-07-13T15:00:00.000Z' });
    const s = await until(() => status(handle), (v) => v.overdue !== undefined || v.nextDueAt !== undefined);
    expect(s.nextDueAt).toBe('2026-07-30T14:00:00.000Z');
    await terminateWhenIdle(handle);
  });

  it('PCM 6.1.2.5: a monthly due date on New Year 2027 (a Friday) moves to Monday 4 January', async () => {
    const { handle } = await start({ profile: 'PCM' }, { lastConfirmedAt: '2026-12-01T15:00:00.000Z' });
    const s = await until(() => status(handle), (v) => v.nextDueAt !== undefined);
    expect(s.nextDueAt).toBe('2027-01-04T14:00:00.000Z');
    await terminateWhenIdle(handle);
  });

  it('an unconfirmed rotation reminds on business days, escalates to the head, and shows as overdue until confirmed', async () => {
    const { accountId, handle } = await start({}, { immediate: { reason: 'prueba de vencimiento', by: HEAD.email } });
    const opened = await waitForStep(handle, 'rotacion-1');
    // Just past the fifth business day (the plan's escalation), whatever weekday the simulated clock is on.
    const [escalation] = await calendar.businessInstants({ from: opened.openedAt, offsets: [5], nonWorkingDays: [] });
    await sleepUntil(escalation!);
    const s = await status(handle);
    expect(s.state).toBe('pendiente');
    expect(s.overdue).toMatchObject({ step: 'rotacion-1', escalated: true });
    expect(s.overdue!.waitingFor).toEqual([CM.email, HEAD.email]);
    const sent = rotationEmails(accountId);
    expect(sent.map((e) => e.kind)).toEqual(['request', 'reminder', 'reminder', 'escalation']);
    expect(sent.find((e) => e.kind === 'escalation')!.to.map((c) => c.email)).toEqual([CM.email, HEAD.email]);
    // The head, now a decider, may confirm that the custodian changed them.
    const { runId } = await handle.describe();
    await decide(handle, 'rotacion-1', 'changed', HEAD.email);
    await continuedAsNew(handle, runId);
    await saveHistory(env.client.workflow.getHandle(handle.workflowId, runId), 'rotation-escalated-confirmed');
    const after = await until(() => status(handle), (v) => v.state === 'esperando');
    expect(after.overdue).toBeUndefined();
    expect(after.history).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ cycle: 1, confirmedBy: HEAD.email, reason: 'prueba de vencimiento' });
    await terminateWhenIdle(handle);
  });

  it('CONGRESO 6.2.4–6.2.5: the request names both secrets and never asks for them; confirming tells those concerned who holds them, without any password', async () => {
    const { accountId, handle } = await start({ profile: 'CONGRESO' }, { immediate: { reason: 'alta de la cuenta', by: HEAD.email } });
    await waitForStep(handle, 'rotacion-1');
    const request = rotationEmails(accountId)[0]!;
    expect(request.actions).toEqual(['changed']);
    expect(request.intro).toMatch(/correo vinculado \(redes@cultura\.gob\.pe\)/);
    expect(request.intro).toMatch(/distintas entre sí/);
    expect(request.intro).toMatch(/Solo el Administrador de Cuentas/);
    expect(request.to).toEqual([CM]);
    await decide(handle, 'rotacion-1', 'changed', CM.email);
    await until(async () => notices.length, (n) => n === 1);
    const notice = notices[0]!;
    expect(notice.to.map((c) => c.email)).toEqual([CM.email, HEAD.email, 'bsalas@cultura.gob.pe']);
    expect(notice.paragraphs.join(' ')).toMatch(/custodia Carla Rojas \(crojas@cultura\.gob\.pe\)/);
    expect(notice.paragraphs.join(' ')).toMatch(/no contiene contraseñas/);
    expect(notice.summary?.map(([k]) => k)).toEqual(['Cuenta', 'Custodio(a)', 'Próxima rotación']);
    await terminateWhenIdle(handle);
  });

  it('a policy change applies without a restart: moving from monthly (PCM) to every 15 days (CONGRESO) brings the due date forward', async () => {
    const { accountId, handle } = await start({ profile: 'PCM' });
    const before = await until(() => status(handle), (v) => v.nextDueAt !== undefined);
    const runId = (await handle.describe()).runId;
    await change(accountId, handle, { profile: 'CONGRESO' });
    const after = await until(() => status(handle), (v) => v.profile === 'CONGRESO' && v.nextDueAt !== undefined);
    const last = new Date(after.lastConfirmedAt);
    expect(after.nextDueAt).toBe(nextRotationDue(last, 'CONGRESO', closed([last.getUTCFullYear(), last.getUTCFullYear() + 1])).toISOString());
    expect(Date.parse(after.nextDueAt!)).toBeLessThan(Date.parse(before.nextDueAt!));
    expect((await handle.describe()).runId).toBe(runId);
    await sleepUntil(after.nextDueAt!);
    await waitForStep(handle, 'rotacion-1');
    await terminateWhenIdle(handle);
  });

  it('the status says "esperando" only with the instant it waits for: while a policy change computes the new one, the previous one shows', async () => {
    // A 2 s workflow task: the held due-instant activity outlives it, so the worker completes the task to keep
    // it alive and queries are answered while the new instant is computed (the moment a page can meet).
    const { accountId, handle } = await start({ profile: 'PCM' }, {}, '2 seconds');
    const before = await until(() => status(handle), (v) => v.nextDueAt !== undefined);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let computing = false;
    rotationDue = async (input) => {
      computing = true;
      await held;
      return calendar.rotationDue(input);
    };
    await change(accountId, handle, { profile: 'CONGRESO' });
    await until(async () => computing, (c) => c);
    const seen: RotationStatus[] = [];
    const stopAt = Date.now() + 4_000;
    while (Date.now() < stopAt) {
      seen.push(await status(handle));
      await new Promise((r) => setTimeout(r, 100));
    }
    release();
    const after = await until(() => status(handle), (v) => v.profile === 'CONGRESO' && v.nextDueAt !== before.nextDueAt);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((v) => v.state === 'esperando' && v.nextDueAt === undefined)).toEqual([]);
    expect(seen.every((v) => v.state === 'esperando' && v.nextDueAt === before.nextDueAt)).toBe(true);
    expect(Date.parse(after.nextDueAt!)).toBeLessThan(Date.parse(before.nextDueAt!));
    // Paused, the process waits for the registry, not for an instant: no next change is announced.
    await change(accountId, handle, { status: 'paused', statusReason: 'campaña suspendida' });
    expect(await until(() => status(handle), (v) => v.state === 'pausada')).not.toHaveProperty('nextDueAt');
    await change(accountId, handle, { status: 'active' });
    expect((await until(() => status(handle), (v) => v.state === 'esperando')).nextDueAt).toBe(after.nextDueAt);
    await terminateWhenIdle(handle);
  });

  it('a new custodian takes over an open rotation: they get a fresh link and the old one stops working', async () => {
    const { accountId, handle } = await start({}, { immediate: { reason: 'prueba', by: HEAD.email } });
    await waitForStep(handle, 'rotacion-1');
    await change(accountId, handle, { custodian: NEW_CM, concerned: [NEW_CM, HEAD] });
    const view = await until(() => waitForStep(handle, 'rotacion-1'), (v) => v.version === 2);
    expect(view.deciders).toEqual([NEW_CM.email]);
    // The step's version moves before its email activity runs: wait for the email, not only the query.
    const sent = await until(async () => rotationEmails(accountId).at(-1), (e) => e?.version === 2);
    expect(sent).toMatchObject({ version: 2, kind: 'request', to: [NEW_CM] });
    await expect(decide(handle, 'rotacion-1', 'changed', CM.email, { version: 1 })).rejects.toThrow(/reemplazado/);
    await decide(handle, 'rotacion-1', 'changed', NEW_CM.email);
    await until(async () => recorded.length, (n) => n === 1);
    expect(recorded[0]!.confirmedBy).toBe(NEW_CM.email);
    await terminateWhenIdle(handle);
  });

  it('a registry change whose nudge was lost still reaches the request: the process reads the roster again when the rotation comes due', async () => {
    const { accountId, handle } = await start();
    const s = await until(() => status(handle), (v) => v.nextDueAt !== undefined);
    // Written to the registry while Temporal was unreachable: no refresh signal.
    registry.set(accountId, { ...registry.get(accountId)!, custodian: NEW_CM });
    await sleepUntil(s.nextDueAt!);
    const view = await waitForStep(handle, 'rotacion-1');
    expect(view.deciders).toEqual([NEW_CM.email]);
    expect(rotationEmails(accountId).map((e) => e.to)).toEqual([[NEW_CM]]);
    await terminateWhenIdle(handle);
  });

  it('pausing withdraws an open rotation (its links answer that it no longer applies); resuming asks again at once', async () => {
    const { accountId, handle } = await start({}, { immediate: { reason: 'prueba', by: HEAD.email } });
    await waitForStep(handle, 'rotacion-1');
    await change(accountId, handle, { status: 'paused', statusReason: 'cuenta suspendida por la red' });
    const paused = await until(() => status(handle), (v) => v.state === 'pausada');
    expect(paused.pausedReason).toBe('cuenta suspendida por la red');
    expect((await waitForStep(handle, 'rotacion-1')).withdrawn?.reason).toMatch(/pausada/);
    await expect(decide(handle, 'rotacion-1', 'changed', CM.email)).rejects.toThrow(/ya no está vigente/);
    await env.sleep('10 days');
    expect(rotationEmails(accountId).map((e) => e.kind)).toEqual(['request']);
    await change(accountId, handle, { status: 'active' });
    await waitForStep(handle, 'rotacion-1-2');
    await decide(handle, 'rotacion-1-2', 'changed', CM.email);
    await until(async () => recorded.length, (n) => n === 1);
    await terminateWhenIdle(handle);
  });

  it('retiring the account stops the process, while waiting or with a rotation open', async () => {
    const waiting = await start();
    await until(() => status(waiting.handle), (v) => v.nextDueAt !== undefined);
    await change(waiting.accountId, waiting.handle, { status: 'retired' });
    expect((await closedResult(waiting.handle)).state).toBe('retirada');

    const open = await start({}, { immediate: { reason: 'prueba', by: HEAD.email } });
    await waitForStep(open.handle, 'rotacion-1');
    await change(open.accountId, open.handle, { status: 'retired' });
    const result = await closedResult(open.handle);
    expect(result.state).toBe('retirada');
    expect(result.overdue).toBeUndefined();
    expect(recorded).toHaveLength(0);
  });

  it('a rotation asked for now (PCM 6.2.3 handover, a suspected leak) opens at once with its reason', async () => {
    const { accountId, handle } = await start();
    await until(() => status(handle), (v) => v.nextDueAt !== undefined);
    await handle.signal(rotateNowSignal, { reason: 'Traspaso de administración (PCM 6.2.3)', by: HEAD.email });
    await waitForStep(handle, 'rotacion-1');
    expect(rotationEmails(accountId)[0]!.intro).toMatch(/^Se pidió una rotación inmediata: Traspaso de administración/);
    await terminateWhenIdle(handle);
  });

  it('continueAsNew after each rotation keeps every run small and carries a bounded history; old links get a clear answer', async () => {
    const history: RotationRecord[] = Array.from({ length: HISTORY_KEPT }, (_, i) => ({
      cycle: i + 1, step: `rotacion-${i + 1}`, dueAt: '2025-01-01T14:00:00.000Z', confirmedAt: '2025-01-01T15:00:00.000Z', by: CM.email,
    }));
    const { handle } = await start({}, { cycle: HISTORY_KEPT + 1, history, immediate: { reason: 'prueba', by: HEAD.email } });
    const firstRun = (await handle.describe()).runId;
    // The step's answer names the run that gave it, so the page's POST goes straight there.
    expect((await waitForStep(handle, `rotacion-${HISTORY_KEPT + 1}`)).runId).toBe(firstRun);
    await decide(handle, `rotacion-${HISTORY_KEPT + 1}`, 'changed', CM.email);
    await continuedAsNew(handle, firstRun);
    const s = await until(() => status(handle), (v) => v.history.length === HISTORY_KEPT && v.history.at(-1)!.cycle === HISTORY_KEPT + 1);
    expect(s.history[0]!.cycle).toBe(2);
    const second = await handle.describe();
    expect(second.runId).not.toBe(firstRun);
    // The finished run's history: one cycle, a few dozen events.
    const events = (await env.client.workflow.getHandle(handle.workflowId, firstRun).fetchHistory()).events ?? [];
    expect(events.length).toBeLessThan(80);
    await expect(decide(handle, `rotacion-${HISTORY_KEPT + 1}`, 'changed', CM.email)).rejects.toThrow(/ya fue atendido/);
    // A page that read the step from the run that has since continued as new: its POST reaches the current run.
    const late = { step: `rotacion-${HISTORY_KEPT + 1}`, version: 1, action: 'changed' as const, actor: { email: CM.email } };
    await expect(ask(env.client.workflow, handle.workflowId, decideSignal, late, { runId: firstRun })).rejects.toThrow(/ya fue atendido/);
    await terminateWhenIdle(handle);
  });
});
