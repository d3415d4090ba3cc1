/**
 * The moderation record over HTTP (PCM 6.2.2.13, INPE 5.4.b): who records and who reviews, what each
 * profile may record, the head's email once per record, personal data only for the entity's office, and
 * the audit rows.
 */
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { moderationRecordModel } from '../../infra/models/moderation';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { stubTemporal } from '../support/stubTemporal';

jest.setTimeout(60_000);

const WHO = {
  inpeHead: 'gramos@inpe.gob.pe', inpeCm: 'itorres@inpe.gob.pe', inpeSecond: 'hmendoza@inpe.gob.pe',
  minculCm: 'crojas@cultura.gob.pe', senaceCm: 'redes_sociales@senace.gob.pe', congresoCm: 'fvega@congreso.gob.pe', scs: 'rrss_scs@pcm.gob.pe',
} as const;
const link = (n: number) => `https://www.facebook.com/INPEoficial/posts/9?comment_id=${n}`;
const entry = (o: Record<string, unknown> = {}) => ({ accountId: 'mod-inpe', action: 'ocultar', reason: 'insultos', userHandle: '@Infractor', evidenceUrls: [link(1)], ...o });

let t: TestApp;
const as = {} as Record<keyof typeof WHO, Browser>;

beforeAll(async () => {
  t = await startTestApp({ temporal: stubTemporal().client });
  for (const [name, email] of Object.entries(WHO) as Array<[keyof typeof WHO, string]>) {
    as[name] = new Browser(t.url);
    await as[name].signIn(email, t.mailbox);
  }
  const base = { network: 'facebook' as const, status: 'active' as const, roles: [], activatedAt: new Date() };
  for (const [id, entityId] of [['mod-inpe', 'inpe'], ['mod-mincul', 'mincul'], ['mod-senace', 'senace'], ['mod-congreso', 'congreso']]) {
    await accountModel(t.db).create({ _id: id, entityId, username: `Cuenta${id}`, managingEmail: `redes@${entityId}.gob.pe`, ...base });
  }
});
afterAll(() => t?.stop());

