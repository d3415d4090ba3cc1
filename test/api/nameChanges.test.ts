/**
 * «Cambio de nombre o usuario» over the JSON API (PCM 6.1.2.7) against the demo registry, with a stub
 * Temporal client: who may ask (the CM and the head, never an API key), the Spanish validation messages
 * at each field, one open request per account, nothing stored when Temporal is down, and who reads
 * the open request (with whom its process waits for) and the history of names.
 */
import { nameChangeStatusQuery, nameChangeWorkflowId, type NameChangeStatus } from '../../contracts/nameChange';
import { apiKeysService } from '../../api/services/apiKeys';
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { nameChangeModel } from '../../infra/models/nameChange';
import { startTestApp, type TestApp } from '../support/app';
import type { Browser } from '../support/browser';
import { apiCaller, signInAll } from '../support/callers';
import { stubTemporal, type StubTemporal } from '../support/stubTemporal';

jest.setTimeout(60_000);

const WHO = {
  head: 'aquispe@cultura.gob.pe',
  second: 'bsalas@cultura.gob.pe',
  cm: 'crojas@cultura.gob.pe',
  requester: 'dtorres@cultura.gob.pe',
  otherHead: 'dflores@congreso.gob.pe',
  scs: 'rrss_scs@pcm.gob.pe',
  admin: 'admin@custodio.gob.pe',
} as const;
type Person = keyof typeof WHO;
type Who = Person | 'apiKey' | 'anonymous';

let t: TestApp;
let stub: StubTemporal;
const as = {} as Record<Person, Browser>;
let apiKey = '';

const account = (id: string, username: string) =>
  accountModel(t.db).create({
    _id: id, entityId: 'mincul', network: 'facebook', username, name: 'Ministerio de Cultura', managingEmail: 'redes@cultura.gob.pe', roles: [], status: 'active', requestId: 'r', activatedAt: new Date(),
  });

beforeAll(async () => {
  stub = stubTemporal();
  t = await startTestApp({ temporal: stub.client });
  await signInAll(t, WHO, as);
  apiKey = (await apiKeysService(t.db).create('mincul', 'pruebas', WHO.head)).key;
});
afterAll(() => t.stop());

const call = apiCaller(() => t, as, () => apiKey);

const REQUEST = { username: 'CulturaOficial', reason: 'Unificar el usuario con el de las demás redes del Ministerio.' };

describe('who may ask for a rename (PCM 6.1.2.7)', () => {
  it('PCM 6.1.2.7: the CM and the head ask; the second, the team, SCS, the admin and an API key are refused (403), an anonymous caller 401, and nothing is stored', async () => {
    await account('nc-cm', 'CulturaCm');
    await account('nc-head', 'CulturaHead');
    await account('nc-refused', 'CulturaRefused');
    const cm = await call('cm', 'POST', '/api/accounts/nc-cm/name-changes', REQUEST);
    expect(cm.status).toBe(201);
    expect(cm.json).toMatchObject({ state: 'pending', from: { username: 'CulturaCm', name: 'Ministerio de Cultura' }, to: { username: 'CulturaOficial' }, requestedBy: WHO.cm });
    expect(cm.json.workflowId).toBe(nameChangeWorkflowId('nc-cm', cm.json.requestId));
    expect((await call('head', 'POST', '/api/accounts/nc-head/name-changes', { name: 'Cultura Perú', reason: REQUEST.reason })).status).toBe(201);

    const refused: Who[] = ['second', 'requester', 'otherHead', 'scs', 'admin', 'apiKey', 'anonymous'];
    const answers = Object.fromEntries(await Promise.all(refused.map(async (w) => [w, (await call(w, 'POST', '/api/accounts/nc-refused/name-changes', REQUEST)).status])));
    expect(answers).toEqual(Object.fromEntries(refused.map((w) => [w, w === 'anonymous' ? 401 : 403])));
    expect(await nameChangeModel(t.db).countDocuments({ accountId: 'nc-refused' })).toBe(0);

    // Each request started its own process, and entered the audit trail with its workflow.
    const started = stub.callsOf('start').filter((c) => c.workflowType === 'nameChange').map((c) => c.options.workflowId);
    expect(started).toEqual(expect.arrayContaining([cm.json.workflowId, expect.stringMatching(/^cambio-nombre-nc-head-[0-9a-f]{24}$/)]));
    expect(started).toHaveLength(2);
    const trail = await auditModel(t.db).findOne({ action: 'request.submitted', workflowId: cm.json.workflowId }).lean();
    expect(trail).toMatchObject({ accountId: 'nc-cm', actor: { email: WHO.cm }, detail: 'Cambio de nombre o usuario (PCM 6.1.2.7): usuario: CulturaCm → CulturaOficial' });
  });

  it('reading renames needs account.read: the office\'s head, second and CM, SCS and the entity\'s API key; a requesting unit and another entity\'s head 403, anonymous 401; an unknown account 404', async () => {
    const allowed: Who[] = ['head', 'second', 'cm', 'scs', 'apiKey'];
    const all: Who[] = [...allowed, 'requester', 'otherHead', 'anonymous'];
    const answers = Object.fromEntries(await Promise.all(all.map(async (w) => [w, (await call(w, 'GET', '/api/accounts/nc-cm/name-changes')).status])));
    expect(answers).toEqual(Object.fromEntries(all.map((w) => [w, allowed.includes(w) ? 200 : w === 'anonymous' ? 401 : 403])));
    expect((await call('head', 'GET', '/api/accounts/no-existe/name-changes')).status).toBe(404);
    expect((await call('cm', 'POST', '/api/accounts/no-existe/name-changes', REQUEST)).status).toBe(404);
  });
});

