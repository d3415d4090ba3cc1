/**
 * The monthly review of page roles in simulated time (Java time-skipping server). The registry is a
 * map the test edits. The scheduler's calendar activity runs the real computation against a clock the
 * test sets per entity (the simulated clock starts at the real now, so "started on 15 December 2026"
 * is a fake date that advances with simulated time); reviews start through the real `Processes`.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, AttestRoleReviewInput, DecisionEmailInput, OpenRoleReviewInput } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import { roleReviewScheduleAt } from '../../activities/roleReview';
import { buildRoleReviewSnapshot, type RoleReviewFacts } from '../../registry/roleReviewSnapshot';
import type { AccountRoster, GrantSummary, RoleHolder } from '../../domain/pageRoles';
import type { RosterEntry } from '../../domain/roster';
import { NO_LIST_MESSAGE, type PlatformReview } from '../../domain/platformRoles';
import { roleReview, roleReviewScheduler } from '../../workflows/roleReview';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { eventually } from '../support/eventually';
import { closedResult, decide, saveHistory, terminateWhenIdle, waitForStep } from '../support/workflowDriver';
import { REVIEW_STEP, refreshRoleReviewSignal, roleReviewSchedulerId, roleReviewSchedulerQuery, roleReviewStatusQuery, roleReviewWorkflowId, type RoleReviewSchedulerStatus } from '../../contracts/roleReview';
import { createProcesses } from '../../processes';


let env: TestWorkflowEnvironment;
const taskQueue = 'role-review-test';

const SCS = 'rrss_scs@pcm.gob.pe';
const HEAD = { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' };
const SECOND = { name: 'Bruno Salas', email: 'bsalas@cultura.gob.pe' };
const CM = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' };
const member = (c: { name: string; email: string }, role: RosterEntry['role']): RosterEntry => ({ personId: c.email, ...c, role });
const admin = (c: { name: string; email: string }): RoleHolder => ({ ...c, pageRole: 'admin' });

/** The registry as the activities read it, per entity; `clock` maps simulated time to a chosen date. */
let registry: Map<string, Omit<RoleReviewFacts, 'month'>>;
let clocks: Map<string, { fake: number; env: number }>;
let emails: DecisionEmailInput[];
let rows: Map<string, OpenRoleReviewInput & { state: 'open' | 'attested'; attest?: AttestRoleReviewInput }>;
let reviewsStarted: Array<{ entityId: string; month: string }>;
/** What Meta shows per entity (issue 17 §1); an entity not here has no token: the review stays manual. */
let platformReads: Map<string, PlatformReview>;

const calendar = createCalendarActivities();
/** PCM 5.2.7: the reviewer's word on whom the accounts follow, with the attestation (issue 19 §5). */
const FOLLOWS = { payload: { follows: true } };

async function fakeNow(entityId: string): Promise<Date> {
  const c = clocks.get(entityId);
  const envNow = await env.currentTimeMs();
  return new Date(c ? c.fake + (envNow - c.env) : envNow);
}

function activities(e: TestWorkflowEnvironment): Partial<Activities> {
  const processes = createProcesses(e.client, { taskQueue });
  return {
    roleReviewSchedule: async (i) => {
      const facts = registry.get(i.entityId);
      const now = await fakeNow(i.entityId);
      if (!facts) return { exists: false, now: now.toISOString(), month: '', at: now.toISOString() };
      return { exists: true, ...roleReviewScheduleAt(now, facts.entity.nonWorkingDays ?? [], i) };
    },
    roleReviewSnapshot: async (i) => buildRoleReviewSnapshot({ ...structuredClone(registry.get(i.entityId)!), month: i.month }),
    openRoleReviewRecord: async (i) => {
      const id = `${i.entityId}:${i.month}`;
      if (!rows.has(id)) rows.set(id, { ...i, state: 'open' });
      return { state: rows.get(id)!.state };
    },
    attestRoleReviewRecord: async (i) => {
      const row = rows.get(`${i.entityId}:${i.month}`)!;
      if (row.state === 'open') Object.assign(row, { state: 'attested', attest: i });
    },
    startMonthlyRoleReview: async (i) => {
      reviewsStarted.push(i);
      await processes.startRoleReview(i.entityId, i.month);
    },
    readPlatformRoles: async (i) => platformReads.get(i.entityId) ?? { state: 'manual' },
    businessInstants: calendar.businessInstants,
    describeInstants: calendar.describeInstants,
    sendDecisionEmail: async (i) => (emails.push(i), { undelivered: [] }),
    recordDecision: async () => undefined,
    stepWithdrawn: async () => undefined,
  };
}