describe('recording (PCM 6.2.2.13, INPE 5.4.b)', () => {
  it('PCM 6.2.2.13: PCM, Senace and the Congress record a hide and a report; a block and a deletion are refused citing PCM 6.2.2.13, nothing stored', async () => {
    for (const [who, entity, accountId] of [['minculCm', 'mincul', 'mod-mincul'], ['senaceCm', 'senace', 'mod-senace'], ['congresoCm', 'congreso', 'mod-congreso']] as const) {
      for (const action of ['ocultar', 'denunciar']) {
        const ok = await as[who].api('POST', `/api/entities/${entity}/moderation`, entry({ accountId, action, reason: 'agresivo' }));
        expect([ok.status, ok.json.action]).toEqual([201, action]);
      }
      for (const action of ['bloquear', 'eliminar']) {
        const no = await as[who].api('POST', `/api/entities/${entity}/moderation`, entry({ accountId, action, evidenceUrls: [link(1), link(2)] }));
        expect([no.status, no.json.error.details[0].field]).toEqual([400, 'action']);
        expect(no.json.error.details[0].message).toMatch(/PCM 6\.2\.2\.13/);
      }
    }
    expect(await moderationRecordModel(t.db).countDocuments({ action: 'bloquear' })).toBe(0);
  });

  it('the second in command, SCS and another entity\'s CM may not record', async () => {
    expect((await as.inpeSecond.api('POST', '/api/entities/inpe/moderation', entry())).status).toBe(403);
    expect((await as.scs.api('POST', '/api/entities/inpe/moderation', entry())).status).toBe(403);
    expect((await as.minculCm.api('POST', '/api/entities/inpe/moderation', entry())).status).toBe(403);
  });

  it('INPE 5.4.b: a first block without earlier occurrences is refused at the evidence; after a hide of the same user it is recorded, audited, and the head emailed once without the user in the subject', async () => {
    const first = await as.inpeCm.api('POST', '/api/entities/inpe/moderation', entry({ action: 'bloquear' }));
    expect([first.status, first.json.error.details[0].field, first.json.error.details[0].rule]).toEqual([400, 'evidenceUrls', 'INPE 5.4.b']);
    const hide = await as.inpeCm.api('POST', '/api/entities/inpe/moderation', entry());
    expect(hide.status).toBe(201);
    const block = await as.inpeCm.api('POST', '/api/entities/inpe/moderation', entry({ action: 'bloquear', userHandle: 'infractor', evidenceUrls: [link(3)] }));
    expect(block.status).toBe(201);
    expect(block.json).toMatchObject({ action: 'bloquear', needsReview: true, userHandle: 'infractor', recordedBy: WHO.inpeCm });
    const mail = await t.mailbox.waitFor((m) => m.to.includes(WHO.inpeHead) && m.text.includes(link(3)));
    expect(mail.subject).toBe('Registro de moderación: bloqueó al seguidor · Facebook · Cuentamod-inpe');
    expect(mail.subject).not.toMatch(/infractor/i);
    expect(mail.text).toMatch(/INPE 5\.4\.b/);
    expect(await auditModel(t.db).countDocuments({ action: 'moderation.recorded', entityId: 'inpe' })).toBe(2);
    const audits = await auditModel(t.db).find({ action: 'moderation.recorded' }).lean();
    expect(JSON.stringify(audits)).not.toMatch(/infractor|comment_id/i);
  });

  it('a double click on the page records once and emails the head once (key = the record)', async () => {
    const fields = { idempotencyKey: 'doble-clic-1', accountId: 'mod-inpe', action: 'denunciar', reason: 'soeces', userHandle: 'unico', evidenceUrls: link(7) };
    const [a, b] = await Promise.all([as.inpeCm.follow('/entidades/inpe/moderacion', fields), as.inpeCm.submit('/entidades/inpe/moderacion', fields)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.location).toBe(b.headers.get('location'));
    expect(await moderationRecordModel(t.db).countDocuments({ userKey: 'unico' })).toBe(1);
    await t.mailbox.waitFor((m) => m.text.includes(link(7)));
    await new Promise((r) => setTimeout(r, 300));
    expect(t.mailbox.list().filter((m) => m.text.includes(link(7))).map((m) => m.to)).toEqual([[WHO.inpeHead]]);
  });
});

describe('the head\'s review and reading', () => {
  it('INPE 5.4.b: only the head reviews a block; «Observado» needs a reason; the first review wins (409 after); audited', async () => {
    const list = await as.inpeHead.api('GET', '/api/entities/inpe/moderation');
    const block = list.json.records.find((r: { action: string }) => r.action === 'bloquear');
    const path = `/api/entities/inpe/moderation/${block.id}/review`;
    expect((await as.inpeCm.api('POST', path, { verdict: 'revisado' })).status).toBe(403);
    expect((await as.scs.api('POST', path, { verdict: 'revisado' })).status).toBe(403);
    const noReason = await as.inpeHead.api('POST', path, { verdict: 'observado' });
    expect([noReason.status, noReason.json.error.details[0].field]).toEqual([400, 'note']);
    const ok = await as.inpeHead.api('POST', path, { verdict: 'observado', note: 'Adjuntar capturas de pantalla' });
    expect([ok.status, ok.json.needsReview, ok.json.review.verdict, ok.json.review.by]).toEqual([200, false, 'observado', WHO.inpeHead]);
    expect((await as.inpeHead.api('POST', path, { verdict: 'revisado' })).status).toBe(409);
    expect(await auditModel(t.db).countDocuments({ action: 'moderation.reviewed', entityId: 'inpe' })).toBe(1);
    const hide = list.json.records.find((r: { action: string }) => r.action === 'ocultar');
    expect((await as.inpeHead.api('POST', `/api/entities/inpe/moderation/${hide.id}/review`, { verdict: 'revisado' })).status).toBe(409);
  });

  it('SCS reads INPE\'s records without the user, the evidence or the note; the office reads them; filter by account; 404 for an unknown record', async () => {
    const scs = await as.scs.api('GET', '/api/entities/inpe/moderation');
    expect(scs.status).toBe(200);
    expect(scs.json.records.length).toBeGreaterThan(0);
    expect(JSON.stringify(scs.json)).not.toMatch(/infractor|comment_id|capturas/i);
    const office = await as.inpeSecond.api('GET', '/api/entities/inpe/moderation?accountId=mod-inpe');
    expect(office.json.records.every((r: { accountId: string; userHandle?: string }) => r.accountId === 'mod-inpe' && r.userHandle)).toBe(true);
    expect((await as.inpeSecond.api('GET', '/api/entities/inpe/moderation?accountId=nada')).json.records).toEqual([]);
    const one = await as.inpeHead.api('GET', `/api/entities/inpe/moderation/${office.json.records[0].id}`);
    expect([one.status, one.json.headNotified]).toEqual([200, true]);
    expect((await as.inpeHead.api('GET', '/api/entities/inpe/moderation/0123456789abcdef01234567')).status).toBe(404);
    expect((await as.congresoCm.api('GET', '/api/entities/inpe/moderation')).status).toBe(403);
  });
});
