/**
 * The home page says what waits for the signed-in person (issue 15 §2): every open step of every
 * process addressed to them, with a button per action that leads to the same confirmation page an
 * emailed link opens, signed for them alone.
 */
import { eventually } from '../support/eventually';
import { linkClaims } from '../support/mailLinks';
import { validProposal } from '../support/fixtures';
import { CM, HEAD, REQUESTER } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

let stack: TestStack<'head' | 'cm' | 'requester'>;

beforeAll(async () => {
  stack = await startTestStack({ head: HEAD, cm: CM, requester: REQUESTER });
});
afterAll(() => stack?.stop());

const buttonsOn = (html: string) => [...html.matchAll(/<a class="button[^"]*" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({ href: m[1]!.replace(/&#38;/g, '&'), label: m[2]! }));

it('PCM 5.2.4: the head finds the approval waiting on the home page and approves it there; the requester finds nothing; nobody else may use the head\'s button', async () => {
  const submitted = await stack.as.requester.api('POST', '/api/account-requests', validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } }));
  expect(submitted.status).toBe(202);
  const workflowId = `account-request-${submitted.json.id as string}`;

  const home = await eventually(() => stack.as.head.open('/'), (p) => buttonsOn(p.html).some((b) => b.href.includes(workflowId)), 'the step on the head\'s home page');
  expect(home.html).toContain('Lo que espera de usted');
  expect(home.html).toContain('Creación de cuenta · Ministerio de Cultura');
  // With its reminders so far: none yet for a step just opened.
  const row = home.html.split('<tr>').find((r) => r.includes(encodeURIComponent(workflowId)))!;
  expect(row).toContain('<td data-label="Recordatorios">Ninguno</td>');
  const buttons = buttonsOn(home.html).filter((b) => b.href.includes(encodeURIComponent(workflowId)));
  expect(buttons.map((b) => b.label)).toEqual(['Aprobar', 'Observar', 'Rechazar']);
  expect((await stack.as.requester.open('/')).html).toContain('Nada pendiente por ahora');
  // Then the entity at a glance, for those who read its accounts; the requesting unit does not (issue 15 §2).
  const glance = home.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(glance).toMatch(/Ministerio de Cultura de un vistazo Cuentas vigentes \d+ Cambios de contraseña vencidos (Ninguno|\d+) Pasos abiertos en sus procesos \d+/);
  expect((await stack.as.requester.open('/')).html).not.toContain('de un vistazo');

  const approve = buttons[0]!.href;
  expect((await stack.as.cm.fetch(approve)).status).toBe(403);
  const toLink = await stack.as.head.fetch(approve);
  expect(toLink.status).toBe(303);
  const link = toLink.headers.get('location')!;
  expect(link).toMatch(/^\/enlace\//);
  // The minted link is the head's own: signed in as someone else, it is refused like an emailed one.
  expect((await stack.as.cm.open(link)).status).toBe(403);
  const confirm = await stack.as.head.open(link);
  expect(confirm.status).toBe(200);

  // Opened «Aprobar» by mistake: the page leads to the step's other decisions, signed for the same person (issue 15 §3b).
  const other = /<a href="([^"]+)">Observar<\/a>/.exec(confirm.html)![1]!;
  const toObserve = await stack.as.head.fetch(other);
  expect(toObserve.status).toBe(303);
  const observe = toObserve.headers.get('location')!;
  expect(linkClaims(observe)).toMatchObject({ workflowId, email: HEAD });
  expect((await stack.as.cm.fetch(other)).status).toBe(403);
  // Observing without a reason is answered in Spanish at its field, before the process is asked; the reason box comes before the summary.
  const observePage = await stack.as.head.open(observe);
  expect(observePage.html.indexOf('id="reason"')).toBeLessThan(observePage.html.indexOf('Lo que se decide'));
  expect(observePage.html).not.toMatch(/<textarea[^>]*\srequired[\s>=]/);
  const noReason = await stack.as.head.submit(observe, { reason: ' ' });
  expect(noReason.status).toBe(400);
  expect(await noReason.text()).toContain('<a href="#reason">Escriba el motivo (al menos 5 caracteres)');

  await stack.as.head.open(link);
  const done = await stack.as.head.submit(link);
  expect(done.status).toBe(200);
  expect(await done.text()).toContain('Quedó registrado');

  // The approval's buttons go; the head's own Anexo 1 (an admin of the proposal) opens next in the same process.
  const approval = `/pasos/${encodeURIComponent(workflowId)}/aprobacion-1/`;
  await eventually(() => stack.as.head.open('/'), (p) => !buttonsOn(p.html).some((b) => b.href.startsWith(approval)), 'the step gone from the home page');

  // The request's page speaks in words (issue 15 §3b): the step by name, what was decided, who decided by name and role, the entity by name.
  const status = await eventually(() => stack.as.requester.open(`/solicitudes/${submitted.json.id as string}?enviada=1`), (p) => p.html.includes('Decisiones registradas'), 'the decision on the request page');
  const text = status.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(text).toContain('Su solicitud fue enviada.');
  expect(text).toContain('Aprobación Aprobado Ana Quispe Huamán (titular)');
  expect(text).toContain(`Ministerio de Cultura · Referencia ${(submitted.json.id as string).slice(-6).toUpperCase()}`);
  expect(text).not.toContain('aprobacion-1');
  expect(text).not.toContain(submitted.json.id as string);
  // A button of a step already decided says so.
  const late = await stack.as.head.fetch(approve);
  expect(late.status).toBe(410);
  // The other tab, still open on «Observar»: it was this person's own decision, and the page leads to the process.
  const lateTab = await stack.as.head.open(observe);
  expect(lateTab.status).toBe(410);
  expect(lateTab.html).toContain('Este paso ya fue atendido por usted mismo(a) el ');
  expect(lateTab.html).toContain(`href="/solicitudes/${submitted.json.id as string}"`);
});
