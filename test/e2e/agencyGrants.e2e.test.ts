/**
 * Agency grants over HTTP (issue #4 §2, PCM 6.1.2.10) against the real stack: Temporal dev server and
 * worker, FerretDB, SMTP capture, people signed in by emailed link. A grant is opened, listed, warned
 * about, ended early and removed by following the custodian's emailed «Ya lo retiré» link. That a
 * failed start leaves nothing behind is checked without Temporal, in test/api/temporalDown.test.ts.
 */
import { apiKeysService } from '../../api/services/apiKeys';
import { limaDate } from '../../domain/businessDays';
import { accountModel, type AccountDoc } from '../../infra/models/account';
import { agencyGrantModel, type AgencyGrantDoc } from '../../infra/models/agencyGrant';
import { auditModel } from '../../infra/models/audit';
import { personModel } from '../../infra/models/person';
import { type Browser, linkIn } from '../support/browser';
import { eventually } from '../support/eventually';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

const HEAD = 'aquispe@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const TEAM = 'eteam@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';
const OTHER_HEAD = 'dflores@congreso.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';

type Who = 'head' | 'cm' | 'team' | 'requester' | 'otherHead' | 'scs';
let stack: TestStack<Who>;
let as: TestStack<Who>['as'];
let apiKey = '';
let n = 0;
const unique = () => `${Date.now().toString(36)}${n++}`;

