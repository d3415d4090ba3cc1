import { ApplicationFailure } from '@temporalio/common';
import { createEmailActivities, type DecisionEmailInput } from '../../activities/email';
import { createLinkSigner } from '../../infra/links';
import { createMailer, type Mailer } from '../../infra/mailer';
import { OUTBOX_LEASE_MS, outboxModel, outboxSentModel, outboxTakeoverModel } from '../../infra/models/outbox';
import { startSmtpCapture, type SmtpCapture } from '../../local/smtpCapture';
import { startTestDb } from '../support/ferret';
import { auditModel } from '../../infra/models/audit';
import { requestModel } from '../../infra/models/request';
import { seedDemo } from '../../local/seed';
import { linksReachingOthers } from '../support/mailLinks';
import { refusalRecipients } from '../../registry/mailRefusals';
import { createAuditTrail } from '../../registry/audit';
import { createRegistry } from '../../registry/reads';
import { openSteps } from '../../registry/openSteps';
import { workflowEntity } from '../../registry/workflowEntity';
import { startLiveness, type Liveness } from '../../infra/liveness';
import { workerIncarnationModel } from '../../infra/models/workerIncarnation';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let smtp: SmtpCapture;
let mailer: Mailer;
const links = createLinkSigner('x'.repeat(40));

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  // The processes of these emails belong to the Ministerio de Cultura (a refusal is told to its head).
  const row = { kind: 'accountCreation' as const, entityId: 'mincul', requesterEmail: 'dtorres@cultura.gob.pe', submittedBy: 'x', title: 'x', submittedAt: new Date() };
  await requestModel(dbh.db).insertMany([1, 2].map((n) => ({ ...row, _id: String(n), workflowId: `account-request-${n}` })));
  smtp = await startSmtpCapture();
  mailer = createMailer(smtp.url, 'Custodio <no-responder@custodio.gob.pe>');
});
afterAll(async () => {
  mailer.close();
  await smtp.stop();
  await dbh.stop();
});
beforeEach(async () => {
  smtp.clear();
  await outboxModel(dbh.db).deleteMany({});
  await outboxSentModel(dbh.db).deleteMany({});
  await outboxTakeoverModel(dbh.db).deleteMany({});
});

const activities = (m: Mailer = mailer, sent = outboxSentModel(dbh.db), liveness?: Liveness) =>
  createEmailActivities({ mailer: m, outbox: outboxModel(dbh.db), sent, takeovers: outboxTakeoverModel(dbh.db), links, publicUrl: 'http://localhost:3000', linkTtlDays: 14,
    refusals: refusalRecipients(dbh.db, createRegistry(dbh.db)), audit: createAuditTrail(dbh.db), steps: openSteps(dbh.db), entityOf: workflowEntity(dbh.db),
    ...(liveness ? { liveness } : {}),
  });

