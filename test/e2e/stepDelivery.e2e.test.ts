/**
 * A step reaches the person who should act on it, on the real stack.
 *
 * A refused email never ends a process silently (issue 14 §1.2): the SMTP capture
 * refuses the community manager's mailbox (550, a departed person's disabled address). The account
 * creation goes on waiting; the head is told which address failed, with a page to send the step to
 * someone of the roster; the trail records it; and a relay that answers "try later" (451) is retried
 * until it takes the message, shown meanwhile as pending delivery.
 *
 * Long processes ask whoever holds the role now (issue 14 §1.4): when the head hands the CM role to
 * someone else through the roster API, the open checklist goes to the new CM with a new link, the
 * departed CM's link answers that it was replaced, and the open-step index follows.
 *
 * An expired link tells its addressee how to get a new one (issue 14 §1.5): "Reenviar enlace" emails
 * fresh links to the address the step was sent to, once an hour, and the new link decides.
 */
import { auditModel } from '../../infra/models/audit';
import { openStepModel } from '../../infra/models/openStep';
import { CHECKLIST_ITEMS } from '../../domain/creationChecklist';
import { createLinkSigner } from '../../infra/links';
import { Browser, linkIn } from '../support/browser';
import { eventually } from '../support/eventually';
import { validProposal } from '../support/fixtures';
import { linksReachingOthers } from '../support/mailLinks';
import { startTestStack, TEST_LINK_SECRET, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

const HEAD = 'aquispe@cultura.gob.pe';
const SECOND = 'bsalas@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';
const NEW_CM = 'epaz@cultura.gob.pe';

let stack: TestStack<'head' | 'requester'>;

beforeAll(async () => {
  stack = await startTestStack({ head: HEAD, requester: REQUESTER });
});
afterAll(() => stack?.stop());

const mailTo = (email: string, subject: RegExp) => stack.mailbox.waitFor((m) => m.to.includes(email) && subject.test(m.subject), 60_000);

it('a community manager whose mailbox refuses (550): the process waits, the head is told and sends the checklist to the second in command; a 451 is retried and shown as pending', async () => {
  stack.mailbox.refuse(CM);
  const submitted = await stack.as.requester.api('POST', '/api/account-requests', validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } }));
  expect(submitted.status).toBe(202);
  const id = submitted.json.id as string;
  const workflowId = `account-request-${id}`;
  const approve = linkIn(await mailTo(HEAD, /^Creación de cuenta/), 'Aprobar');
  const approver = new Browser(stack.apiUrl);
  await approver.open(approve);
  expect((await approver.submit(approve)).status).toBe(200);

  // The head learns which address refused and where to send the step instead.
  const report = await mailTo(HEAD, /^Correo no entregado: crojas@cultura\.gob\.pe/);
  expect(report.text).toContain('Lista de verificación de la cuenta');
  expect(report.text).toContain('sigue abierto');
  const resendPage = linkIn(report, 'Reenviar el paso');
  expect(resendPage).toBe(`${stack.apiUrl}/pasos/${workflowId}/verificacion-1/reenviar`);

  const status = await eventually(async () => (await stack.as.head.api('GET', `/api/account-requests/${id}`)).json, (s) => s.waiting?.some((w: { undelivered?: unknown[] }) => w.undelivered?.length), 'the refusal to show');
  expect(status.waiting.find((w: { step: string }) => w.step === 'verificacion-1')).toMatchObject({ waitingFor: [CM], undelivered: [{ email: CM, reason: expect.stringContaining('550') }] });
  expect((await stack.client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
  expect(await auditModel(stack.db).countDocuments({ action: 'email.refused', workflowId, subject: CM, entityId: 'mincul' })).toBe(1);
  const page = await stack.as.head.open(`/solicitudes/${id}`);
  expect(page.html).toContain('Correo no entregado a crojas@cultura.gob.pe');

  // The second in command's relay is busy (451) at first: the step shows its email pending, then it arrives.
  stack.mailbox.refuse(SECOND, 451);
  const form = await stack.as.head.open(resendPage);
  expect(form.status).toBe(200);
  expect(form.html).toContain('Correo no entregado');
  const posted = await stack.as.head.submit(resendPage, { replace: CM, to: SECOND });
  expect(posted.status).toBe(303);
  expect((await stack.as.head.open(posted.headers.get('location')!)).html).toContain('Se reenvió el paso');
  await eventually(async () => (await stack.as.head.api('GET', `/api/account-requests/${id}`)).json, (s) => s.waiting?.some((w: { mailPending?: boolean }) => w.mailPending), 'the pending delivery to show');
  stack.mailbox.accept(SECOND);
  const checklist = await mailTo(SECOND, /^Lista de verificación/);
  expect(checklist.text).toContain('/enlace/');
  const after = await eventually(async () => (await stack.as.head.api('GET', `/api/account-requests/${id}`)).json, (s) => s.waiting?.every((w: { mailPending?: boolean }) => !w.mailPending), 'the delivery to complete');
  expect(after.waiting.find((w: { step: string }) => w.step === 'verificacion-1')).toMatchObject({ waitingFor: [SECOND] });
  expect(await auditModel(stack.db).countDocuments({ action: 'step.resent', workflowId, subject: SECOND })).toBe(1);
  expect(linksReachingOthers(stack.mailbox.list())).toEqual([]);

  // Only the head (or the platform admin) may send a step elsewhere.
  const refused = await stack.as.requester.api('POST', `/api/processes/${workflowId}/steps/verificacion-1/resend`, { replace: SECOND, to: CM });
  expect([refused.status, refused.json.error.code]).toEqual([403, 'forbidden']);
  stack.mailbox.accept(CM);
  await stack.client.workflow.getHandle(workflowId).terminate('test done');
});

