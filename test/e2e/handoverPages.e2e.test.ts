/**
 * Handovers of administration as pages (issue 15 §2; PCM 6.2.3) against the real stack: the head starts
 * one from the form, choosing from the roster who leaves and who takes over; a refused form keeps the
 * choices; the handover is listed and has its page with its steps and whom it waits for, and its email
 * links to that page. Who may not start one gets no link and a 403; who may not read accounts gets 403.
 */
import { accountModel } from '../../infra/models/account';
import { handoverModel } from '../../infra/models/handover';
import { personModel } from '../../infra/models/person';
import { eventually } from '../support/eventually';
import { CM, HEAD, REQUESTER } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(150_000);

const TEAM = 'eteam@cultura.gob.pe';
const LIST = '/entidades/mincul/traspasos';
const FORM = `${LIST}/nuevo`;
let stack: TestStack<'head' | 'cm' | 'team' | 'requester'>;

beforeAll(async () => {
  stack = await startTestStack(
    { head: HEAD, cm: CM, team: TEAM, requester: REQUESTER },
    {
      prepare: async (s) => {
        await personModel(s.db).create({ email: TEAM, name: 'Elena Team', memberships: [{ entityId: 'mincul', role: 'team', since: new Date() }] });
        await accountModel(s.db).create({
          _id: 'hp-fb', entityId: 'mincul', network: 'facebook', username: 'CulturaTraspaso', managingEmail: 'redes@cultura.gob.pe',
          roles: [], status: 'active', requestId: 'req-test', activatedAt: new Date(),
        });
      },
    },
  );
});
afterAll(() => stack?.stop());

it('PCM 6.2.3.1: only the head is offered and allowed the start; others who read accounts see the list; a requesting unit gets 403', async () => {
  const accounts = await stack.as.team.open('/entidades/mincul/cuentas');
  expect(accounts.html).toContain(`href="${LIST}"`);
  for (const who of ['team', 'cm'] as const) {
    const list = await stack.as[who].open(LIST);
    expect(list.status).toBe(200);
    expect(list.html).not.toContain(`href="${FORM}"`);
    expect((await stack.as[who].open(FORM)).status).toBe(403);
    expect((await stack.as[who].submit(FORM, { outgoingEmail: CM, incomingEmail: TEAM })).status).toBe(403);
  }
  expect((await stack.as.requester.open(LIST)).status).toBe(403);
  expect((await stack.as.requester.open('/entidades/mincul/cuentas')).status).toBe(403);
  expect(await handoverModel(stack.db).countDocuments()).toBe(0);
});

it('PCM 6.2.3: the head starts a handover from the form; a refused one keeps the choices; it is listed and its page shows its steps and whom it waits for', async () => {
  const list = await stack.as.head.open(LIST);
  expect(list.html).toContain('Aún no hubo traspasos');
  expect(list.html).toContain(`href="${FORM}"`);
  const form = await stack.as.head.open(FORM);
  expect(form.status).toBe(200);
  expect(form.html).toContain(`<option value="${CM}" >Carla Rojas Díaz (community manager), ${CM}</option>`);
  expect(form.html).toContain(`<option value="${TEAM}" >Elena Team (equipo), ${TEAM}</option>`);
  // The head supervises and cannot take over (PCM 6.2.3.1, 6.2.3.3): not offered.
  expect(form.html.slice(form.html.indexOf('id="incomingEmail"'))).not.toContain(`value="${HEAD}"`);
  expect(form.html).toContain('Facebook · CulturaTraspaso');
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.html)![1]!;

  const none = await stack.as.head.submit(FORM, { idempotencyKey: key, outgoingEmail: '', incomingEmail: '' });
  expect(none.status).toBe(400);
  const noneHtml = await none.text();
  expect(noneHtml).toContain('<a href="#outgoingEmail">Indique el correo institucional de quien deja la administración.</a>');
  expect(noneHtml).toContain('<a href="#incomingEmail">Indique el correo institucional de quien asume la administración.</a>');

  const same = await stack.as.head.submit(FORM, { idempotencyKey: key, outgoingEmail: CM, incomingEmail: CM });
  expect(same.status).toBe(400);
  const sameHtml = await same.text();
  expect(sameHtml).toContain('persona distinta');
  expect(sameHtml).toContain(`<option value="${CM}" selected>`);
  expect(sameHtml).toContain(`name="idempotencyKey" value="${key}"`);

  const started = await stack.as.head.submit(FORM, { idempotencyKey: key, outgoingEmail: CM, incomingEmail: TEAM });
  expect(started.status).toBe(303);
  const location = started.headers.get('location')!;
  expect(location).toMatch(/^\/entidades\/mincul\/traspasos\/[0-9a-f]{24}\?hecho=iniciado$/);
  // A double click: the same key lands on the same handover, not on "one is already running".
  expect((await stack.as.head.submit(FORM, { idempotencyKey: key, outgoingEmail: CM, incomingEmail: TEAM })).headers.get('location')).toBe(location);
  expect(await handoverModel(stack.db).countDocuments()).toBe(1);
  const path = location.split('?')[0]!;

  const shown = await eventually(() => stack.as.head.open(location), (p) => p.html.includes('Espera a'), 'the first step open');
  expect(shown.html).toContain('Se inició el traspaso');
  expect(shown.html).toContain(`Carla Rojas Díaz (${CM})`);
  expect(shown.html).toContain(`Elena Team (${TEAM})`);
  expect(shown.html).toContain('Entrega de credenciales al titular (PCM 6.2.3.2): <strong>En curso</strong>');
  expect(shown.html).toContain('Verificación por el titular (PCM 6.2.3.3): <strong>Pendiente</strong>');
  expect(shown.html).toMatch(/Espera a<\/th><td>Carla Rojas Díaz \(community manager\), desde /);
  expect(shown.html).toContain('Iniciado por</th><td>Ana Quispe Huamán (titular)');

  const listed = await stack.as.team.open(LIST);
  expect(listed.html).toContain(`<a href="${path}">De Carla Rojas Díaz a Elena Team</a>`);
  expect(listed.html).toContain('Traspasos 1–1 de 1.');
  expect((await stack.as.team.open(path)).status).toBe(200);
  expect((await stack.as.requester.open(path)).status).toBe(403);

  const mail = await stack.mailbox.waitFor((m) => m.to.includes(CM) && m.text.includes(path), 60_000);
  expect(mail.text).toContain(`Ver el estado del proceso:\n${stack.apiUrl}${path}`);
});