const request: DecisionEmailInput = {
  workflowId: 'account-request-1',
  step: 'aprobacion-1',
  version: 1,
  kind: 'request',
  to: [{ name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' }],
  title: 'Creación de cuenta institucional CulturaPeru',
  intro: 'Diego Torres propone crear la cuenta.',
  summary: [['Entidad', 'Ministerio de Cultura']],
  actions: ['approve', 'observe', 'reject'],
  openedAt: new Date().toISOString(),
};

describe('email activities against FerretDB and the SMTP capture', () => {
  it('a step with copies: the decider alone gets the links; those copied get the text and attachments without any link (issue 14 §1.1)', async () => {
    const withCopies: DecisionEmailInput = {
      ...request, step: 'acuse-scs', actions: ['acknowledge'], to: [{ name: 'SCS', email: 'rrss_scs@pcm.gob.pe' }],
      cc: ['aquispe@cultura.gob.pe', 'dtorres@cultura.gob.pe', 'rrss_scs@pcm.gob.pe'],
    };
    await activities().sendDecisionEmail(withCopies);
    const [toDecider, copy, ...more] = smtp.list();
    expect(more).toEqual([]);
    expect(toDecider).toMatchObject({ to: ['rrss_scs@pcm.gob.pe'], cc: [] });
    expect(toDecider!.text).toMatch(/\/enlace\//);
    expect(copy).toMatchObject({ to: ['aquispe@cultura.gob.pe', 'dtorres@cultura.gob.pe'], cc: [], subject: `Copia informativa: ${request.title}` });
    expect(copy!.text).toContain('Este paso corresponde a SCS (rrss_scs@pcm.gob.pe)');
    expect(copy!.text).toContain(request.intro);
    expect(copy!.text).not.toMatch(/\/enlace\//);
    expect(linksReachingOthers(smtp.list())).toEqual([]);

    // Reminders go to the decider alone; a retried activity sends nothing twice.
    await activities().sendDecisionEmail({ ...withCopies, version: 2, kind: 'reminder' });
    await activities().sendDecisionEmail(withCopies);
    expect(smtp.list().map((m) => [m.subject.split(':')[0], m.to.join(',')])).toEqual([
      [request.title, 'rrss_scs@pcm.gob.pe'],
      ['Copia informativa', 'aquispe@cultura.gob.pe,dtorres@cultura.gob.pe'],
      ['Recordatorio', 'rrss_scs@pcm.gob.pe'],
    ]);
  });

  it('sends Spanish HTML and text with one signed link per action', async () => {
    await activities().sendDecisionEmail(request);
    const [mail] = smtp.list();
    expect(mail!.to).toEqual(['aquispe@cultura.gob.pe']);
    expect(mail!.from).toBe('no-responder@custodio.gob.pe');
    expect(mail!.text).toContain('Estimado(a) Ana Quispe:');
    expect(mail!.html).toContain('<html lang="es">');
    const urls = mail!.text.match(/http:\/\/localhost:3000\/enlace\/\S+/g)!;
    expect(urls).toHaveLength(3);
    const actions = urls.map((u) => {
      const check = links.verify(u.split('/').pop()!);
      return check.ok ? check.claims.action : check.reason;
    });
    expect(actions).toEqual(['approve', 'observe', 'reject']);
  });

  it('every email of a process links to its status page, and Aprobar, Observar and Rechazar look different (issue 15 §2, §3b)', async () => {
    await activities().sendDecisionEmail({ ...request, cc: ['dtorres@cultura.gob.pe'] });
    await activities().sendNotice({ key: 'account-request-1/activated', to: [{ name: 'Diego Torres', email: 'dtorres@cultura.gob.pe' }], subject: 'Cuenta activada', paragraphs: ['La cuenta quedó activa.'] });
    const mails = smtp.list();
    expect(mails).toHaveLength(3);
    for (const m of mails) {
      expect(m.text).toContain('Ver el estado del proceso:\nhttp://localhost:3000/solicitudes/1');
      expect(m.html).toContain('<a href="http://localhost:3000/solicitudes/1">Ver el estado del proceso</a>');
    }
    const styles = [...mails[0]!.html.matchAll(/<a href="http:\/\/localhost:3000\/enlace\/[^"]+" style="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[2], m[1]]);
    expect(styles.map(([label]) => label)).toEqual(['Aprobar', 'Observar', 'Rechazar']);
    expect(new Set(styles.map(([, style]) => style)).size).toBe(3);
    // An agency grant links to its own page; an id no process builds gets no such link.
    await activities().sendNotice({ key: 'concesion-0123456789abcdef01234567/start', to: [{ name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' }], subject: 'Acceso', paragraphs: ['Texto.'] });
    expect(smtp.list()[3]!.text).toContain('Ver el estado del proceso:\nhttp://localhost:3000/agencias/0123456789abcdef01234567');
    await activities().sendNotice({ key: 'sin-proceso-1/start', to: [{ name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' }], subject: 'Aviso', paragraphs: ['Texto.'] });
    expect(smtp.list()[4]!.text).not.toContain('Ver el estado del proceso');
  });

  it('a retried activity does not send twice (outbox keyed by workflow and step)', async () => {
    await activities().sendDecisionEmail(request);
    await activities().sendDecisionEmail(request);
    expect(smtp.list()).toHaveLength(1);
  });

  it('after a crash between SMTP acceptance and the record, the retry reuses the same Message-ID', async () => {
    let calls = 0;
    const crashing: Mailer = {
      send: async (m) => {
        const sent = await mailer.send(m);
        if (++calls === 1) throw new Error('worker died before recording the send');
        return sent;
      },
      close: () => undefined,
    };
    await expect(activities(crashing).sendDecisionEmail(request)).rejects.toThrow('worker died');
    await activities(crashing).sendDecisionEmail(request);
    const ids = smtp.list().map((m) => m.messageId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect((await outboxSentModel(dbh.db).findById('account-request-1/aprobacion-1/v1/request/aquispe@cultura.gob.pe').lean())?.messageId).toBe(ids[0]);
  });

  it('an attempt that overlaps a slow live one backs off instead of sending too, then finds it sent', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inSmtp = new Promise<void>((r) => (entered = r));
    const slow: Mailer = {
      send: async (m) => {
        entered();
        await new Promise<void>((r) => (release = r));
        return mailer.send(m);
      },
      close: () => undefined,
    };
    const first = activities(slow).sendDecisionEmail(request);
    await inSmtp;
    const overlap = await activities().sendDecisionEmail(request).catch((e: unknown) => e);
    expect(overlap).toBeInstanceOf(ApplicationFailure);
    expect((overlap as ApplicationFailure).type).toBe('DeliveryInProgress');
    expect((overlap as ApplicationFailure).nonRetryable).toBe(false);
    release();
    await first;
    await activities().sendDecisionEmail(request);
    expect(smtp.list()).toHaveLength(1);
  });

  it('a claim left by an attempt that died is taken over once its lease ran out, and the message keeps its Message-ID', async () => {
    const key = 'account-request-1/aprobacion-1/v1/request/aquispe@cultura.gob.pe';
    await outboxModel(dbh.db).create({ _id: key, messageId: '<x@custodio>', to: ['aquispe@cultura.gob.pe'], subject: 'x', state: 'sending', claimedAt: new Date() });
    await expect(activities().sendDecisionEmail(request)).rejects.toMatchObject({ type: 'DeliveryInProgress' });
    expect(smtp.list()).toHaveLength(0);
    await outboxModel(dbh.db).updateOne({ _id: key }, { $set: { claimedAt: new Date(Date.now() - OUTBOX_LEASE_MS - 1000) } });
    await activities().sendDecisionEmail(request);
    await activities().sendDecisionEmail(request);
    const [mail, ...more] = smtp.list();
    expect(more).toEqual([]);
    expect(mail!.messageId).toBe((await outboxSentModel(dbh.db).findById(key).lean())?.messageId);
  });

  it('a claim whose worker process died (SIGKILL mid-send) is taken over at once, not after the lease; one held by a live process is not', async () => {
    const key = 'account-request-1/aprobacion-1/v1/request/aquispe@cultura.gob.pe';
    const [mine, killed, busy] = await Promise.all([startLiveness(dbh.db), startLiveness(dbh.db), startLiveness(dbh.db)]);
    try {
      killed.stop();
      await workerIncarnationModel(dbh.db).updateOne({ _id: killed.id }, { $set: { seenAt: new Date(Date.now() - 60_000) } });
      const claim = (by: string) => ({ _id: key, messageId: '<x@custodio>', to: ['aquispe@cultura.gob.pe'], subject: 'x', state: 'sending' as const, claimedAt: new Date(), by });

      await outboxModel(dbh.db).create(claim(busy.id));
      await expect(activities(mailer, undefined, mine).sendDecisionEmail(request)).rejects.toMatchObject({ type: 'DeliveryInProgress' });
      expect(smtp.list()).toHaveLength(0);

      await outboxModel(dbh.db).deleteOne({ _id: key });
      await outboxModel(dbh.db).create(claim(killed.id));
      await activities(mailer, undefined, mine).sendDecisionEmail(request);
      await activities(mailer, undefined, mine).sendDecisionEmail(request);
      expect(smtp.list()).toHaveLength(1);
      expect((await outboxModel(dbh.db).findById(key).lean())?.by).toBe(mine.id);
    } finally {
      for (const l of [mine, killed, busy]) l.stop();
    }
  });

  it('the database drops right after SMTP took the message: the attempt keeps recording it, so no retry waits out the lease or sends it twice', async () => {
    let drops = 2;
    const dropped = () => Promise.reject(Object.assign(new Error('connection reset by peer'), { name: 'MongoNetworkError' }));
    const sent = new Proxy(outboxSentModel(dbh.db), { get: (model, prop, self) => (prop === 'create' && drops-- > 0 ? dropped : Reflect.get(model, prop, self)) });
    await activities(mailer, sent).sendDecisionEmail(request);
    expect(drops).toBeLessThan(0);
    expect(await outboxSentModel(dbh.db).countDocuments({})).toBe(1);
    await activities().sendDecisionEmail(request);
    expect(smtp.list()).toHaveLength(1);
  });

  it('ten attempts that find the same stale claim at once: exactly one takes it over and sends (issue 14 §1.6)', async () => {
    for (let round = 1; round <= 5; round++) {
      const key = `account-request-${round}/aprobacion-1/v1/request/aquispe@cultura.gob.pe`;
      await outboxModel(dbh.db).create({ _id: key, messageId: '<x@custodio>', to: ['aquispe@cultura.gob.pe'], subject: 'x', state: 'sending', claimedAt: new Date(Date.now() - OUTBOX_LEASE_MS - 1000) });
      const mine = { ...request, workflowId: `account-request-${round}` };
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => activities().sendDecisionEmail(mine).then(() => 'sent', (e: ApplicationFailure) => e.type)));
      expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'sent').every((o) => o === 'DeliveryInProgress')).toBe(true);
    }
    expect(smtp.list()).toHaveLength(5);
  });

  it('rows written by earlier versions: "sending" without a claim time means not sent (sent once), "sent" means sent (nothing goes)', async () => {
    const key = 'account-request-1/aprobacion-1/v1/request/aquispe@cultura.gob.pe';
    await outboxModel(dbh.db).create({ _id: key, messageId: '<x@custodio>', to: ['aquispe@cultura.gob.pe'], subject: 'x', state: 'sending' });
    await activities().sendDecisionEmail(request);
    await activities().sendDecisionEmail(request);
    expect(smtp.list()).toHaveLength(1);
    await activities().sendDecisionEmail({ ...request, step: 'aprobacion-2' });
    expect(smtp.list()).toHaveLength(2);
    await outboxModel(dbh.db).create({ _id: key.replace('aprobacion-1', 'aprobacion-3'), messageId: '<y@custodio>', to: ['aquispe@cultura.gob.pe'], subject: 'x', state: 'sent' });
    await activities().sendDecisionEmail({ ...request, step: 'aprobacion-3' });
    expect(smtp.list()).toHaveLength(2);
  });

  it('a permanent SMTP refusal (550) fails nothing: the activity answers the refused address, the head is told with a link to resend the step, the trail records it, a retry sends nothing again (issue 14 §1.2)', async () => {
    smtp.refuse('aquispe@cultura.gob.pe');
    try {
      const sendAs = { ...request, to: [{ name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' }, { name: 'Bruno Salas', email: 'bsalas@cultura.gob.pe' }] };
      const outcome = await activities().sendDecisionEmail(sendAs);
      expect(outcome.undelivered).toEqual([{ address: 'aquispe@cultura.gob.pe', reason: expect.stringContaining('550') }]);
      // Bruno got his links; the head's own address refused, so the platform admin hears of it.
      const [toBruno, report, ...more] = smtp.list();
      expect(more).toEqual([]);
      expect(toBruno!.to).toEqual(['bsalas@cultura.gob.pe']);
      expect(report).toMatchObject({ to: ['admin@custodio.gob.pe'], subject: 'Correo no entregado: aquispe@cultura.gob.pe' });
      expect(report!.text).toContain(`El paso «${request.title}» sigue abierto`);
      expect(report!.text).toContain(`http://localhost:3000/pasos/${request.workflowId}/${request.step}/reenviar`);
      expect(linksReachingOthers(smtp.list())).toEqual([]);
      const trail = await auditModel(dbh.db).find({ action: 'email.refused', workflowId: request.workflowId }).lean();
      expect(trail).toEqual([expect.objectContaining({ subject: 'aquispe@cultura.gob.pe', step: request.step, actor: { kind: 'process' } })]);

      // A retried activity learns the refusal again without sending anything or telling anyone twice.
      expect((await activities().sendDecisionEmail(sendAs)).undelivered).toHaveLength(1);
      expect(smtp.list()).toHaveLength(2);
      expect(await auditModel(dbh.db).countDocuments({ action: 'email.refused', workflowId: request.workflowId })).toBe(1);
    } finally {
      smtp.accept('aquispe@cultura.gob.pe');
    }
  });

  it("a notice refused for one of its addresses reaches the others, and the refusal goes to the entity's head", async () => {
    smtp.refuse('crojas@cultura.gob.pe');
    try {
      const outcome = await activities().sendNotice({
        key: 'account-request-2/activa', to: [{ name: 'Diego Torres', email: 'dtorres@cultura.gob.pe' }, { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' }],
        subject: 'Cuenta institucional activa', paragraphs: ['Activa.'],
      });
      expect(outcome.undelivered.map((u) => u.address)).toEqual(['crojas@cultura.gob.pe']);
      const report = smtp.list().find((m) => m.subject === 'Correo no entregado: crojas@cultura.gob.pe')!;
      expect(report.to).toEqual(['aquispe@cultura.gob.pe']);
      expect(report.text).toContain('Era un aviso informativo');
    } finally {
      smtp.accept('crojas@cultura.gob.pe');
    }
  });

  it('attaches rendered PDFs with their file names', async () => {
    await activities().sendNotice({
      key: 'account-request-1/informe',
      to: [{ name: 'Diego', email: 'dtorres@cultura.gob.pe' }],
      subject: 'Informe técnico aprobado',
      paragraphs: ['Se adjunta el informe.'],
      attachments: [{ kind: 'confidentialityAgreement', data: { requestId: '1', entityName: 'Ministerio de Cultura', adminName: 'Ana Quispe', adminEmail: 'aquispe@cultura.gob.pe', accountNames: ['CulturaPeru'], networks: ['Facebook'], issuedAt: new Date().toISOString() } }],
    });
    const [mail] = smtp.list();
    expect(mail!.attachments).toEqual([expect.objectContaining({ filename: 'acuerdo-confidencialidad-ana-quispe.pdf', contentType: 'application/pdf' })]);
    expect(smtp.attachment(mail!.id, 0)!.content.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
