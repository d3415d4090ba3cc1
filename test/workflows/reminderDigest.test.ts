/**
 * One email per custodian per due instant (issue 18 §1), in simulated time: real rotation processes join
 * the real digest process through the processes port; the digest's email activity is a fake that records
 * what it was asked to send and answers as the relay would.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, DecisionEmailInput, ReminderDigestEmail, RotationContext } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import { createReminderDigestActivities } from '../../activities/reminderDigest';
import { refreshRotationSignal, rotateNowSignal, rotationStatusQuery } from '../../contracts/credentialRotation';
import { reminderDigestId, reminderDigestStatusQuery, type DigestItem } from '../../contracts/reminderDigest';
import { rotationDecider } from '../../domain/rotationDecider';
import { createProcesses } from '../../processes';
import { credentialRotation } from '../../workflows/credentialRotation';
import { eventually } from '../support/eventually';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { decide, saveHistory, terminateWhenIdle, waitForStep } from '../support/workflowDriver';

let env: TestWorkflowEnvironment;
const taskQueue = 'reminder-digest-test';

const HEAD = { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' };
const registry = new Map<string, RotationContext>();
let digests: ReminderDigestEmail[] = [];
let alone: DecisionEmailInput[] = [];
/** Custodians whose digest email the relay refuses, and whose first digest fails for good before sending. */
const refused = new Set<string>();
const broken = new Set<string>();

const calendar = createCalendarActivities();
const activities = (e: TestWorkflowEnvironment): Partial<Activities> => ({
  rotationContext: async (id) => structuredClone(registry.get(id)!),
  rotationDue: calendar.rotationDue,
  businessInstants: calendar.businessInstants,
  businessDaysBefore: calendar.businessDaysBefore,
  describeInstants: calendar.describeInstants,
  confirmedRotationDates: calendar.confirmedRotationDates,
  recordRotation: async () => undefined,
  recordDecision: async () => undefined,
  stepWithdrawn: async () => undefined,
  sendNotice: async () => ({ undelivered: [] }),
  sendDecisionEmail: async (i) => (alone.push(i), { undelivered: [] }),
  ...createReminderDigestActivities({ processes: createProcesses(e.client, { taskQueue }), gather: { quietMs: 1_000, maxGatherMs: 10_000 } }),
  sendReminderDigest: async (email) => {
    const to = email.input.to.email;
    if (broken.delete(to)) throw ApplicationFailure.nonRetryable('the digest broke');
    // As the email activity checks a step that joined ahead: its account must still be held by `to`.
    const holds = (i: DigestItem) => {
      const ctx = i.holds && registry.get(i.holds.accountId);
      return !ctx || (ctx.status === 'active' && rotationDecider(ctx)?.email === to);
    };
    const items = email.items.filter(holds);
    if (items.length) digests.push({ ...email, items });
    const undelivered = refused.has(to) ? [{ address: to, reason: '550 mailbox unavailable' }] : [];
    return email.items.map((i) => ({
      workflowId: i.workflowId,
      delivery: { step: i.step, version: i.version, undelivered: holds(i) ? undelivered : [], ...(holds(i) ? {} : { dropped: 'la cuenta cambió de responsable.' }) },
    }));
  },
});

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));
beforeEach(() => {
  digests = [];
  alone = [];
});

function custodian(tag: string) {
  return { name: `Custodio ${tag}`, email: `cm-${tag}-${randomUUID().slice(0, 8)}@cultura.gob.pe` };
}

