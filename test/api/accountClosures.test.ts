/**
 * «Cierre de cuenta» over the JSON API and its page (issue 19 §5; PCM 5.2.5, SENACE 7.2) against the demo
 * registry, with a stub Temporal client: who may ask (the CM and the head, never an API key), the Spanish
 * validation messages, one open closure per account, nothing stored when Temporal is down, and who reads
 * the closures.
 */
import { accountClosureStatusQuery, accountClosureWorkflowId, type AccountClosureStatus } from '../../contracts/accountClosure';
import { apiKeysService } from '../../api/services/apiKeys';
import { accountModel } from '../../infra/models/account';
import { accountClosureModel } from '../../infra/models/accountClosure';
import { auditModel } from '../../infra/models/audit';
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

const account = (id: string, status: 'active' | 'paused' | 'retired' = 'active') =>
  accountModel(t.db).create({
    _id: id, entityId: 'mincul', network: 'x', username: `Cultura${id.replace(/\W/g, '')}`, managingEmail: 'redes@cultura.gob.pe', roles: [], status, requestId: 'r', activatedAt: new Date(),
  });

beforeAll(async () => {
  stub = stubTemporal();
  t = await startTestApp({ temporal: stub.client });
  await signInAll(t, WHO, as);
  apiKey = (await apiKeysService(t.db).create('mincul', 'pruebas', WHO.head)).key;
});
afterAll(() => t.stop());

const call = apiCaller(() => t, as, () => apiKey);

const REQUEST = { reason: 'La campaña terminó y la cuenta quedó sin uso.' };
const started = () => stub.callsOf('start').filter((c) => c.workflowType === 'accountClosure').map((c) => c.options.workflowId as string);

describe('who may ask to close an account (PCM 5.2.5, SENACE 7.2)', () => {
  it('PCM 5.2.5: the CM and the head ask; the second, a unit, SCS, the admin and an API key are refused (403), an anonymous caller 401, and nothing is stored', async () => {
    await account('cl-cm');
    await account('cl-head');
    await account('cl-refused');
    const cm = await call('cm', 'POST', '/api/accounts/cl-cm/closures', REQUEST);
    expect(cm.status).toBe(201);
    expect(cm.json).toMatchObject({ state: 'pending', reason: REQUEST.reason, requestedBy: WHO.cm, headAsked: false });
    expect(cm.json.workflowId).toBe(accountClosureWorkflowId('cl-cm', cm.json.requestId));
    const head = await call('head', 'POST', '/api/accounts/cl-head/closures', REQUEST);
    expect([head.status, head.json.headAsked]).toEqual([201, true]);

    const refused: Who[] = ['second', 'requester', 'otherHead', 'scs', 'admin', 'apiKey', 'anonymous'];
    const answers = Object.fromEntries(await Promise.all(refused.map(async (w) => [w, (await call(w, 'POST', '/api/accounts/cl-refused/closures', REQUEST)).status])));
    expect(answers).toEqual(Object.fromEntries(refused.map((w) => [w, w === 'anonymous' ? 401 : 403])));
    expect(await accountClosureModel(t.db).countDocuments({ accountId: 'cl-refused' })).toBe(0);
    expect(started()).toEqual(expect.arrayContaining([cm.json.workflowId, head.json.workflowId]));
    const trail = await auditModel(t.db).findOne({ action: 'request.submitted', workflowId: cm.json.workflowId }).lean();
    expect(trail).toMatchObject({ accountId: 'cl-cm', actor: { email: WHO.cm }, detail: `Cierre de la cuenta (PCM 5.2.5): ${REQUEST.reason}` });
  });

  it.each([
    ['no reason', {}, /Indique por qué/],
    ['a short reason', { reason: 'corto' }, /al menos 10 caracteres/],
    ['an unknown field', { ...REQUEST, password: 'x' }, /.+/],
  ])('PCM 5.2.5: %s is refused with 400 and a Spanish message, and nothing is stored', async (_what, body, message) => {
    await account(`cl-bad-${Object.keys(body).length}-${JSON.stringify(body).length}`);
    const id = `cl-bad-${Object.keys(body).length}-${JSON.stringify(body).length}`;
    const res = await call('cm', 'POST', `/api/accounts/${id}/closures`, body);
    expect([res.status, res.json.error.code]).toEqual([400, 'validation_failed']);
    expect(res.json.error.details[0].message).toMatch(message);
    expect(await accountClosureModel(t.db).countDocuments({ accountId: id })).toBe(0);
  });

  it('a retired account cannot be closed again (409); an unknown one is 404', async () => {
    await account('cl-retired', 'retired');
    const res = await call('head', 'POST', '/api/accounts/cl-retired/closures', REQUEST);
    expect([res.status, res.json.error.message]).toEqual([409, 'La cuenta ya fue dada de baja.']);
    expect((await call('head', 'POST', '/api/accounts/no-existe/closures', REQUEST)).status).toBe(404);
  });
});

