import request from 'supertest';
import { apiKeysService } from '../../api/services/apiKeys';
import { limaDate } from '../../domain/businessDays';
import { accountModel } from '../../infra/models/account';
import { agencyGrantModel } from '../../infra/models/agencyGrant';
import { auditModel } from '../../infra/models/audit';
import { handoverLockModel, handoverModel } from '../../infra/models/handover';
import { personModel } from '../../infra/models/person';
import { createRegistry } from '../../registry/reads';
import { requestModel } from '../../infra/models/request';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { plusDays } from '../support/campaignFixtures';
import { validProposal } from '../support/fixtures';

/**
 * STACK "Reliability details": a decision posted while Temporal is down gets a clear "try again" page,
 * and a process that cannot start leaves nothing behind (the same flows against the real stack are in
 * test/e2e/agencyGrants.e2e.test.ts and test/e2e/handovers.e2e.test.ts).
 */
const HEAD = 'aquispe@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const TEAM = 'eteam@cultura.gob.pe';

let t: TestApp;
let links: TestApp['links'];
let browser: Browser;

beforeAll(async () => {
  // Nothing listens on Temporal's port: every call fails as UNAVAILABLE.
  t = await startTestApp({ temporalDeadlineMs: 1_500 });
  links = t.links;
  browser = new Browser(t.url);
});
afterAll(() => t.stop());

const token = () => links.sign({ workflowId: 'account-request-x', step: 'aprobacion-1', version: 1, email: 'aquispe@cultura.gob.pe', action: 'approve', expiresAt: Date.now() + 60_000 });

it('a link opened or posted while Temporal is down says "try again" and stays usable', async () => {
  const link = `/enlace/${token()}`;
  const opened = await browser.open(link);
  expect(opened.status).toBe(503);
  expect(opened.html).toContain('Intente de nuevo');
  await browser.open('/ingresar'); // any page issues the CSRF token the link page's form would carry
  const posted = await browser.submit(link);
  expect(posted.status).toBe(503);
  expect(await posted.text()).toContain('sigue siendo válido');
  expect(links.verify(link.split('/').pop()!).ok).toBe(true);
});

it('the JSON API answers 503 temporal_unavailable and stores nothing', async () => {
  const { key } = await apiKeysService(t.db).create('mincul', 'pruebas', 'aquispe@cultura.gob.pe');
  const res = await request(t.app).post('/api/account-requests').set('authorization', `Bearer ${key}`).send(validProposal());
  expect(res.status).toBe(503);
  expect(res.body.error.code).toBe('temporal_unavailable');
  expect(await requestModel(t.db).countDocuments()).toBe(0);
  await requestModel(t.db).create({ _id: '0123456789abcdef01234567', kind: 'accountCreation', workflowId: 'account-request-0123456789abcdef01234567', entityId: 'mincul', requesterEmail: 'dtorres@cultura.gob.pe', submittedBy: 'x', title: 'x', submittedAt: new Date() });
  const status = await request(t.app).get('/api/account-requests/0123456789abcdef01234567').set('authorization', `Bearer ${key}`);
  expect(status.status).toBe(503);
});

it('an expired or tampered link is refused with a Spanish page before Temporal is asked', async () => {
  const expired = links.sign({ workflowId: 'w', step: 's', version: 1, email: 'a@b.pe', action: 'approve', expiresAt: Date.now() - 1 });
  const res = await request(t.app).get(`/enlace/${expired}`);
  expect(res.status).toBe(410);
  expect(res.text).toContain('Enlace vencido');
  const good = token();
  const tampered = await request(t.app).get(`/enlace/${good.slice(0, -2)}${good.endsWith('xx') ? 'yy' : 'xx'}`);
  expect(tampered.status).toBe(400);
  expect(tampered.text).toContain('fue modificado');
});

it('malformed JSON and oversized bodies get structured errors', async () => {
  const bad = await request(t.app).post('/api/account-requests').set('content-type', 'application/json').send('{"entityId":');
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('bad_request');
  const big = await request(t.app).post('/api/account-requests').send({ bio: 'x'.repeat(200_000) });
  expect(big.status).toBe(413);
  expect(big.body.error.code).toBe('payload_too_large');
});

describe('agency grants with Temporal down', () => {
  const today = () => limaDate(new Date());
  const grantBody = (overrides: Record<string, unknown> = {}) => ({
    agencyName: 'Agencia Sin Proceso', role: 'advertiser', campaign: 'Verano Cultural', startsOn: today(), endsOn: plusDays(today(), 30), ...overrides,
  });

  it('a grant whose process cannot start answers 503 temporal_unavailable and leaves no row and no audit entry', async () => {
    await accountModel(t.db).create({
      _id: 'acc-down', entityId: 'mincul', network: 'facebook', username: 'CulturaPeru', managingEmail: 'redes@cultura.gob.pe',
      roles: [], status: 'active', requestId: 'req-test', activatedAt: new Date(),
    });
    const { key } = await apiKeysService(t.db).create('mincul', 'pruebas', HEAD);
    const res = await request(t.app).post('/api/accounts/acc-down/agency-grants').set('authorization', `Bearer ${key}`).send(grantBody({ idempotencyKey: 'doble-clic' }));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('temporal_unavailable');
    expect(await agencyGrantModel(t.db).countDocuments()).toBe(0);
    expect(await auditModel(t.db).countDocuments({ action: 'grant.created' })).toBe(0);
  });
});

describe('handovers with Temporal down', () => {
  beforeAll(async () => {
    await personModel(t.db).create({ email: TEAM, name: 'Elena Team', memberships: [{ entityId: 'mincul', role: 'team', since: new Date('2026-01-02T15:00:00Z') }] });
    // Written past the API, so announced as every roster writer does (registry `rosterChanged`).
    await createRegistry(t.db).rosterChanged(['mincul']);
  });

  it('a handover whose process cannot start answers 503 temporal_unavailable and leaves no row, no lock and no audit entry', async () => {
    const head = new Browser(t.url);
    await head.signIn(HEAD, t.mailbox);
    const res = await head.api('POST', '/api/entities/mincul/handovers', { outgoingEmail: CM, incomingEmail: TEAM });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('temporal_unavailable');
    expect(await handoverModel(t.db).countDocuments()).toBe(0);
    expect(await handoverLockModel(t.db).countDocuments()).toBe(0);
    expect(await auditModel(t.db).countDocuments({ action: 'handover.started' })).toBe(0);
  });
});
