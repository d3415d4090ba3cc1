/**
 * The role-review API (PCM 6.1.2.11) over HTTP against the demo registry, with Temporal's time-skipping
 * server and a worker running the real activities (FerretDB, SMTP capture): who may list, read and start
 * reviews; listing newest first; the live step of an open review; a start that is idempotent for the
 * month; the emailed «Doy conformidad» link closing the review; Temporal down answering 503.
 */
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { apiKeysService } from '../../api/services/apiKeys';
import { roleReviewsService } from '../../api/services/roleReviews';
import { reviewMonthOf } from '../../domain/roleReview';
import { createAuditTrail } from '../../registry/audit';
import { freePort } from '../../local/ports';
import { createMailer } from '../../infra/mailer';
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { roleReviewModel } from '../../infra/models/roleReview';
import { createRegistry } from '../../registry/reads';
import { startTestApp, type TestApp } from '../support/app';
import { Browser, linkIn } from '../support/browser';
import { eventually } from '../support/eventually';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';
import { roleReviewSchedulerId } from '../../contracts/roleReview';
import { createProcesses } from '../../processes';
import { ProcessesUnavailable } from '../../contracts/processes';

jest.setTimeout(120_000);

const WHO = {
  head: 'aquispe@cultura.gob.pe',
  second: 'bsalas@cultura.gob.pe',
  cm: 'crojas@cultura.gob.pe',
  requester: 'dtorres@cultura.gob.pe',
  otherHead: 'dflores@congreso.gob.pe',
  scs: 'rrss_scs@pcm.gob.pe',
  admin: 'admin@custodio.gob.pe',
} as const;
type Who = keyof typeof WHO | 'apiKey' | 'otherApiKey' | 'anonymous';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let t: TestApp;
let mailer: ReturnType<typeof createMailer>;
const as = {} as Record<keyof typeof WHO, Browser>;
const keys = {} as Record<'apiKey' | 'otherApiKey', string>;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  // Temporal is up here: a loaded machine must not turn a slow first start into a 503.
  t = await startTestApp({ temporal: env.client, temporalDeadlineMs: 15_000 });
  mailer = createMailer(t.mailbox.url, 'Custodio <no-responder@custodio.gob.pe>');
  const activities = createActivities({ db: t.db, mailer, links: t.links, publicUrl: t.url, linkTtlDays: 14, processes: createProcesses(env.client, { taskQueue: 'custodio' }) });
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'custodio', activities, workflowBundle: await workflowBundle() });
  running = worker.run();
  for (const [name, email] of Object.entries(WHO) as Array<[keyof typeof WHO, string]>) {
    as[name] = new Browser(t.url);
    await as[name].signIn(email, t.mailbox);
  }
  keys.apiKey = (await apiKeysService(t.db).create('mincul', 'pruebas', WHO.head)).key;
  keys.otherApiKey = (await apiKeysService(t.db).create('congreso', 'pruebas', WHO.otherHead)).key;
  // One account whose only admin is SCS (PCM 5.1.10), and two earlier months in the registry.
  const since = new Date('2026-06-01T14:00:00Z');
  await accountModel(t.db).create({
    _id: 'acc-fb', entityId: 'mincul', network: 'facebook', username: 'CulturaPeru', managingEmail: 'redes@cultura.gob.pe', requestId: 'r1', activatedAt: since, status: 'active',
    roles: [{ name: 'SCS', email: WHO.scs, pageRole: 'admin', since }],
  });
  const row = { entityId: 'mincul', reviewer: { name: 'Ana Quispe Huamán', email: WHO.head }, designated: false, accountsReviewed: 1, grantsListed: 0 };
  await roleReviewModel(t.db).create([
    { ...row, _id: 'mincul:2020-01', month: '2020-01', workflowId: 'revision-roles-mincul-2020-01', state: 'attested', openedAt: new Date('2020-01-02T14:00:00Z'), attestedBy: WHO.head, attestedAt: new Date('2020-01-03T15:00:00Z') },
    // Open, but its process is gone (an operator terminated it and its history expired).
    { ...row, _id: 'mincul:2020-02', month: '2020-02', workflowId: 'revision-roles-mincul-2020-02', state: 'open', openedAt: new Date('2020-02-03T14:00:00Z'),
      anomalies: [{ kind: 'too-few-admins', accountId: 'acc-fb', rule: 'PCM 5.1.10', message: 'CulturaPeru (facebook) tiene 1 administrador(es); el mínimo es 2.' }] },
  ]);
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  mailer?.close();
  await t?.stop();
  await env?.teardown();
});

async function call(who: Who, method: 'GET' | 'POST', path: string): Promise<{ status: number; json: any }> {
  if (who === 'anonymous' || who === 'apiKey' || who === 'otherApiKey') {
    const res = await fetch(`${t.url}${path}`, { method, headers: who === 'anonymous' ? {} : { authorization: `Bearer ${keys[who]}` } });
    return { status: res.status, json: await res.json() };
  }
  return as[who].api(method, path);
}