/** A rotation of a new account held by `cm`, due at `dueAt` (or asked now, with a reason). */
async function rotation(cm: { name: string; email: string }, dueAt: string, immediate?: string) {
  const accountId = `acc-${randomUUID()}`;
  registry.set(accountId, {
    accountId, entityId: 'mincul', entityName: 'Ministerio de Cultura', label: `Cuenta ${accountId.slice(4, 10)} (Facebook)`, network: 'facebook',
    managingEmail: 'redes@cultura.gob.pe', status: 'active', profile: 'PCM', custodian: cm, head: HEAD, concerned: [cm, HEAD], nonWorkingDays: [],
    plan: { remindAfter: [2, 4], escalateAfter: 5, repeatEvery: 5 },
  });
  const handle = await env.client.workflow.start(credentialRotation, {
    taskQueue,
    workflowId: `rotacion-${accountId}`,
    args: [{ accountId, lastConfirmedAt: new Date(await env.currentTimeMs()).toISOString(), cycle: 1, history: [], dueAt, ...(immediate ? { immediate: { reason: immediate, by: HEAD.email } } : {}) }],
  });
  return handle;
}

/**
 * An instant a few seconds ahead on the server's clock, which runs at real speed outside `env.sleep`: the
 * rotations come due while the test waits for their steps, with no time skipped (no announcement either,
 * which only comes for a due date more than a day ahead).
 */
async function dueSoon(seconds = 3) {
  return new Date((await env.currentTimeMs()) + seconds * 1000).toISOString();
}

async function sleepPast(iso: string, extraMs = 60_000) {
  const ms = Date.parse(iso) - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms + extraMs);
}

const sentTo = (email: string) => digests.filter((d) => d.input.to.email === email);
const until = <T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what: string) => eventually(async () => read(), ok, what, 20_000, { intervalMs: 50 });