timeSkippingWorkerForFile(taskQueue, (e) => activities(e), (started) => (env = started));

beforeEach(() => {
  registry = new Map();
  clocks = new Map();
  emails = [];
  rows = new Map();
  reviewsStarted = [];
  platformReads = new Map();
});

const account = (accountId: string, username: string, roles: RoleHolder[], network: AccountRoster['network'] = 'facebook'): AccountRoster => ({
  accountId, network, username, status: 'active', roles,
});

/** A PCM ministry whose only account is in order: head, second and SCS administer, the CM edits. */
function newEntity(overrides: Partial<Omit<RoleReviewFacts, 'month'>> = {}, entity: Partial<RoleReviewFacts['entity']> = {}): string {
  const entityId = `e${randomUUID().slice(0, 8)}`;
  registry.set(entityId, {
    entity: {
      _id: entityId, name: 'Ministerio de Cultura', profile: 'PCM', supervisorEmail: SCS, nonWorkingDays: [],
      decisionPlan: { remindAfter: [2, 4], escalateAfter: 5, repeatEvery: 5 }, ...entity,
    },
    accounts: [account('acc-fb', 'CulturaPeru', [admin(HEAD), admin(SECOND), admin({ name: 'SCS', email: SCS }), { ...CM, pageRole: 'editor' }])],
    grants: [],
    roster: [member(HEAD, 'head'), member(SECOND, 'second'), member(CM, 'cm'), member({ name: 'Diego Torres', email: 'dtorres@cultura.gob.pe' }, 'requester')],
    today: '2027-01-04',
    ...overrides,
  });
  return entityId;
}

const edit = (entityId: string, change: (f: Omit<RoleReviewFacts, 'month'>) => void) => change(registry.get(entityId)!);

function startReview(entityId: string, month = '2027-01') {
  return env.client.workflow.start(roleReview, { taskQueue, workflowId: roleReviewWorkflowId(entityId, month), args: [{ entityId, month }] });
}

async function startScheduler(entityId: string, fakeStart: string) {
  clocks.set(entityId, { fake: Date.parse(fakeStart), env: await env.currentTimeMs() });
  return env.client.workflow.start(roleReviewScheduler, { taskQueue, workflowId: roleReviewSchedulerId(entityId), args: [{ entityId }] });
}

/** Polls until the workflow shows what the test needs (it reacts asynchronously; a new run may not answer yet). */
const until = <T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> =>
  eventually(read, ok, 'the expected state', 10_000, { intervalMs: 25, retryErrors: true });

const schedulerStatus = (h: WorkflowHandle) => h.query(roleReviewSchedulerQuery);
const reviewStatus = (h: WorkflowHandle) => h.query(roleReviewStatusQuery);
const emailsOf = (entityId: string, month = '2027-01') => emails.filter((e) => e.workflowId === roleReviewWorkflowId(entityId, month));

/** Moves the entity's fake clock (and simulated time) to just past an instant. */
async function fakeSleepUntil(entityId: string, iso: string) {
  const ms = Date.parse(iso) - (await fakeNow(entityId)).getTime();
  if (ms > 0) await env.sleep(ms + 60_000);
}

async function sleepUntil(iso: string) {
  const ms = Date.parse(iso) - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms + 60_000);
}

const eventsOf = async (workflowId: string, runId: string) => (await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];

