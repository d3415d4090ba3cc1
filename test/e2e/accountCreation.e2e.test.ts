/**
 * Everything real: Temporal dev server, worker, API over HTTP, FerretDB and the SMTP capture.
 * A requester fills the form; every later step is taken by following links from captured emails.
 */
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { Browser, linkIn as link, type Fields } from '../support/browser';
import { tamperedLink } from '../support/fixtures';
import { linksReachingOthers } from '../support/mailLinks';
import { eventually } from '../support/eventually';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

let stack: TestStack<'requester' | 'head'>;
/** The requesting unit (Diego Torres) and the head (Ana Quispe), each signed in at their own browser. */
let requester: Browser;
let head: Browser;

beforeAll(async () => {
  stack = await startTestStack({ requester: 'dtorres@cultura.gob.pe', head: 'aquispe@cultura.gob.pe' });
  ({ requester, head } = stack.as);
});

afterAll(() => stack?.stop());

const proposalForm = (idempotencyKey: string): Fields => ({
    idempotencyKey,
    entityId: 'mincul',
    'requester[name]': 'Diego Torres',
    'requester[email]': 'dtorres@cultura.gob.pe',
    'responsibles[0][names]': 'Carla',
    'responsibles[0][surnames]': 'Rojas Díaz',
    'responsibles[0][phone]': '987 654 321',
    'responsibles[1][names]': '',
    'responsibles[1][surnames]': '',
    'responsibles[1][phone]': '',
    managingEmail: 'redes@cultura.gob.pe',
    networks: ['facebook', 'instagram'],
    'proposedNames[0]': 'CulturaPeru',
    'proposedNames[1]': 'MinCulturaPe',
    bio: 'Ministerio de Cultura, San Borja, Lima. https://www.gob.pe/cultura',
    'description[objectives]': 'Difundir la agenda cultural.',
    'description[audience]': 'Ciudadanía de 18 a 45 años.',
    'description[functions]': 'Informar y orientar.',
    contentType: 'Noticias y videos cortos.',
    justification: 'No hay canal propio en Instagram.',
    strategy: 'Tres publicaciones diarias.',
    'admins[0][name]': 'Ana Quispe Huamán',
    'admins[0][email]': 'aquispe@cultura.gob.pe',
    'admins[0][role]': 'head',
    'admins[1][name]': 'Bruno Salas Ríos',
    'admins[1][email]': 'bsalas@cultura.gob.pe',
    'admins[1][role]': 'second',
    // No SCS row: the form shows SCS as a fixed administrator and the server adds it (PCM 6.1.1.6).
});

/** The requester submits the form from their signed-in browser. */
async function submitForm(fields: Fields) {
  await requester.open('/solicitudes/nueva');
  return requester.submit('/solicitudes', fields);
}

/**
 * Up to 90 s: the worker restart below can lose an activity task the server handed to a poll the old
 * worker was cancelling as it stopped (seen under load: `sendDecisionEmail` STARTED, attempt 1, never
 * reported); the server retries it after its one-minute start-to-close timeout.
 */
const mailTo = (email: string, subject: RegExp) =>
  stack.mailbox!.waitFor((m) => m.to.includes(email) && subject.test(m.subject), 90_000);

/** Opens a link as its addressee would, in a browser nobody signed in to: the confirmation page, then its form. */
async function follow(url: string, fields: Fields = {}) {
  const browser = new Browser(stack.apiUrl);
  const page = await browser.open(url);
  expect(page.status).toBe(200);
  expect(page.html).toContain('Nada se registra hasta que pulse el botón');
  const res = await browser.submit(url, fields);
  return { status: res.status, html: await res.text() };
}

const statusOf = async (requestId: string) => (await head.api('GET', `/api/account-requests/${requestId}`)).json;

