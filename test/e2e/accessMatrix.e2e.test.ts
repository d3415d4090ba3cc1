/**
 * The access matrix (issue #3 §6): for each role and each route, allowed or refused, generated from one
 * table. Runs against the real stack (Temporal, worker, FerretDB, SMTP capture), so an allowed read of
 * a request answers 200 from its live workflow, not a stand-in.
 */
import { apiKeysService } from '../../api/services/apiKeys';
import { accountModel } from '../../infra/models/account';
import { handoverModel } from '../../infra/models/handover';
import { incidentModel } from '../../infra/models/incident';
import { imageIssueModel } from '../../infra/models/imageIssue';
import { moderationRecordModel } from '../../infra/models/moderation';
import { personModel } from '../../infra/models/person';
import type { Browser } from '../support/browser';
import { validProposal } from '../support/fixtures';
import { png } from '../support/images';
import { plusDays, validCampaign } from '../support/campaignFixtures';
import { limaDate } from '../../domain/businessDays';
import { previousQuarter, quarterOf } from '../../domain/quarters';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

const ROLES = {
  head: 'aquispe@cultura.gob.pe',
  second: 'bsalas@cultura.gob.pe',
  cm: 'crojas@cultura.gob.pe',
  team: 'eteam@cultura.gob.pe',
  requester: 'dtorres@cultura.gob.pe',
  otherHead: 'dflores@congreso.gob.pe',
  supervisor: 'rrss_scs@pcm.gob.pe',
  admin: 'admin@custodio.gob.pe',
} as const;
/** The last closed quarter: a report anyone allowed may start, whatever day the suite runs. */
const LAST_QUARTER = previousQuarter(quarterOf(limaDate(new Date()).slice(0, 7)));
type Role = keyof typeof ROLES | 'apiKey' | 'otherApiKey' | 'anonymous';
const ALL: Role[] = [...(Object.keys(ROLES) as Array<keyof typeof ROLES>), 'apiKey', 'otherApiKey', 'anonymous'];

let stack: TestStack<keyof typeof ROLES>;
const browsers = new Map<Role, Browser>();
const keys: Partial<Record<Role, string>> = {};
/** A request dtorres made, and one the CM made: "own" differs between them. */
let ownRequest = '';
let cmRequest = '';
/** A content request dtorres made (RULEBOOK §6). */
let ownContent = '';
/** A valid content request body: a week ahead, one X image of the mandatory size (PCM 6.2.2.16). */
const contentBody = (over: Record<string, unknown> = {}) => {
  const day = (k: number) => new Date(Date.now() - 5 * 3_600_000 + k * 86_400_000).toISOString().slice(0, 10);
  return {
    entityId: 'mincul', unit: 'Dirección General de Patrimonio Cultural', text: `Agenda cultural ${unique()}`, audience: 'Público general',
    publishOn: day(7), publishAt: '10:00', networks: ['x'],
    unitAuthorization: { name: 'Luis Paredes', position: 'Director General', email: 'lparedes@cultura.gob.pe', authorizedOn: day(0) },
    images: [{ placement: 'x', filename: 'x.png', contentBase64: png(1080, 600).toString('base64') }],
    ...over,
  };
};
/** Campaigns (RULEBOOK §5) the requesting unit and the CM proposed. */
let ownCampaign = '';
let cmCampaign = '';
const campaignStart = () => plusDays(limaDate(new Date()), 3);
/** A concluded handover in the registry (read from its row, no process needed). */
const pastHandover = 'a1b2c3d4e5f6a1b2c3d4e5f6';
/** A closed security incident in the registry (read from its row, no process needed). */
const pastIncident = 'f6e5d4c3b2a1f6e5d4c3b2a1';
const pastIssue = 'a1b2c3d4e5f6a1b2c3d4e5f6';
/** A hidden comment in the moderation record (an insert-only row). */
const pastModeration = 'c0ffeec0ffeec0ffeec0ffee';
let n = 0;
const unique = () => `${Date.now().toString(36)}${n++}`;

interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: () => string;
  body?: () => unknown;
  allowed: Role[];
}

