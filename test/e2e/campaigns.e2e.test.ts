/**
 * Campaigns over HTTP (issue #5 §1–2; PCM 5.1.1, 5.1.2, 6.1.2.10, 6.2.2.10, 6.4) against the real stack:
 * Temporal dev server and worker, FerretDB, SMTP capture, people signed in by emailed link.
 */
import { apiKeysService } from '../../api/services/apiKeys';
import { limaDate } from '../../domain/businessDays';
import { accountModel } from '../../infra/models/account';
import { agencyGrantModel } from '../../infra/models/agencyGrant';
import { auditModel } from '../../infra/models/audit';
import { campaignModel } from '../../infra/models/campaign';
import { personModel } from '../../infra/models/person';
import { type Browser, linkIn } from '../support/browser';
import { paidCampaign, plusDays, validCampaign } from '../support/campaignFixtures';
import { eventually } from '../support/eventually';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

const HEAD = 'aquispe@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';
const TEAM = 'eteam@cultura.gob.pe';
const OTHER_HEAD = 'dflores@congreso.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';

type Who = 'head' | 'cm' | 'requester' | 'team' | 'otherHead' | 'scs';
let stack: TestStack<Who>;
let as: TestStack<Who>['as'];
let apiKey = '';
let n = 0;
const unique = () => `${Date.now().toString(36)}${n++}`;
const start = () => plusDays(limaDate(new Date()), 3);

const propose = (b: Browser, body: unknown) => b.api('POST', '/api/campaigns', body);
const rowOf = (id: string) => campaignModel(stack.db).findById(id).lean();

beforeAll(async () => {
  stack = await startTestStack(
    { head: HEAD, cm: CM, requester: REQUESTER, team: TEAM, otherHead: OTHER_HEAD, scs: SCS },
    { prepare: (s) => personModel(s.db).create({ email: TEAM, name: 'Elena Team', memberships: [{ entityId: 'mincul', role: 'team', since: new Date() }] }) },
  );
  ({ as } = stack);
  apiKey = (await apiKeysService(stack.db).create('mincul', 'campañas', HEAD)).key;
});

afterAll(() => stack?.stop());

