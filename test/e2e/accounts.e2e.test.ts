/**
 * The accounts API (issue #4 §1) against the real stack: Temporal dev server and worker, FerretDB, SMTP
 * capture, people signed in by emailed link. Accounts are written to the registry directly, as the
 * account-creation process would; their rotation processes are real. Covers reading accounts (never a
 * credential), page roles (PCM 6.1.2.11, 6.1.1.4), an immediate rotation (PCM 6.1.2.5), pause and
 * retirement, registry changes reaching a running process without a restart, the start-up reconciler,
 * and the review designee (PCM 6.1.2.11).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { createCalendarActivities } from '../../activities/calendar';
import { trusted } from '../../infra/db';
import { accountModel, LIVE_STATUSES, type AccountDoc } from '../../infra/models/account';
import { outboxSentModel } from '../../infra/models/outbox';
import { rotationModel } from '../../infra/models/rotation';
import { reconcileProcesses } from '../../worker/reconcile';
import type { Browser } from '../support/browser';
import { eventually } from '../support/eventually';
import { startTestStack, type TestStack } from '../support/stack';
import { rotationWorkflowId } from '../../contracts/credentialRotation';
import type { Processes } from '../../contracts/processes';
import { createProcesses } from '../../processes';

jest.setTimeout(120_000);

const HEAD = 'aquispe@cultura.gob.pe';
const SECOND = 'bsalas@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const ADMIN = 'admin@custodio.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';

let stack: TestStack<'head' | 'cm' | 'admin'>;
let processes: Processes;
let as: TestStack<'head' | 'cm' | 'admin'>['as'];
let n = 0;
const unique = () => `${Date.now().toString(36)}${n++}`;

/** An active account of mincul, written to the registry as the account-creation process would. */
async function account(overrides: Partial<AccountDoc> = {}): Promise<AccountDoc> {
  const id = `cuenta-${unique()}`;
  const doc = await accountModel(stack.db).create({
    _id: id, entityId: 'mincul', network: 'facebook', username: `Cultura${n}`, managingEmail: 'redes@cultura.gob.pe',
    roles: [], status: 'active', requestId: 'req-cuentas', activatedAt: new Date(), ...overrides,
  });
  return doc.toObject();
}

const rotationOf = (id: string, b: Browser = as.head) => b.api('GET', `/api/accounts/${id}/rotation`).then((r) => r.json);
const rotationIs = (id: string, ok: (r: any) => boolean, what: string) => eventually(() => rotationOf(id), ok, what);

/** Keys a credential would hide under; none may ever appear in an answer (RULEBOOK §2). */
const CREDENTIAL_KEY = /pass|contrase|secret|token|credential|otp|totp|2fa|mfa|recovery|pin$/i;
function credentialKeys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => credentialKeys(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(CREDENTIAL_KEY.test(k) ? [`${path}.${k}`] : []), ...credentialKeys(v, `${path}.${k}`)]);
}

/** The due instant the rotation activity computes, for an account with no decreed non-working days. */
const dueFrom = (from: Date, profile: 'PCM' | 'CONGRESO') =>
  createCalendarActivities().rotationDue({ lastConfirmedAt: from.toISOString(), profile, nonWorkingDays: [] });

beforeAll(async () => {
  stack = await startTestStack({ head: HEAD, cm: CM, admin: ADMIN });
  ({ as } = stack);
  processes = createProcesses(stack.client, { taskQueue: stack.taskQueue });
});

afterAll(() => stack?.stop());