describe('the monthly scheduler (PCM 6.1.2.11): a long-running workflow per entity', () => {
  it('started on 15 December 2026, it opens the January review on Monday 4 January 2027 at 09:00 Lima (1 January a holiday, 2–3 a weekend), then February on the 1st, continuing as new each month with a small history', async () => {
    const entityId = newEntity();
    const handle = await startScheduler(entityId, '2026-12-15T15:00:00Z');
    const first = await until(() => schedulerStatus(handle), (s) => s.nextAt !== undefined);
    expect(first).toEqual<RoleReviewSchedulerStatus>({ entityId, cycle: 1, nextMonth: '2027-01', nextAt: '2027-01-04T14:00:00.000Z' });
    const runs = [(await handle.describe()).runId];

    await fakeSleepUntil(entityId, first.nextAt!);
    const january = env.client.workflow.getHandle(roleReviewWorkflowId(entityId, '2027-01'));
    await waitForStep(january, REVIEW_STEP);
    expect(reviewsStarted).toEqual([{ entityId, month: '2027-01' }]);
    const second = await until(() => schedulerStatus(handle), (s) => s.cycle === 2 && s.nextAt !== undefined);
    expect(second).toMatchObject({ lastMonth: '2027-01', nextMonth: '2027-02', nextAt: '2027-02-01T14:00:00.000Z' });
    runs.push((await handle.describe()).runId);

    await fakeSleepUntil(entityId, second.nextAt!);
    const february = env.client.workflow.getHandle(roleReviewWorkflowId(entityId, '2027-02'));
    await waitForStep(february, REVIEW_STEP);
    await until(() => schedulerStatus(handle), (s) => s.cycle === 3 && s.nextMonth === '2027-03');
    runs.push((await handle.describe()).runId);

    expect(new Set(runs).size).toBe(3);
    expect(reviewsStarted.map((r) => r.month)).toEqual(['2027-01', '2027-02']);
    // Each finished run holds one month: a few dozen events, whatever the number of months behind it.
    for (const runId of runs.slice(0, 2)) expect((await eventsOf(handle.workflowId, runId)).length).toBeLessThan(40);
    // The January review stays open and on its own: February's did not replace it.
    expect((await reviewStatus(january)).state).toBe('abierta');
    for (const h of [january, february, handle]) await terminateWhenIdle(h);
    // A run that carries the month before it, waits a month and continues as new.
    await saveHistory(env.client.workflow.getHandle(handle.workflowId, runs[1]), 'role-review-scheduler-month');
  });

  it('a month whose 1st is a Sunday (March 2026) opens on Monday the 2nd', async () => {
    const entityId = newEntity();
    const handle = await startScheduler(entityId, '2026-02-10T15:00:00Z');
    const s = await until(() => schedulerStatus(handle), (v) => v.nextAt !== undefined);
    expect(s).toMatchObject({ nextMonth: '2026-03', nextAt: '2026-03-02T14:00:00.000Z' });
    await terminateWhenIdle(handle);
  });

  it("a day the entity declares non-working after the wait began is honoured when the timer fires, even with no signal; `refresh` applies one at once", async () => {
    const entityId = newEntity();
    const handle = await startScheduler(entityId, '2026-02-10T15:00:00Z');
    const s = await until(() => schedulerStatus(handle), (v) => v.nextAt === '2026-03-02T14:00:00.000Z');
    edit(entityId, (f) => void (f.entity.nonWorkingDays = ['2026-03-02']));
    await fakeSleepUntil(entityId, s.nextAt!);
    const moved = await until(() => schedulerStatus(handle), (v) => v.nextAt !== s.nextAt);
    expect(moved).toMatchObject({ cycle: 1, nextMonth: '2026-03', nextAt: '2026-03-03T14:00:00.000Z' });
    expect(reviewsStarted).toEqual([]);

    edit(entityId, (f) => void (f.entity.nonWorkingDays = ['2026-03-02', '2026-03-03']));
    await handle.signal(refreshRoleReviewSignal);
    await until(() => schedulerStatus(handle), (v) => v.nextAt === '2026-03-04T14:00:00.000Z');
    await fakeSleepUntil(entityId, '2026-03-04T14:00:00.000Z');
    const march = env.client.workflow.getHandle(roleReviewWorkflowId(entityId, '2026-03'));
    await waitForStep(march, REVIEW_STEP);
    expect(reviewsStarted).toEqual([{ entityId, month: '2026-03' }]);
    await until(() => schedulerStatus(handle), (v) => v.cycle === 2);
    for (const h of [march, handle]) await terminateWhenIdle(h);
    // The first run: its timer fired before a newly decreed day, a refresh signal, the review started, continued as new.
    await saveHistory(env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId), 'role-review-scheduler-refreshed');
  });

  it('starting the scheduler or a month\'s review twice yields one of each (ids derive from entity and month)', async () => {
    const entityId = newEntity();
    clocks.set(entityId, { fake: Date.parse('2026-12-15T15:00:00Z'), env: await env.currentTimeMs() });
    const processes = createProcesses(env.client, { taskQueue });
    await processes.startReviewSchedulers([entityId]);
    const scheduler = env.client.workflow.getHandle(roleReviewSchedulerId(entityId));
    const runId = (await scheduler.describe()).runId;
    await processes.startReviewSchedulers([entityId]);
    expect((await scheduler.describe()).runId).toBe(runId);

    expect(await processes.startRoleReview(entityId, '2027-01')).toBe(true);
    const review = env.client.workflow.getHandle(roleReviewWorkflowId(entityId, '2027-01'));
    await waitForStep(review, REVIEW_STEP);
    expect(await processes.startRoleReview(entityId, '2027-01')).toBe(false);
    await decide(review, REVIEW_STEP, 'attest', HEAD.email, FOLLOWS);
    expect((await closedResult(review)).state).toBe('conforme');
    // Completed: the month's review is never started again.
    expect(await processes.startRoleReview(entityId, '2027-01')).toBe(false);
    expect(emailsOf(entityId).filter((e) => e.kind === 'request')).toHaveLength(1);
    await until(() => schedulerStatus(scheduler), (v) => v.nextAt !== undefined);
    await terminateWhenIdle(scheduler);
  });
});

