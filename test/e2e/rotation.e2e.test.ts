/**
 * Credential rotation end to end (issue #4 §5): an account created through the form and emailed
 * links becomes active, its first rotation reminder reaches the SMTP capture at the due date (a month
 * later under PCM), the link confirms it, and those concerned are told — never a password.
 *
 * Everything is real (worker, API over HTTP, FerretDB, SMTP capture) except the Temporal server: the
 * stack connects to Temporal's Java time-skipping test server instead of the dev server, because the
 * first rotation is due a month after activation and the dev server has no way to move its clock.
 * The alternatives that keep the dev server change what is tested: starting the rotation with an
 * early `dueAt` or asking `POST /rotation/now` skips the due-date computation and the timer, and
 * shortening the period needs a test-only knob in the registry or the workflow. The test server runs
 * the same workflow code, history, timers, signals, queries and updates; only its clock moves when
 * told (`env.sleep`), so the month passes in a second while links, sessions and emails use wall time.
 *
 * Test-server quirks this file respects: time skipping stays locked except inside `env.sleep` (no
 * `handle.result()` here, which would unlock it and jump years ahead over the monthly role-review
 * schedulers and the next rotation); the workflows still running at the end (the next rotation
 * cycle, the review schedulers) are not terminated, the whole server is torn down after the stack.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { auditModel } from '../../infra/models/audit';
import type { CapturedMail } from '../../local/smtpCapture';
import { Browser, linkIn as link, linkInSection, type Fields } from '../support/browser';
import { eventually } from '../support/eventually';
import { startTestStack, type TestStack } from '../support/stack';
import { createTimeSkippingEnv } from '../support/temporal';

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;
const CM = 'crojas@cultura.gob.pe';
const HEAD = 'aquispe@cultura.gob.pe';
const SECOND = 'bsalas@cultura.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';

let env: TestWorkflowEnvironment;
let stack: TestStack<'requester' | 'head'>;
/** The requesting unit (Diego Torres) and the head (Ana Quispe), each signed in at their own browser. */
let requester: Browser;
let head: Browser;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  stack = await startTestStack({ requester: 'dtorres@cultura.gob.pe', head: HEAD }, { stack: { temporalAddress: env.address } });
  ({ requester, head } = stack.as);
});

afterAll(async () => {
  // The worker stops first, so the server goes away with no task in flight.
  await stack?.stop();
  await env?.teardown();
});

const proposal: Fields = {
  idempotencyKey: 'e2e-rotation-1',
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
  'admins[0][email]': HEAD,
  'admins[0][role]': 'head',
  'admins[1][name]': 'Bruno Salas Ríos',
  'admins[1][email]': SECOND,
  'admins[1][role]': 'second',
  'admins[2][name]': 'SCS – Coordinación de Comunicación Digital',
  'admins[2][email]': SCS,
  'admins[2][role]': 'supervisor',
};

const mailTo = (email: string, subject: RegExp, timeoutMs?: number) =>
  stack.mailbox!.waitFor((m) => m.to.includes(email) && subject.test(m.subject), timeoutMs);

/** Opens a link as its addressee would, in a browser nobody signed in to: the confirmation page, then its form. */
async function follow(url: string, fields: Fields = {}) {
  const browser = new Browser(stack.apiUrl);
  const page = await browser.open(url);
  expect(page.status).toBe(200);
  expect(page.html).toContain('Nada se registra hasta que pulse el botón');
  const res = await browser.submit(url, fields);
  return { page: page.html, status: res.status, html: await res.text() };
}

/** The rotation as the API shows it, once the current run has read the registry (it answers `iniciando` before). */
async function rotationOf(accountId: string, until: (r: any) => boolean = () => true): Promise<any> {
  const read = async () => {
    const res = await head.api('GET', `/api/accounts/${accountId}/rotation`);
    expect(res.status).toBe(200);
    return res.json;
  };
  return eventually(read, (r) => r.state !== 'iniciando' && until(r), `the expected state of the rotation of ${accountId}`, 20_000, { intervalMs: 100 });
}

/**
 * Waits until the run `runId` has continued as new. A query that reaches a run while it closes as
 * continued-as-new is left unanswered by the Java test server until the caller's deadline (the API
 * then answers 503 after 15 s), so the file queries again only once the new run exists.
 */
async function continuedAsNew(accountId: string, runId: string): Promise<void> {
  const run = stack.client.workflow.getHandle(`rotacion-${accountId}`, runId);
  await eventually(async () => (await run.describe()).status.name, (s) => s === 'CONTINUED_AS_NEW', `continue-as-new of the rotation of ${accountId}`, 20_000, { intervalMs: 100 });
}

