/**
 * The review page's answers to the anomalies read on Meta (issue 17 §1; PCM 6.1.2.11), with a stub
 * Temporal client and the fake Graph API: «Es correcto» is recorded with who and when and audited;
 * «Ya lo retiré» holds only once Meta, read again, no longer shows it; the first answer stands.
 */
import { createPlatformRoleActivities } from '../../activities/platformRoles';
import { tokenKeyring } from '../../infra/meta/tokenCipher';
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { roleReviewModel } from '../../infra/models/roleReview';
import { roleReviewAnswerModel } from '../../infra/models/roleReviewAnswer';
import { startFakeGraph, type FakeGraph } from '../../local/fakeGraph';
import { DEMO_FACEBOOK_PAGE_ID, DEMO_FORMER_COLLABORATOR, demoGraphNodes } from '../../local/fakeGraphDemo';
import { metaConnections } from '../../registry/metaConnections';
import { createRegistry } from '../../registry/reads';
import { startTestApp, TEST_SECRET, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { stubTemporal } from '../support/stubTemporal';

jest.setTimeout(120_000);

const HEAD = 'aquispe@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const PAGE = '/entidades/mincul/revisiones/2027-03';
const FORM = `${PAGE}/anomalias`;
const PERSON_KEY = `unknown:${DEMO_FORMER_COLLABORATOR.id}`;
const AGENCY_KEY = 'agency-unknown:900000000000001';

let t: TestApp;
let graph: FakeGraph;
const as = {} as Record<'head' | 'cm', Browser>;

beforeAll(async () => {
  graph = await startFakeGraph({ nodes: demoGraphNodes() });
  t = await startTestApp({ temporal: stubTemporal().client, metaGraph: { baseUrl: graph.url, version: 'v23.0' } });
  const since = new Date('2026-01-01');
  const admins = [['Ana Quispe Huamán', HEAD], ['Bruno Salas Ríos', 'bsalas@cultura.gob.pe'], ['SCS', 'rrss_scs@pcm.gob.pe']].map(([name, email]) => ({ name: name!, email: email!, pageRole: 'admin' as const, since }));
  await accountModel(t.db).create({
    _id: 'acc-fb', entityId: 'mincul', network: 'facebook', username: 'CulturaPeru', managingEmail: 'redes@cultura.gob.pe', activatedAt: since, status: 'active',
    platformId: DEMO_FACEBOOK_PAGE_ID, roles: [...admins, { name: 'Carla Rojas Díaz', email: CM, pageRole: 'editor', since }],
  });
  const connections = metaConnections(t.db, tokenKeyring(undefined, TEST_SECRET));
  await connections.connect('mincul', 'EAAB-demo', HEAD);
  // The month's row as the review wrote it from the read (activities/platformRoles.ts).
  const read = await createPlatformRoleActivities({ db: t.db, registry: createRegistry(t.db), meta: { connections, graph: { baseUrl: graph.url, version: 'v23.0' } }, alertUnapprovedRename: async () => undefined })
    .readPlatformRoles({ entityId: 'mincul' });
  if (read.state !== 'checked') throw new Error(`read ${read.state}`);
  expect(read.anomalies.map((a) => a.key)).toEqual([PERSON_KEY, AGENCY_KEY]);
  await roleReviewModel(t.db).create({
    _id: 'mincul:2027-03', entityId: 'mincul', month: '2027-03', workflowId: 'revision-roles-mincul-2027-03', reviewer: { name: 'Ana Quispe Huamán', email: HEAD }, designated: false,
    escalateTo: [{ name: 'Bruno Salas Ríos', email: 'bsalas@cultura.gob.pe' }], anomalies: read.anomalies, platform: { state: 'checked', accounts: read.accounts },
    accountsReviewed: 1, grantsListed: 0, state: 'open', openedAt: new Date('2027-03-01T14:00:00Z'),
  });
  for (const [who, email] of [['head', HEAD], ['cm', CM]] as const) {
    as[who] = new Browser(t.url);
    await as[who].signIn(email, t.mailbox);
  }
});

afterAll(async () => {
  await t?.stop();
  await graph?.stop();
});

const answer = async (who: 'head' | 'cm', key: string, value: 'correct' | 'removed') => {
  await as[who].open(PAGE);
  const res = await as[who].submit(FORM, { accountId: 'acc-fb', key, answer: value });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
};

describe('answering the anomalies Meta showed (issue 17 §1; PCM 6.1.2.11)', () => {
  it('the page lists each platform anomaly with «Es correcto» and «Ya lo retiré», and what was read of each account', async () => {
    const { status, html } = await as.head.open(PAGE);
    expect(status).toBe(200);
    expect(html).toContain('Lo que mostraba la plataforma al abrir la revisión');
    expect(html).toMatch(/Jorge Paredes Villa tiene acceso en la plataforma \(MODERATE\) y no figura en el registro/);
    expect(html).toMatch(/Agencia Andina SAC \(ID 900000000000001\)/);
    expect(html.match(/value="correct"/g)).toHaveLength(2);
    expect(html.match(/value="removed"/g)).toHaveLength(2);
  });

  it('a CM who is neither the reviewer nor the head may not answer (403), and nothing is stored', async () => {
    expect((await answer('cm', AGENCY_KEY, 'correct')).status).toBe(403);
    expect(await roleReviewAnswerModel(t.db).countDocuments()).toBe(0);
  });

  it('«Es correcto»: recorded with who and when, audited, shown on the page; a second answer is refused (first one wins)', async () => {
    const done = await answer('head', AGENCY_KEY, 'correct');
    expect([done.status, done.location]).toEqual([303, `${PAGE}?hecho=correcta#plataforma`]);
    const row = await roleReviewAnswerModel(t.db).findById(`mincul:2027-03/acc-fb/${AGENCY_KEY}`).lean();
    expect(row).toMatchObject({ answer: 'correct', by: HEAD, entityId: 'mincul', month: '2027-03' });
    expect(await auditModel(t.db).countDocuments({ action: 'roleReview.anomalyConfirmed', entityId: 'mincul', 'actor.email': HEAD })).toBe(1);
    const { html } = await as.head.open(`${PAGE}?hecho=correcta`);
    expect(html).toContain('Se registró que la anomalía es correcta.');
    expect(html).toMatch(/<strong>Es correcto<\/strong> — aquispe@cultura\.gob\.pe/);
    expect(html.match(/value="correct"/g)).toHaveLength(1);
    const again = await answer('head', AGENCY_KEY, 'removed');
    expect(again.status).toBe(409);
    expect(again.html).toMatch(/ya fue respondida por aquispe@cultura\.gob\.pe/);
  });

  it('«Ya lo retiré» while Meta still shows the person: refused with a Spanish message at the anomaly, nothing stored', async () => {
    const res = await answer('head', PERSON_KEY, 'removed');
    expect(res.status).toBe(400);
    expect(res.html).toMatch(/<li id="answer">[^]*Meta todavía lo muestra: [^]*Jorge Paredes Villa/);
    expect(await roleReviewAnswerModel(t.db).countDocuments({ key: PERSON_KEY })).toBe(0);
  });

  it('«Ya lo retiré» once the person is gone from the page on Meta: re-checked, recorded and audited', async () => {
    const node = demoGraphNodes()[DEMO_FACEBOOK_PAGE_ID]!;
    graph.setNode(DEMO_FACEBOOK_PAGE_ID, { ...node, roles: [] });
    const before = graph.requests().length;
    const res = await answer('head', PERSON_KEY, 'removed');
    expect([res.status, res.location]).toEqual([303, `${PAGE}?hecho=retirada#plataforma`]);
    expect(graph.requests().slice(before).some((r) => r.path.endsWith(`/${DEMO_FACEBOOK_PAGE_ID}/roles`))).toBe(true);
    expect(await roleReviewAnswerModel(t.db).findById(`mincul:2027-03/acc-fb/${PERSON_KEY}`).lean()).toMatchObject({ answer: 'removed', by: HEAD });
    expect(await auditModel(t.db).countDocuments({ action: 'roleReview.anomalyRemoved', entityId: 'mincul' })).toBe(1);
    const { html } = await as.head.open(PAGE);
    expect(html).toMatch(/<strong>Ya lo retiré \(comprobado en Meta\)<\/strong>/);
    expect(html).not.toMatch(/value="removed"/);
  });

  it('issue 17 §1: an account is registered with its id on Meta, so the review can read it', async () => {
    const res = await as.head.api('POST', '/api/entities/mincul/accounts', {
      network: 'instagram', username: 'culturaperu', managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Ana Quispe', phone: '987654321' }],
      description: 'Cuenta institucional', contentType: 'Noticias', platformId: '17841400000000101',
    });
    expect(res.status).toBeLessThan(300);
    expect((await accountModel(t.db).findOne({ entityId: 'mincul', network: 'instagram' }).lean())?.platformId).toBe('17841400000000101');
  });

  it('an anomaly that the review did not read is 400 with a message; an answer that is neither is refused', async () => {
    expect((await answer('head', 'unknown:nadie', 'correct')).html).toMatch(/no figura entre las leídas en la plataforma/);
    expect((await answer('head', AGENCY_KEY, 'quizas' as never)).html).toMatch(/Elija «Es correcto» o «Ya lo retiré»/);
  });
});
