/**
 * Everything real: Temporal dev server, worker, API over HTTP, FerretDB and the SMTP capture.
 * A requester fills the form; every later step is taken by following links from captured emails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountModel } from '../../infra/models/account';
import { linkEventModel } from '../../infra/models/linkEvent';
import { createLogger } from '../../infra/logger';
import type { CapturedMail } from '../../infra/local/smtpCapture';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';
import { workflowBundle } from '../support/temporal';

jest.setTimeout(120_000);

let stack: LocalStack;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'custodio-e2e-'));
  stack = await startLocalStack({ dataDir, log: createLogger('silent'), linkSecret: 's'.repeat(48), workflowBundle: await workflowBundle() });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return body;
};

const proposalForm = (idempotencyKey: string) =>
  form({
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
    'admins[2][name]': 'SCS – Coordinación de Comunicación Digital',
    'admins[2][email]': 'rrss_scs@pcm.gob.pe',
    'admins[2][role]': 'supervisor',
  });

const post = (path: string, body: URLSearchParams) => fetch(`${stack.apiUrl}${path}`, { method: 'POST', body, redirect: 'manual' });

/** The link behind a button label in an email's plain-text part. */
function link(mail: CapturedMail, label: string): string {
  const match = new RegExp(`${label}:\\n(\\S+)`).exec(mail.text);
  if (!match) throw new Error(`no "${label}" link in "${mail.subject}"`);
  return match[1]!;
}

const mailTo = (email: string, subject: RegExp) =>
  stack.mailbox!.waitFor((m) => m.to.includes(email) && subject.test(m.subject));

/** Opens a link as a person would: GET shows the confirmation page, then the page's form is posted. */
async function follow(url: string, fields: Record<string, string | string[]> = {}) {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Nada se registra hasta que pulse el botón');
  const res = await fetch(url, { method: 'POST', body: form(fields) });
  return { status: res.status, html: await res.text() };
}

it('creates an account from the form to the registry, surviving a worker restart, sending each email once', async () => {
  // The form with a broken rule answers in Spanish and starts nothing.
  const bad = proposalForm('e2e-key-bad');
  bad.set('proposedNames[0]', 'cultura');
  const refused = await post('/solicitudes', bad);
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain('mayúsculas y minúsculas');

  // Submitting twice with the same idempotency key starts one workflow.
  const first = await post('/solicitudes', proposalForm('e2e-key-1'));
  const second = await post('/solicitudes', proposalForm('e2e-key-1'));
  expect(first.status).toBe(303);
  expect(second.headers.get('location')).toBe(first.headers.get('location'));
  const requestId = first.headers.get('location')!.split('/').pop()!;

  // The head's email carries approve / observe / reject links.
  const toHead = await mailTo('aquispe@cultura.gob.pe', /^Creación de cuenta institucional/);
  expect(toHead.html).toContain('Aprobar');
  const approve = link(toHead, 'Aprobar');

  // A tampered link changes nothing.
  const tampered = await fetch(approve.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), { method: 'POST' });
  expect(tampered.status).toBe(400);
  // Observe without a reason is refused, and the step stays open.
  const noReason = await follow(link(toHead, 'Observar'), { reason: '' });
  expect(noReason.status).toBe(409);
  expect(noReason.html).toContain('Escriba el motivo');

  const approved = await follow(approve);
  expect(approved.status).toBe(200);
  expect(approved.html).toContain('Quedó registrado');
  // The same link used again shows a clear page and changes nothing.
  const reused = await fetch(approve, { method: 'POST' });
  expect(reused.status).toBe(410);

  // A deploy or crash in the middle: a new worker takes over.
  await stack.restartWorker();

  const toScs = await mailTo('rrss_scs@pcm.gob.pe', /^Informe técnico/);
  expect(toScs.cc.sort()).toEqual(['aquispe@cultura.gob.pe', 'dtorres@cultura.gob.pe']);
  expect(toScs.text).toContain('Coordinación de Comunicación Digital de la Secretaría de Comunicación Social');
  expect(toScs.attachments).toEqual([expect.objectContaining({ filename: 'informe-tecnico-ministerio-de-cultura-culturaperu.pdf', contentType: 'application/pdf' })]);
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
  const status = await (await fetch(`${stack.apiUrl}/api/account-requests/${requestId}`)).json();
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
  expect(sent).toHaveLength(6); // head, SCS, checklist, two Anexo 1, activation
  // Nothing anyone received mentions a password value or asks for one.
  for (const m of sent) expect(m.text).not.toMatch(/contraseña\s*:/i);

  // Every opening and decision was recorded with who and from where.
  const events = await linkEventModel(stack.db).find({ workflowId: `account-request-${requestId}`, kind: 'decision' }).lean();
  expect(events.map((e) => e.step).sort()).toEqual(['acuerdo-1', 'acuerdo-2', 'acuse-scs', 'aprobacion-1', 'verificacion-1']);
  expect(events.every((e) => e.ip && e.userAgent !== undefined)).toBe(true);

  // The status page is Spanish.
  const page = await (await fetch(`${stack.apiUrl}/solicitudes/${requestId}`)).text();
  expect(page).toContain('Cuenta activa');
});