describe('one open closure per account', () => {
  it('PCM 5.2.5: two requests at the same instant: exactly one starts (the account\'s slot is a unique insert); a rejected one frees the account', async () => {
    await account('cl-race');
    const both = await Promise.all([call('cm', 'POST', '/api/accounts/cl-race/closures', REQUEST), call('head', 'POST', '/api/accounts/cl-race/closures', REQUEST)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.json.error.message).toMatch(/en curso/);
    const first = both.find((r) => r.status === 201)!.json;
    await accountClosureModel(t.db).updateOne({ _id: first.requestId }, { $set: { state: 'approved' } });
    expect((await call('cm', 'POST', '/api/accounts/cl-race/closures', REQUEST)).status).toBe(409);
    await accountClosureModel(t.db).updateOne({ _id: first.requestId }, { $set: { state: 'rejected', decidedBy: WHO.head, decisionReason: 'Sigue en uso' } });
    expect((await call('cm', 'POST', '/api/accounts/cl-race/closures', REQUEST)).status).toBe(201);
  });

  it('Temporal down: 503 and nothing stored, so the account is not blocked', async () => {
    await account('cl-down');
    stub.failNext('start', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }));
    expect((await call('cm', 'POST', '/api/accounts/cl-down/closures', REQUEST)).status).toBe(503);
    expect(await accountClosureModel(t.db).countDocuments({ accountId: 'cl-down' })).toBe(0);
    expect((await call('cm', 'POST', '/api/accounts/cl-down/closures', REQUEST)).status).toBe(201);
  });
});

describe('reading closures', () => {
  it('PCM 5.2.5: the open closure carries its process\'s stage and whom it waits for; rejected ones are listed; reading needs account.read', async () => {
    await account('cl-read');
    const open = await call('cm', 'POST', '/api/accounts/cl-read/closures', REQUEST);
    stub.answerQuery(accountClosureStatusQuery.name, (workflowId): AccountClosureStatus => ({ requestId: workflowId, stage: 'en-aprobacion', waitingFor: [WHO.head] }));
    await accountClosureModel(t.db).create({
      _id: 'c'.repeat(24), entityId: 'mincul', accountId: 'cl-read', workflowId: 'w', reason: 'Antes', requestedBy: WHO.cm, requestedAt: new Date('2026-02-01T15:00:00Z'), state: 'rejected', decidedBy: WHO.head, decisionReason: 'Sigue en uso',
    });
    const res = await call('scs', 'GET', '/api/accounts/cl-read/closures');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ clause: 'PCM 5.2.5', open: { requestId: open.json.requestId, state: 'pending', live: { stage: 'en-aprobacion', waitingFor: [WHO.head] } }, rejected: [{ decisionReason: 'Sigue en uso' }] });
    expect(res.json).not.toHaveProperty('closed');
    const all: Who[] = ['head', 'second', 'cm', 'scs', 'apiKey', 'requester', 'otherHead', 'anonymous'];
    const answers = Object.fromEntries(await Promise.all(all.map(async (w) => [w, (await call(w, 'GET', '/api/accounts/cl-read/closures')).status])));
    expect(answers).toEqual({ head: 200, second: 200, cm: 200, scs: 200, apiKey: 200, requester: 403, otherHead: 403, anonymous: 401 });
  });
});

describe('the closure page', () => {
  it('PCM 5.2.5: a short reason comes back in Spanish with what was typed; the CM\'s request goes to the head, the head\'s is the decision', async () => {
    await account('cl-page-cm');
    await account('cl-page-head');
    const form = await as.cm.open('/cuentas/cl-page-cm/cierre');
    expect(form.html).toContain('Enviar el pedido al/a la titular');
    const bad = await as.cm.submit('/cuentas/cl-page-cm/cierre', { reason: 'corto' });
    const badHtml = await bad.text();
    expect(bad.status).toBe(400);
    expect(badHtml).toContain('Explique el motivo en al menos 10 caracteres.');
    expect(badHtml).toContain('>corto</textarea>');
    const sent = await as.cm.submit('/cuentas/cl-page-cm/cierre', REQUEST);
    expect([sent.status, sent.headers.get('location')]).toEqual([303, '/cuentas/cl-page-cm/cierre?hecho=pedido']);
    const after = await as.cm.open(sent.headers.get('location')!);
    expect(after.html).toContain('Se envió el pedido de cierre');
    expect(after.html).toContain('id="pedido-en-curso"');
    expect(after.html).not.toContain('Enviar el pedido al/a la titular');

    const head = await as.head.open('/cuentas/cl-page-head/cierre');
    expect(head.html).toContain('su pedido es la aprobación del cierre (PCM 5.2.5)');
    const decided = await as.head.submit('/cuentas/cl-page-head/cierre', REQUEST);
    expect(decided.headers.get('location')).toBe('/cuentas/cl-page-head/cierre?hecho=aprobado');
    // The second reads it but has no form.
    expect((await as.second.open('/cuentas/cl-page-head/cierre')).html).not.toContain('Motivo del cierre');
  });

  it('the account page offers the closure instead of an immediate retirement', async () => {
    await account('cl-link');
    const page = await as.head.open('/cuentas/cl-link');
    expect(page.html).toContain('href="/cuentas/cl-link/cierre">Cerrar la cuenta</a>');
    expect(page.html).not.toContain('Dar de baja (definitivo)');
  });
});
