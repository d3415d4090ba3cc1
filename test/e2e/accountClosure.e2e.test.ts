/**
 * «Cierre de cuenta» (issue 19 §5; PCM 5.2.5) against the real stack: Temporal dev server and worker,
 * FerretDB, SMTP capture, people signed in by emailed link. The head registers an account (its rotation
 * process starts), the CM asks to close it, the head approves by the emailed link, the CM confirms the
 * three actions on the link page (a missing one is refused, ticks kept), and then: the account is retired
 * with no roles, the last change of password is in its rotation history, its rotation process is over,
 * SCS has the numbered acta as PDF/A, and the closure page tells how it ended.
 */
import { accountModel, rolesOf } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { rotationModel } from '../../infra/models/rotation';
import type { CapturedMail } from '../../local/smtpCapture';
import { linkIn } from '../support/browser';
import { eventually } from '../support/eventually';
import { pdfText } from '../support/pdfText';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

const HEAD = 'aquispe@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';

type Who = 'head' | 'cm';
let stack: TestStack<Who>;
const mailTo = (to: string, subject: string) => stack.mailbox.waitFor((m: CapturedMail) => m.to.includes(to) && m.subject.startsWith(subject), 60_000);

beforeAll(async () => {
  stack = await startTestStack({ head: HEAD, cm: CM });
});
afterAll(() => stack?.stop());

it('PCM 5.2.5: asked by the CM, approved by the head, confirmed by the CM: retired without roles, rotation over, the last change recorded, and SCS has the numbered acta', async () => {
  const { as } = stack;
  const registered = await as.head.api('POST', '/api/entities/mincul/accounts', {
    network: 'x', username: 'CulturaCampana', managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }],
    description: 'Campaña de verano del Ministerio de Cultura.', contentType: 'Fotos y videos de la campaña', lastRotatedOn: '2026-11-20',
  });
  expect(registered.status).toBe(201);
  const id = registered.json.accountId as string;
  expect((await as.cm.api('PUT', `/api/accounts/${id}/roles`, { roles: [{ name: 'Carla Rojas Díaz', email: CM, pageRole: 'admin' }, { name: 'Ana Quispe Huamán', email: HEAD, pageRole: 'admin' }] })).status).toBe(200);
  await eventually(() => as.head.api('GET', `/api/accounts/${id}/rotation`).then((r) => r.json), (r) => r.state === 'esperando', 'the rotation process', 60_000);

  const asked = await as.cm.api('POST', `/api/accounts/${id}/closures`, { reason: 'La campaña de verano terminó y la cuenta quedó sin uso.' });
  expect(asked.status).toBe(201);

  const approval = await mailTo(HEAD, 'Cierre de cuenta: CulturaCampana (X (Twitter))');
  expect(approval.text).toContain('PCM 5.2.5');
  expect((await as.head.follow(linkIn(approval, 'Aprobar'))).html).toContain('Registrado');

  const closing = await mailTo(CM, 'Cierre de cuenta aprobado: ciérrela en la red');
  const link = linkIn(closing, 'Confirmar');
  const page = await as.cm.open(link);
  expect(page.html).toContain('Desactivé o eliminé la cuenta en la red social.');
  const missing = await as.cm.follow(link, { rolesRemoved: 'si', note: 'Eliminada en X' });
  expect(missing.status).toBe(400);
  expect(missing.html).toContain('Confirme: Cambié la contraseña una última vez');
  expect(missing.html).toContain('Confirme: Desactivé o eliminé la cuenta en la red social.');
  expect(missing.html).toMatch(/name="rolesRemoved" value="si" checked/);
  expect(missing.html).toContain('>Eliminada en X</textarea>');
  expect(await accountModel(stack.db).findById(id).lean()).toMatchObject({ status: 'active' });
  expect((await as.cm.follow(link, { rolesRemoved: 'si', passwordChanged: 'si', platformClosed: 'si', note: 'Eliminada en X' })).html).toContain('Registrado');

  const acta = await mailTo(SCS, 'ACTA DE CIERRE N° ');
  expect(acta.subject).toMatch(/^ACTA DE CIERRE N° \d{3}-\d{4}-OC\/MINCUL: cierre de la cuenta CulturaCampana \(X \(Twitter\)\)/);
  expect(acta.cc).toEqual(expect.arrayContaining([HEAD, CM]));
  expect(acta.attachments).toEqual([expect.objectContaining({ filename: expect.stringMatching(/^acta-de-cierre-n-\d{3}-\d{4}-oc-mincul-culturacampana-x-twitter\.pdf$/), contentType: 'application/pdf' })]);
  const text = pdfText(stack.mailbox.attachment(acta.id, 0)!.content);
  expect(text).toContain('II. ACCIONES REALIZADAS');
  expect(text).toContain('Se cambió la contraseña una última vez.');
  expect(text).toContain('Nota: Eliminada en X');

  const account = (await accountModel(stack.db).findById(id).lean())!;
  expect(account).toMatchObject({ status: 'retired', statusReason: 'Cierre de la cuenta (PCM 5.2.5): La campaña de verano terminó y la cuenta quedó sin uso.' });
  expect(rolesOf(account)).toEqual([]);
  expect(await rotationModel(stack.db).findById(`${id}:cierre`).lean()).toMatchObject({ confirmedBy: CM, reason: 'Cierre de la cuenta (PCM 5.2.5)' });
  expect(await auditModel(stack.db).findOne({ action: 'account.status.changed', accountId: id }).lean()).toMatchObject({ detail: expect.stringMatching(/^active → retired: Cierre de la cuenta \(PCM 5\.2\.5\)/) });
  await eventually(() => as.head.api('GET', `/api/accounts/${id}/rotation`).then((r) => r.json), (r) => r.state === 'retirada', 'the end of rotation', 60_000);

  const closed = await as.head.open(`/cuentas/${id}/cierre`);
  expect(closed.html).toContain('Cuenta cerrada');
  expect(closed.html).toMatch(/ACTA DE CIERRE N° \d{3}-\d{4}-OC\/MINCUL/);
  expect(closed.html).not.toContain('Motivo del cierre');
  expect((await as.head.open(`/cuentas/${id}`)).html).toContain('Cómo se cerró la cuenta');
});
