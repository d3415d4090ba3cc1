/**
 * The moderation record over HTTP (PCM 6.2.2.13, INPE 5.4.b): who records and who reviews, what each
 * profile may record, the head's email process started for each record, personal data only for the entity's office, and
 * the audit rows.
 */
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { moderationRecordModel } from '../../infra/models/moderation';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { stubTemporal, type StubTemporal } from '../support/stubTemporal';

jest.setTimeout(60_000);

const WHO = {
  inpeHead: 'gramos@inpe.gob.pe', inpeCm: 'itorres@inpe.gob.pe', inpeSecond: 'hmendoza@inpe.gob.pe',
  minculCm: 'crojas@cultura.gob.pe', senaceCm: 'redes_sociales@senace.gob.pe', congresoCm: 'fvega@congreso.gob.pe', scs: 'rrss_scs@pcm.gob.pe',
} as const;
const link = (n: number) => `https://www.facebook.com/INPEoficial/posts/9?comment_id=${n}`;
const entry = (o: Record<string, unknown> = {}) => ({ accountId: 'mod-inpe', action: 'ocultar', reason: 'insultos', userHandle: '@Infractor', evidenceUrls: [link(1)], ...o });

let t: TestApp;
let temporal: StubTemporal;
const noticesFor = (recordId: string) => temporal.callsOf('start').filter((c) => c.workflowType === 'moderationNotice' && String(c.options.workflowId).endsWith(recordId));
const as = {} as Record<keyof typeof WHO, Browser>;

beforeAll(async () => {
  temporal = stubTemporal();
  t = await startTestApp({ temporal: temporal.client });
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
  it('PCM 6.2.2.13: PCM, Senace and the Congress record a hide and a report; a block and a deletion are refused citing PCM 6.2.2.13 (the Congress\'s block, INPE 5.4.b), nothing stored', async () => {
    for (const [who, entity, accountId] of [['minculCm', 'mincul', 'mod-mincul'], ['senaceCm', 'senace', 'mod-senace'], ['congresoCm', 'congreso', 'mod-congreso']] as const) {
      for (const action of ['ocultar', 'denunciar']) {
        const ok = await as[who].api('POST', `/api/entities/${entity}/moderation`, entry({ accountId, action, reason: 'agresivo' }));
        expect([ok.status, ok.json.action]).toEqual([201, action]);
      }
      for (const action of ['bloquear', 'eliminar']) {
        const no = await as[who].api('POST', `/api/entities/${entity}/moderation`, entry({ accountId, action, evidenceUrls: [link(1), link(2)] }));
        expect([no.status, no.json.error.details[0].field]).toEqual([400, 'action']);
        expect(no.json.error.details[0].message).toMatch(entity === 'congreso' && action === 'bloquear' ? /INPE 5\.4\.b/ : /PCM 6\.2\.2\.13/);
      }
    }
    expect(await moderationRecordModel(t.db).countDocuments({ action: 'bloquear' })).toBe(0);
  });

  it('the second in command, SCS and another entity\'s CM may not record', async () => {
    expect((await as.inpeSecond.api('POST', '/api/entities/inpe/moderation', entry())).status).toBe(403);
    expect((await as.scs.api('POST', '/api/entities/inpe/moderation', entry())).status).toBe(403);
    expect((await as.minculCm.api('POST', '/api/entities/inpe/moderation', entry())).status).toBe(403);
  });

  it('INPE 5.4.b: a first block without earlier occurrences is refused at the evidence; after a hide of the same user it is recorded, audited, and the head\'s email process started for it', async () => {
    const first = await as.inpeCm.api('POST', '/api/entities/inpe/moderation', entry({ action: 'bloquear' }));
    expect([first.status, first.json.error.details[0].field, first.json.error.details[0].rule]).toEqual([400, 'evidenceUrls', 'INPE 5.4.b']);
    const hide = await as.inpeCm.api('POST', '/api/entities/inpe/moderation', entry());
    expect(hide.status).toBe(201);
    const block = await as.inpeCm.api('POST', '/api/entities/inpe/moderation', entry({ action: 'bloquear', userHandle: 'infractor', evidenceUrls: [link(3)] }));
    expect(block.status).toBe(201);
    expect(block.json).toMatchObject({ action: 'bloquear', needsReview: true, userHandle: 'infractor', recordedBy: WHO.inpeCm });
    expect(noticesFor(block.json.id).map((c) => c.options.args)).toEqual([[{ entityId: 'inpe', recordId: block.json.id }]]);
    expect(noticesFor(block.json.id)[0]!.options.workflowId).toBe(`moderacion-inpe-${block.json.id}`);
    expect(await auditModel(t.db).countDocuments({ action: 'moderation.recorded', entityId: 'inpe' })).toBe(2);
    const audits = await auditModel(t.db).find({ action: 'moderation.recorded' }).lean();
    expect(JSON.stringify(audits)).not.toMatch(/infractor|comment_id/i);
  });

  it('a double click on the page records once; both posts ask for the same head\'s email process (one workflow id)', async () => {
    const fields = { idempotencyKey: 'doble-clic-1', accountId: 'mod-inpe', action: 'denunciar', reason: 'soeces', userHandle: 'unico', evidenceUrls: link(7) };
    const [a, b] = await Promise.all([as.inpeCm.follow('/entidades/inpe/moderacion', fields), as.inpeCm.submit('/entidades/inpe/moderacion', fields)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.location).toBe(b.headers.get('location'));
    expect(await moderationRecordModel(t.db).countDocuments({ userKey: 'unico' })).toBe(1);
    const id = (await moderationRecordModel(t.db).findOne({ userKey: 'unico' }).lean())!._id;
    expect(new Set(noticesFor(id).map((c) => c.options.workflowId))).toEqual(new Set([`moderacion-inpe-${id}`]));
  });
});

describe('Temporal down when recording', () => {
  it('the record is kept and the answer says to post again; the same key then asks for the head\'s email', async () => {
    const fields = { idempotencyKey: 'temporal-caido-1', accountId: 'mod-inpe', action: 'ocultar', reason: 'soeces', userHandle: 'caido', evidenceUrls: link(8) };
    temporal.failNext('start', new Error('temporal down'));
    const down = await as.inpeCm.submit('/entidades/inpe/moderacion', fields);
    expect(down.status).toBeGreaterThanOrEqual(500);
    const row = (await moderationRecordModel(t.db).findOne({ userKey: 'caido' }).lean())!;
    // The stub counts the refused start too.
    expect(noticesFor(row._id)).toHaveLength(1);
    const again = await as.inpeCm.submit('/entidades/inpe/moderacion', fields);
    expect(again.status).toBe(303);
    expect(await moderationRecordModel(t.db).countDocuments({ userKey: 'caido' })).toBe(1);
    expect(noticesFor(row._id).map((c) => c.options.workflowId)).toEqual([`moderacion-inpe-${row._id}`, `moderacion-inpe-${row._id}`]);
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
    // The stub runs no process: the head's email has not reached the relay, and the record says so.
    expect([one.status, one.json.headNotified]).toEqual([200, false]);
    expect((await as.inpeHead.api('GET', '/api/entities/inpe/moderation/0123456789abcdef01234567')).status).toBe(404);
    expect((await as.congresoCm.api('GET', '/api/entities/inpe/moderation')).status).toBe(403);
  });
});