describe('what a request must say (PCM 6.1.2.7, 6.1.1.8)', () => {
  beforeAll(() => account('nc-valid', 'CulturaValid'));

  it.each([
    ['nothing changes', { username: 'CulturaValid', name: 'Ministerio de Cultura', reason: REQUEST.reason }, 'username', /distinto del actual/],
    ['neither name nor username', { reason: REQUEST.reason }, 'username', /distinto del actual/],
    ['a short reason', { username: 'CulturaNueva', reason: 'corto' }, 'reason', /al menos 10 caracteres/],
    ['no reason', { username: 'CulturaNueva' }, 'reason', /.+/],
    ['a short reason and a username too long, both at once', { username: 'CulturaNuevaOficial', reason: 'corto' }, 'username', /entre 6 y 15 caracteres/],
    ['a one-letter name', { name: 'C', reason: REQUEST.reason }, 'name', /al menos 2 caracteres/],
    ['a username against PCM 6.1.1.8', { username: 'cultura peru!', reason: REQUEST.reason }, 'username', /.+/],
    ['an unknown field', { username: 'CulturaNueva', reason: REQUEST.reason, password: 'x' }, '', /.+/],
  ])('%s is refused with 400, a Spanish message at the field, and nothing stored', async (_what, body, field, message) => {
    const res = await call('cm', 'POST', '/api/accounts/nc-valid/name-changes', body);
    expect([res.status, res.json.error.code]).toEqual([400, 'validation_failed']);
    const detail = res.json.error.details.find((d: { field: string }) => (field ? d.field === field : true));
    expect(detail).toBeDefined();
    expect(detail.message).toMatch(message);
    expect(await nameChangeModel(t.db).countDocuments({ accountId: 'nc-valid' })).toBe(0);
  });

  it('a username with «@» is taken without it, and only what changes is part of the request', async () => {
    await account('nc-at', 'CulturaAt');
    const res = await call('head', 'POST', '/api/accounts/nc-at/name-changes', { username: '@CulturaArroba', name: '  Ministerio de  Cultura ', reason: REQUEST.reason });
    expect(res.status).toBe(201);
    expect(res.json.to).toEqual({ username: 'CulturaArroba' });
  });
});

