/**
 * The role review's activities against FerretDB and the demo registry: what the snapshot reads
 * (accounts, agency grants, the roster, the designee), the `role_reviews` row written once, and the
 * calendar read from the entity's decreed days. Processes are a fake: starting workflows is tested on
 * the time-skipping server (test/workflows/roleReview.test.ts).
 */
import { createRoleReviewActivities } from '../../activities/roleReview';
import type { PageRole } from '../../domain/pageRoles';
import { accountModel, type AccountDoc } from '../../infra/models/account';
import { agencyGrantModel, type AgencyGrantDoc } from '../../infra/models/agencyGrant';
import { entityModel } from '../../infra/models/entity';
import { personModel } from '../../infra/models/person';
import { roleReviewModel } from '../../infra/models/roleReview';
import { createRegistry } from '../../registry/reads';
import { seedDemo } from '../../local/seed';
import { startTestDb } from '../support/ferret';
import type { Processes } from '../../contracts/processes';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let now = new Date('2027-01-04T14:00:00Z');
const started: Array<[string, string]> = [];
const processes = { startRoleReview: async (e: string, m: string) => (started.push([e, m]), true) } as unknown as Processes;
let acts: ReturnType<typeof createRoleReviewActivities>;

const HEAD = { name: 'Ana Quispe Huamán', email: 'aquispe@cultura.gob.pe' };
const SECOND = { name: 'Bruno Salas Ríos', email: 'bsalas@cultura.gob.pe' };
const CM = { name: 'Carla Rojas Díaz', email: 'crojas@cultura.gob.pe' };

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  acts = createRoleReviewActivities({
    accounts: accountModel(dbh.db), grants: agencyGrantModel(dbh.db), reviews: roleReviewModel(dbh.db), registry: createRegistry(dbh.db), processes, now: () => now,
  });
  const since = new Date('2026-06-01T14:00:00Z');
  const role = (c: { name: string; email: string }, pageRole: PageRole) => ({ ...c, pageRole, since });
  const accounts: AccountDoc[] = [
    { _id: 'fb', entityId: 'mincul', network: 'facebook', username: 'CulturaPeru', managingEmail: 'redes@cultura.gob.pe', requestId: 'r1', activatedAt: since, status: 'active',
      roles: [role(HEAD, 'admin'), role(SECOND, 'admin'), role({ name: 'SCS', email: 'rrss_scs@pcm.gob.pe' }, 'admin'), role({ name: 'Ex CM', email: 'excm@cultura.gob.pe' }, 'editor')] },
    // The last role removed: FerretDB keeps no empty array, so this account reads back without `roles`.
    { _id: 'tt', entityId: 'mincul', network: 'tiktok', username: 'CulturaPeru', managingEmail: 'redes@cultura.gob.pe', requestId: 'r2', activatedAt: since, status: 'paused', roles: [] },
    { _id: 'old', entityId: 'mincul', network: 'x', username: 'Viejo', managingEmail: 'redes@cultura.gob.pe', requestId: 'r3', activatedAt: since, status: 'retired', roles: [role(CM, 'admin')] },
    { _id: 'cg', entityId: 'congreso', network: 'facebook', username: 'Congreso', managingEmail: 'redes@congreso.gob.pe', requestId: 'r4', activatedAt: since, status: 'active', roles: [] },
  ];
  await accountModel(dbh.db).insertMany(accounts);
  const grant = { entityId: 'mincul', accountId: 'fb', role: 'advertiser' as const, grantedBy: HEAD.email };
  const grants: AgencyGrantDoc[] = [
    { ...grant, _id: 'g-overdue', agencyName: 'Agencia Andina', campaign: 'Navidad', startsOn: '2026-12-01', endsOn: '2026-12-31', state: 'active' },
    { ...grant, _id: 'g-ended', agencyName: 'Publicidad Sur', campaign: 'Fiestas', startsOn: '2026-12-01', endsOn: '2026-12-20', state: 'removed' },
    { ...grant, _id: 'g-ancient', agencyName: 'Vieja', campaign: 'Invierno', startsOn: '2025-06-01', endsOn: '2025-06-30', state: 'removed' },
  ];
  await agencyGrantModel(dbh.db).insertMany(grants);
});
afterAll(async () => dbh?.stop());