const ALL: Who[] = [...(Object.keys(WHO) as Array<keyof typeof WHO>), 'apiKey', 'otherApiKey', 'anonymous'];
const statuses = async (method: 'GET' | 'POST', path: string, whoever: Who[]) => Object.fromEntries(await Promise.all(whoever.map(async (w) => [w, (await call(w, method, path)).status])));
const expected = (allowed: Who[], ok: number) => Object.fromEntries(ALL.map((w) => [w, allowed.includes(w) ? ok : w === 'anonymous' ? 401 : 403]));

describe('who may see and start reviews (domain/access.ts)', () => {
  it("reading an entity's reviews needs account.read: its office, SCS (PCM entity) and its API key; nobody else", async () => {
    const allowed: Who[] = ['head', 'second', 'cm', 'scs', 'apiKey'];
    expect(await statuses('GET', '/api/entities/mincul/role-reviews', ALL)).toEqual(expected(allowed, 200));
    expect(await statuses('GET', '/api/entities/mincul/role-reviews/2020-01', ALL)).toEqual(expected(allowed, 200));
  });

  it('PCM 6.1.2.11: only the head starts a review now; everyone else is refused before anything starts', async () => {
    const refused = ALL.filter((w) => w !== 'head');
    expect(await statuses('POST', '/api/entities/mincul/role-reviews', refused)).toEqual(Object.fromEntries(Object.entries(expected([], 0)).filter(([w]) => w !== 'head')));
    expect(await roleReviewModel(t.db).countDocuments({ entityId: 'mincul' })).toBe(2);
    await expect(env.client.workflow.getHandle(roleReviewSchedulerId('mincul')).describe()).rejects.toThrow();
  });

  it('an unknown entity is 404, a month that is no month is 400 naming the field, a month without review is 404', async () => {
    expect((await call('head', 'GET', '/api/entities/nadie/role-reviews')).json.error.code).toBe('not_found');
    const bad = await call('head', 'GET', '/api/entities/mincul/role-reviews/2026-13');
    expect([bad.status, bad.json.error.code, bad.json.error.details[0].field]).toEqual([400, 'validation_failed', 'month']);
    expect(bad.json.error.details[0].message).toMatch(/AAAA-MM/);
    const none = await call('head', 'GET', '/api/entities/mincul/role-reviews/2019-12');
    expect([none.status, none.json.error.code]).toEqual([404, 'not_found']);
    expect(none.json.error.message).toMatch(/diciembre de 2019/);
  });
});