describe('reading accounts (issue #4 §1; RULEBOOK §2)', () => {
  it('lists the entity’s accounts and shows one, with its page roles and never a credential', async () => {
    const since = new Date('2026-01-05T14:00:00Z');
    const acc = await account({ username: 'CulturaLectura', roles: [{ name: 'Carla Rojas Díaz', email: CM, pageRole: 'admin', since }] });
    // A registry row that somehow holds credential-like fields: the API shows only what it lists.
    await stack.db.collection('accounts').insertOne({
      _id: 'cuenta-con-basura' as never, entityId: 'mincul', network: 'instagram', username: 'CulturaBasura', managingEmail: 'redes@cultura.gob.pe',
      roles: [{ name: 'Carla Rojas Díaz', email: CM, pageRole: 'admin', since, password: 'NoDebeVerse1!' }],
      status: 'active', requestId: 'req-cuentas', activatedAt: new Date(), password: 'NoDebeVerse1!', emailPassword: 'Tampoco2!', recoveryCodes: ['123'], totpSecret: 'ABC',
    });

    const list = await as.head.api('GET', '/api/entities/mincul/accounts');
    expect(list.status).toBe(200);
    const ids = list.json.accounts.map((a: { id: string }) => a.id);
    expect(ids).toEqual(expect.arrayContaining([acc._id, 'cuenta-con-basura']));
    expect(list.json.accounts.every((a: { entityId: string }) => a.entityId === 'mincul')).toBe(true);
    expect(credentialKeys(list.json)).toEqual([]);
    expect(list.text).not.toContain('NoDebeVerse1!');

    const one = await as.cm.api('GET', `/api/accounts/${acc._id}`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual({
      id: acc._id, entityId: 'mincul', network: 'facebook', username: 'CulturaLectura', managingEmail: 'redes@cultura.gob.pe', status: 'active',
      activatedAt: acc.activatedAt.toISOString(), origin: { registered: false, requestId: 'req-cuentas' },
      roles: [{ name: 'Carla Rojas Díaz', email: CM, pageRole: 'admin', since: since.toISOString() }],
    });
    const dirty = await as.head.api('GET', '/api/accounts/cuenta-con-basura');
    expect(dirty.status).toBe(200);
    expect(credentialKeys(dirty.json)).toEqual([]);
    expect(dirty.text).not.toMatch(/NoDebeVerse|Tampoco|ABC/);

    const missing = await as.head.api('GET', '/api/accounts/no-existe');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
    expect((await fetch(`${stack.apiUrl}/api/accounts/${acc._id}`)).status).toBe(401);
  });
});

describe('page roles (PCM 6.1.2.11)', () => {
  it('PCM 6.1.1.4: a non-institutional address is refused with structured Spanish JSON naming the field; the roles stay as they were', async () => {
    const acc = await account({ roles: [{ name: 'Carla Rojas Díaz', email: CM, pageRole: 'admin', since: new Date('2026-01-05T14:00:00Z') }] });
    const res = await as.head.api('PUT', `/api/accounts/${acc._id}/roles`, {
      roles: [
        { name: 'Carla Rojas Díaz', email: CM, pageRole: 'admin' },
        { name: 'Persona Externa', email: 'persona.externa@gmail.com', pageRole: 'editor' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.message).toContain('Datos no válidos');
    expect(res.json.error.details).toEqual([
      { field: 'roles.1.email', rule: 'PCM 6.1.1.4', message: expect.stringContaining('Use un correo institucional (@cultura.gob.pe)') },
    ]);
    const unchanged = await as.head.api('GET', `/api/accounts/${acc._id}`);
    expect(unchanged.json.roles.map((r: { email: string }) => r.email)).toEqual([CM]);

    const malformed = await as.head.api('PUT', `/api/accounts/${acc._id}/roles`, { roles: [{ name: 'X', email: 'no-es-correo', pageRole: 'dueño' }] });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('validation_failed');
    const fields = malformed.json.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['roles.0.email', 'roles.0.pageRole']));
  });

  it('PCM 6.1.2.11: the roles are replaced; an unchanged role keeps its date, a new or changed one starts now; SCS may be admin (PCM 6.1.1.6); audited', async () => {
    const carlaSince = new Date('2026-01-05T14:00:00Z');
    const brunoSince = new Date('2026-02-02T14:00:00Z');
    const acc = await account({
      roles: [
        { name: 'Carla Rojas Díaz', email: CM, pageRole: 'admin', since: carlaSince },
        { name: 'Bruno Salas Ríos', email: SECOND, pageRole: 'editor', since: brunoSince },
      ],
    });
    const before = Date.now();
    const res = await as.head.api('PUT', `/api/accounts/${acc._id}/roles`, {
      roles: [
        { name: 'Carla Rojas Díaz', email: 'CRojas@Cultura.gob.pe', pageRole: 'admin' },
        { name: 'Bruno Salas Ríos', email: SECOND, pageRole: 'admin' },
        { name: 'SCS', email: SCS, pageRole: 'admin' },
      ],
    });
    expect(res.status).toBe(200);
    const roles = new Map(res.json.roles.map((r: { email: string }) => [r.email, r]));
    expect(roles.get(CM)).toEqual({ name: 'Carla Rojas Díaz', email: CM, pageRole: 'admin', since: carlaSince.toISOString() });
    expect(roles.get(SECOND)).toMatchObject({ pageRole: 'admin' });
    expect(Date.parse((roles.get(SECOND) as { since: string }).since)).toBeGreaterThanOrEqual(before - 1000);
    expect(roles.get(SCS)).toMatchObject({ pageRole: 'admin' });
    // What the API answered is what the registry holds.
    expect((await as.head.api('GET', `/api/accounts/${acc._id}`)).json.roles).toEqual(res.json.roles);

    // The CM manages page roles too; removing them all leaves an empty list.
    const cleared = await as.cm.api('PUT', `/api/accounts/${acc._id}/roles`, { roles: [] });
    expect(cleared.status).toBe(200);
    expect(cleared.json.roles).toEqual([]);

    const audit = await as.head.api('GET', `/api/audit?entity=mincul&account=${acc._id}`);
    expect(audit.status).toBe(200);
    const changes = audit.json.events.filter((e: { action: string }) => e.action === 'account.roles.changed');
    expect(changes).toHaveLength(2);
    expect(changes.map((e: { actor: { email: string } }) => e.actor.email).sort()).toEqual([HEAD, CM].sort());
    expect(changes.find((e: { actor: { email: string } }) => e.actor.email === HEAD)).toMatchObject({
      entityId: 'mincul', accountId: acc._id, detail: expect.stringContaining(`${SECOND}:admin`),
    });
  });
});

describe('rotation (PCM 6.1.2.5)', () => {
  let rotated: AccountDoc;

  it('PCM 6.1.2.5: the head asks for a rotation now (202); a missing reason is refused (400) and the CM may not ask (403)', async () => {
    rotated = await account({ username: 'CulturaRota' });
    const noReason = await as.head.api('POST', `/api/accounts/${rotated._id}/rotation/now`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.code).toBe('validation_failed');
    expect(noReason.json.error.details.map((d: { field: string }) => d.field)).toContain('reason');
    const short = await as.head.api('POST', `/api/accounts/${rotated._id}/rotation/now`, { reason: 'ya' });
    expect(short.status).toBe(400);
    expect(short.json.error.details[0].message).toContain('motivo');
    const byCm = await as.cm.api('POST', `/api/accounts/${rotated._id}/rotation/now`, { reason: 'Sospecha de filtración' });
    expect(byCm.status).toBe(403);
    expect(byCm.json.error.code).toBe('forbidden');
    // No process was started by the refused requests.
    expect((await rotationOf(rotated._id)).state).toBe('sin-proceso');

    const asked = await as.head.api('POST', `/api/accounts/${rotated._id}/rotation/now`, { reason: 'Sospecha de filtración de la contraseña' });
    expect(asked.status).toBe(202);
    expect(asked.json).toEqual({ accountId: rotated._id, requested: true });
  });

  it('PCM 6.1.2.5: the custodian (the CM) gets the rotation request by email, and the API shows it pending and overdue', async () => {
    const mail = await stack.mailbox!.waitFor((m) => m.to.includes(CM) && m.subject === 'Rotación de credenciales: CulturaRota (Facebook) – Ministerio de Cultura');
    expect(mail.text).toContain('Sospecha de filtración de la contraseña');
    expect(mail.text).toContain('redes@cultura.gob.pe');
    expect(mail.text).toContain('Nunca escriba una contraseña en Custodio');

    const status = await rotationIs(rotated._id, (r) => r.state === 'pendiente' && r.overdue, 'pending rotation');
    expect(status).toMatchObject({
      accountId: rotated._id, state: 'pendiente', profile: 'PCM', custodian: { email: CM },
      overdue: { step: 'rotacion-1', waitingFor: [CM], escalated: false, remindersSent: 0 },
      rotations: [],
    });
    expect(status.overdue.since).toBe(status.nextDueAt);
    expect(Date.parse(status.nextDueAt)).toBeLessThanOrEqual(Date.now());
    expect(credentialKeys(status)).toEqual([]);
    const audit = await as.head.api('GET', `/api/audit?entity=mincul&account=${rotated._id}`);
    expect(audit.json.events.map((e: { action: string }) => e.action)).toContain('rotation.requested');
  });

  it('PCM 6.1.2.5: a rotation asked of an account whose process is gone starts after its last recorded rotation, and the custodian is asked (issue 14 §1.3)', async () => {
    // Two rotations on record, and the first one's email long sent; no process runs (an operator ended it).
    const acc = await account({ username: 'CulturaHistoria' });
    const confirmed = (cycle: number, at: string) => ({
      _id: `${acc._id}:${cycle}`, accountId: acc._id, entityId: 'mincul', cycle, dueAt: new Date(at), confirmedAt: new Date(at), confirmedBy: CM,
    });
    await rotationModel(stack.db).insertMany([confirmed(1, '2026-09-01T14:00:00Z'), confirmed(2, '2026-10-01T14:00:00Z')]);
    await outboxSentModel(stack.db).create({ _id: `${rotationWorkflowId(acc._id)}/rotacion-1/v1/request/${CM}`, messageId: '<old@custodio>', sentAt: new Date('2026-09-01T14:00:00Z') });

    expect((await as.head.api('POST', `/api/accounts/${acc._id}/rotation/now`, { reason: 'Sospecha de filtración de la contraseña' })).status).toBe(202);
    const status = await rotationIs(acc._id, (r) => r.state === 'pendiente' && r.overdue, 'the immediate rotation to open');
    expect(status.overdue.step).toBe('rotacion-3');
    expect(status.lastConfirmedAt).toBe('2026-10-01T14:00:00.000Z');
    const mail = await stack.mailbox.waitFor((m) => m.to.includes(CM) && m.subject.startsWith('Rotación de credenciales: CulturaHistoria'));
    expect(mail.text).toContain('Sospecha de filtración de la contraseña');
  });

  it('pausing the account pauses its rotation; resuming asks again; retiring ends it, and nothing changes afterwards (409)', async () => {
    const bad = await as.head.api('POST', `/api/accounts/${rotated._id}/status`, { status: 'paused' });
    expect(bad.status).toBe(400);
    expect((await as.cm.api('POST', `/api/accounts/${rotated._id}/status`, { status: 'paused', reason: 'Campaña suspendida' })).status).toBe(403);

    const paused = await as.head.api('POST', `/api/accounts/${rotated._id}/status`, { status: 'paused', reason: 'Campaña suspendida' });
    expect(paused.status).toBe(200);
    expect(paused.json).toMatchObject({ status: 'paused', statusReason: 'Campaña suspendida' });
    const p = await rotationIs(rotated._id, (r) => r.state === 'pausada', 'paused rotation');
    expect(p.pausedReason).toBe('Campaña suspendida');
    expect(p.overdue).toBeUndefined();

    expect((await as.head.api('POST', `/api/accounts/${rotated._id}/status`, { status: 'active', reason: 'Campaña reanudada' })).status).toBe(200);
    // The immediate rotation asked before the pause is asked again on resumption.
    const resumed = await rotationIs(rotated._id, (r) => r.state === 'pendiente' && r.overdue, 'resumed rotation');
    expect(resumed.pausedReason).toBeUndefined();

    const retired = await as.head.api('POST', `/api/accounts/${rotated._id}/status`, { status: 'retired', reason: 'Cuenta dada de baja' });
    expect(retired.status).toBe(200);
    const r = await rotationIs(rotated._id, (s) => s.state === 'retirada', 'retirement');
    expect(r.nextDueAt).toBeUndefined();
    expect(r.overdue).toBeUndefined();
    const handle = stack.client.workflow.getHandle(rotationWorkflowId(rotated._id));
    await eventually(() => handle.describe().then((d) => d.status.name), (s) => s === 'COMPLETED', 'process end');

    const again = await as.head.api('POST', `/api/accounts/${rotated._id}/status`, { status: 'active', reason: 'Reactivar la cuenta' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('conflict');
    const now = await as.head.api('POST', `/api/accounts/${rotated._id}/rotation/now`, { reason: 'Sospecha de filtración' });
    expect(now.status).toBe(409);
    expect(now.json.error.message).toContain('dada de baja');
    // The 409 started no new process.
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });
});

describe('registry changes reach a running rotation without a restart (issue #4 §1)', () => {
  let acc: AccountDoc;
  let runId: string;

  beforeAll(async () => {
    acc = await account({ username: 'CulturaNudge' });
    await processes.startRotations([{ accountId: acc._id, lastConfirmedAt: acc.activatedAt.toISOString() }]);
  });

  it('CONGRESO 6.2.5: moving the entity to 15-day rotation brings the next due date forward, in the same run; moving back restores it', async () => {
    const monthly = await dueFrom(acc.activatedAt, 'PCM');
    const fortnightly = await dueFrom(acc.activatedAt, 'CONGRESO');
    expect(Date.parse(fortnightly)).toBeLessThan(Date.parse(monthly));
    const first = await rotationIs(acc._id, (r) => r.state === 'esperando', 'waiting rotation');
    expect(first).toMatchObject({ profile: 'PCM', nextDueAt: monthly, custodian: { email: CM } });
    expect(first.overdue).toBeUndefined();
    const handle = stack.client.workflow.getHandle(rotationWorkflowId(acc._id));
    runId = (await handle.describe()).runId;

    // The profile is structural: the head may not change it.
    const byHead = await as.head.api('PATCH', '/api/entities/mincul', { profile: 'CONGRESO' });
    expect(byHead.status).toBe(403);
    try {
      const changed = await as.admin.api('PATCH', '/api/entities/mincul', { profile: 'CONGRESO' });
      expect(changed.status).toBe(200);
      expect(changed.json.profile).toBe('CONGRESO');
      const faster = await rotationIs(acc._id, (r) => r.nextDueAt === fortnightly, '15-day due date');
      expect(faster).toMatchObject({ state: 'esperando', profile: 'CONGRESO' });
      const d = await handle.describe();
      expect({ runId: d.runId, status: d.status.name }).toEqual({ runId, status: 'RUNNING' });
    } finally {
      expect((await as.admin.api('PATCH', '/api/entities/mincul', { profile: 'PCM' })).status).toBe(200);
    }
    await rotationIs(acc._id, (r) => r.nextDueAt === monthly && r.profile === 'PCM', 'monthly due date again');
    expect((await handle.describe()).runId).toBe(runId);
  });

  it('PCM 6.1.2.4: a new community manager becomes the custodian of the running rotation; while there is none, the head (PCM 6.2.3.1)', async () => {
    const roster = (await as.head.api('GET', '/api/entities/mincul/people')).json.people as Array<{ personId: string; email: string }>;
    const carla = roster.find((p) => p.email === CM)!;
    const newcomer = { name: 'Andrea Nieto Paz', email: `anieto${n++}@cultura.gob.pe` };
    let newcomerId: string | undefined;
    try {
      expect((await as.head.api('PATCH', `/api/entities/mincul/people/${carla.personId}`, { role: 'team' })).status).toBe(200);
      await rotationIs(acc._id, (r) => r.custodian?.email === HEAD, 'custodian falls back to the head');
      const added = await as.head.api('POST', '/api/entities/mincul/people', { ...newcomer, role: 'cm' });
      expect(added.status).toBe(201);
      newcomerId = added.json.personId;
      const s = await rotationIs(acc._id, (r) => r.custodian?.email === newcomer.email, 'new custodian');
      expect(s).toMatchObject({ state: 'esperando', custodian: { name: newcomer.name, email: newcomer.email } });
    } finally {
      if (newcomerId) expect((await as.head.api('PATCH', `/api/entities/mincul/people/${newcomerId}`, { left: true })).status).toBe(200);
      expect((await as.head.api('PATCH', `/api/entities/mincul/people/${carla.personId}`, { role: 'cm' })).status).toBe(200);
    }
    await rotationIs(acc._id, (r) => r.custodian?.email === CM, 'custodian restored');
    expect((await stack.client.workflow.getHandle(rotationWorkflowId(acc._id)).describe()).runId).toBe(runId);
  });
});

describe('start-up reconciliation (PCM 6.1.2.5)', () => {
  it('an account in the registry with no process gets one; a second pass starts nothing', async () => {
    const acc = await account({ username: 'CulturaImportada' });
    const handle = stack.client.workflow.getHandle(rotationWorkflowId(acc._id));
    await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect((await rotationOf(acc._id)).state).toBe('sin-proceso');

    const first = await reconcileProcesses(stack.db, processes);
    expect(first.rotationsStarted).toBeGreaterThanOrEqual(1);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await rotationIs(acc._id, (r) => r.state === 'esperando', 'reconciled rotation');

    // Wait until the server's listing shows every live account's process, then reconcile again.
    const live = await accountModel(stack.db).find({ status: trusted({ $in: LIVE_STATUSES }) }, { _id: 1 }).lean();
    const listed = async () => {
      const ids = new Set<string>();
      for await (const wf of stack.client.workflow.list({ query: `WorkflowType = 'credentialRotation' AND ExecutionStatus = 'Running'` })) ids.add(wf.workflowId);
      return ids;
    };
    await eventually(listed, (ids) => live.every((a) => ids.has(rotationWorkflowId(a._id))), 'visibility of every process');
    const runId = (await handle.describe()).runId;
    const second = await reconcileProcesses(stack.db, processes);
    expect(second.rotationsStarted).toBe(0);
    expect((await handle.describe()).runId).toBe(runId);
  });
});

describe('review designee (PCM 6.1.2.11)', () => {
  it('PCM 6.1.2.11: the head designates only someone in the roster; null gives the review back to the head', async () => {
    const stranger = await as.head.api('PATCH', '/api/entities/mincul', { reviewDesigneeEmail: 'nadie@cultura.gob.pe' });
    expect(stranger.status).toBe(400);
    expect(stranger.json.error.code).toBe('validation_failed');
    expect(stranger.json.error.details).toEqual([
      { field: 'reviewDesigneeEmail', rule: 'PCM 6.1.2.11', message: expect.stringContaining('no figura en la nómina') },
    ]);
    expect((await as.head.api('GET', '/api/entities/mincul')).json.reviewDesigneeEmail ?? null).toBeNull();

    const ok = await as.head.api('PATCH', '/api/entities/mincul', { reviewDesigneeEmail: SECOND.toUpperCase() });
    expect(ok.status).toBe(200);
    expect(ok.json.reviewDesigneeEmail).toBe(SECOND);
    const back = await as.head.api('PATCH', '/api/entities/mincul', { reviewDesigneeEmail: null });
    expect(back.status).toBe(200);
    expect(back.json.reviewDesigneeEmail ?? null).toBeNull();
  });

  it('PCM 6.2.2.2: the head may delegate content approval, likewise only to someone in the roster', async () => {
    const stranger = await as.head.api('PATCH', '/api/entities/mincul', { contentDesigneeEmail: 'nadie@cultura.gob.pe' });
    expect([stranger.status, stranger.json.error.details]).toEqual([
      400,
      [{ field: 'contentDesigneeEmail', rule: 'PCM 6.2.2.2', message: expect.stringContaining('no figura en la nómina') }],
    ]);
    const ok = await as.head.api('PATCH', '/api/entities/mincul', { contentDesigneeEmail: ` ${SECOND.toUpperCase()} ` });
    expect([ok.status, ok.json.contentDesigneeEmail]).toEqual([200, SECOND]);
    const back = await as.head.api('PATCH', '/api/entities/mincul', { contentDesigneeEmail: null });
    expect([back.status, back.json.contentDesigneeEmail ?? null]).toEqual([200, null]);
  });
});