describe('one open request per account', () => {
  beforeAll(() => account('nc-one', 'CulturaOne'));

  it('PCM 6.1.2.7: a second request while one is open is refused (409) until the first is done or rejected', async () => {
    const first = await call('cm', 'POST', '/api/accounts/nc-one/name-changes', REQUEST);
    expect(first.status).toBe(201);
    const second = await call('head', 'POST', '/api/accounts/nc-one/name-changes', { name: 'Cultura Perú', reason: REQUEST.reason });
    expect([second.status, second.json.error.code]).toEqual([409, 'conflict']);
    expect(second.json.error.message).toMatch(/en curso/);
    // Approved but not yet confirmed on the platform: still open.
    await nameChangeModel(t.db).updateOne({ _id: first.json.requestId }, { $set: { state: 'approved' } });
    expect((await call('head', 'POST', '/api/accounts/nc-one/name-changes', { name: 'Cultura Perú', reason: REQUEST.reason })).status).toBe(409);
    await nameChangeModel(t.db).updateOne({ _id: first.json.requestId }, { $set: { state: 'rejected' } });
    expect((await call('head', 'POST', '/api/accounts/nc-one/name-changes', { name: 'Cultura Perú', reason: REQUEST.reason })).status).toBe(201);
  });

  it('PCM 6.1.2.7: two requests at the same instant: exactly one starts (the account\'s slot is a unique insert)', async () => {
    await account('nc-race', 'CulturaCarrera');
    const both = await Promise.all([
      call('cm', 'POST', '/api/accounts/nc-race/name-changes', REQUEST),
      call('head', 'POST', '/api/accounts/nc-race/name-changes', { name: 'Cultura Perú', reason: REQUEST.reason }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await nameChangeModel(t.db).countDocuments({ accountId: 'nc-race' })).toBe(1);
  });

  it('Temporal down: 503 and nothing stored, so the account is not blocked', async () => {
    await account('nc-down', 'CulturaDown');
    stub.failNext('start', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }));
    const res = await call('cm', 'POST', '/api/accounts/nc-down/name-changes', REQUEST);
    expect(res.status).toBe(503);
    expect(await nameChangeModel(t.db).countDocuments({ accountId: 'nc-down' })).toBe(0);
    expect((await call('cm', 'POST', '/api/accounts/nc-down/name-changes', REQUEST)).status).toBe(201);
  });
});

describe('the open request and the history of names', () => {
  it('the open request carries its process\'s stage and whom it waits for; the history holds the done requests, newest first', async () => {
    await account('nc-read', 'CulturaRead');
    const open = await call('cm', 'POST', '/api/accounts/nc-read/name-changes', REQUEST);
    stub.answerQuery(nameChangeStatusQuery.name, (workflowId): NameChangeStatus => ({ requestId: workflowId, stage: 'en-aprobacion', round: 1, waitingFor: [WHO.head] }));
    const rows = nameChangeModel(t.db);
    const done = { entityId: 'mincul', accountId: 'nc-read', reason: 'Antes', requestedBy: WHO.cm, state: 'done' as const, decidedBy: WHO.head };
    await rows.create([
      { ...done, _id: 'a'.repeat(24), workflowId: 'w1', from: { username: 'CulturaUno' }, to: { username: 'CulturaDos' }, requestedAt: new Date('2026-01-05T15:00:00Z'), doneBy: WHO.cm, doneAt: new Date('2026-01-07T15:00:00Z') },
      { ...done, _id: 'b'.repeat(24), workflowId: 'w2', from: { username: 'CulturaDos' }, to: { username: 'CulturaRead' }, requestedAt: new Date('2026-03-05T15:00:00Z'), doneBy: WHO.cm, doneAt: new Date('2026-03-07T15:00:00Z') },
      { ...done, _id: 'c'.repeat(24), workflowId: 'w3', from: { username: 'CulturaRead' }, to: { username: 'CulturaNo' }, requestedAt: new Date('2026-02-05T15:00:00Z'), state: 'rejected' },
    ]);
    const res = await call('scs', 'GET', '/api/accounts/nc-read/name-changes');
    expect(res.status).toBe(200);
    expect(res.json.open).toMatchObject({ requestId: open.json.requestId, state: 'pending', live: { stage: 'en-aprobacion', waitingFor: [WHO.head] } });
    expect(res.json.history.map((h: { to: { username: string } }) => h.to.username)).toEqual(['CulturaRead', 'CulturaDos']);
    expect(res.json.history[0]).toMatchObject({ from: { username: 'CulturaDos' }, decidedBy: WHO.head, doneBy: WHO.cm, doneAt: '2026-03-07T15:00:00.000Z' });

    // Temporal silent: the registry's row still answers, without the live part.
    stub.failNext('query', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }));
    const silent = await call('cm', 'GET', '/api/accounts/nc-read/name-changes');
    expect(silent.status).toBe(200);
    expect(silent.json.open).toMatchObject({ state: 'pending' });
    expect(silent.json.open).not.toHaveProperty('live');
  });
});