describe("this month's review, started by the head", () => {
  /** The Lima month the API answered; checked against the clock around the call. */
  let month = '';

  it('starts (202), emails the head the roster with each anomaly and a «Doy conformidad» link, and starts the entity\'s scheduler; audited', async () => {
    const before = reviewMonthOf(new Date());
    const res = await call('head', 'POST', '/api/entities/mincul/role-reviews');
    expect(res.status).toBe(202);
    month = res.json.month;
    expect(res.json).toEqual({ entityId: 'mincul', month, workflowId: `revision-roles-mincul-${month}`, started: true });
    expect([before, reviewMonthOf(new Date())]).toContain(month);
    const mail = await t.mailbox.waitFor((m) => m.to.includes(WHO.head) && m.subject.startsWith('Revisión mensual de roles: Ministerio de Cultura'));
    expect(mail.text).toMatch(/Cuenta CulturaPeru \(Facebook\): Administrador\(a\) \(1\): SCS <rrss_scs@pcm\.gob\.pe>/);
    expect(mail.text).toMatch(/Anomalía \(PCM 5\.1\.10\): CulturaPeru \(facebook\) tiene 1 administrador/);
    expect(linkIn(mail, 'Doy conformidad')).toMatch(/\/enlace\//);
    expect((await env.client.workflow.getHandle(roleReviewSchedulerId('mincul')).describe()).status.name).toBe('RUNNING');
    expect(await auditModel(t.db).countDocuments({ action: 'roleReview.started', entityId: 'mincul', 'actor.email': WHO.head })).toBe(1);
  });

  it('is idempotent for the month: starting again answers 200 with started: false and sends nothing more', async () => {
    const before = t.mailbox.list().length;
    const again = await call('head', 'POST', '/api/entities/mincul/role-reviews');
    expect([again.status, again.json.started]).toEqual([200, false]);
    expect(t.mailbox.list().length).toBe(before);
    expect(await auditModel(t.db).countDocuments({ action: 'roleReview.started', entityId: 'mincul' })).toBe(1);
  });

  it('lists the reviews newest first; an open one shows whom it waits for, live', async () => {
    const current = await waitForRow(`mincul:${month}`);
    const list = await call('cm', 'GET', '/api/entities/mincul/role-reviews');
    expect(list.json.reviews.map((r: { month: string }) => r.month)).toEqual([current.month, '2020-02', '2020-01']);
    expect(list.json.reviews[0]).toMatchObject({ state: 'open', reviewer: { email: WHO.head }, escalateTo: [{ email: WHO.second }], anomalies: [{ kind: 'too-few-admins', rule: 'PCM 5.1.10' }] });
    const one = await call('scs', 'GET', `/api/entities/mincul/role-reviews/${current.month}`);
    expect(one.status).toBe(200);
    expect(one.json.live).toMatchObject({ state: 'abierta', waitingFor: [WHO.head], escalated: false, remindersSent: 0 });
    // An attested month, or an open one whose process is gone, is what the registry says.
    expect((await call('head', 'GET', '/api/entities/mincul/role-reviews/2020-01')).json).toMatchObject({ state: 'attested', attestedBy: WHO.head, monthLabel: 'enero de 2020' });
    const orphan = await call('head', 'GET', '/api/entities/mincul/role-reviews/2020-02');
    expect([orphan.status, orphan.json.state, orphan.json.live]).toEqual([200, 'open', undefined]);
  });

  it('the head attests through the emailed link, with PCM 5.2.7\'s word on whom the accounts follow: the row records it, the review no longer waits, and the decision is in the entity\'s audit trail', async () => {
    const mail = t.mailbox.list().find((m) => m.subject.startsWith('Revisión mensual de roles: Ministerio de Cultura'))!;
    const used = await as.head.follow(linkIn(mail, 'Doy conformidad'), { follows: 'si' });
    expect([used.status, used.html]).toEqual([200, expect.stringContaining('Quedó registrado: conformidad dada')]);
    const row = await waitForRow(`mincul:${month}`, (r) => r.state === 'attested');
    expect(row).toMatchObject({ attestedBy: WHO.head, follows: { clause: 'PCM 5.2.7' } });
    const one = await call('head', 'GET', `/api/entities/mincul/role-reviews/${row.month}`);
    expect(one.json).toMatchObject({ state: 'attested', attestedBy: WHO.head, follows: { clause: 'PCM 5.2.7' } });
    expect(one.json.live).toBeUndefined();
    expect(await auditModel(t.db).countDocuments({ action: 'decision.recorded', entityId: 'mincul', workflowId: `revision-roles-mincul-${row.month}` })).toBe(1);
  });
});

describe('the designee (PCM 6.1.2.11), set through the existing policy PATCH', () => {
  it('the head names a designee by address and takes the review back with null; the CM may not; a bad address is 400', async () => {
    const set = await as.head.api('PATCH', '/api/entities/mincul', { reviewDesigneeEmail: ' CRojas@cultura.gob.pe ' });
    expect([set.status, set.json.reviewDesigneeEmail]).toEqual([200, WHO.cm]);
    expect((await as.cm.api('PATCH', '/api/entities/mincul', { reviewDesigneeEmail: WHO.requester })).status).toBe(403);
    const bad = await as.head.api('PATCH', '/api/entities/mincul', { reviewDesigneeEmail: 'no es un correo' });
    expect([bad.status, bad.json.error.details[0].field]).toEqual([400, 'reviewDesigneeEmail']);
    const cleared = await as.head.api('PATCH', '/api/entities/mincul', { reviewDesigneeEmail: null });
    expect([cleared.status, cleared.json.reviewDesigneeEmail ?? null]).toEqual([200, null]);
    const trail = await auditModel(t.db).find({ action: 'entity.changed', entityId: 'mincul' }).sort({ _id: 1 }).lean();
    expect(trail.map((r) => r.detail)).toEqual([`reviewDesigneeEmail: null → "${WHO.cm}"`, `reviewDesigneeEmail: "${WHO.cm}" → null`]);
  });
});

describe('Temporal down', () => {
  it('starting fails as ProcessesUnavailable (the API answers 503) and leaves no row, no audit entry', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    const dead = new Client({ connection });
    const service = roleReviewsService({
      db: t.db, registry: createRegistry(t.db), audit: createAuditTrail(t.db), processes: createProcesses(dead, { taskQueue: 'custodio', deadlineMs: 1_000 }),
      now: () => new Date('2031-03-10T15:00:00Z'),
    });
    const head = (await createRegistry(t.db).personByEmail(WHO.head))!;
    const caller = {
      principal: { kind: 'person' as const, personId: String(head._id), email: WHO.head, name: head.name, memberships: [{ entityId: 'mincul', role: 'head' as const }], supervisor: false, platformAdmin: false },
      actor: { kind: 'person' as const, email: WHO.head },
      client: { userAgent: 'jest' },
    };
    await expect(service.start('mincul', caller)).rejects.toBeInstanceOf(ProcessesUnavailable);
    expect(await roleReviewModel(t.db).exists({ _id: 'mincul:2031-03' })).toBeNull();
    expect(await auditModel(t.db).countDocuments({ action: 'roleReview.started', workflowId: 'revision-roles-mincul-2031-03' })).toBe(0);
    await connection.close();
  });
});

async function waitForRow(id: string, ok: (r: { state: string }) => boolean = () => true) {
  const row = await eventually(() => roleReviewModel(t.db).findById(id).lean(), (r) => r !== null && ok(r), `the expected state of row ${id}`, 10_000, { intervalMs: 50 });
  return row!;
}
