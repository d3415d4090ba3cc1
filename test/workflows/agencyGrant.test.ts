/**
 * The agency grant process in simulated time (Java time-skipping server): campaigns of weeks pass in
 * seconds. The registry row is a variable the test edits, as the API would, followed by `refresh`.
 */
import { randomBytes } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, AgencyGrantContext, DecisionEmailInput, NoticeInput, RecordGrantStateInput } from '../../activities';
import { grantInstants } from '../../activities/agencyGrant';
import { linkLife } from '../../activities/email';
import { createCalendarActivities } from '../../activities/calendar';
import { peruPublicHolidays } from '../../infra/holidays';
import { isBusinessDay, limaDate, limaStartOfDay, limaTimestamp } from '../../domain/businessDays';
import { DEFAULT_REMINDER_PLAN } from '../../domain/decision';
import { NO_TOKEN_REASON, type GrantPlatformCheck } from '../../domain/grantPlatformCheck';
import { agencyGrant } from '../../workflows/agencyGrant';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { eventually } from '../support/eventually';
import { decide, saveHistory, terminateWhenIdle, waitForStep } from '../support/workflowDriver';
import { endEarlySignal, grantStatusQuery, grantWorkflowId, refreshGrantSignal, REMOVAL_STEP, type GrantStatus } from '../../contracts/agencyGrant';


let env: TestWorkflowEnvironment;
const taskQueue = 'agency-grant-test';

const CM = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' };
const HEAD = { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' };
const SECOND = 'bsalas@cultura.gob.pe';
const NEW_CM = { name: 'Elena Vargas', email: 'evargas@cultura.gob.pe' };
const LINK_TTL_MS = 14 * 86_400_000;
const AGENCY = { name: 'Rosa Medina', email: 'rmedina@agenciaandina.pe' };

/** The registry rows as the context activity reads them. */
let registry: Map<string, AgencyGrantContext>;
let emails: DecisionEmailInput[];
let notices: NoticeInput[];
let recorded: RecordGrantStateInput[];
/** What the platform check answers per grant (issue 17 §1); unset, it stays manual as without a Meta token. */
let platform: Map<string, GrantPlatformCheck>;
let checked: string[];

function row(grantId: string, overrides: Partial<AgencyGrantContext>): AgencyGrantContext {
  return {
    exists: true,
    grantId,
    entityId: 'mincul',
    entityName: 'Ministerio de Cultura',
    accountId: 'acc-1',
    label: 'CulturaPeru (Facebook)',
    agencyName: 'Agencia Andina de Medios',
    businessManagerId: '1234567890123456',
    role: 'advertiser',
    campaign: 'Verano Cultural',
    startsOn: '2037-12-01',
    endsOn: '2037-12-24',
    state: 'scheduled',
    custodian: CM,
    head: HEAD,
    nonWorkingDays: [],
    plan: { remindAfter: [2, 4], escalateAfter: 5, repeatEvery: 5 },
    ...overrides,
  };
}

const missing = (grantId: string): AgencyGrantContext => ({
  ...row(grantId, {}), exists: false, state: 'cancelled', nonWorkingDays: [], plan: DEFAULT_REMINDER_PLAN,
});

const calendar = createCalendarActivities();
const activities: Partial<Activities> = {
  agencyGrantContext: async (id) => structuredClone(registry.get(id) ?? missing(id)),
  grantInstants: async (i) => grantInstants(i),
  recordGrantState: async (i) => {
    recorded.push(i);
    const r = registry.get(i.grantId);
    if (!r) return false;
    registry.set(i.grantId, { ...r, state: i.state, ...(i.endedEarlyOn ? { endedEarlyOn: i.endedEarlyOn } : {}) });
    return true;
  },
  businessInstants: calendar.businessInstants,
  describeInstants: calendar.describeInstants,
  // As the email activity answers: links that last 14 days, and when fresh ones are due.
  sendDecisionEmail: async (i) => (emails.push(i), { undelivered: [], ...linkLife((await env.currentTimeMs()) + LINK_TTL_MS, i.nonWorkingDays ?? []) }),
  recordDecision: async () => undefined,
  stepWithdrawn: async () => undefined,
  sendNotice: async (i) => (notices.push(i), { undelivered: [] }),
  checkGrantOnPlatform: async ({ grantId }) => {
    checked.push(grantId);
    return platform.get(grantId) ?? { state: 'manual', checkedAt: new Date(await env.currentTimeMs()).toISOString(), reason: NO_TOKEN_REASON };
  },
};

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));

