/**
 * The home page says what waits for the signed-in person (issue 15 §2): every open step of every
 * process addressed to them, with a button per action that leads to the same confirmation page an
 * emailed link opens, signed for them alone.
 */
import { eventually } from '../support/eventually';
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
  const buttons = buttonsOn(home.html).filter((b) => b.href.includes(encodeURIComponent(workflowId)));
  expect(buttons.map((b) => b.label)).toEqual(['Aprobar', 'Observar', 'Rechazar']);
  expect((await stack.as.requester.open('/')).html).toContain('Nada pendiente por ahora');

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
  const done = await stack.as.head.submit(link);
  expect(done.status).toBe(200);
  expect(await done.text()).toContain('Quedó registrado');

  await eventually(() => stack.as.head.open('/'), (p) => !buttonsOn(p.html).some((b) => b.href.includes(encodeURIComponent(workflowId))), 'the step gone from the home page');
  // A button of a step already decided says so.
  const late = await stack.as.head.fetch(approve);
  expect(late.status).toBe(410);
});