it('creates an account from the form to the registry, surviving a worker restart, sending each email once', async () => {
  // The form with a broken rule answers in Spanish and starts nothing.
  const refused = await submitForm({ ...proposalForm('e2e-key-bad'), 'proposedNames[0]': 'cultura' });
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain('mayúsculas y minúsculas');

  // Submitting twice with the same idempotency key starts one workflow.
  const first = await submitForm(proposalForm('e2e-key-1'));
  const second = await submitForm(proposalForm('e2e-key-1'));
  expect(first.status).toBe(303);
  expect(second.headers.get('location')).toBe(first.headers.get('location'));
  const requestId = first.headers.get('location')!.split('?')[0]!.split('/').pop()!;
  // PCM 6.1.1.6: SCS administers the account at the entity's SCS address, though the form never asked for it.
  expect((await statusOf(requestId)).proposal.admins).toContainEqual({ name: 'Coordinación de Comunicación Digital de la SCS', email: 'rrss_scs@pcm.gob.pe', role: 'supervisor' });

  // The head's email carries approve / observe / reject links.
  const toHead = await mailTo('aquispe@cultura.gob.pe', /^Creación de cuenta institucional/);
  expect(toHead.html).toContain('Aprobar');
  const approve = link(toHead, 'Aprobar');

  // A tampered link changes nothing.
  const stranger = new Browser(stack.apiUrl);
  await stranger.open('/ingresar');
  const tampered = await stranger.submit(tamperedLink(approve));
  expect(tampered.status).toBe(400);
  // Signed in as someone else, the head's link is refused with a clear page (issue #3 §3).
  const forwarded = await requester.open(approve);
  expect(forwarded.status).toBe(403);
  expect(forwarded.html).toContain('fue enviado a aquispe@cultura.gob.pe');
  // Observe without a reason is refused at its field before the process is asked, and the step stays open.
  const noReason = await follow(link(toHead, 'Observar'), { reason: '' });
  expect(noReason.status).toBe(400);
  expect(noReason.html).toContain('Escriba el motivo');

  const approved = await follow(approve);
  expect(approved.status).toBe(200);
  expect(approved.html).toContain('Quedó registrado');
  // The same link used again shows a clear page and changes nothing.
  const reused = await stranger.submit(approve);
  expect(reused.status).toBe(410);

  // A deploy or crash in the middle: a new worker takes over.
  await stack.restartWorker();

  const toScs = await mailTo('rrss_scs@pcm.gob.pe', /^Informe técnico/);
  // The head and the requester get a copy without SCS's link: only SCS may acknowledge (issue 14 §1.1).
  expect(toScs.cc).toEqual([]);
  const copy = await mailTo('dtorres@cultura.gob.pe', /^Copia informativa: Informe técnico/);
  expect(copy.to.sort()).toEqual(['aquispe@cultura.gob.pe', 'dtorres@cultura.gob.pe']);
  expect(copy.text).not.toContain('/enlace/');
  expect(copy.attachments).toEqual([expect.objectContaining({ filename: expect.stringMatching(/^informe-tecnico-n-\d{3}-\d{4}-oc-mincul-culturaperu\.pdf$/) })]);
  expect(toScs.text).toContain('Coordinación de Comunicación Digital de la Secretaría de Comunicación Social');
  expect(toScs.attachments).toEqual([expect.objectContaining({ filename: expect.stringMatching(/^informe-tecnico-n-\d{3}-\d{4}-oc-mincul-culturaperu\.pdf$/), contentType: 'application/pdf' })]);
  expect(toScs.attachments[0]!.size).toBeGreaterThan(5_000);
  expect((await follow(link(toScs, 'Acusar recibo'))).status).toBe(200);

  const checklist = await mailTo('crojas@cultura.gob.pe', /^Lista de verificación/);
  const done = await follow(link(checklist, 'Confirmar'), {
    items: ['institutionalEmail', 'twoFactor', 'bio', 'avatar', 'admins', 'verification'],
    chosenName: 'CulturaPeru',
  });
  expect(done.status).toBe(200);

  for (const admin of ['aquispe@cultura.gob.pe', 'bsalas@cultura.gob.pe']) {
    const agreement = await mailTo(admin, /^Acuerdo de confidencialidad/);
    expect(agreement.attachments[0]!.filename).toMatch(/^acuerdo-confidencialidad-.*\.pdf$/);
    expect((await follow(link(agreement, 'Confirmar firma'))).status).toBe(200);
  }

  await mailTo('dtorres@cultura.gob.pe', /^Cuenta institucional activa/);
  const status = await statusOf(requestId);
  expect(status.stage).toBe('activa');
  expect(status.waiting).toEqual([]);
  const accounts = await accountModel(stack.db).find({ requestId }).lean();
  expect(accounts.map((a) => [a.network, a.status, a.username]).sort()).toEqual([
    ['facebook', 'active', 'CulturaPeru'],
    ['instagram', 'active', 'CulturaPeru'],
  ]);

  // Each email went out exactly once, worker restart included.
  const sent = stack.mailbox!.list();
  const keys = sent.map((m) => `${m.to.join(',')}|${m.subject}`);
  expect(new Set(keys).size).toBe(keys.length);
  // SCS's daily directory digest leaves at 18:00 Lima whatever the test does: a run across that hour may see it.
  expect(sent.filter((m) => !m.subject.includes('ingresar') && !m.subject.startsWith('Directorio de cuentas:'))).toHaveLength(7); // head, SCS and its copy, checklist, two Anexo 1, activation
  // Every decision link reached only the person it names (issue 14 §1.1).
  expect(linksReachingOthers(sent)).toEqual([]);
  // Nothing anyone received mentions a password value or asks for one.
  for (const m of sent) expect(m.text).not.toMatch(/contraseña\s*:/i);

  // The audit trail holds every decision with who, when and from where (issue #3 §6), and the head reads it.
  const workflowId = `account-request-${requestId}`;
  const trail = await head.api('GET', `/api/audit?workflow=${workflowId}`);
  expect(trail.status).toBe(200);
  const decisions = (trail.json.events as Array<{ action: string; step: string; actor: { email: string }; ip: string; at: string; entityId: string }>).filter((e) => e.action === 'decision.recorded');
  expect(decisions.map((e) => `${e.step}:${e.actor.email}`).sort()).toEqual([
    'acuerdo-1:aquispe@cultura.gob.pe',
    'acuerdo-2:bsalas@cultura.gob.pe',
    'acuse-scs:rrss_scs@pcm.gob.pe',
    'aprobacion-1:aquispe@cultura.gob.pe',
    'verificacion-1:crojas@cultura.gob.pe',
  ]);
  expect(decisions.every((e) => e.ip && e.entityId === 'mincul' && /-05:00$/.test(e.at))).toBe(true);
  const refusals = await auditModel(stack.db).find({ workflowId, action: 'link.refused' }).lean();
  expect(refusals.map((r) => r.detail)).toEqual(expect.arrayContaining([expect.stringContaining('wrong person'), 'already decided']));
  const csv = await head.fetch(`/api/audit?workflow=${workflowId}&format=csv`);
  expect(csv.headers.get('content-type')).toContain('text/csv');
  expect((await csv.text()).split('\n').filter((l) => l.includes('decision.recorded'))).toHaveLength(5);

  // The status page is Spanish.
  const page = await requester.open(`/solicitudes/${requestId}`);
  expect(page.html).toContain('Cuenta activa');
});

