/**
 * The digest email (issue 18 §1): a custodian's rotations due at one instant in one email, each account
 * with its own signed links; one account alone gets the email it would have got by itself.
 */
import { createEmailActivities } from '../../activities/email';
import type { DigestItem, ReminderDigestInput } from '../../contracts/reminderDigest';
import { createLinkSigner } from '../../infra/links';
import { createMailer, type Mailer } from '../../infra/mailer';
import { auditModel } from '../../infra/models/audit';
import { openStepModel } from '../../infra/models/openStep';
import { outboxModel, outboxSentModel, outboxTakeoverModel } from '../../infra/models/outbox';
import { startSmtpCapture, type SmtpCapture } from '../../local/smtpCapture';
import { seedDemo } from '../../local/seed';
import { createAuditTrail } from '../../registry/audit';
import { refusalRecipients } from '../../registry/mailRefusals';
import { openSteps } from '../../registry/openSteps';
import { createRegistry } from '../../registry/reads';
import { workflowEntity } from '../../registry/workflowEntity';
import { rotationTexts } from '../../workflows/texts/credentialRotation';
import { startTestDb } from '../support/ferret';
import { linksReachingOthers } from '../support/mailLinks';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let smtp: SmtpCapture;
let mailer: Mailer;
const links = createLinkSigner('x'.repeat(40));

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  smtp = await startSmtpCapture();
  mailer = createMailer(smtp.url, 'Custodio <no-responder@custodio.gob.pe>');
});
afterAll(async () => {
  mailer.close();
  await smtp.stop();
  await dbh.stop();
});
beforeEach(() => smtp.clear());

/** Who holds each account now, for the check of steps that joined ahead. */
const holders = new Map<string, string>();
const activities = () =>
  createEmailActivities({ mailer, outbox: outboxModel(dbh.db), sent: outboxSentModel(dbh.db), takeovers: outboxTakeoverModel(dbh.db), links, publicUrl: 'http://localhost:3000', linkTtlDays: 14,
    refusals: refusalRecipients(dbh.db, createRegistry(dbh.db)), audit: createAuditTrail(dbh.db), steps: openSteps(dbh.db), entityOf: workflowEntity(dbh.db),
    holderOf: async (accountId) => holders.get(accountId),
  });

const CM = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' };
const AT = '2026-12-07T14:00:00.000Z';
const digest = (tag: string): ReminderDigestInput => ({ to: { ...CM, email: `${tag}@cultura.gob.pe` }, at: AT, ...rotationTexts.digest(false), quietMs: 5_000, maxGatherMs: 60_000 });
const item = (n: number): DigestItem => ({
  workflowId: `rotacion-acc${n}`,
  step: 'rotacion-1',
  version: 1,
  title: `Rotación de credenciales: Cuenta${n} (Facebook) – Ministerio de Cultura`,
  intro: `Venció el plazo de rotación de credenciales de la cuenta Cuenta${n}.`,
  summary: [['Cuenta', `Cuenta${n} (Facebook)`], ['Fecha de rotación', 'lunes 7 de diciembre de 2026, 09:00']],
  actions: ['changed'],
  openedAt: AT,
  entityId: 'mincul',
  dueAfter: 5,
  nonWorkingDays: [],
});
const claimsIn = (text: string) =>
  (text.match(/http:\/\/localhost:3000\/enlace\/\S+/g) ?? []).map((u) => {
    const check = links.verify(u.split('/').pop()!);
    if (!check.ok) throw new Error(check.reason);
    return check.claims;
  });