describe('campaigns API (PCM 5.1.1)', () => {
  it('PCM 5.1.1: the requesting unit proposes a campaign; it is listed, its live status waits for the head, who is emailed', async () => {
    const res = await propose(as.requester, validCampaign({ name: `Museos ${unique()}` }, start()));
    expect(res.status).toBe(202);
    const id = res.json.id as string;
    expect(res.json).toEqual({ id, statusUrl: `/api/campaigns/${id}`, page: `/campanas/${id}` });

    const detail = await as.requester.api('GET', `/api/campaigns/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ id, entityId: 'mincul', proposerEmail: REQUESTER, mode: 'organic', multisector: false, state: 'aprobacion', workflowId: `campana-${id}` });
    const live = await eventually(async () => (await as.requester.api('GET', `/api/campaigns/${id}`)).json.live, (l) => l?.waiting?.length > 0, 'approval step');
    expect(live.waiting[0]).toMatchObject({ step: 'aprobacion-1', waitingFor: [HEAD] });
    expect(live.diffusionDays).toBe(21);

    const mail = await stack.mailbox!.waitFor((m) => m.to.includes(HEAD) && m.subject.includes(detail.json.name));
    expect(mail.text).toContain('Aprobar:');
    expect(mail.text).toContain('Necesidad');

    const list = await as.requester.api('GET', '/api/campaigns');
    expect(list.json.campaigns.map((c: { id: string }) => c.id)).toContain(id);
    expect(await auditModel(stack.db).countDocuments({ action: 'request.submitted', workflowId: `campana-${id}` })).toBe(1);

    // The page shows it in Spanish.
    const page = await as.requester.open(`/campanas/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('En aprobación del titular');
  });

  it('PCM 5.1.1, 6.1.2.10: refuses a proposal that breaks a rule with a structured Spanish error citing each clause, and starts nothing', async () => {
    const before = await campaignModel(stack.db).countDocuments();
    const short = await propose(as.requester, validCampaign({ endsOn: plusDays(start(), 12) }, start()));
    expect(short.status).toBe(400);
    expect(short.json.error.code).toBe('validation_failed');
    expect(short.json.error.details).toEqual([expect.objectContaining({ field: 'endsOn', rule: 'PCM 5.1.1', message: expect.stringMatching(/13 días.*acción de comunicación/) })]);

    const noSpokesperson = await propose(as.requester, validCampaign({ actions: { ...validCampaign().actions, spokesperson: '' } }, start()));
    expect(noSpokesperson.json.error.details).toEqual([expect.objectContaining({ field: 'actions.spokesperson', rule: 'PCM 5.1.1 c)' })]);

    const paidAlone = await propose(as.requester, validCampaign({ mode: 'paid' }, start()));
    expect(paidAlone.json.error.details).toEqual([expect.objectContaining({ field: 'mediaAgency.name', rule: 'PCM 6.1.2.10' })]);

    const past = await propose(as.requester, validCampaign({}, plusDays(limaDate(new Date()), -2)));
    expect(past.json.error.details).toEqual([expect.objectContaining({ field: 'startsOn', rule: 'PCM 5.1.1' })]);

    const shape = await propose(as.requester, { entityId: 'mincul', name: 42 });
    expect(shape.status).toBe(400);
    expect(shape.json.error.details.length).toBeGreaterThan(5);
    expect(shape.json.error.details.every((d: { rule: string }) => d.rule === 'PCM 5.1.1')).toBe(true);

    const unknown = await propose(as.requester, validCampaign({ entityId: 'nadie' }, start()));
    expect([unknown.status, unknown.json.error.code]).toEqual([400, 'unknown_entity']);
    expect(await campaignModel(stack.db).countDocuments()).toBe(before);
  });

  it('who may: those who request propose (an API key names a registered person); SCS and another entity may not; reading follows requests', async () => {
    const own = await propose(as.requester, validCampaign({ name: `Propia ${unique()}` }, start()));
    const cms = await propose(as.cm, validCampaign({ name: `Del CM ${unique()}` }, start()));
    expect([own.status, cms.status]).toEqual([202, 202]);
    for (const b of [as.scs, as.otherHead]) {
      const res = await propose(b, validCampaign({}, start()));
      expect([res.status, res.json.error.code]).toEqual([403, 'forbidden']);
    }
    const anonymous = await fetch(`${stack.apiUrl}/api/campaigns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(validCampaign({}, start())) });
    expect(anonymous.status).toBe(401);

    const byKey = (body: unknown) => fetch(`${stack.apiUrl}/api/campaigns`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const stranger = await byKey(validCampaign({ proposer: { name: 'Nadie', email: 'nadie@cultura.gob.pe' } }, start()));
    expect(stranger.status).toBe(400);
    expect((await stranger.json()).error.details[0].field).toBe('proposer.email');
    expect((await byKey(validCampaign({ name: `Por clave ${unique()}` }, start()))).status).toBe(202);

    // The requesting unit reads only its own; the head, the CM, SCS read all of the entity; another entity none.
    expect((await as.requester.api('GET', `/api/campaigns/${cms.json.id}`)).status).toBe(403);
    expect((await as.requester.api('GET', `/api/campaigns/${own.json.id}`)).status).toBe(200);
    for (const b of [as.head, as.cm, as.scs]) expect((await b.api('GET', `/api/campaigns/${cms.json.id}`)).status).toBe(200);
    expect((await as.otherHead.api('GET', `/api/campaigns/${own.json.id}`)).status).toBe(403);
    expect((await as.otherHead.api('GET', '/api/campaigns')).json.campaigns).toEqual([]);
    const mine = (await as.requester.api('GET', '/api/campaigns')).json.campaigns as Array<{ proposerEmail: string }>;
    expect(mine.every((c) => c.proposerEmail === REQUESTER)).toBe(true);
    expect((await as.head.api('GET', '/api/campaigns/ffffffffffffffffffffffff')).status).toBe(404);
  });

  it('the same Idempotency-Key starts one process; reused with another proposal it is refused', async () => {
    const key = `camp-${unique()}`;
    const body = validCampaign({ name: `Idempotente ${unique()}` }, start());
    const send = (b: unknown) => as.cm.fetch('/api/campaigns', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-csrf-token': as.cm.csrf }, body: JSON.stringify(b) });
    const [a, b] = await Promise.all([send(body), send(body)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect((await a.json()).id).toBe((await b.json()).id);
    const other = await send({ ...body, name: 'Otra campaña' });
    expect(other.status).toBe(409);
    expect((await other.json()).error.code).toBe('idempotency_conflict');
  });

  it('PCM 6.2.2.10: the head records an electoral period; an overlapping campaign is flagged in the registry and in the approval email', async () => {
    const from = plusDays(start(), 10);
    const patched = await as.head.api('PATCH', '/api/entities/mincul', { electoralPeriods: [{ from, to: plusDays(from, 60), label: 'Elecciones Regionales y Municipales' }] });
    expect(patched.status).toBe(200);
    expect(patched.json.electoralPeriods).toEqual([{ from, to: plusDays(from, 60), label: 'Elecciones Regionales y Municipales' }]);
    expect((await as.cm.api('PATCH', '/api/entities/mincul', { electoralPeriods: [] })).status).toBe(403);

    const name = `Electoral ${unique()}`;
    const res = await propose(as.requester, validCampaign({ name }, start()));
    expect(res.status).toBe(202);
    expect((await rowOf(res.json.id))!.electoral).toBe(true);
    const mail = await stack.mailbox!.waitFor((m) => m.to.includes(HEAD) && m.subject.includes(name));
    expect(mail.text).toContain('ATENCIÓN – período electoral');
    expect(mail.text).toContain('PCM 6.2.2.10');
    expect((await as.head.api('PATCH', '/api/entities/mincul', { electoralPeriods: [] })).status).toBe(200);
  });

  it('PCM 6.1.2.10: once the head approves a paid campaign by link, its agency gets a grant for the campaign period on the chosen account', async () => {
    const accountId = `camp-acc-${unique()}`;
    await accountModel(stack.db).create({
      _id: accountId, entityId: 'mincul', network: 'facebook', username: 'CulturaCampana', managingEmail: 'redes@cultura.gob.pe',
      roles: [], status: 'active', requestId: 'req-test', activatedAt: new Date(),
    });
    const name = `Pagada ${unique()}`;
    const body = paidCampaign({ name, mediaAgency: { name: 'Agencia Andina de Medios', role: 'advertiser', accountIds: [accountId, 'cuenta-inexistente'] } }, start());
    const res = await propose(as.cm, body);
    expect(res.status).toBe(202);
    const mail = await stack.mailbox!.waitFor((m) => m.to.includes(HEAD) && m.subject.includes(name));
    const approved = await as.head.follow(linkIn(mail, 'Aprobar'));
    expect(approved.status).toBe(200);

    const row = await eventually(() => rowOf(res.json.id), (r) => r?.state === 'aprobada', 'approval');
    expect(row!.agency).toMatchObject({ name: 'Agencia Andina de Medios', role: 'advertiser' });
    expect(row!.agency!.grantIds).toHaveLength(1);
    expect(row!.agency!.pending).toEqual([expect.stringMatching(/^Cuenta cuenta-inexistente: No existe esa cuenta/)]);
    const grant = await agencyGrantModel(stack.db).findById(row!.agency!.grantIds![0]).lean();
    expect(grant).toMatchObject({ accountId, agencyName: 'Agencia Andina de Medios', campaign: name, startsOn: body.startsOn, endsOn: body.endsOn, grantedBy: `campana:${res.json.id}` });
    // The decision is in the entity's audit trail.
    expect(await auditModel(stack.db).countDocuments({ action: 'decision.recorded', workflowId: `campana-${res.json.id}`, entityId: 'mincul' })).toBe(1);
    // The campaign's page leads to the grant it opened (issue 15 §2).
    expect((await as.head.open(`/campanas/${res.json.id as string}`)).html).toContain(`href="/agencias/${row!.agency!.grantIds![0]}"`);
  });

  it('the Spanish form: a broken rule is explained with its clause; a valid one redirects to the status page', async () => {
    const form = await as.requester.open('/campanas/nueva');
    expect(form.status).toBe(200);
    expect(form.html).toContain('Acciones mínimas (PCM 5.1.1 a–e)');
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.html)![1]!;
    const c = validCampaign({ name: `Formulario ${unique()}` }, start());
    const fields = {
      idempotencyKey: key, entityId: 'mincul', name: c.name, need: c.need, publicPurpose: c.publicPurpose, context: c.context, topic: c.topic,
      objective: c.objective, audience: c.audience, concept: c.concept, strategy: c.strategy, schedule: c.schedule, budget: '', pieces: c.pieces,
      'actions[informative]': c.actions.informative!, 'actions[audiovisual]': c.actions.audiovisual!, 'actions[spokesperson]': c.actions.spokesperson!,
      'actions[digital]': c.actions.digital!, 'actions[activations]': c.actions.activations!, 'actions[other]': '',
      startsOn: c.startsOn, endsOn: plusDays(c.startsOn, 12), networks: ['facebook', 'instagram'], otherNetwork: '', sectors: '',
      mode: 'organic', 'mediaAgency[name]': '', 'mediaAgency[businessManagerId]': '', 'mediaAgency[role]': 'advertiser',
    };
    const refused = await as.requester.submit('/campanas/nueva', fields);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('acción de comunicación');
    expect(html).toContain('PCM 5.1.1');
    const ok = await as.requester.submit('/campanas/nueva', { ...fields, endsOn: c.endsOn });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/^\/campanas\/[0-9a-f]{24}\?enviada=1$/);
    expect((await as.scs.open('/campanas/nueva')).status).toBe(403);
  });

  it('the OpenAPI document describes the campaign routes from the same schema', async () => {
    const doc = await (await fetch(`${stack.apiUrl}/api/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/campaigns', '/api/campaigns/{id}']));
    expect(doc.components.schemas.CampaignProposal.properties).toHaveProperty('startsOn');
    expect(doc.components.schemas.EntityPatch.properties).toHaveProperty('electoralPeriods');
  });
});

describe('the head ends a campaign (issue 15 §2)', () => {
  it('PCM 5.1.1, 6.1.2.10: only the head may; a missing reason is refused in Spanish keeping the page; a waiting campaign is cancelled, its link stops working and everyone is told', async () => {
    const res = await propose(as.requester, validCampaign({ name: `Cancelada ${unique()}` }, start()));
    const id = res.json.id as string;
    const mail = await stack.mailbox!.waitFor((m) => m.to.includes(HEAD) && m.subject.includes('Cancelada') && m.text.includes('/enlace/'));

    expect((await as.cm.api('POST', `/api/campaigns/${id}/end`, { reason: 'No corresponde.' })).status).toBe(403);
    expect((await as.requester.open(`/campanas/${id}`)).html).not.toContain('Cancelar la campaña');
    const page = await as.head.open(`/campanas/${id}`);
    expect(page.html).toContain('Cancelar la campaña');
    const noReason = await as.head.submit(`/campanas/${id}/terminar`, { reason: 'no' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Escriba el motivo (al menos 5 caracteres).');

    const ended = await as.head.submit(`/campanas/${id}/terminar`, { reason: 'Se reprogramó para el próximo año.' });
    expect([ended.status, ended.headers.get('location')]).toEqual([303, `/campanas/${id}?hecho=terminada`]);
    const row = await eventually(() => rowOf(id), (r) => r?.state === 'cancelada', 'the campaign cancelled');
    expect(row!.closedAt).toBeDefined();
    const told = await stack.mailbox!.waitFor((m) => m.to.includes(REQUESTER) && m.subject.startsWith('Campaña cancelada'));
    expect(told.text).toContain('Se reprogramó para el próximo año.');
    // The head's approval link now says the step no longer applies.
    const link = linkIn(mail, 'Aprobar');
    expect((await as.head.open(link)).html).toContain('ya no está vigente: la campaña fue cancelada.');
    const after = await as.head.open(`/campanas/${id}`);
    expect(after.html).toContain('Cancelada</strong> por Ana Quispe Huamán (titular)');
    expect(after.html).not.toContain('Cancelar la campaña</button>');
    const again = await as.head.api('POST', `/api/campaigns/${id}/end`, { reason: 'Otra vez.' });
    expect([again.status, again.json.error.code]).toEqual([409, 'conflict']);
    expect(await auditModel(stack.db).countDocuments({ action: 'campaign.ended', workflowId: `campana-${id}` })).toBe(1);
  });
});
