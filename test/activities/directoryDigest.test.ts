/**
 * SCS's daily directory digest against FerretDB and the SMTP capture (issue 16 §5; PCM 6.3.5, 7.3): the
 * day's window read from the audit trail, by supervisor address and entity (PCM 2: INPE and Senace too,
 * never the Congress), only the changes to accounts and to the people who answer for them, and the email
 * going out once per address and day however often it is sent.
 */
import { createDirectoryDigestActivities, DIGEST_CHANGES_PER_ENTITY } from '../../activities/directoryDigest';
import { createEmailActivities } from '../../activities/email';
import { DIRECTORY_DIGEST_WORKFLOW_ID } from '../../contracts/directoryDigest';
import { SUPERVISOR_ADDRESSEE } from '../../domain/policyProfiles';
import { createLinkSigner } from '../../infra/links';
import { createMailer, type Mailer } from '../../infra/mailer';
import { accountModel, type AccountDoc } from '../../infra/models/account';
import { auditModel, type AuditDoc } from '../../infra/models/audit';
import { entityModel } from '../../infra/models/entity';
import { outboxModel, outboxSentModel, outboxTakeoverModel } from '../../infra/models/outbox';
import { personModel } from '../../infra/models/person';
import { seedDemo } from '../../local/seed';
import { startSmtpCapture, type SmtpCapture } from '../../local/smtpCapture';
import { createAuditTrail } from '../../registry/audit';
import { refusalRecipients } from '../../registry/mailRefusals';
import { openSteps } from '../../registry/openSteps';
import { createRegistry } from '../../registry/reads';
import { workflowEntity } from '../../registry/workflowEntity';
import { digestTexts } from '../../workflows/texts/directoryDigest';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let smtp: SmtpCapture;
let mailer: Mailer;
let acts: ReturnType<typeof createDirectoryDigestActivities>;