beforeEach(() => {
  registry = new Map();
  emails = [];
  notices = [];
  recorded = [];
  platform = new Map();
  checked = [];
});

async function start(overrides: Partial<AgencyGrantContext> = {}, opts: { inRegistry?: boolean } = {}) {
  const grantId = randomBytes(12).toString('hex');
  if (opts.inRegistry !== false) registry.set(grantId, row(grantId, overrides));
  const handle = await env.client.workflow.start(agencyGrant, { taskQueue, workflowId: grantWorkflowId(grantId), args: [{ grantId }] });
  return { grantId, handle };
}

const status = (handle: WorkflowHandle) => handle.query(grantStatusQuery);
const statesOf = (grantId: string) => recorded.filter((r) => r.grantId === grantId).map((r) => r.state);
const emailsOf = (grantId: string) => emails.filter((e) => e.workflowId === grantWorkflowId(grantId));
const closed = (years: number[]) => new Set(peruPublicHolidays(years));
const today = async () => limaDate(new Date(await env.currentTimeMs()));
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Moves simulated time to just past an instant. */
async function sleepUntil(iso: string, marginMs = 60_000) {
  const ms = Date.parse(iso) + marginMs - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

/** Waits until the status query shows what the test needs (the workflow reacts to signals asynchronously). */
const until = (handle: WorkflowHandle, ok: (v: GrantStatus) => boolean): Promise<GrantStatus> =>
  eventually(() => status(handle), ok, 'the expected grant status', 10_000, { intervalMs: 25 });

/**
 * The status a finished run returned, read by polling rather than `result()`: awaiting a result lets the
 * test server skip time freely, and it jumps years ahead once the run has closed.
 */
async function finished(handle: WorkflowHandle): Promise<GrantStatus> {
  const { status: run } = await eventually(() => handle.describe(), (d) => d.status.name !== 'RUNNING', 'the end of the run', 10_000, { intervalMs: 25 });
  if (run.name !== 'COMPLETED') throw new Error(`run ended ${run.name}`);
  return status(handle);
}

describe('agency grant process (RULEBOOK §3.1, PCM 6.1.2.10)', () => {
  it('PCM 6.1.2.10: a grant runs its course: scheduled, active at its start, removal due the business day after its end, reminders, escalation to the head, removed', async () => {
    const t = await today();
    const startsOn = plusDays(t, 2);
    const endsOn = plusDays(t, 9);
    const { grantId, handle } = await start({ startsOn, endsOn });

    const scheduled = await until(handle, (v) => v.removalDueAt !== undefined);
    expect(scheduled.state).toBe('scheduled');
    expect(scheduled.startsAt).toBe(limaStartOfDay(startsOn).toISOString());
    const due = scheduled.removalDueAt!;
    expect(limaTimestamp(new Date(due))).toMatch(/T09:00:00-05:00$/);
    expect(limaDate(new Date(due)) > endsOn).toBe(true);
    expect(isBusinessDay(new Date(due), closed([Number(endsOn.slice(0, 4)), Number(endsOn.slice(0, 4)) + 1]))).toBe(true);
    expect(statesOf(grantId)).toEqual([]);

    await sleepUntil(scheduled.startsAt!);
    await until(handle, (v) => v.state === 'active');
    expect(statesOf(grantId)).toEqual(['active']);

    // Through the campaign's last day the agency keeps its role: nobody is asked yet.
    await sleepUntil(due, -3_600_000);
    expect((await status(handle)).state).toBe('active');
    expect(emailsOf(grantId)).toHaveLength(0);

    await sleepUntil(due);
    const opened = await waitForStep(handle, REMOVAL_STEP);
    expect(opened.deciders).toEqual([CM.email]);
    expect(opened.actions).toEqual(['removed']);
    expect(statesOf(grantId)).toEqual(['active', 'removal_due']);
    const request = emailsOf(grantId)[0]!;
    expect(request.kind).toBe('request');
    expect(request.intro).toContain('PCM 6.1.2.10');
    expect(request.intro).toContain('Agencia Andina de Medios');
    expect(request.summary).toEqual(expect.arrayContaining([['Campaña', 'Verano Cultural'], ['ID de Business Manager', '1234567890123456']]));

    // The head is no decider before the escalation.
    await expect(decide(handle, REMOVAL_STEP, 'removed', HEAD.email)).rejects.toThrow('no está dirigido a usted');

    const [escalationAt] = await calendar.businessInstants({ from: opened.openedAt, offsets: [5], nonWorkingDays: [] });
    await sleepUntil(escalationAt!);
    const overdue = await until(handle, (v) => v.removal?.escalated === true);
    expect(overdue.state).toBe('removal_due');
    expect(overdue.removal!.waitingFor).toEqual([CM.email, HEAD.email]);
    expect(overdue.removal!.since).toBe(opened.openedAt);
    expect(emailsOf(grantId).map((e) => e.kind)).toEqual(['request', 'reminder', 'reminder', 'escalation']);
    expect(emailsOf(grantId).at(-1)!.to.map((c) => c.email)).toEqual([CM.email, HEAD.email]);

    // Someone the step was never sent to cannot confirm the removal.
    await expect(decide(handle, REMOVAL_STEP, 'removed', SECOND)).rejects.toThrow('no está dirigido a usted');

    const decision = await decide(handle, REMOVAL_STEP, 'removed', CM.email);
    const result = await finished(handle);
    expect(result.state).toBe('removed');
    expect(result).toMatchObject({ removedBy: CM.email, removedAt: decision.at });
    expect(recorded.filter((r) => r.grantId === grantId).at(-1)).toEqual({ grantId, state: 'removed', removedAt: decision.at, removedBy: CM.email });
    // A campaign of a week is shorter than 14 business days: its only warning was the 1-day one.
    expect(notices.map((n) => n.key)).toEqual([`${grantWorkflowId(grantId)}/aviso-1`, `${grantWorkflowId(grantId)}/retirado`]);
    const removed = notices[1]!;
    expect(removed.to).toEqual([HEAD]);
    expect(removed.paragraphs.join(' ')).toContain('ya no tiene acceso');
    // Issue 17 §1: without a Meta token the check at the grant's end stays manual, and says so.
    expect(checked).toEqual([grantId]);
    expect(result.platformCheck).toEqual({ state: 'manual', checkedAt: expect.any(String), reason: NO_TOKEN_REASON });
    await saveHistory(handle, 'agency-grant-removed');
  });

  it('PCM 6.1.2.10: the custodian, the head and the agency are warned 14 and 1 business days before the last day (Lima), one email each', async () => {
    const t = await today();
    const startsOn = plusDays(t, 1);
    const endsOn = plusDays(t, 45);
    const { grantId, handle } = await start({ startsOn, endsOn, agencyContact: AGENCY });
    const wid = grantWorkflowId(grantId);
    const expected = grantInstants({ startsOn, endsOn, nonWorkingDays: [] });
    const [fourteen, one] = expected.warnings!;
    expect(fourteen).toMatchObject({ daysBefore: 14 });
    expect(one).toMatchObject({ daysBefore: 1 });
    for (const w of [fourteen!, one!]) expect(limaTimestamp(new Date(w.at))).toMatch(/T09:00:00-05:00$/);
    // 14 business days before the last day, never counting a weekend or holiday.
    const yearsClosed = closed([Number(t.slice(0, 4)), Number(t.slice(0, 4)) + 1]);
    let counted = 0;
    for (let d = limaDate(new Date(fourteen!.at)); d < endsOn; d = plusDays(d, 1)) if (isBusinessDay(limaStartOfDay(d), yearsClosed)) counted++;
    expect(counted).toBe(14);

    await sleepUntil(fourteen!.at, -3_600_000);
    expect((await status(handle)).state).toBe('active');
    expect(notices).toHaveLength(0);

    await sleepUntil(fourteen!.at);
    await eventually(async () => notices.length, (n) => n === 2, 'the 14-day warnings', 10_000, { intervalMs: 25 });
    const [internal, agency] = notices;
    expect(internal).toMatchObject({ key: `${wid}/aviso-14`, to: [CM, HEAD] });
    expect(internal!.paragraphs.join(' ')).toContain('en 14 días hábiles');
    expect(internal!.paragraphs.join(' ')).toContain('PCM 6.1.2.10');
    expect(agency).toMatchObject({ key: `${wid}/aviso-14/agencia`, to: [AGENCY], outsider: true });
    expect(agency!.paragraphs.join(' ')).toContain('Verano Cultural');

    await sleepUntil(one!.at, -3_600_000);
    expect(notices).toHaveLength(2);
    await sleepUntil(one!.at);
    await eventually(async () => notices.length, (n) => n === 4, 'the 1-day warnings', 10_000, { intervalMs: 25 });
    expect(notices.slice(2).map((n) => n.key)).toEqual([`${wid}/aviso-1`, `${wid}/aviso-1/agencia`]);
    expect(notices[2]!.paragraphs.join(' ')).toContain('en 1 día hábil');

    await sleepUntil(expected.removalDueAt);
    await waitForStep(handle, REMOVAL_STEP);
    expect(notices).toHaveLength(4);
    await decide(handle, REMOVAL_STEP, 'removed', CM.email);
    expect((await finished(handle)).state).toBe('removed');
    expect(new Set(notices.map((n) => n.key)).size).toBe(notices.length);
    await saveHistory(handle, 'agency-grant-warned');
  });

  it('PCM 6.1.2.10: a grant ended early is warned no more, though its planned warnings come later', async () => {
    const t = await today();
    const { handle } = await start({ startsOn: t, endsOn: plusDays(t, 45), agencyContact: AGENCY });
    await until(handle, (v) => v.state === 'active');
    const newEnd = plusDays(t, 30);
    await handle.signal(endEarlySignal, { on: newEnd, reason: 'Se acortó la campaña', by: HEAD.email });
    const s = await until(handle, (v) => v.endsOn === newEnd);
    // Past both warnings the shortened campaign would have had, short of its removal.
    await sleepUntil(s.removalDueAt!, -6 * 3_600_000);
    expect((await status(handle)).state).toBe('active');
    expect(notices).toHaveLength(0);
    await terminateWhenIdle(handle);
  });

  it('issue 17 §2: an open step whose plan leaves more than the links last gets fresh links before they expire, and no reminder early', async () => {
    const t = await today();
    // 20 business days without a reminder: more than the 14 calendar days a link lasts (a stored plan the form would refuse now).
    const { grantId, handle } = await start({ startsOn: t, endsOn: plusDays(t, 30), plan: { remindAfter: [20], repeatEvery: 20 } });
    await until(handle, (v) => v.state === 'active');
    await handle.signal(endEarlySignal, { on: t, reason: 'Fin anticipado', by: HEAD.email });
    const opened = await waitForStep(handle, REMOVAL_STEP);
    const [reminderAt] = await calendar.businessInstants({ from: opened.openedAt, offsets: [20], nonWorkingDays: [] });
    await sleepUntil(reminderAt!);
    await eventually(async () => emailsOf(grantId).map((e) => e.kind), (k) => k.includes('reminder'), 'the reminder', 10_000, { intervalMs: 25 });
    const sent = emailsOf(grantId);
    expect(sent.map((e) => e.kind)).toEqual(['request', 'fresh', 'fresh', 'reminder']);
    // Fresh links keep the step's version: the reminder is still the plan's only new version.
    expect(sent.map((e) => e.version)).toEqual([1, 1, 1, 2]);
    expect(sent.filter((e) => e.kind === 'fresh').map((e) => e.renewal)).toEqual([1, 2]);
    expect((await status(handle)).removal!.remindersSent).toBe(1);
    await decide(handle, REMOVAL_STEP, 'removed', CM.email);
    expect((await finished(handle)).state).toBe('removed');
    await saveHistory(handle, 'agency-grant-fresh-links');
  });

  it.each([
    ['Thursday 24 December 2037: Christmas (Friday) and the weekend move it to Monday 28', '2037-12-24', [], '2037-12-28T14:00:00.000Z'],
    ["the same, with the entity's decreed day on Monday 28: Tuesday 29", '2037-12-24', ['2037-12-28'], '2037-12-29T14:00:00.000Z'],
    ['Monday 27 July 2037: Fiestas Patrias (28 and 29 July) move it to Thursday 30', '2037-07-27', [], '2037-07-30T14:00:00.000Z'],
  ])('PCM 6.1.2.10: the removal due date skips weekends and holidays: %s', async (_name, endsOn, nonWorkingDays, expected) => {
    const { grantId, handle } = await start({ startsOn: '2037-07-01', endsOn, nonWorkingDays });
    const s = await until(handle, (v) => v.removalDueAt !== undefined);
    expect(s.removalDueAt).toBe(expected);
    expect(s.state).toBe('scheduled');
    expect(statesOf(grantId)).toEqual([]);
    await terminateWhenIdle(handle);
  });

  it('ending the campaign before the grant starts annuls it: cancelled, nobody asked to remove, the custodian told not to grant', async () => {
    const t = await today();
    const { grantId, handle } = await start({ startsOn: plusDays(t, 5), endsOn: plusDays(t, 20) });
    await until(handle, (v) => v.removalDueAt !== undefined);
    await handle.signal(endEarlySignal, { on: t, reason: 'La campaña se suspendió', by: HEAD.email });
    const result = await finished(handle);
    expect(result.state).toBe('cancelled');
    expect(result.endedEarly).toEqual({ on: t, reason: 'La campaña se suspendió', by: HEAD.email });
    expect(recorded).toEqual([{ grantId, state: 'cancelled', endedEarlyOn: t }]);
    expect(emailsOf(grantId)).toHaveLength(0);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ key: `${grantWorkflowId(grantId)}/anulada`, to: [CM], cc: [HEAD.email] });
    expect(notices[0]!.paragraphs.join(' ')).toContain('La campaña se suspendió');
  });

  it('a campaign shortened before it starts keeps the grant scheduled, with the removal due after the new end', async () => {
    const t = await today();
    const startsOn = plusDays(t, 5);
    const { grantId, handle } = await start({ startsOn, endsOn: plusDays(t, 30) });
    await until(handle, (v) => v.removalDueAt !== undefined);
    const newEnd = plusDays(t, 10);
    await handle.signal(endEarlySignal, { on: newEnd, reason: 'Se acortó la campaña', by: HEAD.email });
    const s = await until(handle, (v) => v.endsOn === newEnd);
    expect(s.state).toBe('scheduled');
    expect(s.removalDueAt).toBe(grantInstants({ startsOn, endsOn: newEnd, nonWorkingDays: [] }).removalDueAt);
    expect(statesOf(grantId)).toEqual(['scheduled']);
    expect(recorded[0]!.endedEarlyOn).toBe(newEnd);
    await terminateWhenIdle(handle);
  });

  it('ending the campaign early while the grant is active opens the removal step at once, citing the early end', async () => {
    const t = await today();
    const { grantId, handle } = await start({ startsOn: t, endsOn: plusDays(t, 30) });
    await until(handle, (v) => v.state === 'active');
    const signalledAt = await env.currentTimeMs();
    await handle.signal(endEarlySignal, { on: t, reason: 'Se agotó el presupuesto', by: HEAD.email });
    const opened = await waitForStep(handle, REMOVAL_STEP);
    const s = await status(handle);
    expect(s.state).toBe('removal_due');
    expect(s.endsOn).toBe(t);
    expect(Date.parse(s.removalDueAt!)).toBeGreaterThanOrEqual(signalledAt);
    expect(Date.parse(s.removalDueAt!)).toBeLessThanOrEqual(Date.parse(opened.openedAt));
    expect(statesOf(grantId)).toEqual(['active', 'active', 'removal_due']);
    expect(recorded[1]).toEqual({ grantId, state: 'active', endedEarlyOn: t });
    expect(emailsOf(grantId)[0]!.intro).toContain('terminó anticipadamente');
    expect(emailsOf(grantId)[0]!.intro).toContain('Se agotó el presupuesto');

    await decide(handle, REMOVAL_STEP, 'removed', CM.email);
    expect((await finished(handle)).state).toBe('removed');
  });

  /** A grant ended early today, its removal confirmed by the custodian: the point where the platform is checked. */
  async function confirmedRemoval(check?: (grantId: string) => GrantPlatformCheck) {
    const t = await today();
    const { grantId, handle } = await start({ startsOn: t, endsOn: plusDays(t, 30) });
    if (check) platform.set(grantId, check(grantId));
    await until(handle, (v) => v.state === 'active');
    await handle.signal(endEarlySignal, { on: t, reason: 'Se agotó el presupuesto', by: HEAD.email });
    await waitForStep(handle, REMOVAL_STEP);
    expect(checked).toEqual([]);
    await decide(handle, REMOVAL_STEP, 'removed', CM.email);
    return { grantId, handle, result: await finished(handle) };
  }
  const AGENCY_ON_META = { id: '1234567890123456', name: 'Agencia Andina de Medios SAC', tasks: ['ADVERTISE'] };

  it('PCM 6.1.2.10, issue 17 §1: the removal confirmed but the agency still on the platform: the custodian and the head get one email citing the clause, and the status says so', async () => {
    const { grantId, handle, result } = await confirmedRemoval(() => ({ state: 'still-present', checkedAt: '2037-01-01T00:00:00.000Z', agency: AGENCY_ON_META }));
    expect(checked).toEqual([grantId]);
    expect(result).toMatchObject({ state: 'removed', removedBy: CM.email, platformCheck: { state: 'still-present', agency: AGENCY_ON_META } });
    const wf = grantWorkflowId(grantId);
    expect(notices.map((n) => n.key)).toEqual([`${wf}/sigue-en-plataforma`]);
    const still = notices[0]!;
    expect(still.to).toEqual([CM, HEAD]);
    expect(still.subject).toContain('La agencia sigue con acceso en la plataforma');
    const text = still.paragraphs.join(' ');
    expect(text).toContain('PCM 6.1.2.10');
    expect(text).toContain('Agencia Andina de Medios SAC (ID 1234567890123456)');
    expect(text).toContain(CM.email);
    await saveHistory(handle, 'agency-grant-still-on-platform');
  });

  it('PCM 6.1.2.10, issue 17 §1: the removal confirmed and the platform no longer lists the agency: the head hears it was removed, and the status records the check', async () => {
    const { grantId, result } = await confirmedRemoval(() => ({ state: 'gone', checkedAt: '2037-01-01T00:00:00.000Z' }));
    expect(result.platformCheck).toEqual({ state: 'gone', checkedAt: '2037-01-01T00:00:00.000Z' });
    expect(notices.map((n) => n.key)).toEqual([`${grantWorkflowId(grantId)}/retirado`]);
    expect(notices[0]!.to).toEqual([HEAD]);
  });

  it('an early end at a later date keeps the grant active and moves the removal to the business day after it', async () => {
    const t = await today();
    const { handle } = await start({ startsOn: t, endsOn: plusDays(t, 30) });
    await until(handle, (v) => v.state === 'active');
    const newEnd = plusDays(t, 3);
    await handle.signal(endEarlySignal, { on: newEnd, reason: 'Se acortó la campaña', by: CM.email });
    const s = await until(handle, (v) => v.endsOn === newEnd);
    expect(s.state).toBe('active');
    expect(s.removalDueAt).toBe(grantInstants({ startsOn: t, endsOn: newEnd, nonWorkingDays: [] }).removalDueAt);
    await terminateWhenIdle(handle);
  });

  it("a day the entity decrees non-working after the grant started moves a removal not yet due (read on refresh)", async () => {
    const t = await today();
    const { grantId, handle } = await start({ startsOn: t, endsOn: plusDays(t, 10) });
    const active = await until(handle, (v) => v.state === 'active');
    const dueDay = limaDate(new Date(active.removalDueAt!));
    registry.set(grantId, { ...registry.get(grantId)!, nonWorkingDays: [dueDay] });
    await handle.signal(refreshGrantSignal);
    const moved = await until(handle, (v) => v.removalDueAt !== active.removalDueAt);
    expect(moved.removalDueAt).toBe(grantInstants({ startsOn: t, endsOn: plusDays(t, 10), nonWorkingDays: [dueDay] }).removalDueAt);
    expect(limaDate(new Date(moved.removalDueAt!)) > dueDay).toBe(true);
    await terminateWhenIdle(handle);
  });

  it('a new custodian in the roster takes over the open removal step; the old link no longer counts', async () => {
    const t = await today();
    const { grantId, handle } = await start({ startsOn: t, endsOn: plusDays(t, 30) });
    await until(handle, (v) => v.state === 'active');
    await handle.signal(endEarlySignal, { on: t, reason: 'Fin anticipado', by: HEAD.email });
    const first = await waitForStep(handle, REMOVAL_STEP);
    expect(first.deciders).toEqual([CM.email]);
    const before = await status(handle);

    registry.set(grantId, { ...registry.get(grantId)!, custodian: NEW_CM });
    await handle.signal(refreshGrantSignal);
    const s = await until(handle, (v) => v.custodian?.email === NEW_CM.email && v.removal?.waitingFor[0] === NEW_CM.email);
    expect(s.removal!.waitingFor).toEqual([NEW_CM.email]);
    // Reading the registry again does not move a removal that is already due.
    expect(s.removalDueAt).toBe(before.removalDueAt);
    const reassigned = emailsOf(grantId).at(-1)!;
    expect(reassigned.to).toEqual([NEW_CM]);
    expect(reassigned.version).toBeGreaterThan(first.version);

    await expect(decide(handle, REMOVAL_STEP, 'removed', CM.email)).rejects.toThrow('no está dirigido a usted');
    await expect(decide(handle, REMOVAL_STEP, 'removed', NEW_CM.email, { version: first.version })).rejects.toThrow('reemplazado');
    await decide(handle, REMOVAL_STEP, 'removed', NEW_CM.email);
    const result = await finished(handle);
    expect(result).toMatchObject({ state: 'removed', removedBy: NEW_CM.email });
  });

  it('a grant whose registry row is gone (a start the API took back) asks nobody and ends', async () => {
    const { grantId, handle } = await start({}, { inRegistry: false });
    const result = await finished(handle);
    expect(result.inRegistry).toBe(false);
    expect(recorded.filter((r) => r.grantId === grantId)).toEqual([]);
    expect(emails).toHaveLength(0);
    expect(notices).toHaveLength(0);
  });
});
