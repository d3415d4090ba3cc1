/**
 * Agency grants as pages (issue 15 §2; PCM 6.1.2.10) against the real stack: the community manager opens
 * a grant from the account page, a refused form comes back in Spanish with what was typed, the grant is
 * listed on the account page and has its own page, and it is ended early there with a reason; the
 * removal step then names who must confirm it, and its email links to the grant's page. A team member
 * reads the grant but is offered no form and is refused one; a requesting unit reads nothing.
 */
import { limaDate } from '../../domain/businessDays';
import { accountModel } from '../../infra/models/account';
import { agencyGrantModel, type AgencyGrantDoc } from '../../infra/models/agencyGrant';
import { personModel } from '../../infra/models/person';
import { eventually } from '../support/eventually';
import { CM, HEAD, REQUESTER } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(150_000);

const TEAM = 'eteam@cultura.gob.pe';
let stack: TestStack<'head' | 'cm' | 'team' | 'requester'>;
const accountId = `acc-paginas-${Date.now().toString(36)}`;

const today = () => limaDate(new Date());
const plusDays = (day: string, k: number) => new Date(Date.parse(`${day}T12:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10);
const rowOf = (id: string) => agencyGrantModel(stack.db).findById(id).lean<AgencyGrantDoc>();
const keyIn = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)![1]!;

beforeAll(async () => {
  stack = await startTestStack(
    { head: HEAD, cm: CM, team: TEAM, requester: REQUESTER },
    {
      prepare: async (s) => {
        await personModel(s.db).create({ email: TEAM, name: 'Elena Team', memberships: [{ entityId: 'mincul', role: 'team', since: new Date() }] });
        await accountModel(s.db).create({
          _id: accountId, entityId: 'mincul', network: 'facebook', username: 'CulturaAgencias', managingEmail: 'redes@cultura.gob.pe',
          roles: [], status: 'active', requestId: 'req-test', activatedAt: new Date(),
        });
      },
    },
  );
});
afterAll(() => stack?.stop());

let grantPath = '';

it('PCM 6.1.2.10: the community manager opens a grant from the account page; a refused form keeps what was typed and links each error to its field', async () => {
  const account = await stack.as.cm.open(`/cuentas/${accountId}`);
  expect(account.html).toContain('Agencias con acceso');
  expect(account.html).toContain('Ninguna agencia tiene ni tuvo acceso a esta cuenta.');
  const formPath = `/cuentas/${accountId}/agencias/nueva`;
  expect(account.html).toContain(`href="${formPath}"`);

  const form = await stack.as.cm.open(formPath);
  expect(form.status).toBe(200);
  const key = keyIn(form.html);
  const typed = { idempotencyKey: key, agencyName: 'Agencia Sol Naciente', role: 'partner', businessManagerId: '', campaign: 'Verano Cultural', startsOn: plusDays(today(), 3), endsOn: plusDays(today(), 1) };
  const bad = await stack.as.cm.submit(formPath, typed);
  expect(bad.status).toBe(400);
  const badHtml = await bad.text();
  expect(badHtml).toContain('href="#businessManagerId"');
  expect(badHtml).toContain('El rol de socio se otorga a través de Business Manager');
  expect(badHtml).toContain('href="#endsOn"');
  expect(badHtml).toContain('La campaña no puede terminar antes de empezar.');
  expect(badHtml).toContain('id="agencyName" name="agencyName" value="Agencia Sol Naciente"');
  expect(badHtml).toMatch(/value="partner"\s+checked/);
  expect(badHtml).toContain(`name="idempotencyKey" value="${key}"`);
  expect(await agencyGrantModel(stack.db).countDocuments({ accountId })).toBe(0);

  // Corrected, and sent twice (a double click): one grant.
  const good = { ...typed, role: 'advertiser', startsOn: today(), endsOn: plusDays(today(), 30) };
  const opened = await stack.as.cm.submit(formPath, good);
  expect(opened.status).toBe(303);
  const location = opened.headers.get('location')!;
  expect(location).toMatch(/^\/agencias\/[0-9a-f]{24}\?hecho=otorgado$/);
  expect((await stack.as.cm.submit(formPath, good)).headers.get('location')).toBe(location);
  expect(await agencyGrantModel(stack.db).countDocuments({ accountId })).toBe(1);
  grantPath = location.split('?')[0]!;

  const page = await stack.as.cm.open(location);
  expect(page.html).toContain('Se registró el acceso.');
  expect(page.html).toContain('Acceso de Agencia Sol Naciente');
  expect(page.html).toContain('Carla Rojas Díaz (community manager)');
  expect(page.html).toContain('Terminar el acceso antes');
});

it('PCM 6.1.2.10: the grant is listed on the account page with its dates in words and its state, linking to its page', async () => {
  const grantId = grantPath.split('/').pop()!;
  await eventually(() => rowOf(grantId), (r) => r?.state === 'active', 'activation');
  const account = await stack.as.team.open(`/cuentas/${accountId}`);
  expect(account.status).toBe(200);
  expect(account.html).toContain(`<a href="${grantPath}">Agencia Sol Naciente</a>`);
  expect(account.html).toContain('Vigente');
  expect(account.html).toMatch(/Del">\S+ \d+ de \S+ de \d{4}</);
  // A team member reads it, but may not open or end a grant: no link, no form, and a 403 if tried.
  expect(account.html).not.toContain(`/cuentas/${accountId}/agencias/nueva`);
  expect((await stack.as.team.open(`/cuentas/${accountId}/agencias/nueva`)).status).toBe(403);
  const asTeam = await stack.as.team.open(grantPath);
  expect(asTeam.status).toBe(200);
  expect(asTeam.html).not.toContain('Terminar el acceso antes');
  expect((await stack.as.team.submit(`${grantPath}/terminar`, { reason: 'La campaña se canceló.' })).status).toBe(403);
  expect((await stack.as.requester.open(grantPath)).status).toBe(403);
  expect((await stack.as.requester.open(`/cuentas/${accountId}`)).status).toBe(403);
});

it('PCM 6.1.2.10: the head ends the grant early with a reason; the page then says who must confirm the removal and since when, and the email links to it', async () => {
  await stack.as.head.open(grantPath);
  const bad = await stack.as.head.submit(`${grantPath}/terminar`, { reason: 'no', on: '' });
  expect(bad.status).toBe(400);
  const badHtml = await bad.text();
  expect(badHtml).toContain('href="#reason"');
  expect(badHtml).toContain('Indique el motivo');
  expect(badHtml).toContain('id="reason" name="reason" value="no"');

  const ended = await stack.as.head.submit(`${grantPath}/terminar`, { reason: 'La campaña se suspendió por el duelo nacional.', on: '' });
  expect(ended.status).toBe(303);
  expect(ended.headers.get('location')).toBe(`${grantPath}?hecho=removal-now`);
  const page = await eventually(() => stack.as.head.open(grantPath), (p) => p.html.includes('Debe confirmar el retiro'), 'the removal step open');
  expect(page.html).toContain('Pendiente de retiro');
  expect(page.html).toMatch(/Debe confirmar el retiro<\/th><td>Carla Rojas Díaz \(community manager\), desde \S+ \d+ de/);
  expect(page.html).toContain('La campaña se suspendió por el duelo nacional.');
  expect(page.html).not.toContain('Terminar el acceso antes');

  const mail = await stack.mailbox.waitFor((m) => m.to.includes(CM) && m.text.includes(grantPath), 60_000);
  expect(mail.text).toContain(`Ver el estado del proceso:\n${stack.apiUrl}${grantPath}`);
});

it('PCM 6.1.2.10: the entity lists every grant in pages, and with «vigentes» only those that hold or will hold a role; who cannot read accounts is refused', async () => {
  await agencyGrantModel(stack.db).create({
    _id: 'f'.repeat(24), entityId: 'mincul', accountId, agencyName: 'Agencia Antigua', role: 'advertiser', campaign: 'Campaña pasada',
    startsOn: plusDays(today(), -60), endsOn: plusDays(today(), -40), state: 'cancelled', grantedBy: HEAD,
  });
  const all = await stack.as.team.open('/entidades/mincul/agencias');
  expect(all.status).toBe(200);
  expect(all.html).toContain(`<a href="${grantPath}">Agencia Sol Naciente</a>`);
  expect(all.html).toContain('Agencia Antigua');
  const inForce = await stack.as.team.open('/entidades/mincul/agencias?estado=vigentes');
  expect(inForce.html).toContain('Agencia Sol Naciente');
  expect(inForce.html).not.toContain('Agencia Antigua');
  expect((await stack.as.team.open('/entidades/mincul/agencias?cursor=roto')).status).toBe(400);
  expect((await stack.as.requester.open('/entidades/mincul/agencias')).status).toBe(403);
  expect((await stack.as.team.open('/entidades/mincul/cuentas')).html).toContain('href="/entidades/mincul/agencias"');
});