describe('one email per custodian per due instant (issue 18 §1; PCM 6.1.2.5)', () => {
  it('PCM 6.1.2.5: three accounts of one custodian due together come in one email, and each is confirmed through its own link', async () => {
    const cm = custodian('tres');
    const other = custodian('otra');
    const at = await dueSoon(3);
    const later = await dueSoon(6);
    const handles = await Promise.all([rotation(cm, at), rotation(cm, at), rotation(cm, at)]);
    // Another custodian, and the same custodian at another instant, get emails of their own.
    const otherHandle = await rotation(other, at);
    const laterHandle = await rotation(cm, later);
    for (const h of handles) await waitForStep(h, 'rotacion-1', 30_000);
    await until(() => sentTo(cm.email).length + sentTo(other.email).length, (n) => n === 2, 'the digests of the due instant');

    const [mine] = sentTo(cm.email);
    expect(mine!.input).toMatchObject({ to: cm, at, topic: 'Rotación de credenciales', noun: { one: 'cuenta', many: 'cuentas' } });
    expect(mine!.items.map((i) => i.workflowId).sort()).toEqual(handles.map((h) => h.workflowId).sort());
    expect(mine!.items.every((i) => i.step === 'rotacion-1' && i.version === 1 && i.actions.join() === 'changed')).toBe(true);
    expect(sentTo(other.email).map((d) => d.items.map((i) => i.workflowId))).toEqual([[otherHandle.workflowId]]);
    expect(alone).toEqual([]);

    await until(() => sentTo(cm.email).length, (n) => n === 2, 'the later digest');
    expect(sentTo(cm.email)[1]!.items.map((i) => i.workflowId)).toEqual([laterHandle.workflowId]);

    for (const h of handles) await decide(h, 'rotacion-1', 'changed', cm.email);
    for (const h of handles) await until(() => h.query(rotationStatusQuery), (s) => s.state === 'esperando' && s.history.length === 1, 'the next cycle');
    const digestHandle = env.client.workflow.getHandle(reminderDigestId(cm.email, at));
    await until(async () => (await digestHandle.describe()).status.name, (s) => s === 'COMPLETED', 'the digest to end');
    await saveHistory(digestHandle, 'reminder-digest-three');
    for (const h of [...handles, otherHandle, laterHandle]) await terminateWhenIdle(h);
  });

  it('a refused address reaches every step of the digest, which stays open for someone else (issue 14 §1.2)', async () => {
    const cm = custodian('rechazo');
    refused.add(cm.email);
    const at = await dueSoon();
    const handles = await Promise.all([rotation(cm, at), rotation(cm, at)]);
    for (const h of handles) {
      const view = await until(() => waitForStep(h, 'rotacion-1'), (v) => (v.undelivered?.length ?? 0) > 0, 'the refusal on the step');
      expect(view.undelivered).toEqual([expect.objectContaining({ email: cm.email, reason: '550 mailbox unavailable' })]);
      expect(view.decision).toBeUndefined();
      await terminateWhenIdle(h);
    }
  });

  it('a digest that failed before sending: an hour later each step joins again, and a new digest sends each once', async () => {
    const cm = custodian('roto');
    broken.add(cm.email);
    const at = await dueSoon();
    const handles = await Promise.all([rotation(cm, at), rotation(cm, at)]);
    for (const h of handles) await waitForStep(h, 'rotacion-1', 30_000);
    // The first digest fails as it tries to send.
    await until(() => broken.has(cm.email), (b) => !b, 'the failed digest');
    expect(sentTo(cm.email)).toEqual([]);
    await sleepPast(new Date(Date.parse(at) + 60 * 60_000).toISOString());
    const items = () => sentTo(cm.email).flatMap((d) => d.items.map((i) => i.workflowId));
    await until(items, (ids) => ids.length === 2, 'the steps in a new digest');
    expect(items().sort()).toEqual(handles.map((h) => h.workflowId).sort());
    expect(alone).toEqual([]);
    // Answered, the steps stop joining: another hour sends nothing more.
    await sleepPast(new Date(Date.parse(at) + 2 * 60 * 60_000).toISOString());
    expect(items()).toHaveLength(2);
    for (const h of handles) await terminateWhenIdle(h);
  });

  it('a rotation asked for now (a suspected leak) comes alone, at once, with its reason', async () => {
    const cm = custodian('ahora');
    const handle = await rotation(cm, await dueSoon(60), 'sospecha de filtración');
    await waitForStep(handle, 'rotacion-1');
    await until(() => alone.length, (n) => n === 1, 'the immediate request');
    expect(alone[0]!.intro).toContain('sospecha de filtración');
    expect(sentTo(cm.email)).toEqual([]);
    await terminateWhenIdle(handle);
  });

  describe('asked ahead: the request joins the digest before its instant, and only the digest wakes then', () => {
    const digestOf = (cm: { email: string }, at: string) => env.client.workflow.getHandle(reminderDigestId(cm.email, at));
    const gathered = (cm: { email: string }, at: string) => digestOf(cm, at).query(reminderDigestStatusQuery).then((s) => s.gathered).catch(() => -1);
    const accountOf = (h: { workflowId: string }) => h.workflowId.replace(/^rotacion-/, '');

    it('issue 18 §1: due within the hour, two accounts wait («esperando») in their custodian\'s digest, and the one email leaves at the instant', async () => {
      const cm = custodian('antes');
      const at = await dueSoon(30 * 60);
      const handles = await Promise.all([rotation(cm, at), rotation(cm, at)]);
      await until(() => gathered(cm, at), (n) => n === 2, 'both requests in the digest ahead');
      expect(sentTo(cm.email)).toEqual([]);
      for (const h of handles) {
        const s = await h.query(rotationStatusQuery);
        expect(s).toMatchObject({ state: 'esperando', nextDueAt: at });
        expect(s).not.toHaveProperty('overdue');
      }

      await sleepPast(at, 1_000);
      await until(() => sentTo(cm.email).length, (n) => n === 1, 'the digest at its instant');
      expect(sentTo(cm.email)[0]!.items.map((i) => i.workflowId).sort()).toEqual(handles.map((h) => h.workflowId).sort());
      expect(sentTo(cm.email)[0]!.items.every((i) => i.openedAt === at && i.holds?.accountId)).toBe(true);
      for (const h of handles) await until(() => h.query(rotationStatusQuery), (s) => s.state === 'pendiente' && s.overdue?.since === at, 'the request asked');
      const firstRun = (await handles[0]!.describe()).runId;
      await decide(handles[0]!, 'rotacion-1', 'changed', cm.email);
      // Described, not queried, until the next cycle runs: a query that meets the continue-as-new can stall the test server.
      await until(async () => (await handles[0]!.describe()).runId, (id) => id !== firstRun, 'the next cycle');
      expect((await handles[0]!.query(rotationStatusQuery)).history).toHaveLength(1);
      const digestHandle = digestOf(cm, at);
      await until(async () => (await digestHandle.describe()).status.name, (s) => s === 'COMPLETED', 'the digest to end');
      await saveHistory(digestHandle, 'reminder-digest-held');
      await saveHistory(env.client.workflow.getHandle(handles[0]!.workflowId, firstRun), 'rotation-asked-ahead-confirmed');
      expect(alone).toEqual([]);
      for (const h of handles) await terminateWhenIdle(h);
    });

    it('PCM 6.1.2.4: a new custodian before the instant takes the request out of the old one\'s digest, and the new one gets it at the instant', async () => {
      const [before, after] = [custodian('saliente'), custodian('entrante')];
      const at = await dueSoon(30 * 60);
      const handle = await rotation(before, at);
      await until(() => gathered(before, at), (n) => n === 1, 'the request in the digest ahead');
      registry.get(accountOf(handle))!.custodian = after;
      await handle.signal(refreshRotationSignal);
      await until(() => gathered(after, at), (n) => n === 1, 'the request in the new custodian\'s digest');
      expect(await gathered(before, at)).toBe(0);

      await sleepPast(at, 1_000);
      await until(() => sentTo(after.email).length, (n) => n === 1, 'the new custodian\'s digest');
      expect(sentTo(after.email)[0]!.items.map((i) => i.step)).toEqual(['rotacion-1-2']);
      expect(sentTo(before.email)).toEqual([]);
      await terminateWhenIdle(handle);
    });

    it('a change the process never heard of (its signal lost): the digest\'s check at the instant drops the request, and the process asks the new custodian', async () => {
      const [before, after] = [custodian('perdida'), custodian('actual')];
      const at = await dueSoon(30 * 60);
      const handle = await rotation(before, at);
      await until(() => gathered(before, at), (n) => n === 1, 'the request in the digest ahead');
      registry.get(accountOf(handle))!.custodian = after;

      await sleepPast(at, 1_000);
      await until(() => sentTo(after.email).length, (n) => n === 1, 'the request to the new custodian');
      expect(sentTo(after.email)[0]!.items.map((i) => [i.workflowId, i.step])).toEqual([[handle.workflowId, 'rotacion-1-2']]);
      expect(sentTo(before.email)).toEqual([]);
      await until(() => handle.query(rotationStatusQuery), (s) => s.state === 'pendiente' && s.custodian?.email === after.email, 'the request asked');
      await terminateWhenIdle(handle);
    });

    it('a rotation asked for now while the request waits for its instant comes at once, alone, and the held request leaves the digest', async () => {
      const cm = custodian('urgente');
      const at = await dueSoon(30 * 60);
      const handle = await rotation(cm, at);
      await until(() => gathered(cm, at), (n) => n === 1, 'the request in the digest ahead');
      await handle.signal(rotateNowSignal, { reason: 'sospecha de filtración', by: HEAD.email });
      await until(() => alone.length, (n) => n === 1, 'the immediate request');
      expect(alone[0]).toMatchObject({ step: 'rotacion-1-2', to: [cm] });
      expect(alone[0]!.intro).toContain('sospecha de filtración');
      await until(() => gathered(cm, at), (n) => n === 0, 'the held request out of the digest');

      await sleepPast(at, 1_000);
      expect(sentTo(cm.email)).toEqual([]);
      await terminateWhenIdle(handle);
    });
  });
});
