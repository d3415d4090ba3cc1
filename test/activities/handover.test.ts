/**
 * The handover's registry writes (PCM 6.2.3) against FerretDB and the demo registry. Each runs twice,
 * as a Temporal retry after a crash would, and the second run changes nothing. Processes are a fake:
 * the nudges themselves are tested with the workflow (test/workflows/handover.test.ts).
 */
import { createHandoverActivities } from '../../activities/handover';
import { accountModel, rolesOf, type AccountDoc } from '../../infra/models/account';
import { agencyGrantModel, type AgencyGrantDoc } from '../../infra/models/agencyGrant';
import { sessionModel } from '../../infra/models/credentials';
import { entityModel } from '../../infra/models/entity';
import { handoverLockModel, handoverLocks, handoverModel } from '../../infra/models/handover';
import { personModel } from '../../infra/models/person';
import { rosterClaimModel } from '../../infra/models/rosterClaim';
import { openSteps } from '../../registry/openSteps';
import { createRegistry } from '../../registry/reads';
import { rosterWrites } from '../../registry/roster';
import { seedDemo } from '../../local/seed';
import { handoverTexts } from '../../workflows/texts/handover';
import { startTestDb } from '../support/ferret';
import type { Processes } from '../../contracts/processes';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let acts: ReturnType<typeof createHandoverActivities>;
const refreshed: string[][] = [];
const processes = { refreshAgencyGrants: async (ids: string[]) => void refreshed.push(ids), refreshRoster: async () => undefined } as unknown as Processes;

const HEAD = { name: 'Ana Quispe Huamán', email: 'aquispe@cultura.gob.pe' };
const CM = { name: 'Carla Rojas Díaz', email: 'crojas@cultura.gob.pe' };
const SECOND = { name: 'Bruno Salas Ríos', email: 'bsalas@cultura.gob.pe' };
const NEW_CM = { name: 'Elena Vargas', email: 'evargas@cultura.gob.pe' };
const since = new Date('2026-06-01T14:00:00Z');

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  const registry = createRegistry(dbh.db);
  acts = createHandoverActivities({
    accounts: accountModel(dbh.db), entities: entityModel(dbh.db), grants: agencyGrantModel(dbh.db), handovers: handoverModel(dbh.db), locks: handoverLocks(dbh.db),
    registry, roster: rosterWrites(dbh.db, registry), processes, openSteps: openSteps(dbh.db),
  });
  await personModel(dbh.db).create({ email: NEW_CM.email, name: NEW_CM.name, memberships: [{ entityId: 'mincul', role: 'team', since }] });
  const role = (c: { name: string; email: string }, pageRole: 'admin' | 'editor') => ({ ...c, pageRole, since });
  const base = { entityId: 'mincul', managingEmail: 'redes@cultura.gob.pe', requestId: 'r', activatedAt: since };
  const accounts: AccountDoc[] = [
    { ...base, _id: 'fb', network: 'facebook', username: 'CulturaPeru', status: 'active', roles: [role(HEAD, 'admin'), role(CM, 'admin'), role(SECOND, 'admin')] },
    { ...base, _id: 'ig', network: 'instagram', username: 'CulturaPeru', status: 'paused', roles: [role(CM, 'admin'), role(NEW_CM, 'editor')] },
    { ...base, _id: 'old', network: 'x', username: 'Viejo', status: 'retired', roles: [role(CM, 'editor')] },
    { ...base, _id: 'cg', entityId: 'congreso', network: 'facebook', username: 'Congreso', status: 'active', roles: [role(CM, 'editor')] },
  ];
  await accountModel(dbh.db).insertMany(accounts);
  const grant = { entityId: 'mincul', accountId: 'fb', role: 'advertiser' as const, grantedBy: HEAD.email, campaign: 'Verano', startsOn: '2026-12-01', endsOn: '2026-12-31' };
  const grants: AgencyGrantDoc[] = [
    { ...grant, _id: 'g-active', agencyName: 'Agencia Andina', state: 'active' },
    { ...grant, _id: 'g-removed', agencyName: 'Publicidad Sur', state: 'removed' },
  ];
  await agencyGrantModel(dbh.db).insertMany(grants);
});
afterAll(async () => dbh?.stop());

const rolesByAccount = async () =>
  Object.fromEntries((await accountModel(dbh.db).find().sort({ _id: 1 }).lean()).map((a) => [a._id, rolesOf(a).map((r) => `${r.email}:${r.pageRole}`).sort()]));

