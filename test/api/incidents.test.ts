/**
 * Security incidents over HTTP (PCM 6.1.1.7), with a stub Temporal client: who may report, what is
 * refused at its field and leaves nothing stored, the process started once per report, the audit row,
 * and the list and page read by role.
 */
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { incidentModel } from '../../infra/models/incident';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { stubTemporal, type StubTemporal } from '../support/stubTemporal';

jest.setTimeout(60_000);

const WHO = { head: 'aquispe@cultura.gob.pe', cm: 'crojas@cultura.gob.pe', second: 'bsalas@cultura.gob.pe', otherHead: 'dflores@congreso.gob.pe', scs: 'rrss_scs@pcm.gob.pe' } as const;

let t: TestApp;
let temporal: StubTemporal;
const as = {} as Record<keyof typeof WHO, Browser>;
const report = (overrides: Record<string, unknown> = {}) => ({
  kind: 'cuenta-comprometida', accountIds: ['inc-fb'], description: 'Se publicó un enlace fraudulento desde la cuenta.', noticedAt: '2026-01-05T09:15', ...overrides,
});

beforeAll(async () => {
  temporal = stubTemporal();
  t = await startTestApp({ temporal: temporal.client });
  for (const [name, email] of Object.entries(WHO) as Array<[keyof typeof WHO, string]>) {
    as[name] = new Browser(t.url);
    await as[name].signIn(email, t.mailbox);
  }
  const account = { managingEmail: 'redes@cultura.gob.pe', roles: [], activatedAt: new Date() };
  await accountModel(t.db).create({ _id: 'inc-fb', entityId: 'mincul', network: 'facebook', username: 'CulturaPeru', status: 'active', ...account });
  await accountModel(t.db).create({ _id: 'inc-old', entityId: 'mincul', network: 'x', username: 'CulturaAntigua', status: 'retired', ...account });
  await accountModel(t.db).create({ _id: 'inc-cong', entityId: 'congreso', network: 'x', username: 'CongresoPeru', status: 'active', ...account, managingEmail: 'redes@congreso.gob.pe' });
});
afterAll(() => t?.stop());

describe('reporting an incident (PCM 6.1.1.7)', () => {
  it('refuses each bad field in Spanish at its field, and stores nothing', async () => {
    const bad = await as.cm.api('POST', '/api/entities/mincul/incidents', { kind: 'hackeo', accountIds: [], description: 'corto', noticedAt: 'ayer' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['description', 'kind', 'noticedAt']);
    const none = await as.cm.api('POST', '/api/entities/mincul/incidents', report({ accountIds: [] }));
    expect([none.status, none.json.error.details[0].field, none.json.error.details[0].rule]).toEqual([400, 'accountIds', 'PCM 6.1.1.7']);
    for (const accountIds of [['inc-old'], ['inc-cong'], ['nada']]) {
      const res = await as.cm.api('POST', '/api/entities/mincul/incidents', report({ accountIds }));
      expect([res.status, res.json.error.details[0].field]).toEqual([400, 'accountIds']);
    }
    const future = await as.cm.api('POST', '/api/entities/mincul/incidents', report({ noticedAt: new Date(Date.now() + 86_400_000).toISOString() }));
    expect([future.status, future.json.error.details[0].field]).toEqual([400, 'noticedAt']);
    expect(await incidentModel(t.db).countDocuments({})).toBe(0);
    expect(temporal.callsOf('start').filter((c) => c.workflowType === 'securityIncident')).toEqual([]);
  });

  it('the second in command, SCS and another entity\'s head may not report one', async () => {
    expect((await as.second.api('POST', '/api/entities/mincul/incidents', report())).status).toBe(403);
    expect((await as.scs.api('POST', '/api/entities/mincul/incidents', report())).status).toBe(403);
    expect((await as.otherHead.api('POST', '/api/entities/mincul/incidents', report())).status).toBe(403);
  });

  it('the CM reports one: the row, the process (once, with the report\'s accounts) and the audit row', async () => {
    temporal.clearCalls();
    const res = await as.cm.api('POST', '/api/entities/mincul/incidents', report());
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ entityId: 'mincul', kind: 'cuenta-comprometida', kindLabel: 'Cuenta comprometida', accountIds: ['inc-fb'], state: 'open', reportedBy: WHO.cm, noticedAt: '2026-01-05T14:15:00.000Z' });
    const starts = temporal.callsOf('start');
    expect(starts.map((c) => [c.workflowType, c.options.workflowId])).toEqual([['securityIncident', `incidente-mincul-${res.json.id}`]]);
    expect(starts[0]!.options.args).toEqual([{ incidentId: res.json.id, entityId: 'mincul', kind: 'cuenta-comprometida', accountIds: ['inc-fb'], reportedBy: WHO.cm, reportedAt: res.json.reportedAt }]);
    expect(await auditModel(t.db).countDocuments({ action: 'incident.reported', entityId: 'mincul', workflowId: `incidente-mincul-${res.json.id}` })).toBe(1);
  });

  it('the head reports an impersonation with no account of the entity', async () => {
    const res = await as.head.api('POST', '/api/entities/mincul/incidents', report({ kind: 'suplantacion', accountIds: [] }));
    expect([res.status, res.json.accountIds]).toEqual([201, []]);
  });

  it('a report whose process cannot start leaves no row', async () => {
    const before = await incidentModel(t.db).countDocuments({});
    temporal.failNext('start', new Error('temporal down'));
    const res = await as.cm.api('POST', '/api/entities/mincul/incidents', report());
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(await incidentModel(t.db).countDocuments({})).toBe(before);
  });
});

describe('reading incidents', () => {
  it('the list pages newest first for whoever reads the accounts, SCS included; another entity\'s head is refused', async () => {
    const list = await as.second.api('GET', '/api/entities/mincul/incidents');
    expect(list.status).toBe(200);
    expect(list.json.incidents.map((i: { kind: string }) => i.kind)).toEqual(['suplantacion', 'cuenta-comprometida']);
    expect((await as.scs.api('GET', '/api/entities/mincul/incidents')).status).toBe(200);
    expect((await as.otherHead.api('GET', '/api/entities/mincul/incidents')).status).toBe(403);
  });

  it('one incident, with its live process while open; an unknown id is 404', async () => {
    const id = (await as.cm.api('GET', '/api/entities/mincul/incidents')).json.incidents[1].id;
    temporal.answerQuery('incidentStatus', () => ({ incidentId: id, entityId: 'mincul', stage: 'en-atencion', timeline: [], checklist: [], rotationsRequested: ['inc-fb'], waiting: [] }));
    const one = await as.head.api('GET', `/api/entities/mincul/incidents/${id}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id, state: 'open', live: { stage: 'en-atencion', rotationsRequested: ['inc-fb'] } });
    expect(one.json.checklist.map((c: { item: string }) => c.item)).toEqual(['recuperar-acceso', 'revisar-roles', 'notificar-cnsd']);
    expect((await as.head.api('GET', '/api/entities/mincul/incidents/0123456789abcdef01234567')).status).toBe(404);
    expect((await as.head.api('GET', '/api/entities/mincul/incidents/nada')).status).toBe(404);
  });
});
