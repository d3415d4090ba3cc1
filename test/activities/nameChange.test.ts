/**
 * «Cambio de nombre o usuario» (PCM 6.1.2.7) against FerretDB and the demo registry: the rename the CM
 * confirmed, run twice as a Temporal retry would, and the head's alert when the platform shows a name
 * nobody approved (the outbox key makes it once per value; here the notices are recorded).
 */
import { createNameChangeActivities, unapprovedRenameKey } from '../../activities/nameChange';
import type { NoticeInput } from '../../activities';
import { accountModel, type AccountDoc } from '../../infra/models/account';
import { nameChangeModel, type NameChangeDoc } from '../../infra/models/nameChange';
import { createRegistry } from '../../registry/reads';
import { createAuditTrail } from '../../registry/audit';
import { auditModel } from '../../infra/models/audit';
import { seedDemo } from '../../local/seed';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let acts: ReturnType<typeof createNameChangeActivities>;
let notices: NoticeInput[] = [];
const at = new Date('2026-11-02T15:00:00Z');

const request = (over: Partial<NameChangeDoc>): NameChangeDoc => ({
  _id: 'r1', entityId: 'mincul', accountId: 'nc-fb', workflowId: 'cambio-nombre-nc-fb-r1', from: { name: 'Ministerio de Cultura', username: 'CulturaPeru' },
  to: { username: 'CulturaOficial' }, reason: 'Unificar el usuario', requestedBy: 'crojas@cultura.gob.pe', requestedAt: at, state: 'pending', ...over,
});

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  acts = createNameChangeActivities({
    requests: nameChangeModel(dbh.db), accounts: accountModel(dbh.db), registry: createRegistry(dbh.db), audit: createAuditTrail(dbh.db),
    sendNotice: async (n) => (notices.push(n), { undelivered: [] }),
  });
  const account: AccountDoc = {
    _id: 'nc-fb', entityId: 'mincul', network: 'facebook', username: 'CulturaPeru', name: 'Ministerio de Cultura', managingEmail: 'redes@cultura.gob.pe',
    roles: [], status: 'active', activatedAt: at,
  };
  await accountModel(dbh.db).create(account);
});
afterAll(async () => dbh?.stop());
beforeEach(() => (notices = []));

