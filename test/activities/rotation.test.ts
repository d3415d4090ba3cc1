/** The rotation process's reading of the registry (activities/rotation.ts) against FerretDB and the demo registry. */
import { createRotationActivities, rotationHolderOf } from '../../activities/rotation';
import { accountModel } from '../../infra/models/account';
import { entityModel } from '../../infra/models/entity';
import { personModel } from '../../infra/models/person';
import { rotationModel } from '../../infra/models/rotation';
import { seedDemo } from '../../local/seed';
import { createRegistry } from '../../registry/reads';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let activities: ReturnType<typeof createRotationActivities>;
const TEAM = 'psoto@congreso.gob.pe';
const GONE = 'gone@congreso.gob.pe';

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  const since = new Date('2026-03-01T05:00:00Z');
  await personModel(dbh.db).create([
    { email: TEAM, name: 'Pablo Soto Ruiz', memberships: [{ entityId: 'congreso', role: 'team', since }] },
    { email: GONE, name: 'Ida Ramos', memberships: [{ entityId: 'congreso', role: 'team', since, leftAt: new Date('2026-06-01T05:00:00Z') }] },
  ]);
  await createRegistry(dbh.db).rosterChanged(['congreso']);
  const base = { entityId: 'congreso', username: 'congresoperu', managingEmail: 'redes@congreso.gob.pe', roles: [], status: 'active' as const, activatedAt: new Date() };
  const holders = [{ email: TEAM, since }, { email: GONE, since }];
  await accountModel(dbh.db).create([
    { ...base, _id: 'congreso-x', network: 'x' as const, passwordHolders: holders },
    { ...base, _id: 'congreso-fb', network: 'facebook' as const, passwordHolders: holders },
  ]);
  activities = createRotationActivities({
    accounts: accountModel(dbh.db), entities: entityModel(dbh.db), rotations: rotationModel(dbh.db), registry: createRegistry(dbh.db),
  });
});
afterAll(async () => dbh.stop());

describe('rotationContext', () => {
  it('CONGRESO 6.2.5, 6.1.7: those told of a change include the team members the head handed the password to, while the roster lists them', async () => {
    const ctx = await activities.rotationContext('congreso-x');
    expect(ctx.concerned.map((c) => c.email).sort()).toEqual(['dflores@congreso.gob.pe', 'fvega@congreso.gob.pe', TEAM].sort());
  });

  it('CONGRESO 6.1.4: on Facebook, where access goes by page roles, a password list is not read', async () => {
    const ctx = await activities.rotationContext('congreso-fb');
    expect(ctx.concerned.map((c) => c.email)).not.toContain(TEAM);
  });
});

describe('rotationHolderOf: whom a digest checks a request asked ahead against (issue 18 §1)', () => {
  it('PCM 6.1.2.4, 6.2.3.1: the custodian of an active account; nobody once it is paused', async () => {
    const holderOf = rotationHolderOf(activities.rotationContext);
    const ctx = await activities.rotationContext('congreso-x');
    expect(await holderOf('congreso-x')).toBe((ctx.custodian ?? ctx.head)!.email.toLowerCase());
    await accountModel(dbh.db).updateOne({ _id: 'congreso-x' }, { $set: { status: 'paused', statusReason: 'revisión' } });
    try {
      expect(await holderOf('congreso-x')).toBeUndefined();
    } finally {
      await accountModel(dbh.db).updateOne({ _id: 'congreso-x' }, { $set: { status: 'active' }, $unset: { statusReason: 1 } });
    }
    expect(await holderOf('no-such-account')).toBeUndefined();
  });
});