it('the CM changes while the checklist waits: the step goes to the new CM, the old link is refused, the index follows', async () => {
  stack.mailbox.clear();
  const submitted = await stack.as.requester.api('POST', '/api/account-requests', validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } }));
  expect(submitted.status).toBe(202);
  const workflowId = `account-request-${submitted.json.id as string}`;
  const approve = linkIn(await mailTo(HEAD, /^Creación de cuenta/), 'Aprobar');
  const approver = new Browser(stack.apiUrl);
  await approver.open(approve);
  expect((await approver.submit(approve)).status).toBe(200);
  const oldLink = linkIn(await mailTo(CM, /^Lista de verificación/), 'Confirmar');
  const indexed = await eventually(() => openStepModel(stack.db).findById(`${workflowId}/verificacion-1`).lean(), (r) => Boolean(r), 'the open step indexed');
  expect(indexed).toMatchObject({ process: 'accountCreation', entityId: 'mincul', waitingFor: [CM] });

  // The head hands the CM role over through the roster.
  const roster = (await stack.as.head.api('GET', '/api/entities/mincul/people')).json as { people: Array<{ personId: string; email: string }> };
  const cm = roster.people.find((p) => p.email === CM)!;
  expect((await stack.as.head.api('POST', '/api/entities/mincul/people', { name: 'Elena Paz Soto', email: NEW_CM, role: 'cm' })).status).toBe(201);
  expect((await stack.as.head.api('PATCH', `/api/entities/mincul/people/${cm.personId}`, { role: 'team' })).status).toBe(200);

  const newLink = linkIn(await mailTo(NEW_CM, /^Lista de verificación/), 'Confirmar');
  await eventually(() => openStepModel(stack.db).findById(`${workflowId}/verificacion-1`).lean(), (r) => r?.waitingFor[0] === NEW_CM, 'the index to follow');
  const departed = new Browser(stack.apiUrl);
  const refused = await departed.open(oldLink);
  expect([refused.status, refused.html]).toEqual([410, expect.stringContaining('Enlace reemplazado')]);

  const newCm = new Browser(stack.apiUrl);
  await newCm.open(newLink);
  const confirmed = await newCm.submit(newLink, { items: [...CHECKLIST_ITEMS], chosenName: 'CulturaPeru' });
  expect(confirmed.status).toBe(200);
  await eventually(() => openStepModel(stack.db).findById(`${workflowId}/verificacion-1`).lean(), (r) => Boolean(r?.closedAt), 'the step closed in the index');
  expect(linksReachingOthers(stack.mailbox.list())).toEqual([]);
  await stack.client.workflow.getHandle(workflowId).terminate('test done');
});

it('an expired link: its addressee asks for fresh links from the page, they arrive at the registered address alone and decide; a second request within the hour is refused', async () => {
  stack.mailbox.clear();
  const submitted = await stack.as.requester.api('POST', '/api/account-requests', validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } }));
  const workflowId = `account-request-${submitted.json.id as string}`;
  await mailTo(HEAD, /^Creación de cuenta/);
  // The same link, as it would be fourteen days on: signed with the stack's secret, already expired.
  const token = createLinkSigner(TEST_LINK_SECRET).sign({ workflowId, step: 'aprobacion-1', version: 1, email: HEAD, action: 'approve', expiresAt: Date.now() - 1000 });
  const expired = `/enlace/${token}`;

  // Someone signed in as another person cannot ask for it.
  expect((await stack.as.requester.open(expired)).status).toBe(403);

  const holder = new Browser(stack.apiUrl);
  const shown = await holder.open(expired);
  expect([shown.status, shown.html]).toEqual([410, expect.stringContaining('Reenviar enlace')]);
  expect(shown.html).toContain(HEAD);
  const asked = await holder.follow(`${expired}/renovar`);
  expect([asked.status, asked.html]).toEqual([200, expect.stringContaining(`Le enviamos enlaces nuevos a ${HEAD}`)]);

  const renewed = await mailTo(HEAD, /^Enlaces nuevos: Creación de cuenta/);
  expect(renewed.to).toEqual([HEAD]);
  const again = await holder.follow(`${expired}/renovar`);
  expect([again.status, again.html]).toEqual([409, expect.stringContaining('hace menos de una hora')]);
  expect(stack.mailbox.list().filter((m) => m.subject.startsWith('Enlaces nuevos'))).toHaveLength(1);

  const approve = linkIn(renewed, 'Aprobar');
  const decider = new Browser(stack.apiUrl);
  await decider.open(approve);
  expect((await decider.submit(approve)).status).toBe(200);
  expect(await auditModel(stack.db).countDocuments({ action: 'link.renewed', workflowId, subject: HEAD, entityId: 'mincul' })).toBe(1);
  await stack.client.workflow.getHandle(workflowId).terminate('test done');
});