describe('handover activities (PCM 6.2.3)', () => {
  it('reads the entity, its head, both people by name, the accounts in service and every role the outgoing CM holds, retired accounts included', async () => {
    await handoverModel(dbh.db).create({
      _id: 'h1', entityId: 'mincul', workflowId: 'traspaso-mincul-h1', outgoing: CM, incoming: NEW_CM, startedBy: HEAD.email, startedAt: new Date(), state: 'running',
    });
    const ctx = await acts.handoverContext({ handoverId: 'h1', entityId: 'mincul', outgoingEmail: CM.email, incomingEmail: NEW_CM.email });
    expect(ctx).toMatchObject({ exists: true, entityName: 'Ministerio de Cultura', head: HEAD, outgoing: CM, incoming: NEW_CM, plan: { remindAfter: [2, 4], escalateAfter: 5 } });
    expect(ctx.accounts).toEqual([
      { accountId: 'fb', label: 'CulturaPeru (Facebook)', status: 'active' },
      { accountId: 'ig', label: 'CulturaPeru (Instagram)', status: 'paused' },
    ]);
    expect(ctx.outgoingRoles.map((r) => `${r.accountId}:${r.pageRole}`)).toEqual(['fb:admin', 'ig:admin', 'old:editor']);
    // A start the API took back (no row) closes the process at once.
    expect((await acts.handoverContext({ handoverId: 'gone', entityId: 'mincul', outgoingEmail: CM.email, incomingEmail: NEW_CM.email })).exists).toBe(false);
  });

  it('PCM 6.2.3.4: the new CM becomes admin of every account in service (a lesser role is raised), twice changing nothing', async () => {
    expect(await acts.grantIncomingAdmin({ entityId: 'mincul', incoming: NEW_CM })).toEqual(['fb', 'ig']);
    const once = await rolesByAccount();
    expect(once.fb).toContain(`${NEW_CM.email}:admin`);
    expect(once.ig).toEqual([`${CM.email}:admin`, `${NEW_CM.email}:admin`]);
    expect(once.old).toEqual([`${CM.email}:editor`]);
    await acts.grantIncomingAdmin({ entityId: 'mincul', incoming: NEW_CM });
    expect(await rolesByAccount()).toEqual(once);
  });

  it('PCM 6.2.3.4–5: the outgoing CM loses every role on every account of the entity, and only of that entity', async () => {
    expect(await acts.removeOutgoingRoles({ entityId: 'mincul', outgoingEmail: CM.email })).toEqual(['fb', 'ig', 'old']);
    const after = await rolesByAccount();
    expect(Object.entries(after).filter(([id, roles]) => id !== 'cg' && roles.some((r) => r.startsWith(CM.email)))).toEqual([]);
    expect(after.cg).toEqual([`${CM.email}:editor`]);
    expect(after.old).toEqual([]);
    expect(await acts.removeOutgoingRoles({ entityId: 'mincul', outgoingEmail: CM.email })).toEqual([]);
  });

  it('the roster: the outgoing CM leaves (claims freed, signed out), the incoming person becomes cm; twice changing nothing', async () => {
    const people = personModel(dbh.db);
    const carla = (await people.findOne({ email: CM.email }).lean())!;
    await rosterClaimModel(dbh.db).create({ _id: `mincul:member:${CM.email}`, entityId: 'mincul', email: CM.email, token: 't', at: since });
    await sessionModel(dbh.db).create({ _id: 'sesion-de-carla', data: '{}', expiresAt: new Date(Date.now() + 3_600_000), personId: String(carla._id) });

    const revision = async () => (await entityModel(dbh.db).findById('mincul').lean())!.rosterRevision ?? 0;
    const before = await revision();
    expect(await acts.handOverRoster({ entityId: 'mincul', outgoingEmail: CM.email, incomingEmail: NEW_CM.email })).toEqual({ outgoingLeft: true, incomingIsCm: true });
    // Workers cache rosters per revision (registry/rosterCache.ts): a handover must invalidate them.
    expect(await revision()).toBeGreaterThan(before);
    const roster = await createRegistry(dbh.db).roster('mincul');
    expect(roster.filter((r) => r.role === 'cm').map((r) => r.email)).toEqual([NEW_CM.email]);
    expect(roster.some((r) => r.email === CM.email)).toBe(false);
    const leftAt = (await people.findOne({ email: CM.email }).lean())!.memberships.find((m) => m.entityId === 'mincul')!.leftAt;
    expect(leftAt).toBeInstanceOf(Date);
    expect(await rosterClaimModel(dbh.db).countDocuments({ email: CM.email })).toBe(0);
    expect(await sessionModel(dbh.db).countDocuments({ personId: String(carla._id) })).toBe(0);

    expect(await acts.handOverRoster({ entityId: 'mincul', outgoingEmail: CM.email, incomingEmail: NEW_CM.email })).toEqual({ outgoingLeft: true, incomingIsCm: true });
    const again = (await people.findOne({ email: CM.email }).lean())!.memberships.find((m) => m.entityId === 'mincul')!;
    expect(again.leftAt).toEqual(leftAt);
    expect((await createRegistry(dbh.db).roster('mincul')).filter((r) => r.role === 'cm').map((r) => r.email)).toEqual([NEW_CM.email]);
  });

  it('running agency grants of the entity read the roster again; ended ones are left alone', async () => {
    await acts.refreshAgencyGrantsOf({ entityId: 'mincul' });
    expect(refreshed.at(-1)).toEqual(['g-active']);
  });

  it('the last record completes the row and frees the entity, never a later handover\'s lock', async () => {
    const locks = handoverLockModel(dbh.db);
    await locks.create({ _id: 'mincul', handoverId: 'h1', at: new Date() });
    const at = new Date().toISOString();
    const decisions = [{ step: 'retiro', action: 'removed' as const, by: NEW_CM.email, at }];
    await acts.recordHandover({ handoverId: 'h1', entityId: 'mincul', step: 'completado', decisions, accountIds: ['fb', 'ig'], completedAt: at });
    expect(await handoverModel(dbh.db).findById('h1').lean()).toMatchObject({ state: 'completed', step: 'completado', accountIds: ['fb', 'ig'], completedAt: new Date(at) });
    expect(await locks.countDocuments()).toBe(0);
    await locks.create({ _id: 'mincul', handoverId: 'h2', at: new Date() });
    await acts.recordHandover({ handoverId: 'h1', entityId: 'mincul', step: 'completado', decisions, completedAt: at });
    expect(await locks.countDocuments({ handoverId: 'h2' })).toBe(1);
  });
});