describe('one email per custodian per due instant (issue 18 §1; PCM 6.1.2.5)', () => {
  it('three accounts due together: one email, each account under its own heading with its own link, each step indexed as open', async () => {
    const input = digest('tres');
    const answers = await activities().sendReminderDigest({ key: 'resumen-x/r/1', input, items: [1, 2, 3].map(item) });
    const mails = smtp.list();
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.to).toEqual([input.to.email]);
    expect(mail!.subject).toBe('Rotación de credenciales: 3 cuentas');
    expect(mail!.text).toContain('Tiene 3 cuentas por atender.');
    for (const n of [1, 2, 3]) expect(mail!.text).toContain(`== Rotación de credenciales: Cuenta${n} (Facebook) – Ministerio de Cultura ==`);
    expect(claimsIn(mail!.text).map((c) => [c.workflowId, c.step, c.version, c.email, c.action])).toEqual(
      [1, 2, 3].map((n) => [`rotacion-acc${n}`, 'rotacion-1', 1, input.to.email, 'changed']),
    );
    expect(mail!.html.match(/<h2 /g)).toHaveLength(3);
    expect(linksReachingOthers(mails)).toEqual([]);
    expect(answers.map((a) => [a.workflowId, a.delivery.step, a.delivery.undelivered])).toEqual([1, 2, 3].map((n) => [`rotacion-acc${n}`, 'rotacion-1', []]));
    expect(answers.every((a) => a.delivery.freshLinksBy && a.delivery.linksExpireAt)).toBe(true);
    const open = await Promise.all([1, 2, 3].map((n) => openStepModel(dbh.db).findOne({ workflowId: `rotacion-acc${n}` }).lean()));
    expect(open.map((o) => o?.waitingFor)).toEqual([[input.to.email], [input.to.email], [input.to.email]]);

    // A retried activity sends nothing again.
    await activities().sendReminderDigest({ key: 'resumen-x/r/1', input, items: [1, 2, 3].map(item) });
    expect(smtp.list()).toHaveLength(1);
  });

  it('one account alone gets the same email, under the same key, as its step would send by itself', async () => {
    const input = digest('uno');
    await activities().sendReminderDigest({ key: 'resumen-y/r/1', input, items: [item(4)] });
    await activities().sendDecisionEmail({ ...item(4), kind: 'request', to: [input.to] });
    const mails = smtp.list();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(item(4).title);
    expect(mails[0]!.text).toContain(item(4).intro);
  });

  it('a refused address: every step hears it, and each is reported with its own way to resend it (issue 14 §1.2)', async () => {
    const input = digest('rechazado');
    smtp.refuse(input.to.email);
    try {
      const answers = await activities().sendReminderDigest({ key: 'resumen-z/r/1', input, items: [5, 6].map(item) });
      expect(answers.map((a) => a.delivery.undelivered)).toEqual([
        [{ address: input.to.email, reason: expect.stringContaining('550') }],
        [{ address: input.to.email, reason: expect.stringContaining('550') }],
      ]);
      const reports = smtp.list().filter((m) => m.subject === `Correo no entregado: ${input.to.email}`);
      expect(reports.map((r) => r.text.match(/\/pasos\/(rotacion-acc\d)\/rotacion-1\/reenviar/)?.[1]).sort()).toEqual(['rotacion-acc5', 'rotacion-acc6']);
      expect(await auditModel(dbh.db).countDocuments({ action: 'email.refused', subject: input.to.email })).toBe(2);
    } finally {
      smtp.accept(input.to.email);
    }
  });

  it('steps that joined ahead go out only to whoever still holds their account at the instant; the others are dropped, not emailed', async () => {
    const input = { ...digest('adelantado'), holdUntilDue: true };
    const ahead = (n: number): DigestItem => ({ ...item(n), holds: { accountId: `acc${n}` } });
    holders.set('acc7', input.to.email);
    holders.set('acc8', input.to.email);
    holders.set('acc9', 'nuevo-cm@cultura.gob.pe');
    // acc10 was paused: nobody holds it.
    const answers = await activities().sendReminderDigest({ key: 'resumen-w/r/1', input, items: [7, 8, 9, 10].map(ahead) });
    const mails = smtp.list();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Rotación de credenciales: 2 cuentas');
    expect(claimsIn(mails[0]!.text).map((c) => c.workflowId)).toEqual(['rotacion-acc7', 'rotacion-acc8']);
    expect(answers.map((a) => [a.workflowId, Boolean(a.delivery.dropped)])).toEqual([
      ['rotacion-acc7', false], ['rotacion-acc8', false], ['rotacion-acc9', true], ['rotacion-acc10', true],
    ]);
    expect(answers[2]!.delivery.dropped).toMatch(/cambió de responsable/);
    // A dropped step was never asked: it is not in the open-step index.
    for (const workflowId of ['rotacion-acc9', 'rotacion-acc10']) expect(await openStepModel(dbh.db).countDocuments({ workflowId })).toBe(0);
    expect(await openStepModel(dbh.db).countDocuments({ workflowId: 'rotacion-acc7' })).toBe(1);

    // Every step dropped: no email at all.
    smtp.clear();
    const none = await activities().sendReminderDigest({ key: 'resumen-v/r/1', input, items: [9, 10].map(ahead) });
    expect(smtp.list()).toEqual([]);
    expect(none.every((a) => a.delivery.dropped)).toBe(true);
  });
});