describe('name change activities (PCM 6.1.2.7)', () => {
  it('reads the request, its account and who asked from the roster', async () => {
    await nameChangeModel(dbh.db).create(request({ _id: 'ctx' }));
    const ctx = await acts.nameChangeContext({ requestId: 'ctx' });
    expect(ctx).toMatchObject({ exists: true, accountId: 'nc-fb', label: 'CulturaPeru (Facebook)', to: { username: 'CulturaOficial' }, requester: { email: 'crojas@cultura.gob.pe' } });
    expect(ctx.requester.name).not.toBe('crojas@cultura.gob.pe');
    expect(ctx.entity?.head.email).toBe('aquispe@cultura.gob.pe');
    expect((await acts.nameChangeContext({ requestId: 'missing' })).exists).toBe(false);
  });

  it('PCM 6.1.2.7: an alert goes to the head for what nobody approved, keyed by account, field and value', async () => {
    const findings = await acts.alertUnapprovedRename({ accountId: 'nc-fb', observed: { name: 'Ministerio de Cultura', username: 'CulturaTrucha' } });
    expect(findings.map((f) => [f.field, f.observed])).toEqual([['username', 'culturatrucha']]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ key: unapprovedRenameKey('nc-fb', findings[0]!), to: [expect.objectContaining({ email: 'aquispe@cultura.gob.pe' })], cc: ['crojas@cultura.gob.pe'] });
    expect(notices[0]!.key).toMatch(/^rotacion-nc-fb\/nombre-no-aprobado\/username\/[0-9a-f]{16}$/);
    expect(notices[0]!.paragraphs.join(' ')).toContain('PCM 6.1.2.7');
    // The same value read again makes the same key: the outbox sends it once. Another value, another key.
    const again = await acts.alertUnapprovedRename({ accountId: 'nc-fb', observed: { username: 'CulturaTrucha' } });
    expect(notices[1]!.key).toBe(notices[0]!.key);
    expect(unapprovedRenameKey('nc-fb', { field: 'username', observed: 'otro' })).not.toBe(unapprovedRenameKey('nc-fb', again[0]!));
  });

  it('PCM 6.1.2.7: an approved request covers its value, before and after the CM confirms it; the registry renames only on confirmation, once', async () => {
    await nameChangeModel(dbh.db).create(request({ _id: 'r-ok', to: { username: 'CulturaOficial', name: 'Cultura Perú' }, state: 'approved', decidedBy: 'aquispe@cultura.gob.pe', decidedAt: at }));
    expect(await acts.alertUnapprovedRename({ accountId: 'nc-fb', observed: { name: 'Cultura Perú', username: 'CulturaOficial' } })).toEqual([]);
    expect(notices).toEqual([]);
    expect(await accountModel(dbh.db).findById('nc-fb').lean()).toMatchObject({ username: 'CulturaPeru', name: 'Ministerio de Cultura' });

    const done = { requestId: 'r-ok', by: 'crojas@cultura.gob.pe', at: '2026-11-03T15:00:00.000Z' };
    expect(await acts.applyNameChange(done)).toEqual({ applied: true });
    expect(await acts.applyNameChange({ ...done, at: '2026-11-04T15:00:00.000Z' })).toEqual({ applied: true });
    expect(await accountModel(dbh.db).findById('nc-fb').lean()).toMatchObject({ username: 'CulturaOficial', name: 'Cultura Perú' });
    // The history of names: old → new, who approved and when, who confirmed and when (the first confirmation).
    const row = await nameChangeModel(dbh.db).findById('r-ok').lean();
    expect(row).toMatchObject({ state: 'done', from: { username: 'CulturaPeru', name: 'Ministerio de Cultura' }, to: { username: 'CulturaOficial', name: 'Cultura Perú' }, decidedBy: 'aquispe@cultura.gob.pe', doneBy: 'crojas@cultura.gob.pe' });
    expect(row!.doneAt!.toISOString()).toBe(done.at);
    // PCM 6.3.5: the rename enters the audit trail once (SCS's directory digest reads it), at the confirmation's instant.
    const trail = await auditModel(dbh.db).find({ action: 'account.renamed', accountId: 'nc-fb' }).lean();
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ entityId: 'mincul', workflowId: 'cambio-nombre-nc-fb-r1', actor: { kind: 'process', email: 'crojas@cultura.gob.pe' } });
    expect(trail[0]!.detail).toBe('usuario: CulturaPeru → CulturaOficial; nombre: Ministerio de Cultura → Cultura Perú; aprobó: aquispe@cultura.gob.pe');
    expect(trail[0]!.at.toISOString()).toBe(done.at);
    expect(await acts.alertUnapprovedRename({ accountId: 'nc-fb', observed: { name: 'Cultura Perú', username: 'culturaoficial' } })).toEqual([]);
  });

  it('records decisions with $set only', async () => {
    await nameChangeModel(dbh.db).create(request({ _id: 'r-rec' }));
    await acts.recordNameChange({ requestId: 'r-rec', state: 'correcting', decidedBy: 'aquispe@cultura.gob.pe', decidedAt: '2026-11-02T16:00:00.000Z', decisionReason: 'Otro usuario' });
    await acts.recordNameChange({ requestId: 'r-rec', state: 'pending', to: { username: 'CulturaPeruOf' }, reason: 'Como pidió' });
    expect(await nameChangeModel(dbh.db).findById('r-rec').lean()).toMatchObject({ state: 'pending', to: { username: 'CulturaPeruOf' }, reason: 'Como pidió', decisionReason: 'Otro usuario' });
  });
});