it('answers the JSON API with structured errors', async () => {
  const res = await fetch(`${stack.apiUrl}/api/account-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entityId: 'mincul', proposedNames: ['ab'] }),
  });
  expect(res.status).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.details[0]).toEqual(expect.objectContaining({ field: expect.any(String), rule: expect.any(String), message: expect.any(String) }));

  const unknown = await fetch(`${stack.apiUrl}/api/account-requests/ffffffffffffffffffffffff`);
  expect(unknown.status).toBe(404);
  expect((await unknown.json()).error.code).toBe('not_found');
});

it('observe → the requester corrects through the link page → the head decides again on the same process', async () => {
  stack.mailbox!.clear(); // the earlier process has finished: every email from now on is this one's
  const res = await post('/solicitudes', proposalForm('e2e-key-observe'));
  const requestId = res.headers.get('location')!.split('/').pop()!;
  const toHead = await mailTo('aquispe@cultura.gob.pe', /^Creación/);
  expect((await follow(link(toHead, 'Observar'), { reason: 'Precise el público objetivo por edades.' })).status).toBe(200);

  const toRequester = await mailTo('dtorres@cultura.gob.pe', /^Corrija la solicitud/);
  expect(toRequester.text).toContain('Precise el público objetivo por edades.');
  const correctUrl = link(toRequester, 'Enviar corrección');
  const page = await (await fetch(correctUrl)).text();
  expect(page).toContain('value="CulturaPeru"'); // the form comes filled with the current proposal

  // A correction that breaks a rule is shown again with the message under the field, and nothing changes.
  const bad = proposalForm('ignored');
  bad.set('proposedNames[1]', 'minculturape');
  const refused = await fetch(correctUrl, { method: 'POST', body: bad });
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain('PCM 6.1.1.8');

  const fixed = proposalForm('ignored');
  fixed.set('description[audience]', 'Jóvenes de 18 a 29 años.');
  const accepted = await fetch(correctUrl, { method: 'POST', body: fixed });
  expect(accepted.status).toBe(200);

  const again = await stack.mailbox!.waitFor((m) => m.to.includes('aquispe@cultura.gob.pe') && /^Creación/.test(m.subject) && m.text.includes('Jóvenes de 18 a 29 años.'));
  expect((await follow(link(again, 'Rechazar'), { reason: 'Se decidió usar la cuenta existente.' })).status).toBe(200);
  await mailTo('dtorres@cultura.gob.pe', /^Solicitud rechazada/);
  const status = await (await fetch(`${stack.apiUrl}/api/account-requests/${requestId}`)).json();
  expect(status.stage).toBe('rechazada');
  expect(status.decisions.map((d: { step: string; action: string }) => `${d.step}:${d.action}`)).toEqual(['aprobacion-1:observe', 'correccion-1:correct', 'aprobacion-2:reject']);
});

it('ten concurrent POSTs of the same decision link record exactly one decision', async () => {
  stack.mailbox!.clear();
  const res = await post('/solicitudes', proposalForm('e2e-key-concurrent'));
  const requestId = res.headers.get('location')!.split('/').pop()!;
  const approve = link(await mailTo('aquispe@cultura.gob.pe', /^Creación/), 'Aprobar');
  const statuses = await Promise.all(Array.from({ length: 10 }, () => fetch(approve, { method: 'POST', body: form({}) }).then((r) => r.status)));
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.every((s) => s === 200 || s === 409 || s === 410)).toBe(true);
  const status = await (await fetch(`${stack.apiUrl}/api/account-requests/${requestId}`)).json();
  expect(status.decisions.filter((d: { step: string }) => d.step === 'aprobacion-1')).toHaveLength(1);
  const recorded = await linkEventModel(stack.db).countDocuments({ workflowId: `account-request-${requestId}`, kind: 'decision' });
  expect(recorded).toBe(1);
  await stack.client.workflow.getHandle(`account-request-${requestId}`).terminate('test done');
});