describe('the snapshot of a month (PCM 6.1.2.11)', () => {
  it('reads accounts (not retired), grants that hold a role or ended since last month, the roster, and finds each anomaly', async () => {
    const snap = await acts.roleReviewSnapshot({ entityId: 'mincul', month: '2027-01' });
    expect(snap).toMatchObject({ exists: true, entityName: 'Ministerio de Cultura', profile: 'PCM', monthLabel: 'enero de 2027', today: '2027-01-04', reviewer: HEAD, escalateTo: [SECOND], designated: false });
    expect(snap.accounts.map((a) => [a.accountId, a.roles.length])).toEqual([['fb', 4], ['tt', 0]]);
    expect(snap.grants.map((g) => g.grantId)).toEqual(['g-overdue', 'g-ended']);
    expect(snap.anomalies.map((a) => [a.kind, a.accountId, a.rule])).toEqual([
      ['left-office', 'fb', 'PCM 6.2.3.5'],
      ['too-few-admins', 'tt', 'PCM 5.1.10'],
      ['supervisor-missing', 'tt', 'PCM 6.1.1.6'],
      ['agency-overdue', 'fb', 'PCM 6.1.2.10'],
    ]);
    expect(snap.nonWorkingDays).toEqual([]);
    expect(snap.plan).toEqual({ remindAfter: [2, 4], escalateAfter: 5, repeatEvery: 5 });
  });

  it('the designee reviews when the roster lists them, escalating to the head; a designee who left gives the review back to the head', async () => {
    await entityModel(dbh.db).updateOne({ _id: 'mincul' }, { $set: { reviewDesigneeEmail: CM.email } });
    expect(await acts.roleReviewSnapshot({ entityId: 'mincul', month: '2027-01' })).toMatchObject({ reviewer: CM, escalateTo: [HEAD], designated: true });
    // PCM 6.2.3.5: the designee leaves the office.
    await personModel(dbh.db).updateOne({ email: CM.email }, { $set: { 'memberships.0.leftAt': new Date() } });
    const snap = await acts.roleReviewSnapshot({ entityId: 'mincul', month: '2027-01' });
    expect(snap).toMatchObject({ reviewer: HEAD, escalateTo: [SECOND], designated: false, designeeNotFound: CM.email });
    await personModel(dbh.db).updateOne({ email: CM.email }, { $unset: { 'memberships.0.leftAt': 1 } });
    await entityModel(dbh.db).updateOne({ _id: 'mincul' }, { $set: { reviewDesigneeEmail: null } });
  });

  it('an entity no longer in the registry has nothing to review', async () => {
    expect((await acts.roleReviewSnapshot({ entityId: 'nadie', month: '2027-01' })).exists).toBe(false);
    expect((await acts.roleReviewSchedule({ entityId: 'nadie' })).exists).toBe(false);
  });
});

describe('the role_reviews row', () => {
  const open = {
    entityId: 'congreso', month: '2027-01', workflowId: 'revision-roles-congreso-2027-01', reviewer: { name: 'Diana Flores Paz', email: 'dflores@congreso.gob.pe' },
    designated: false, escalateTo: [], anomalies: [], accountsReviewed: 1, grantsListed: 0,
  };

  it('is written once per entity and month: a retried activity finds it, whatever it carries', async () => {
    expect(await acts.openRoleReviewRecord(open)).toEqual({ state: 'open' });
    expect(await acts.openRoleReviewRecord({ ...open, accountsReviewed: 99 })).toEqual({ state: 'open' });
    const rows = await roleReviewModel(dbh.db).find({ entityId: 'congreso' }).lean();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ _id: 'congreso:2027-01', state: 'open', accountsReviewed: 1 });
  });

  it('records the first attestation with who, when and from where; a second one changes nothing', async () => {
    await acts.attestRoleReviewRecord({ entityId: 'congreso', month: '2027-01', by: 'dflores@congreso.gob.pe', at: '2027-01-05T15:00:00.000Z', ip: '10.0.0.1', userAgent: 'navegador' });
    await acts.attestRoleReviewRecord({ entityId: 'congreso', month: '2027-01', by: 'ecampos@congreso.gob.pe', at: '2027-01-06T15:00:00.000Z' });
    const row = await roleReviewModel(dbh.db).findById('congreso:2027-01').lean();
    expect(row).toMatchObject({ state: 'attested', attestedBy: 'dflores@congreso.gob.pe', attestedAt: new Date('2027-01-05T15:00:00.000Z'), ip: '10.0.0.1' });
    expect(await acts.openRoleReviewRecord(open)).toEqual({ state: 'attested', attestedBy: 'dflores@congreso.gob.pe' });
  });
});

describe('the calendar of reviews', () => {
  it("reads the entity's decreed non-working days: with 4 January 2027 decreed, the January review opens on the 5th", async () => {
    now = new Date('2026-12-15T15:00:00Z');
    expect(await acts.roleReviewSchedule({ entityId: 'inpe' })).toEqual({ exists: true, now: now.toISOString(), month: '2027-01', at: '2027-01-04T14:00:00.000Z' });
    await entityModel(dbh.db).updateOne({ _id: 'inpe' }, { $set: { nonWorkingDays: ['2027-01-04'] } });
    expect(await acts.roleReviewSchedule({ entityId: 'inpe', month: '2027-01' })).toMatchObject({ month: '2027-01', at: '2027-01-05T14:00:00.000Z' });
  });

  it('starts the month through Processes', async () => {
    await acts.startMonthlyRoleReview({ entityId: 'inpe', month: '2027-01' });
    expect(started).toEqual([['inpe', '2027-01']]);
  });
});