const today = () => limaDate(new Date());
const plusDays = (day: string, k: number) => new Date(Date.parse(`${day}T12:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10);

async function account(overrides: Partial<AccountDoc> = {}): Promise<string> {
  const id = `acc-${unique()}`;
  await accountModel(stack.db).create({
    _id: id, entityId: 'mincul', network: 'facebook', username: `Cultura${n}`, managingEmail: 'redes@cultura.gob.pe',
    roles: [], status: 'active', requestId: 'req-test', activatedAt: new Date(), ...overrides,
  });
  return id;
}

const grantBody = (overrides: Record<string, unknown> = {}) => ({
  agencyName: `Agencia ${unique()}`,
  role: 'advertiser',
  campaign: 'Verano Cultural',
  startsOn: today(),
  endsOn: plusDays(today(), 30),
  ...overrides,
});

const create = (b: Browser, accountId: string, body: unknown) => b.api('POST', `/api/accounts/${accountId}/agency-grants`, body);
const rowOf = (id: string) => agencyGrantModel(stack.db).findById(id).lean<AgencyGrantDoc>();

beforeAll(async () => {
  stack = await startTestStack(
    { head: HEAD, cm: CM, team: TEAM, requester: REQUESTER, otherHead: OTHER_HEAD, scs: SCS },
    { prepare: (s) => personModel(s.db).create({ email: TEAM, name: 'Elena Team', memberships: [{ entityId: 'mincul', role: 'team', since: new Date() }] }) },
  );
  ({ as } = stack);
  apiKey = (await apiKeysService(stack.db).create('mincul', 'agencias', HEAD)).key;
});

afterAll(() => stack?.stop());

describe('agency grants API (PCM 6.1.2.10)', () => {
  it('PCM 6.1.2.10: the community manager grants an agency the advertiser role for a campaign; the grant runs as a process and is listed on the account', async () => {
    const acc = await account();
    const body = grantBody({ agencyName: 'Agencia Sol Naciente' });
    const res = await create(as.cm, acc, body);
    expect(res.status).toBe(201);
    expect(res.json.warnings).toEqual([]);
    const grant = res.json.grant;
    expect(grant).toMatchObject({ accountId: acc, entityId: 'mincul', agencyName: 'Agencia Sol Naciente', role: 'advertiser', campaign: 'Verano Cultural', grantedBy: CM });
    expect(grant.workflowId).toBe(`concesion-${grant.id}`);

    // The process moves the row: a campaign starting today is active at once.
    await eventually(() => rowOf(grant.id), (r) => r?.state === 'active', 'activation');
    const detail = await as.cm.api('GET', `/api/agency-grants/${grant.id}`);
    expect(detail.status).toBe(200);
    expect(detail.json.state).toBe('active');
    expect(detail.json.live).toMatchObject({ state: 'active', agencyName: 'Agencia Sol Naciente', custodian: { email: CM } });
    expect(detail.json.live.removalDueAt).toMatch(/T14:00:00\.000Z$/);

    const list = await as.team.api('GET', `/api/accounts/${acc}/agency-grants`);
    expect(list.status).toBe(200);
    expect(list.json.grants.map((g: { id: string }) => g.id)).toEqual([grant.id]);
    expect(await auditModel(stack.db).countDocuments({ action: 'grant.created', accountId: acc, actor: { kind: 'person', email: CM } })).toBe(1);
  });

  it('PCM 6.1.2.10: warns when the same agency (same Business Manager ID, another name) still holds a role from an earlier campaign on another account', async () => {
    const [a, b] = [await account(), await account({ network: 'instagram' })];
    const first = await create(as.cm, a, grantBody({ agencyName: 'Medios Uno SAC', role: 'partner', businessManagerId: '1111222233334444', campaign: 'Campaña de invierno' }));
    expect(first.status).toBe(201);
    const second = await create(as.cm, b, grantBody({ agencyName: 'Uno Digital', role: 'partner', businessManagerId: '1111222233334444', campaign: 'Campaña de verano' }));
    expect(second.status).toBe(201);
    expect(second.json.warnings).toHaveLength(1);
    const [warning] = second.json.warnings;
    expect(warning).toMatchObject({ grantId: first.json.grant.id, accountId: a, campaign: 'Campaña de invierno', rule: 'PCM 6.1.2.10' });
    expect(warning.message).toContain('Medios Uno SAC');
    expect(warning.message).toContain('campaña anterior «Campaña de invierno»');
    expect(warning.message).toContain('(PCM 6.1.2.10)');
  });

  it('PCM 6.1.2.10: the same agency is recognised by name despite case, accents and spacing; another agency or the same campaign is not warned about', async () => {
    const [a, b] = [await account(), await account({ network: 'x' })];
    expect((await create(as.cm, a, grantBody({ agencyName: 'Agencia Ñandú Publicidad', campaign: 'Lectura 2026' }))).status).toBe(201);
    const same = await create(as.cm, b, grantBody({ agencyName: '  agencia ÑANDU   publicidad ', campaign: 'Museos abiertos' }));
    expect(same.status).toBe(201);
    expect(same.json.warnings.map((w: { campaign: string }) => w.campaign)).toEqual(['Lectura 2026']);
    const sameCampaign = await create(as.cm, b, grantBody({ agencyName: 'Agencia Nandu Publicidad', campaign: 'Lectura 2026' }));
    expect(sameCampaign.status).toBe(201);
    // Only the other campaign's grant is earlier; the same campaign on two accounts is one campaign.
    expect(sameCampaign.json.warnings.map((w: { campaign: string }) => w.campaign)).toEqual(['Museos abiertos']);
    const other = await create(as.cm, b, grantBody({ agencyName: 'Otra Agencia Distinta', campaign: 'Museos abiertos' }));
    expect(other.json.warnings).toEqual([]);
  });

  it('refuses bad input with Spanish messages naming each field, and stores nothing', async () => {
    const acc = await account();
    const before = await agencyGrantModel(stack.db).countDocuments();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ startsOn: '2026-02-30' }, 'startsOn', 'Fecha inexistente.'],
      [{ startsOn: plusDays(today(), 10), endsOn: plusDays(today(), 5) }, 'endsOn', 'La campaña no puede terminar antes de empezar.'],
      [{ role: 'partner' }, 'businessManagerId', 'Business Manager'],
      [{ role: 'admin' }, 'role', 'anunciante'],
      [{ businessManagerId: 'BM-123' }, 'businessManagerId', 'numérico'],
      [{ agencyName: '' }, 'agencyName', 'nombre de la agencia'],
      [{ startsOn: '2026-01-01', endsOn: '2026-01-31' }, 'endsOn', 'La campaña ya terminó'],
    ];
    for (const [change, field, message] of cases) {
      const res = await create(as.cm, acc, grantBody(change));
      expect({ change, status: res.status, code: res.json.error.code }).toEqual({ change, status: 400, code: 'validation_failed' });
      const detail = res.json.error.details.find((d: { field: string }) => d.field === field);
      expect(detail?.message ?? JSON.stringify(res.json.error.details)).toContain(message);
    }
    const partner = await create(as.cm, acc, grantBody({ role: 'partner' }));
    expect(partner.json.error.details[0].rule).toBe('PCM 6.1.2.10');
    const unknownField = await create(as.cm, acc, { ...grantBody(), password: 'x' });
    expect(unknownField.status).toBe(400);

    const paused = await account({ status: 'paused', statusReason: 'En revisión' });
    const refused = await create(as.cm, paused, grantBody());
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('conflict');
    expect(refused.json.error.message).toContain('no está activa');
    expect((await create(as.cm, 'acc-inexistente', grantBody())).status).toBe(404);
    expect(await agencyGrantModel(stack.db).countDocuments()).toBe(before);
  });

  it('who may: the CM, the head and the entity API key grant; a team member and SCS only read; the requesting unit and another entity neither', async () => {
    const acc = await account();
    expect((await create(as.cm, acc, grantBody())).status).toBe(201);
    expect((await create(as.head, acc, grantBody())).status).toBe(201);
    const byKey = await fetch(`${stack.apiUrl}/api/accounts/${acc}/agency-grants`, {
      method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(grantBody()),
    });
    expect(byKey.status).toBe(201);
    expect((await byKey.json()).grant.grantedBy).toMatch(/^api-key:/);

    for (const b of [as.team, as.scs, as.requester, as.otherHead]) {
      const res = await create(b, acc, grantBody());
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    expect((await as.team.api('GET', `/api/accounts/${acc}/agency-grants`)).status).toBe(200);
    expect((await as.scs.api('GET', `/api/accounts/${acc}/agency-grants`)).status).toBe(200);
    expect((await as.requester.api('GET', `/api/accounts/${acc}/agency-grants`)).status).toBe(403);
    expect((await as.otherHead.api('GET', `/api/accounts/${acc}/agency-grants`)).status).toBe(403);
    const anonymous = await fetch(`${stack.apiUrl}/api/accounts/${acc}/agency-grants`);
    expect(anonymous.status).toBe(401);

    const listed = (await as.cm.api('GET', `/api/accounts/${acc}/agency-grants`)).json.grants as Array<{ id: string; createdAt: string }>;
    expect(listed).toHaveLength(3);
    const created = listed.map((g) => g.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    const one = listed[0]!.id;
    expect((await as.team.api('GET', `/api/agency-grants/${one}`)).status).toBe(200);
    expect((await as.otherHead.api('GET', `/api/agency-grants/${one}`)).status).toBe(403);
    expect((await as.team.api('POST', `/api/agency-grants/${one}/end`, { reason: 'Fin de campaña' })).status).toBe(403);
    expect((await as.cm.api('GET', '/api/agency-grants/ffffffffffffffffffffffff')).status).toBe(404);
  });

  it('the same idempotency key opens one grant (a double click); reused with other data it is refused', async () => {
    const acc = await account();
    const key = unique();
    const body = grantBody({ idempotencyKey: key });
    const [first, second] = await Promise.all([create(as.cm, acc, body), create(as.cm, acc, body)]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.json.grant.id).toBe(second.json.grant.id);
    expect(await agencyGrantModel(stack.db).countDocuments({ accountId: acc })).toBe(1);
    expect(await auditModel(stack.db).countDocuments({ action: 'grant.created', accountId: acc })).toBe(1);
    const again = await create(as.cm, acc, body);
    expect(again.status).toBe(200);
    const other = await create(as.cm, acc, { ...body, campaign: 'Otra campaña' });
    expect(other.status).toBe(409);
    expect(other.json.error.code).toBe('idempotency_conflict');
    expect(await agencyGrantModel(stack.db).countDocuments({ accountId: acc })).toBe(1);
  });

  it('ending the campaign early during the grant asks the custodian now; «Ya lo retiré» removes it and the head is told', async () => {
    const acc = await account();
    const created = await create(as.cm, acc, grantBody({ agencyName: 'Agencia Pacífico', campaign: 'Festival de Teatro' }));
    const id = created.json.grant.id as string;
    await eventually(() => rowOf(id), (r) => r?.state === 'active', 'activation');

    const tooLate = await as.head.api('POST', `/api/agency-grants/${id}/end`, { on: plusDays(today(), 31), reason: 'Ajuste de calendario' });
    expect(tooLate.status).toBe(400);
    const noReason = await as.head.api('POST', `/api/agency-grants/${id}/end`, { reason: 'no' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.details[0].message).toContain('motivo');

    const ended = await as.head.api('POST', `/api/agency-grants/${id}/end`, { reason: 'Se suspendió el festival' });
    expect(ended.status).toBe(202);
    expect(ended.json).toEqual({ grantId: id, on: today(), reason: 'Se suspendió el festival', effect: 'removal-now' });
    const due = await eventually(() => rowOf(id), (r) => r?.state === 'removal_due', 'removal due');
    expect(due!.endedEarlyOn).toBe(today());

    // The row turns `removal_due` just before the step opens and emails the custodian.
    const detail = await eventually(() => as.cm.api('GET', `/api/agency-grants/${id}`), (d) => d.json.live?.removal !== undefined, 'removal step');
    expect(detail.json.live.removal).toMatchObject({ step: 'retiro', waitingFor: [CM], escalated: false });
    expect(detail.json.live.endedEarly).toEqual({ on: today(), reason: 'Se suspendió el festival', by: HEAD });
    expect((await as.head.api('POST', `/api/agency-grants/${id}/end`, { reason: 'Otra vez' })).status).toBe(409);

    const username = (await accountModel(stack.db).findById(acc).lean())!.username;
    const mail = await stack.mailbox!.waitFor((m) => m.to.includes(CM) && m.subject === `Retiro de agencia: Agencia Pacífico – ${username} (Facebook)`);
    expect(mail.text).toContain('PCM 6.1.2.10');
    expect(mail.text).toContain('Se suspendió el festival');
    const done = await as.cm.follow(linkIn(mail, 'Ya lo retiré'));
    expect(done.status).toBe(200);
    expect(done.html).toContain('Registrado');

    const removed = await eventually(() => rowOf(id), (r) => r?.state === 'removed', 'removal');
    expect(removed!.removedBy).toBe(CM);
    expect(removed!.removedAt).toBeInstanceOf(Date);
    const notice = await stack.mailbox!.waitFor((m) => m.to.includes(HEAD) && m.subject.startsWith('Agencia retirada: Agencia Pacífico'));
    expect(notice.text).toContain('ya no tiene acceso');
    const after = await as.cm.api('GET', `/api/agency-grants/${id}`);
    expect(after.json).toMatchObject({ state: 'removed', removedBy: CM });
    expect(after.json.live).toBeUndefined();
    const again = await as.head.api('POST', `/api/agency-grants/${id}/end`, { reason: 'Otra vez más' });
    expect(again.status).toBe(409);
    expect(await auditModel(stack.db).countDocuments({ action: 'grant.ended', accountId: acc })).toBe(1);
  });

  it('ending the campaign before the grant starts annuls it; it cannot be ended twice', async () => {
    const acc = await account();
    const created = await create(as.cm, acc, grantBody({ agencyName: 'Agencia Futura', startsOn: plusDays(today(), 5), endsOn: plusDays(today(), 20) }));
    const id = created.json.grant.id as string;
    const ended = await as.cm.api('POST', `/api/agency-grants/${id}/end`, { reason: 'La campaña no se realizará' });
    expect(ended.status).toBe(202);
    expect(ended.json.effect).toBe('cancelled');
    const row = await eventually(() => rowOf(id), (r) => r?.state === 'cancelled', 'cancellation');
    expect(row!.endedEarlyOn).toBe(today());
    const again = await as.cm.api('POST', `/api/agency-grants/${id}/end`, { reason: 'La campaña no se realizará' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('conflict');
    await stack.mailbox!.waitFor((m) => m.to.includes(CM) && m.subject.startsWith('Acceso de agencia anulado: Agencia Futura'));
  });
});