const SCS = 'rrss_scs@pcm.gob.pe';
/** Lima is UTC−5 all year: `lima('2027-01-04T09:15')` is 09:15 in Lima. */
const lima = (local: string) => new Date(`${local}:00-05:00`);
const account = (entityId: string, username: string, over: Partial<AccountDoc> = {}): AccountDoc => ({
  _id: `${entityId}-${username}`, entityId, network: 'facebook', username, managingEmail: `redes@${entityId}.gob.pe`, roles: [], status: 'active',
  activatedAt: lima('2026-06-01T10:00'), origin: 'registered', ...over,
});
const row = (at: string, entityId: string, action: AuditDoc['action'], over: Partial<AuditDoc> = {}) =>
  ({ at: lima(at), action, actor: { kind: 'person', email: 'aquispe@cultura.gob.pe' }, entityId, ...over }) as Omit<AuditDoc, '_id'>;

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  // Senace reports to another SCS mailbox: it gets a digest of its own.
  await entityModel(dbh.db).updateOne({ _id: 'senace' }, { $set: { supervisorEmail: 'Otra_SCS@pcm.gob.pe' } });
  await accountModel(dbh.db).create([
    account('mincul', 'CulturaPeru'), account('mincul', 'CulturaVideos', { network: 'youtube' }), account('inpe', 'InpeOficial', { network: 'x' }),
    account('senace', 'SenacePeru', { network: 'youtube' }), account('congreso', 'CongresoPeru'),
  ]);
  await personModel(dbh.db).create({ email: 'epaz@cultura.gob.pe', name: 'Elena Paz Soto', phone: '+51 911 222 333', memberships: [{ entityId: 'mincul', role: 'cm', since: lima('2027-01-04T11:00') }] });
  await auditModel(dbh.db).create([
    // Monday 4 January 2027's window: Sunday 3, 18:00 to Monday 4, 18:00 (Lima).
    row('2027-01-03T17:59', 'mincul', 'account.registered', { accountId: 'mincul-CulturaVideos', detail: 'youtube:CulturaVideos' }),
    row('2027-01-03T20:30', 'inpe', 'account.updated', { actor: { kind: 'person', email: 'gramos@inpe.gob.pe' }, accountId: 'inpe-InpeOficial', detail: 'inventario: Responsables y teléfonos, Tipo de contenido' }),
    row('2027-01-04T09:15', 'mincul', 'account.status.changed', { accountId: 'mincul-CulturaPeru', detail: 'active → paused: Cambio de estrategia digital' }),
    row('2027-01-04T10:00', 'mincul', 'roster.changed', { subject: 'crojas@cultura.gob.pe', detail: 'teléfono actualizado' }),
    // A requesting unit answers for no account: not SCS's business.
    row('2027-01-04T10:30', 'mincul', 'roster.added', { subject: 'unidad@cultura.gob.pe', detail: 'Rol: requester (Dirección de Museos)' }),
    row('2027-01-04T11:00', 'mincul', 'roster.added', { subject: 'epaz@cultura.gob.pe', detail: 'Rol: cm' }),
    row('2027-01-04T11:30', 'mincul', 'account.activated', { actor: { kind: 'process' }, accountId: 'mincul-CulturaVideos', detail: 'youtube:CulturaVideos' }),
    // PCM 6.1.2.7: a rename the head approved and the CM confirmed (activities/nameChange.ts writes it).
    row('2027-01-04T11:45', 'mincul', 'account.renamed', {
      actor: { kind: 'process', email: 'crojas@cultura.gob.pe' }, accountId: 'mincul-CulturaPeru', detail: 'usuario: CulturaAntes → CulturaPeru; aprobó: aquispe@cultura.gob.pe',
    }),
    row('2027-01-04T12:00', 'mincul', 'entity.changed', { detail: 'nonWorkingDays' }),
    row('2027-01-04T12:30', 'mincul', 'roster.viewed', { detail: 'Nómina con teléfonos' }),
    row('2027-01-04T13:00', 'senace', 'account.roles.changed', { accountId: 'senace-SenacePeru', detail: 'x' }),
    row('2027-01-04T14:00', 'congreso', 'account.registered', { accountId: 'congreso-CongresoPeru', detail: 'facebook:CongresoPeru' }),
    row('2027-01-04T18:00', 'mincul', 'account.roles.changed', { accountId: 'mincul-CulturaPeru', detail: 'x' }),
    // Thursday 7: more changes than one email lists.
    ...Array.from({ length: DIGEST_CHANGES_PER_ENTITY + 2 }, (_, i) => row(`2027-01-07T09:${String(i).padStart(2, '0')}`, 'mincul', 'account.roles.changed', { accountId: 'mincul-CulturaPeru', detail: 'x' })),
  ]);
  acts = createDirectoryDigestActivities({ audit: auditModel(dbh.db), accounts: accountModel(dbh.db), people: personModel(dbh.db), registry: createRegistry(dbh.db), now: () => lima('2027-01-04T10:00') });
  smtp = await startSmtpCapture();
  mailer = createMailer(smtp.url, 'Custodio <no-responder@custodio.gob.pe>');
});
afterAll(async () => {
  mailer.close();
  await smtp.stop();
  await dbh.stop();
});