/** An active account of mincul, written to the registry as the account-creation process would. */
const ACCOUNT = 'matriz-cuenta-1';
const READS_ACCOUNTS: Role[] = ['head', 'second', 'cm', 'team', 'supervisor', 'apiKey'];
/** One account per caller for the rename rows: an allowed request leaves one open, and a second on the same account is 409. */
const RENAME_ACCOUNTS = ALL.map((_r, i) => `matriz-nombre-${i}`);
let renames = 0;

/** One row per route: who may. Everyone else is refused: 403, or 401 when anonymous. */
const MATRIX: Route[] = [
  { name: 'who am I', method: 'GET', path: () => '/api/me', allowed: ['head', 'second', 'cm', 'team', 'requester', 'otherHead', 'supervisor', 'admin', 'apiKey', 'otherApiKey'] },
  { name: 'read the entity', method: 'GET', path: () => '/api/entities/mincul', allowed: ['head', 'second', 'cm', 'team', 'requester', 'supervisor', 'admin', 'apiKey'] },
  { name: 'tune its policy', method: 'PATCH', path: () => '/api/entities/mincul', body: () => ({ nonWorkingDays: ['2026-12-24'] }), allowed: ['head', 'admin'] },
  { name: 'change its structure', method: 'PATCH', path: () => '/api/entities/mincul', body: () => ({ location: 'San Borja, Lima' }), allowed: ['admin'] },
  {
    name: 'create an entity', method: 'POST', path: () => '/api/entities',
    body: () => ({ id: `e-${unique()}`, name: 'Entidad de prueba', profile: 'PCM', emailDomains: ['prueba.gob.pe'], location: 'Lima', supervisorEmail: 'rrss_scs@pcm.gob.pe' }),
    allowed: ['admin'],
  },
  { name: 'read the roster', method: 'GET', path: () => '/api/entities/mincul/people', allowed: ['head', 'second', 'cm', 'team', 'supervisor', 'admin'] },
  { name: 'add to the roster', method: 'POST', path: () => '/api/entities/mincul/people', body: () => ({ name: 'Persona Nueva', email: `p${unique()}@cultura.gob.pe`, role: 'team' }), allowed: ['head', 'admin'] },
  { name: 'list API keys', method: 'GET', path: () => '/api/entities/mincul/api-keys', allowed: ['head', 'admin'] },
  { name: 'create an API key', method: 'POST', path: () => '/api/entities/mincul/api-keys', body: () => ({ label: 'matriz' }), allowed: ['head', 'admin'] },
  { name: 'list requests', method: 'GET', path: () => '/api/account-requests', allowed: ['head', 'second', 'cm', 'team', 'requester', 'otherHead', 'supervisor', 'admin', 'apiKey', 'otherApiKey'] },
  { name: "read one's own request", method: 'GET', path: () => `/api/account-requests/${ownRequest}`, allowed: ['head', 'second', 'cm', 'requester', 'supervisor', 'apiKey'] },
  { name: "read another's request", method: 'GET', path: () => `/api/account-requests/${cmRequest}`, allowed: ['head', 'second', 'cm', 'supervisor', 'apiKey'] },
  {
    name: 'submit a request', method: 'POST', path: () => '/api/account-requests',
    body: () => ({ ...validProposal(), requester: { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' } }),
    allowed: ['head', 'second', 'cm', 'team', 'requester', 'apiKey'],
  },
  { name: "read an entity's audit trail", method: 'GET', path: () => '/api/audit?entity=mincul', allowed: ['head', 'supervisor'] },
  { name: 'read the audit trail one may see', method: 'GET', path: () => '/api/audit', allowed: ['head', 'otherHead', 'supervisor', 'admin'] },
  // PCM 6.2.3.1: the head supervises a handover of administration; those who read the accounts follow it.
  {
    name: 'start a handover', method: 'POST', path: () => '/api/entities/mincul/handovers',
    body: () => ({ outgoingEmail: ROLES.cm, incomingEmail: ROLES.team }), allowed: ['head'],
  },
  { name: 'list handovers', method: 'GET', path: () => '/api/entities/mincul/handovers', allowed: ['head', 'second', 'cm', 'team', 'supervisor', 'apiKey'] },
  { name: 'read a handover', method: 'GET', path: () => `/api/entities/mincul/handovers/${pastHandover}`, allowed: ['head', 'second', 'cm', 'team', 'supervisor', 'apiKey'] },
  // PCM 6.1.1.7: the CM or the head reports a security incident; those who read the accounts follow it.
  {
    name: 'report a security incident', method: 'POST', path: () => '/api/entities/mincul/incidents',
    body: () => ({ kind: 'perdida-acceso', accountIds: [ACCOUNT], description: `Se perdió el acceso ${unique()}`, noticedAt: new Date(Date.now() - 3_600_000).toISOString() }),
    allowed: ['head', 'cm', 'apiKey'],
  },
  { name: 'list security incidents', method: 'GET', path: () => '/api/entities/mincul/incidents', allowed: READS_ACCOUNTS },
  { name: 'read a security incident', method: 'GET', path: () => `/api/entities/mincul/incidents/${pastIncident}`, allowed: READS_ACCOUNTS },
  // PCM 6.2.2.13: the CM and the head record hides and reports; readers (SCS included) read, without the user.
  {
    name: 'record a hidden comment', method: 'POST', path: () => '/api/entities/mincul/moderation',
    body: () => ({ accountId: ACCOUNT, action: 'ocultar', reason: 'agresivo', userHandle: '@matriz', evidenceUrls: ['https://www.facebook.com/CulturaMatriz/posts/1?comment_id=1'] }),
    allowed: ['head', 'cm'],
  },
  { name: 'list the moderation record', method: 'GET', path: () => '/api/entities/mincul/moderation', allowed: READS_ACCOUNTS },
  { name: 'read a moderation record', method: 'GET', path: () => `/api/entities/mincul/moderation/${pastModeration}`, allowed: READS_ACCOUNTS },
  // Issue #4: the registry's accounts and their long-lived processes. Reading is for those who read accounts;
  // rotating now and pausing are the head's (account.lifecycle).
  { name: "list an entity's accounts", method: 'GET', path: () => '/api/entities/mincul/accounts', allowed: READS_ACCOUNTS },
  { name: 'read an account', method: 'GET', path: () => `/api/accounts/${ACCOUNT}`, allowed: READS_ACCOUNTS },
  { name: "read an account's rotation", method: 'GET', path: () => `/api/accounts/${ACCOUNT}/rotation`, allowed: READS_ACCOUNTS },
  {
    name: 'ask for a rotation now', method: 'POST', path: () => `/api/accounts/${ACCOUNT}/rotation/now`,
    body: () => ({ reason: 'Prueba de la matriz de accesos' }), allowed: ['head'],
  },
  { name: "list an account's agency grants", method: 'GET', path: () => `/api/accounts/${ACCOUNT}/agency-grants`, allowed: READS_ACCOUNTS },
  // PCM 6.1.2.7 (issue 17 §3): who reads the account reads its renames; only its CM and head ask, never an API key.
  { name: "read an account's renames", method: 'GET', path: () => `/api/accounts/${ACCOUNT}/name-changes`, allowed: READS_ACCOUNTS },
  {
    name: 'ask for a rename', method: 'POST', path: () => `/api/accounts/${RENAME_ACCOUNTS[renames++ % RENAME_ACCOUNTS.length]}/name-changes`,
    body: () => ({ username: 'CulturaNueva', reason: 'Prueba de la matriz de accesos' }), allowed: ['head', 'cm'],
  },
  // RULEBOOK §6: content requests are requests; the unit reads its own, the office every one of the entity.
  { name: 'list content requests', method: 'GET', path: () => '/api/content-requests', allowed: ['head', 'second', 'cm', 'team', 'requester', 'otherHead', 'supervisor', 'admin', 'apiKey', 'otherApiKey'] },
  { name: "read one's own content request", method: 'GET', path: () => `/api/content-requests/${ownContent}`, allowed: ['head', 'second', 'cm', 'requester', 'supervisor', 'apiKey'] },
  {
    name: 'submit a content request', method: 'POST', path: () => '/api/content-requests',
    body: () => contentBody({ requester: { name: 'Carla Rojas', email: ROLES.cm } }),
    allowed: ['head', 'second', 'cm', 'team', 'requester', 'apiKey'],
  },
  { name: "list an entity's role reviews", method: 'GET', path: () => '/api/entities/mincul/role-reviews', allowed: READS_ACCOUNTS },
  // PCM 6.3.2: who reads accounts reads the quarterly reports; head and CM start one (idempotent per quarter).
  { name: "list an entity's quarterly reports", method: 'GET', path: () => '/api/entities/mincul/quarterly-reports', allowed: READS_ACCOUNTS },
  { name: 'start a quarterly report', method: 'POST', path: () => '/api/entities/mincul/quarterly-reports', body: () => ({ quarter: LAST_QUARTER }), allowed: ['head', 'cm', 'apiKey'] },
  // Issue #5: campaigns follow account requests — who requests proposes; who reads requests reads campaigns.
  {
    name: 'propose a campaign', method: 'POST', path: () => '/api/campaigns',
    body: () => validCampaign({ name: `Matriz ${unique()}`, proposer: { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' } }, campaignStart()),
    allowed: ['head', 'second', 'cm', 'team', 'requester', 'apiKey'],
  },
  { name: 'list campaigns', method: 'GET', path: () => '/api/campaigns', allowed: ['head', 'second', 'cm', 'team', 'requester', 'otherHead', 'supervisor', 'admin', 'apiKey', 'otherApiKey'] },
  { name: "read one's own campaign", method: 'GET', path: () => `/api/campaigns/${ownCampaign}`, allowed: ['head', 'second', 'cm', 'requester', 'supervisor', 'apiKey'] },
  { name: "read another's campaign", method: 'GET', path: () => `/api/campaigns/${cmCampaign}`, allowed: ['head', 'second', 'cm', 'supervisor', 'apiKey'] },
];

async function call(role: Role, route: Route): Promise<number> {
  const body = route.body?.();
  const key = keys[role];
  if (key || role === 'anonymous') {
    const res = await fetch(`${stack.apiUrl}${route.path()}`, {
      method: route.method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json', 'idempotency-key': unique() } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    await res.arrayBuffer();
    return res.status;
  }
  return (await browsers.get(role)!.api(route.method, route.path(), body)).status;
}

beforeAll(async () => {
  stack = await startTestStack(ROLES, {
    prepare: (s) => personModel(s.db).create({ email: ROLES.team, name: 'Elena Team', memberships: [{ entityId: 'mincul', role: 'team', since: new Date() }] }),
  });
  for (const role of Object.keys(ROLES) as Array<keyof typeof ROLES>) browsers.set(role, stack.as[role]);
  keys.apiKey = (await apiKeysService(stack.db).create('mincul', 'matriz', ROLES.head)).key;
  keys.otherApiKey = (await apiKeysService(stack.db).create('congreso', 'matriz', 'dflores@congreso.gob.pe')).key;
  const own = await browsers.get('requester')!.api('POST', '/api/account-requests', validProposal());
  expect(own.status).toBe(202);
  ownRequest = own.json.id;
  const theirs = await browsers.get('cm')!.api('POST', '/api/account-requests', validProposal({ proposedNames: ['CulturaCm', 'MinCulturaCm'] }));
  expect(theirs.status).toBe(202);
  cmRequest = theirs.json.id;
  const content = await browsers.get('requester')!.api('POST', '/api/content-requests', contentBody());
  expect(content.status).toBe(202);
  ownContent = content.json.id;
  const ownC = await browsers.get('requester')!.api('POST', '/api/campaigns', validCampaign({ name: 'Campaña propia' }, campaignStart()));
  expect(ownC.status).toBe(202);
  ownCampaign = ownC.json.id;
  const cmC = await browsers.get('cm')!.api('POST', '/api/campaigns', validCampaign({ name: 'Campaña del CM' }, campaignStart()));
  expect(cmC.status).toBe(202);
  cmCampaign = cmC.json.id;
  await accountModel(stack.db).create({
    _id: ACCOUNT, entityId: 'mincul', network: 'facebook', username: 'CulturaMatriz', managingEmail: 'redes@cultura.gob.pe',
    roles: [{ name: 'Carla Rojas', email: ROLES.cm, pageRole: 'admin', since: new Date() }], status: 'active', requestId: 'matriz', activatedAt: new Date(),
  });
  await accountModel(stack.db).create(RENAME_ACCOUNTS.map((_id, i) => ({
    _id, entityId: 'mincul', network: 'x' as const, username: `CulturaNombre${i}`, managingEmail: 'redes@cultura.gob.pe', roles: [], status: 'active' as const, requestId: 'matriz', activatedAt: new Date(),
  })));
  await handoverModel(stack.db).create({
    _id: pastHandover, entityId: 'mincul', workflowId: `traspaso-mincul-${pastHandover}`, outgoing: { name: 'Ex CM', email: 'excm@cultura.gob.pe' },
    incoming: { name: 'Carla Rojas', email: ROLES.cm }, startedBy: ROLES.head, startedAt: new Date(), state: 'completed', completedAt: new Date(),
  });
  await incidentModel(stack.db).create({
    _id: pastIncident, entityId: 'mincul', workflowId: `incidente-mincul-${pastIncident}`, kind: 'suplantacion', accountIds: [], description: 'Una cuenta falsa imitaba a la entidad.',
    noticedAt: new Date(), reportedBy: ROLES.cm, reportedAt: new Date(), state: 'closed', timeline: [], checklist: [],
    closing: { report: 'La plataforma dio de baja la cuenta falsa.', by: ROLES.head, at: new Date() }, closedAt: new Date(),
  });
  await imageIssueModel(stack.db).create({
    _id: pastIssue, entityId: 'mincul', workflowId: `asunto-mincul-${pastIssue}`, subject: 'Críticas por un cierre', description: 'Usuarios comentan el cierre sin aviso del museo.',
    links: [], accountIds: [], reportedBy: ROLES.cm, reportedAt: new Date(), state: 'done', timeline: [], acknowledged: { by: ROLES.head, at: new Date() },
  });
  await moderationRecordModel(stack.db).create({
    _id: pastModeration, entityId: 'mincul', accountId: ACCOUNT, action: 'ocultar', reason: 'agresivo', userHandle: '@anterior', userKey: 'anterior',
    evidenceUrls: ['https://www.facebook.com/CulturaMatriz/posts/1?comment_id=0'], recordedBy: ROLES.cm, recordedAt: new Date(),
  });
});

afterAll(() => stack?.stop());

describe.each(MATRIX)('$method $name', (route) => {
  it.each(ALL)('%s', async (role) => {
    const status = await call(role, route);
    const expected = route.allowed.includes(role) ? 'allowed' : role === 'anonymous' ? 401 : 403;
    const got = [200, 201, 202, 204].includes(status) ? 'allowed' : status;
    expect(`${role}: ${got}`).toBe(`${role}: ${expected}`);
  });
});

it('one entity never sees another: lists hold only what the role may read', async () => {
  const otherHead = await browsers.get('otherHead')!.api('GET', '/api/account-requests');
  expect(otherHead.json.requests).toEqual([]);
  const requester = await browsers.get('requester')!.api('GET', '/api/account-requests');
  const seen = requester.json.requests as Array<{ id: string; requesterEmail: string }>;
  expect(seen.map((r) => r.id)).toContain(ownRequest);
  expect(seen.map((r) => r.id)).not.toContain(cmRequest);
  expect(seen.every((r) => r.requesterEmail === ROLES.requester)).toBe(true);
  const entities = await browsers.get('otherHead')!.api('GET', '/api/entities');
  expect(entities.json.entities.map((e: { id: string }) => e.id)).toEqual(['congreso']);
  const scs = await browsers.get('supervisor')!.api('GET', '/api/entities');
  // PCM 2: SCS reads the Executive Branch (INPE and Senace included), never the Congress.
  expect(scs.json.entities.map((e: { profile: string }) => e.profile).sort()).toEqual(expect.arrayContaining(['INPE', 'PCM', 'SENACE']));
  expect(scs.json.entities.some((e: { profile: string }) => e.profile === 'CONGRESO')).toBe(false);
});

it('pages follow the same rules: sign-in first, then a Spanish refusal', async () => {
  const anon = await fetch(`${stack.apiUrl}/solicitudes/${ownRequest}`, { redirect: 'manual' });
  expect(anon.status).toBe(303);
  expect(anon.headers.get('location')).toBe(`/ingresar?siguiente=%2Fsolicitudes%2F${ownRequest}`);
  const stranger = await browsers.get('otherHead')!.open(`/solicitudes/${ownRequest}`);
  expect(stranger.status).toBe(403);
  expect(stranger.html).toContain('No tiene permiso');
  expect((await browsers.get('cm')!.open('/auditoria')).status).toBe(403);
  expect((await browsers.get('head')!.open('/auditoria')).status).toBe(200);
  expect((await browsers.get('supervisor')!.open('/solicitudes/nueva')).status).toBe(403);
});

/** The console's pages (issue 15 §2), for people signed in: who may open each; everyone else gets the Spanish 403 page. */
const PAGES: Array<{ path: string; allowed: Array<keyof typeof ROLES> }> = [
  { path: '/entidades', allowed: ['head', 'second', 'cm', 'team', 'requester', 'otherHead', 'supervisor', 'admin'] },
  { path: '/entidades/mincul/cuentas', allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: '/entidades/mincul/cuentas/registrar', allowed: ['head', 'cm'] },
  { path: '/entidades/mincul/inventario', allowed: ['head', 'cm'] },
  { path: `/cuentas/${ACCOUNT}`, allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: `/cuentas/${ACCOUNT}/agencias/nueva`, allowed: ['head', 'cm'] },
  { path: `/cuentas/${ACCOUNT}/metricas`, allowed: ['head', 'cm'] },
  // PCM 6.1.2.7: readers see the history; the form is the head's and the CM's (the page shows it only to them).
  { path: `/cuentas/${ACCOUNT}/cambio-de-nombre`, allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: '/entidades/mincul/revisiones', allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: '/entidades/mincul/informes', allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: '/entidades/mincul/agencias', allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: '/entidades/mincul/traspasos', allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: '/entidades/mincul/traspasos/nuevo', allowed: ['head'] },
  { path: '/entidades/mincul/incidentes', allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: '/entidades/mincul/incidentes/nuevo', allowed: ['head', 'cm'] },
  { path: `/entidades/mincul/incidentes/${pastIncident}`, allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: '/entidades/mincul/asuntos', allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: '/entidades/mincul/asuntos/nuevo', allowed: ['head', 'cm'] },
  { path: `/entidades/mincul/asuntos/${pastIssue}`, allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  // The list shows the form only to the CM and the head, and the user and evidence only to the office.
  { path: '/entidades/mincul/moderacion', allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: `/entidades/mincul/moderacion/${pastModeration}`, allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: '/entidades/mincul/equipo', allowed: ['head', 'second', 'cm', 'team', 'supervisor', 'admin'] },
  { path: '/entidades/mincul/ajustes', allowed: ['head', 'admin'] },
  { path: '/entidades/mincul/claves', allowed: ['head', 'admin'] },
  // Issue 17 §1: the system-user token is the head's to give, replace or revoke.
  { path: '/entidades/mincul/meta', allowed: ['head'] },
  { path: '/supervision', allowed: ['supervisor'] },
  { path: '/directorio', allowed: ['supervisor'] },
  { path: '/entidades/mincul/directorio', allowed: ['head', 'second', 'cm', 'team', 'supervisor'] },
  { path: '/auditoria', allowed: ['head', 'otherHead', 'supervisor', 'admin'] },
];

describe.each(PAGES)('page $path', (route) => {
  it.each(Object.keys(ROLES) as Array<keyof typeof ROLES>)('%s', async (role) => {
    const { status } = await browsers.get(role)!.open(route.path);
    expect(`${role}: ${status}`).toBe(`${role}: ${route.allowed.includes(role) ? 200 : 403}`);
  });
});