it('answers the JSON API, with an API key the head created, with structured errors', async () => {
  const created = await head.api('POST', '/api/entities/mincul/api-keys', { label: 'Sistema de trámite' });
  expect(created.status).toBe(201);
  const auth = { authorization: `Bearer ${created.json.key}` };
  const res = await fetch(`${stack.apiUrl}/api/account-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ entityId: 'mincul', proposedNames: ['ab'] }),
  });
  expect(res.status).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.details[0]).toEqual(expect.objectContaining({ field: expect.any(String), rule: expect.any(String), message: expect.any(String) }));

  const unknown = await fetch(`${stack.apiUrl}/api/account-requests/ffffffffffffffffffffffff`, { headers: auth });
  expect(unknown.status).toBe(404);
  expect((await unknown.json()).error.code).toBe('not_found');
});

it('observe → the requester corrects through the link page → the head decides again on the same process', async () => {
  stack.mailbox!.clear(); // the earlier process has finished: every email from now on is this one's
  const res = await submitForm(proposalForm('e2e-key-observe'));
  const requestId = res.headers.get('location')!.split('?')[0]!.split('/').pop()!;
  const toHead = await mailTo('aquispe@cultura.gob.pe', /^Creación/);
  expect((await follow(link(toHead, 'Observar'), { reason: 'Precise el público objetivo por edades.' })).status).toBe(200);

  const toRequester = await mailTo('dtorres@cultura.gob.pe', /^Corrija la solicitud/);
  expect(toRequester.text).toContain('Precise el público objetivo por edades.');
  const correctUrl = link(toRequester, 'Enviar corrección');
  const fixer = new Browser(stack.apiUrl);
  const page = (await fixer.open(correctUrl)).html;
  expect(page).toContain('value="CulturaPeru"'); // the form comes filled with the current proposal

  // A correction that breaks a rule is shown again with the message under the field, and nothing changes.
  const refused = await fixer.submit(correctUrl, { ...proposalForm('ignored'), 'proposedNames[1]': 'minculturape' });
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain('PCM 6.1.1.8');

  // A correction cannot change who asked: the requester fields posted are ignored.
  const accepted = await fixer.submit(correctUrl, { ...proposalForm('ignored'), 'description[audience]': 'Jóvenes de 18 a 29 años.', 'requester[email]': 'intruso@cultura.gob.pe' });
  expect(accepted.status).toBe(200);

  const again = await stack.mailbox!.waitFor((m) => m.to.includes('aquispe@cultura.gob.pe') && /^Creación/.test(m.subject) && m.text.includes('Jóvenes de 18 a 29 años.'));
  expect((await follow(link(again, 'Rechazar'), { reason: 'Se decidió usar la cuenta existente.' })).status).toBe(200);
  await mailTo('dtorres@cultura.gob.pe', /^Solicitud rechazada/);
  const status = await statusOf(requestId);
  expect(status.stage).toBe('rechazada');
  expect(status.proposal.requester.email).toBe('dtorres@cultura.gob.pe');
  expect(status.decisions.map((d: { step: string; action: string }) => `${d.step}:${d.action}`)).toEqual(['aprobacion-1:observe', 'correccion-1:correct', 'aprobacion-2:reject']);

  // Once the process has ended, the same submission again (a retry, a double click after a slow answer)
  // lands on the same request instead of failing; the same key with another proposal is refused.
  const handle = stack.client.workflow.getHandle(`account-request-${requestId}`);
  await eventually(async () => (await handle.describe()).status.name, (s) => s === 'COMPLETED', 'the rejected process to close');
  const retried = await submitForm(proposalForm('e2e-key-observe'));
  expect(retried.status).toBe(303);
  expect(retried.headers.get('location')).toBe(`/solicitudes/${requestId}?enviada=1`);
  const other = await submitForm({ ...proposalForm('e2e-key-observe'), 'description[audience]': 'Otro público.' });
  expect(other.status).toBe(409);
  expect(await other.text()).toContain('Esa clave de idempotencia ya se usó con otra propuesta.');
});

it('ten concurrent POSTs of the same decision link record exactly one decision', async () => {
  stack.mailbox!.clear();
  const res = await submitForm(proposalForm('e2e-key-concurrent'));
  const requestId = res.headers.get('location')!.split('?')[0]!.split('/').pop()!;
  const approve = link(await mailTo('aquispe@cultura.gob.pe', /^Creación/), 'Aprobar');
  const clicker = new Browser(stack.apiUrl);
  await clicker.open(approve);
  const statuses = await Promise.all(Array.from({ length: 10 }, () => clicker.submit(approve).then((r) => r.status)));
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.every((s) => s === 200 || s === 409 || s === 410)).toBe(true);
  const status = await statusOf(requestId);
  expect(status.decisions.filter((d: { step: string }) => d.step === 'aprobacion-1')).toHaveLength(1);
  // The process writes the decision's audit row itself (issue 14 §1.7): it lands, once, and no other does.
  const recorded = () => auditModel(stack.db).countDocuments({ workflowId: `account-request-${requestId}`, action: 'decision.recorded' });
  await eventually(recorded, (n) => n > 0, 'the decision\'s audit row');
  await eventually(() => statusOf(requestId), (st) => st.waiting.some((w: { step: string }) => w.step === 'acuse-scs'), 'the process to go on');
  expect(await recorded()).toBe(1);
  await stack.client.workflow.getHandle(`account-request-${requestId}`).terminate('test done');
});