describe('the directory digest activities (issue 16 §5; PCM 6.3.5, 7.3)', () => {
  it('a new scheduler\'s next digest is today\'s, at 18:00 Lima; one that sent a day goes on with the next', async () => {
    expect(await acts.directoryDigestSchedule({})).toEqual({ now: '2027-01-04T15:00:00.000Z', day: '2027-01-04', at: '2027-01-04T23:00:00.000Z' });
    expect(await acts.directoryDigestSchedule({ lastDay: '2027-01-04' })).toMatchObject({ day: '2027-01-05', at: '2027-01-05T23:00:00.000Z' });
  });

  it('PCM 2, 7.3: the day\'s changes to accounts and to the people who answer for them, per SCS address and entity, in order; the Congress, other actions and other days left out', async () => {
    const day = await acts.directoryChanges({ day: '2027-01-04' });
    expect([day.fromLabel, day.toLabel, day.dayLabel]).toEqual(['domingo 3 de enero de 2027, 18:00', 'lunes 4 de enero de 2027, 18:00', 'lunes 4 de enero de 2027']);
    expect(day.digests.map((d) => [d.address, d.entities.map((e) => [e.id, e.changes.map((c) => [c.time, c.action]), e.more])])).toEqual([
      ['otra_scs@pcm.gob.pe', [['senace', [['13:00', 'account.roles.changed']], 0]]],
      [SCS, [
        ['inpe', [['20:30', 'account.updated']], 0],
        ['mincul', [['09:15', 'account.status.changed'], ['10:00', 'roster.changed'], ['11:00', 'roster.added'], ['11:30', 'account.activated'], ['11:45', 'account.renamed']], 0],
      ]],
    ]);
    const mincul = day.digests[1]!.entities[1]!;
    expect(mincul.changes[0]).toMatchObject({ by: 'aquispe@cultura.gob.pe', account: { username: 'CulturaPeru', network: 'facebook' }, detail: 'active → paused: Cambio de estrategia digital' });
    expect(mincul.changes[1]).toMatchObject({ person: { name: 'Carla Rojas Díaz', email: 'crojas@cultura.gob.pe' } });
    expect(mincul.changes[3]).not.toHaveProperty('by');
  });

  it('a day without changes has no digest; a day with more changes than an email lists counts the rest', async () => {
    expect((await acts.directoryChanges({ day: '2027-01-06' })).digests).toEqual([]);
    const busy = await acts.directoryChanges({ day: '2027-01-07' });
    expect(busy.digests.map((d) => d.entities.map((e) => [e.id, e.changes.length, e.more]))).toEqual([[['mincul', DIGEST_CHANGES_PER_ENTITY, 2]]]);
  });

  it('the email to SCS lists each change in Spanish, never a phone, opens the directory, and leaves once per address and day however often it is sent', async () => {
    const day = await acts.directoryChanges({ day: '2027-01-04' });
    const digest = day.digests.find((d) => d.address === SCS)!;
    const email = createEmailActivities({
      mailer, outbox: outboxModel(dbh.db), sent: outboxSentModel(dbh.db), takeovers: outboxTakeoverModel(dbh.db), links: createLinkSigner('x'.repeat(40)),
      publicUrl: 'https://custodio.gob.pe', linkTtlDays: 14, refusals: refusalRecipients(dbh.db, createRegistry(dbh.db)), audit: createAuditTrail(dbh.db),
      steps: openSteps(dbh.db), entityOf: workflowEntity(dbh.db),
    });
    const notice = { key: `${DIRECTORY_DIGEST_WORKFLOW_ID}/${day.day}/${SCS}`, to: [{ name: 'Secretaría de Comunicación Social', email: SCS }], addressee: SUPERVISOR_ADDRESSEE, ...digestTexts.digest(digest, day) };
    // A retried activity, and a second scheduler, send the same key.
    await email.sendNotice(notice);
    await email.sendNotice(notice);
    const mails = smtp.list();
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.to).toEqual([SCS]);
    expect(mail!.subject).toBe('Directorio de cuentas: 6 cambios del lunes 4 de enero de 2027');
    expect(mail!.text).toContain('Señores de la Coordinación de Comunicación Digital de la Secretaría de Comunicación Social:');
    expect(mail!.text).toContain('desde el domingo 3 de enero de 2027, 18:00 hasta el lunes 4 de enero de 2027, 18:00 (hora de Lima)');
    expect(mail!.text).toContain('Instituto Nacional Penitenciario, 20:30: InpeOficial (X (Twitter)): se actualizaron sus datos del Anexo 4 (Responsables y teléfonos, Tipo de contenido). Registró: gramos@inpe.gob.pe.');
    expect(mail!.text).toContain('Ministerio de Cultura, 09:15: CulturaPeru (Facebook): pasó de activa a pausada (motivo: Cambio de estrategia digital).');
    expect(mail!.text).toContain('Ministerio de Cultura, 10:00: Carla Rojas Díaz (crojas@cultura.gob.pe): teléfono actualizado.');
    expect(mail!.text).toContain('Ministerio de Cultura, 11:00: Elena Paz Soto (epaz@cultura.gob.pe) se incorporó a la oficina como community manager.');
    expect(mail!.text).toContain('Ministerio de Cultura, 11:30: CulturaVideos (YouTube): cuenta creada por solicitud aprobada; ya está activa.');
    expect(mail!.text).toContain(
      'Ministerio de Cultura, 11:45: CulturaPeru (Facebook): cambio de nombre o usuario aprobado por el/la titular (PCM 6.1.2.7) — usuario: CulturaAntes → CulturaPeru; aprobó: aquispe@cultura.gob.pe. Registró: crojas@cultura.gob.pe.',
    );
    expect(mail!.text).toContain('Abrir el directorio de cuentas:\nhttps://custodio.gob.pe/directorio');
    expect(mail!.text).not.toMatch(/900 000|\+51/);
    expect(mail!.text).not.toContain('Congreso');
  });
});