describe("a month's review (PCM 6.1.2.11; CONGRESO 6.2.8)", () => {
  it('PCM 5.1.10, 6.1.1.6, 6.1.2.10, 6.2.3.5: the email lists every account with its roles and every agency grant, and carries each anomaly with its clause', async () => {
    const grant = (g: Partial<GrantSummary>): GrantSummary => ({
      grantId: randomUUID(), accountId: 'acc-ig', agencyName: 'Agencia Andina SAC', role: 'advertiser', campaign: 'Verano 2027',
      startsOn: '2026-12-01', endsOn: '2026-12-31', state: 'active', ...g,
    });
    const entityId = newEntity({
      accounts: [
        account('acc-fb', 'CulturaPeru', [admin({ name: 'SCS', email: SCS }), { ...CM, pageRole: 'editor' }]),
        account('acc-ig', 'CulturaPeru', [admin(HEAD), admin(SECOND), admin({ name: 'SCS', email: SCS }), admin(CM)], 'instagram'),
        account('acc-x', 'MinCulturaPe', [admin(HEAD), admin(SECOND), { name: 'Ex Colaborador', email: 'excolab@cultura.gob.pe', pageRole: 'moderator' }], 'x'),
        { ...account('acc-old', 'CulturaViejo', [admin({ name: 'Nadie', email: 'nadie@cultura.gob.pe' })]), status: 'retired' },
      ],
      grants: [grant({}), grant({ agencyName: 'Publicidad Sur', campaign: 'Año Nuevo', startsOn: '2027-01-10', endsOn: '2027-01-20', state: 'scheduled' }),
        grant({ agencyName: 'Vieja Agencia', campaign: 'Invierno 2025', startsOn: '2025-06-01', endsOn: '2025-06-30', state: 'removed' })],
    });
    const handle = await startReview(entityId);
    const view = await waitForStep(handle, REVIEW_STEP);
    expect(view.deciders).toEqual([HEAD.email]);
    expect(view.actions).toEqual(['attest']);

    const [email, ...more] = emailsOf(entityId);
    expect(more).toEqual([]);
    expect(email!.to).toEqual([HEAD]);
    expect(email!.title).toBe('Revisión mensual de roles: Ministerio de Cultura – enero de 2027');
    expect(email!.intro).toMatch(/^Revise los roles y permisos .* \(PCM 6\.1\.2\.11\)/);
    expect(email!.intro).toMatch(/Custodio detectó 5 anomalías/);
    const byKey = new Map<string, string[]>();
    for (const [k, v] of email!.summary) byKey.set(k, [...(byKey.get(k) ?? []), v]);
    expect(byKey.get('Cuenta CulturaPeru (Facebook)')).toEqual(['Administrador(a) (1): SCS <rrss_scs@pcm.gob.pe>; Editor(a) (1): Carla Rojas <crojas@cultura.gob.pe>']);
    expect(byKey.get('Cuenta CulturaPeru (Instagram)')![0]).toMatch(/^Administrador\(a\) \(4\): Ana Quispe <aquispe@cultura\.gob\.pe>, Bruno Salas/);
    expect(byKey.get('Cuenta MinCulturaPe (X (Twitter))')![0]).toMatch(/Moderador\(a\) \(1\): Ex Colaborador <excolab@cultura\.gob\.pe>/);
    expect([...byKey.keys()].some((k) => k.includes('CulturaViejo'))).toBe(false);
    expect(byKey.get('Agencia Agencia Andina SAC')).toEqual(['Anunciante en CulturaPeru (Instagram), campaña «Verano 2027», del 2026-12-01 al 2026-12-31: vigente']);
    expect(byKey.get('Agencia Publicidad Sur')![0]).toMatch(/: programado$/);
    expect(byKey.has('Agencia Vieja Agencia')).toBe(false);
    const anomalies = email!.summary.filter(([k]) => k.startsWith('Anomalía'));
    expect(anomalies.map(([k]) => k)).toEqual([
      'Anomalía (PCM 5.1.10)', // one admin on Facebook
      'Anomalía (PCM 5.1.10)', // four on Instagram
      'Anomalía (PCM 6.1.1.6)', // SCS missing on X
      'Anomalía (PCM 6.2.3.5)', // the former collaborator on X
      'Anomalía (PCM 6.1.2.10)', // the agency whose campaign ended on 31 December
    ]);
    expect(anomalies.map(([, v]) => v).join('\n')).toMatch(/tiene 1 administrador[\s\S]*tiene 4 administradores[\s\S]*SCS[\s\S]*excolab@cultura\.gob\.pe[\s\S]*Agencia Andina SAC/);

    const row = rows.get(`${entityId}:2027-01`)!;
    expect(row).toMatchObject({ state: 'open', reviewer: HEAD, escalateTo: [SECOND], designated: false, accountsReviewed: 3, grantsListed: 2 });
    expect(row.anomalies.map((a) => a.kind)).toEqual(['too-few-admins', 'too-many-admins', 'supervisor-missing', 'left-office', 'agency-overdue']);
    expect((await reviewStatus(handle)).anomalies).toHaveLength(5);
    await terminateWhenIdle(handle);
  });

  it('PCM 6.1.2.11 (issue 17 §1): a connected entity\'s review adds what Meta shows to the anomalies, and says X, TikTok and YouTube offer no list, so the attestation covers them', async () => {
    const entityId = newEntity({
      accounts: [account('acc-fb', 'CulturaPeru', [admin(HEAD), admin(SECOND), admin({ name: 'SCS', email: SCS }), { ...CM, pageRole: 'editor' }]), account('acc-x', 'CulturaPeru', [admin(HEAD), admin(SECOND), admin({ name: 'SCS', email: SCS })], 'x')],
    });
    platformReads.set(entityId, {
      state: 'checked',
      accounts: [
        { accountId: 'acc-fb', network: 'facebook', username: 'CulturaPeru', state: 'read' },
        { accountId: 'acc-x', network: 'x', username: 'CulturaPeru', state: 'no-list', message: NO_LIST_MESSAGE },
      ],
      anomalies: [
        { kind: 'unknown-on-platform', accountId: 'acc-fb', key: 'unknown:p1', rule: 'PCM 6.1.2.11', message: 'CulturaPeru (facebook): Jorge Paredes tiene acceso en la plataforma (MODERATE) y no figura en el registro.' },
        { kind: 'unknown-agency', accountId: 'acc-fb', key: 'agency-unknown:900', rule: 'PCM 6.1.2.10', message: 'CulturaPeru (facebook): la empresa o agencia Agencia Andina SAC (ID 900) tiene acceso y no tiene un acceso aprobado en Custodio.' },
      ],
    });
    const handle = await startReview(entityId);
    await waitForStep(handle, REVIEW_STEP);
    const email = emailsOf(entityId)[0]!;
    expect(email.intro).toMatch(/Custodio detectó 2 anomalías/);
    expect(email.intro).toMatch(/leyó además en Meta .* X, TikTok y YouTube no ofrecen esa lista/);
    const summary = new Map(email.summary);
    expect(summary.get('En la plataforma: CulturaPeru (Facebook)')).toMatch(/Leída en Meta/);
    expect(summary.get('En la plataforma: CulturaPeru (X (Twitter))')).toBe(NO_LIST_MESSAGE);
    expect(email.summary.filter(([k]) => k.startsWith('Anomalía en la plataforma')).map(([k]) => k)).toEqual(['Anomalía en la plataforma (PCM 6.1.2.11)', 'Anomalía en la plataforma (PCM 6.1.2.10)']);
    const row = rows.get(`${entityId}:2027-01`)!;
    expect(row.anomalies.map((a) => ('key' in a ? a.key : a.kind))).toEqual(['unknown:p1', 'agency-unknown:900']);
    expect(row.platform).toMatchObject({ state: 'checked' });
    expect((await reviewStatus(handle)).anomalies).toHaveLength(2);
    await decide(handle, REVIEW_STEP, 'attest', HEAD.email, FOLLOWS);
    await closedResult(handle);
    await saveHistory(handle, 'role-review-platform-attested');
  });

  it('issue 17 §1: a Meta read that failed for good opens the review anyway, with the reason in the email', async () => {
    const entityId = newEntity();
    platformReads.set(entityId, { state: 'failed', message: 'El token de Meta venció o fue revocado: la jefatura debe registrar un token nuevo del usuario del sistema.' });
    const handle = await startReview(entityId);
    await waitForStep(handle, REVIEW_STEP);
    const email = emailsOf(entityId)[0]!;
    expect(new Map(email.summary).get('Lectura de Meta')).toMatch(/^El token de Meta venció .* La revisión sigue con lo que registra Custodio\.$/);
    expect(email.intro).toMatch(/Custodio no detectó anomalías/);
    await terminateWhenIdle(handle);
  });

  it('a clean roster: the email says Custodio found no anomalies', async () => {
    const entityId = newEntity();
    const handle = await startReview(entityId);
    await waitForStep(handle, REVIEW_STEP);
    const email = emailsOf(entityId)[0]!;
    expect(email.intro).toMatch(/Custodio no detectó anomalías/);
    expect(email.summary.find(([k]) => k === 'Anomalías')?.[1]).toMatch(/^Ninguna\. Se revisó: número de administradores \(PCM 5\.1\.10\); la SCS como administradora \(PCM 6\.1\.1\.6\)/);
    expect(email.summary.find(([k]) => k === 'Agencias')?.[1]).toMatch(/Ninguna agencia/);
    expect(email.summary.some(([k]) => k.startsWith('Anomalía ('))).toBe(false);
    expect(rows.get(`${entityId}:2027-01`)!.anomalies).toEqual([]);
    await terminateWhenIdle(handle);
  });

  it('CONGRESO 6.2.8: the review cites the Congress procedure and does not ask for SCS as admin', async () => {
    const entityId = newEntity({ accounts: [account('acc-fb', 'Congreso', [admin(HEAD), admin(SECOND)])] }, { profile: 'CONGRESO', name: 'Congreso de la República' });
    const handle = await startReview(entityId);
    await waitForStep(handle, REVIEW_STEP);
    const email = emailsOf(entityId)[0]!;
    expect(email.intro).toMatch(/\(CONGRESO 6\.2\.8\)/);
    expect(email.summary.find(([k]) => k === 'Anomalías')?.[1]).not.toMatch(/SCS/);
    await terminateWhenIdle(handle);
  });

  it('the head attests with the link: the review closes, the registry row records who, when and from where, and nobody is reminded', async () => {
    const entityId = newEntity();
    const handle = await startReview(entityId);
    const decision = await decide(handle, REVIEW_STEP, 'attest', HEAD.email, FOLLOWS);
    const result = await closedResult(handle);
    expect(result).toMatchObject({ state: 'conforme', attestedBy: HEAD.email, attestedAt: decision.at, waitingFor: [] });
    expect(rows.get(`${entityId}:2027-01`)).toMatchObject({ state: 'attested', attest: { by: HEAD.email, at: decision.at, ip: '127.0.0.1', userAgent: 'jest' } });
    expect(emailsOf(entityId).map((e) => e.kind)).toEqual(['request']);
    await saveHistory(handle, 'role-review-attested');
  });

  it('PCM 5.2.7: the reviewer attests whom the accounts follow with the review, and may say what was unfollowed; the row keeps it, trimmed', async () => {
    const entityId = newEntity();
    const handle = await startReview(entityId);
    const view = await waitForStep(handle, REVIEW_STEP);
    expect(view.form).toBe('followsAttestation');
    expect(emailsOf(entityId)[0]!.intro).toContain('Revise también a quiénes siguen las cuentas: solo a otras cuentas institucionales, medios, autoridades y líderes de opinión (PCM 5.2.7).');
    expect((view.formData as { label: string }).label).toMatch(/solo siguen a otras cuentas institucionales, medios de comunicación, autoridades de los tres poderes del Estado, autoridades internacionales y líderes de opinión\. \(PCM 5\.2\.7\)$/);
    await expect(decide(handle, REVIEW_STEP, 'attest', HEAD.email)).rejects.toThrow('(PCM 5.2.7)');
    await decide(handle, REVIEW_STEP, 'attest', HEAD.email, { payload: { follows: true, unfollowed: '  Dejamos de seguir a @tienda_ofertas (cuenta comercial).\n' } });
    expect((await closedResult(handle)).state).toBe('conforme');
    expect(rows.get(`${entityId}:2027-01`)).toMatchObject({ state: 'attested', attest: { follows: { clause: 'PCM 5.2.7', unfollowed: 'Dejamos de seguir a @tienda_ofertas (cuenta comercial).' } } });
  });

  it('CONGRESO: PCM 5.2.7 does not bind the Congress; its review is attested without it', async () => {
    const entityId = newEntity({ accounts: [account('acc-fb', 'Congreso', [admin(HEAD), admin(SECOND)])] }, { profile: 'CONGRESO', name: 'Congreso de la República' });
    const handle = await startReview(entityId);
    expect((await waitForStep(handle, REVIEW_STEP)).form).toBeUndefined();
    expect(emailsOf(entityId)[0]!.intro).not.toContain('PCM 5.2.7');
    await decide(handle, REVIEW_STEP, 'attest', HEAD.email);
    expect((await closedResult(handle)).state).toBe('conforme');
    expect(rows.get(`${entityId}:2027-01`)!.attest).not.toHaveProperty('follows');
  });

  it('silence escalates: reminders on business days, then the second in command on the plan\'s fifth business day; either may then attest', async () => {
    const entityId = newEntity();
    const handle = await startReview(entityId);
    const opened = await waitForStep(handle, REVIEW_STEP);
    const [escalation] = await calendar.businessInstants({ from: opened.openedAt, offsets: [5], nonWorkingDays: [] });
    await sleepUntil(escalation!);
    const s = await until(() => reviewStatus(handle), (v) => v.escalated);
    expect(s).toMatchObject({ state: 'abierta', waitingFor: [HEAD.email, SECOND.email], since: opened.openedAt, remindersSent: 3 });
    const sent = emailsOf(entityId);
    expect(sent.map((e) => e.kind)).toEqual(['request', 'reminder', 'reminder', 'escalation']);
    expect(sent.at(-1)!.to).toEqual([HEAD, SECOND]);
    await decide(handle, REVIEW_STEP, 'attest', SECOND.email, FOLLOWS);
    expect((await closedResult(handle)).attestedBy).toBe(SECOND.email);
    expect(rows.get(`${entityId}:2027-01`)!.state).toBe('attested');
    await saveHistory(handle, 'role-review-escalated');
  });

  it('PCM 6.1.2.11: a designee in the roster reviews in the head\'s place, and silence escalates to the head', async () => {
    const entityId = newEntity({}, { reviewDesigneeEmail: CM.email });
    const handle = await startReview(entityId);
    const opened = await waitForStep(handle, REVIEW_STEP);
    expect(opened.deciders).toEqual([CM.email]);
    expect(emailsOf(entityId)[0]!.intro).toMatch(/^Como persona designada por el\/la titular/);
    expect(rows.get(`${entityId}:2027-01`)).toMatchObject({ reviewer: CM, designated: true, escalateTo: [HEAD] });
    const [escalation] = await calendar.businessInstants({ from: opened.openedAt, offsets: [5], nonWorkingDays: [] });
    await sleepUntil(escalation!);
    await until(() => reviewStatus(handle), (v) => v.escalated);
    expect(emailsOf(entityId).at(-1)).toMatchObject({ kind: 'escalation', to: [CM, HEAD] });
    await decide(handle, REVIEW_STEP, 'attest', CM.email, FOLLOWS);
    expect((await closedResult(handle)).attestedBy).toBe(CM.email);
  });

  it('a designee who is no longer in the roster: the head reviews and is told why', async () => {
    const entityId = newEntity({}, { reviewDesigneeEmail: 'exdesignada@cultura.gob.pe' });
    const handle = await startReview(entityId);
    expect((await waitForStep(handle, REVIEW_STEP)).deciders).toEqual([HEAD.email]);
    expect(emailsOf(entityId)[0]!.intro).toMatch(/La persona designada para esta revisión \(exdesignada@cultura\.gob\.pe\) ya no figura en la nómina/);
    await terminateWhenIdle(handle);
  });

  it('a month already attested is not asked again', async () => {
    const entityId = newEntity();
    rows.set(`${entityId}:2027-01`, { state: 'attested' } as never);
    const result = await closedResult(await startReview(entityId));
    expect(result.state).toBe('ya-conforme');
    expect(emailsOf(entityId)).toEqual([]);
  });

  it('an office with neither head nor second waits for its roster; once a head is registered (and `refresh` sent) the review opens to them', async () => {
    const entityId = newEntity({ roster: [member(CM, 'cm')] });
    const handle = await startReview(entityId);
    await until(() => reviewStatus(handle), (v) => v.state === 'sin-revisor');
    edit(entityId, (f) => f.roster.push(member(HEAD, 'head')));
    await handle.signal(refreshRoleReviewSignal);
    expect((await waitForStep(handle, REVIEW_STEP)).deciders).toEqual([HEAD.email]);
    expect(emailsOf(entityId)).toHaveLength(1);
    await terminateWhenIdle(handle);
  });
});