/** Moves the test server's clock to `iso` plus `extraMs`; timers due meanwhile fire, and their tasks run, on the way. */
async function skipTo(iso: string, extraMs = 0) {
  const ms = Date.parse(iso) + extraMs - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

/** The account-creation process driven to its end, as people do: the form, then links from captured emails. */
async function createActiveAccount(): Promise<void> {
  await requester.open('/solicitudes/nueva');
  const submitted = await requester.submit('/solicitudes', proposal);
  expect(submitted.status).toBe(303);
  const requestId = submitted.headers.get('location')!.split('?')[0]!.split('/').pop()!;

  expect((await follow(link(await mailTo(HEAD, /^Creación de cuenta institucional/), 'Aprobar'))).status).toBe(200);
  expect((await follow(link(await mailTo(SCS, /^Informe técnico/), 'Acusar recibo'))).status).toBe(200);
  const checklist = await mailTo(CM, /^Lista de verificación/);
  const done = await follow(link(checklist, 'Confirmar'), {
    items: ['institutionalEmail', 'twoFactor', 'bio', 'avatar', 'admins', 'verification'],
    chosenName: 'CulturaPeru',
  });
  expect(done.status).toBe(200);
  for (const admin of [HEAD, SECOND]) {
    expect((await follow(link(await mailTo(admin, /^Acuerdo de confidencialidad/), 'Confirmar firma'))).status).toBe(200);
  }
  await mailTo('dtorres@cultura.gob.pe', /^Cuenta institucional activa/);
  const status = (await head.api('GET', `/api/account-requests/${requestId}`)).json;
  expect(status.stage).toBe('activa');
}

/** Anything that looks like a password field or a password value, in an email or a page. */
function expectNoPasswordField(what: string, text: string) {
  expect({ what, leak: /contraseña\s*:|password\s*:|type\s*=\s*["']?password|name\s*=\s*["']?(password|contrase)/i.exec(text)?.[0] ?? null }).toEqual({ what, leak: null });
}

it('an active account gets its first rotation reminder a month later; the link confirms it and those concerned are told', async () => {
  await createActiveAccount();
  const listed = await head.api('GET', '/api/entities/mincul/accounts');
  expect(listed.status).toBe(200);
  const accounts = (listed.json.accounts as Array<{ id: string; network: string; username: string; status: string; activatedAt: string }>).filter(
    (a) => a.username === 'CulturaPeru',
  );
  expect(accounts.map((a) => `${a.network}:${a.status}`).sort()).toEqual(['facebook:active', 'instagram:active']);
  const facebook = accounts.find((a) => a.network === 'facebook')!;
  const instagram = accounts.find((a) => a.network === 'instagram')!;

  // Activation started one rotation process per account (RULEBOOK §2), due a month later at 09:00 Lima on a business day (PCM 6.1.2.5).
  const before = await rotationOf(facebook.id);
  expect(before).toEqual(expect.objectContaining({ state: 'esperando', profile: 'PCM', label: 'CulturaPeru (Facebook)', rotations: [], history: [] }));
  expect(before.custodian.email).toBe(CM);
  expect(before.overdue).toBeUndefined();
  const dueAt: string = before.nextDueAt;
  const activatedAt = Date.parse(before.lastConfirmedAt); // a new account counts from its activation
  expect(Date.parse(dueAt) - activatedAt).toBeGreaterThanOrEqual(27 * DAY_MS);
  expect(Date.parse(dueAt) - activatedAt).toBeLessThan(36 * DAY_MS);
  expect(new Date(dueAt).getUTCHours()).toBe(14); // 09:00 in Lima (UTC-5)
  expect(new Date(dueAt).getUTCDay()).not.toBe(0);
  expect(new Date(dueAt).getUTCDay()).not.toBe(6);
  expect((await rotationOf(instagram.id)).nextDueAt).toBe(dueAt);

  const isReminder = (m: CapturedMail) => /^Rotación de credenciales/.test(m.subject);
  // An hour before the due date nothing has been asked.
  await skipTo(dueAt, -3_600_000);
  await new Promise((r) => setTimeout(r, 500));
  expect(stack.mailbox!.list().filter(isReminder)).toEqual([]);
  expect((await rotationOf(facebook.id)).state).toBe('esperando');

  // At the due date the custodian (the community manager, PCM 6.1.2.4) is asked for both accounts in one
  // email (issue 18 §1), each account under its own heading with its own link.
  await skipTo(dueAt, 60_000);
  const reminder = await mailTo(CM, /^Rotación de credenciales: 2 cuentas$/, 15_000);
  expect(reminder.to).toEqual([CM]);
  expect(stack.mailbox!.list().filter(isReminder)).toHaveLength(1);
  // Both secrets are named (the account's and its linked email's, CONGRESO 6.2.4), and nothing asks for either.
  expect(reminder.text).toContain('la de la cuenta y la de su correo vinculado');
  expect(reminder.text).toContain('redes@cultura.gob.pe');
  expect(reminder.text).toContain('Nunca escriba una contraseña en Custodio');
  const changed = linkInSection(reminder, 'Rotación de credenciales: CulturaPeru (Facebook) – Ministerio de Cultura', 'Ya las cambié');
  expect(linkInSection(reminder, 'Rotación de credenciales: CulturaPeru (Instagram) – Ministerio de Cultura', 'Ya las cambié')).not.toBe(changed);

  // Until confirmed, the API shows it overdue since the due date, waiting for the custodian.
  const overdue = await rotationOf(facebook.id, (r) => r.state === 'pendiente');
  expect(overdue.overdue).toEqual({ since: dueAt, step: 'rotacion-1', waitingFor: [CM], escalated: false, remindersSent: 0 });
  expect(overdue.rotations).toEqual([]);

  const firstRun = (await stack.client.workflow.getHandle(`rotacion-${facebook.id}`).describe()).runId;

  // The link opens a confirmation page with «Ya las cambié» and no field for a password; its button confirms.
  const confirmed = await follow(changed);
  expect(confirmed.page).toContain('Ya las cambié');
  expectNoPasswordField('link page', confirmed.page);
  expect(confirmed.status).toBe(200);
  expect(confirmed.html).toContain('Quedó registrado');

  // Those concerned (the custodian, the head, the account's admins; SCS excluded) learn that credentials
  // changed and who holds them (CONGRESO 6.2.5).
  const notice = await mailTo(CM, /^Credenciales renovadas: CulturaPeru \(Facebook\) – Ministerio de Cultura$/, 15_000);
  expect([...notice.to].sort()).toEqual([HEAD, SECOND, CM].sort());
  expect(notice.text).toContain(`${CM} confirmó el`);
  expect(notice.text).toContain(`Carla Rojas Díaz (${CM})`);
  expect(notice.text).toContain('Este aviso no contiene contraseñas');

  // The registry holds the rotation; the next cycle counts from the confirmation.
  await continuedAsNew(facebook.id, firstRun);
  const after = await rotationOf(facebook.id, (r) => r.rotations.length === 1 && r.history.length === 1);
  expect(after.rotations).toEqual([{ cycle: 1, dueAt, confirmedAt: expect.any(String), confirmedBy: CM }]);
  const confirmedAt = after.rotations[0].confirmedAt as string;
  expect(Date.parse(confirmedAt)).toBeGreaterThanOrEqual(Date.parse(dueAt));
  expect(after.history).toEqual([{ cycle: 1, step: 'rotacion-1', dueAt, confirmedAt, by: CM }]);
  expect(after.lastConfirmedAt).toBe(confirmedAt);
  expect(after.overdue).toBeUndefined();
  const next = await rotationOf(facebook.id, (r) => r.state === 'esperando');
  expect(Date.parse(next.nextDueAt) - Date.parse(confirmedAt)).toBeGreaterThanOrEqual(27 * DAY_MS);

  // The same link again, now that the process continued as new, changes nothing.
  const again = new Browser(stack.apiUrl);
  expect((await again.open(changed)).status).toBe(410);
  await again.open('/ingresar');
  expect((await again.submit(changed)).status).toBe(410);

  // The other account, not confirmed, stays overdue.
  const other = await rotationOf(instagram.id, (r) => r.state === 'pendiente');
  expect(other.overdue).toEqual(expect.objectContaining({ since: dueAt, step: 'rotacion-1', waitingFor: [CM] }));
  expect(other.rotations).toEqual([]);

  // The confirmation is in the audit trail, with who and from where.
  const recorded = await auditModel(stack.db).find({ workflowId: `rotacion-${facebook.id}`, action: 'decision.recorded' }).lean();
  expect(recorded.map((e) => `${e.step}:${e.actor.email}`)).toEqual([`rotacion-1:${CM}`]);
  expect(recorded[0]!.ip).toBeTruthy();

  // Each email went out once, and none carries or asks for a password (RULEBOOK §2).
  const sent = stack.mailbox!.list();
  const keys = sent.map((m) => `${m.to.join(',')}|${m.subject}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(sent.filter(isReminder).map((m) => m.subject)).toEqual(['Rotación de credenciales: 2 cuentas']);
  for (const m of sent) {
    expectNoPasswordField(`${m.subject} (text)`, m.text);
    expectNoPasswordField(`${m.subject} (html)`, m.html);
  }
});