describe('CONGRESO 6.2.3: the recovery phones go with the administration', () => {
  const FV = { name: 'Fiorella Vega Soto', email: 'fvega@congreso.gob.pe' };
  const NEXT = { name: 'Nora Paz', email: 'npaz@congreso.gob.pe' };
  const phone = (holderEmail: string, device: string) => ({ device, phone: '+51 987 000 111', holderEmail, recordedAt: since, recordedBy: FV.email });

  beforeAll(async () => {
    await personModel(dbh.db).create({ email: NEXT.email, name: NEXT.name, memberships: [{ entityId: 'congreso', role: 'team', since }] });
    const base = { entityId: 'congreso', managingEmail: 'redes@congreso.gob.pe', activatedAt: since, roles: [], username: 'congresoperu' };
    await accountModel(dbh.db).insertMany([
      { ...base, _id: 'cg-tt', network: 'tiktok', status: 'active', recoveryDevice: phone(FV.email, 'CR-0042') },
      { ...base, _id: 'cg-yt', network: 'youtube', status: 'active', recoveryDevice: phone('dflores@congreso.gob.pe', 'CR-0043') },
    ]);
    await handoverModel(dbh.db).create({
      _id: 'h-cg', entityId: 'congreso', workflowId: 'traspaso-congreso-h-cg', outgoing: FV, incoming: NEXT, startedBy: 'dflores@congreso.gob.pe', startedAt: new Date(), state: 'running',
    });
  });

  it('CONGRESO 6.2.3: the handover lists the phones the outgoing Account Administrator has, and its delivery and verification name them', async () => {
    const ctx = await acts.handoverContext({ handoverId: 'h-cg', entityId: 'congreso', outgoingEmail: FV.email, incomingEmail: NEXT.email });
    expect(ctx.recoveryDevices).toEqual([{ accountId: 'cg-tt', label: 'congresoperu (TikTok)', device: 'CR-0042' }]);
    const delivery = handoverTexts.delivery(ctx);
    expect(delivery.intro).toContain('Entréguele también los equipos de recuperación de propiedad de la institución que tiene a su cargo: CR-0042 (congresoperu (TikTok)) (CONGRESO 6.2.3).');
    expect(delivery.summary).toContainEqual(['Equipos de recuperación (CONGRESO 6.2.3)', 'CR-0042 (congresoperu (TikTok))']);
    expect(handoverTexts.verification(ctx).intro).toContain(`pasan a manos de ${NEXT.name} con la administración`);
    expect(handoverTexts.delivery({ ...ctx, recoveryDevices: [] }).intro).not.toContain('equipos de recuperación');
  });

  it('CONGRESO 6.2.3: once the new person is the Account Administrator, the phones she had are recorded in their hands; twice changing nothing', async () => {
    expect(await acts.handOverRoster({ entityId: 'congreso', outgoingEmail: FV.email, incomingEmail: NEXT.email })).toEqual({ outgoingLeft: true, incomingIsCm: true });
    const holders = async () => Object.fromEntries((await accountModel(dbh.db).find({ entityId: 'congreso' }).lean()).filter((a) => a.recoveryDevice).map((a) => [a._id, a.recoveryDevice!.holderEmail]));
    expect(await holders()).toEqual({ 'cg-tt': NEXT.email, 'cg-yt': 'dflores@congreso.gob.pe' });
    expect((await accountModel(dbh.db).findById('cg-tt').lean())!.recoveryDevice).toMatchObject({ device: 'CR-0042', phone: '+51 987 000 111', recordedBy: 'Traspaso de administración (PCM 6.2.3)' });
    await acts.handOverRoster({ entityId: 'congreso', outgoingEmail: FV.email, incomingEmail: NEXT.email });
    expect(await holders()).toEqual({ 'cg-tt': NEXT.email, 'cg-yt': 'dflores@congreso.gob.pe' });
  });
});
