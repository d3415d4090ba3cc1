/**
 * The roster read (registry/reads.ts `roster`) against FerretDB: by `_id` from the entity's member list
 * (infra/models/entityMembers.ts) while the list is current, by a scan of every person otherwise.
 */
import mongoose, { Types } from 'mongoose';
import { entityModel } from '../../infra/models/entity';
import { entityMembersModel } from '../../infra/models/entityMembers';
import { personModel } from '../../infra/models/person';
import { entityWithDefaults } from '../../local/seed';
import { createRegistry } from '../../registry/reads';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => (dbh = await startTestDb()));
afterAll(async () => dbh.stop());

const since = new Date('2026-01-01T05:00:00Z');
let n = 0;

/** A fresh entity with a head and a CM written straight into `people`, as a migration or a seed leaves them. */
async function entityWithPeople() {
  const id = `roster-${++n}`;
  const domain = `${id}.gob.pe`;
  await entityModel(dbh.db).create(entityWithDefaults(id, `Entidad ${n}`, 'PCM', domain));
  await personModel(dbh.db).create([
    { email: `cm@${domain}`, name: 'Carla CM', memberships: [{ entityId: id, role: 'cm', since }] },
    { email: `head@${domain}`, name: 'Ana Titular', memberships: [{ entityId: id, role: 'head', since }] },
  ]);
  return { id, domain };
}

/** The queries `run` sends to `people` that are not a lookup by `_id`: scans on FerretDB v1. */
async function scansOfPeopleDuring(run: () => Promise<unknown>): Promise<number> {
  let scans = 0;
  mongoose.set('debug', (collection: string, method: string, query: unknown) => {
    if (collection === 'people' && method.startsWith('find') && !(query && typeof query === 'object' && Object.keys(query).join() === '_id')) scans++;
  });
  try {
    await run();
  } finally {
    mongoose.set('debug', false);
  }
  return scans;
}

describe('roster read by the entity member list (issue 18: 50,000 accounts)', () => {
  it('PCM 6.1.1.2: the first read scans and builds the list; later reads find the same people by _id, sorted by name', async () => {
    const { id, domain } = await entityWithPeople();
    const registry = createRegistry(dbh.db);
    let first: Awaited<ReturnType<typeof registry.roster>> = [];
    expect(await scansOfPeopleDuring(async () => (first = await registry.roster(id)))).toBe(1);
    expect(first.map((r) => [r.name, r.email, r.role])).toEqual([
      ['Ana Titular', `head@${domain}`, 'head'],
      ['Carla CM', `cm@${domain}`, 'cm'],
    ]);
    const list = await entityMembersModel(dbh.db).findById(id).lean();
    expect(list?.builtAt).toBe(0);
    expect([...list!.people].sort()).toEqual(first.map((r) => r.personId).sort());

    let again: typeof first = [];
    expect(await scansOfPeopleDuring(async () => (again = await registry.roster(id)))).toBe(0);
    expect(again).toEqual(first);
  });

  it('reads people as they are now: a member who left drops out, a new name shows, though the list still names them', async () => {
    const { id, domain } = await entityWithPeople();
    const registry = createRegistry(dbh.db);
    await registry.roster(id);
    await personModel(dbh.db).updateOne({ email: `cm@${domain}` }, { $set: { 'memberships.0.leftAt': new Date() } });
    await personModel(dbh.db).updateOne({ email: `head@${domain}` }, { $set: { name: 'Ana Titular Ríos' } });
    const now = await registry.roster(id);
    expect(now.map((r) => [r.name, r.role])).toEqual([['Ana Titular Ríos', 'head']]);
  });

  it('a newcomer added to the list before the membership is written is seen at once, with no revision change', async () => {
    const { id, domain } = await entityWithPeople();
    const registry = createRegistry(dbh.db);
    await registry.roster(id);
    const personId = new Types.ObjectId();
    await registry.addMembers(id, [String(personId)]);
    // Between the two writes the list names someone who does not exist yet: nobody is shown for them.
    expect((await registry.roster(id)).map((r) => r.role).sort()).toEqual(['cm', 'head']);
    await personModel(dbh.db).create({ _id: personId, email: `second@${domain}`, name: 'Beto Segundo', memberships: [{ entityId: id, role: 'second', since }] });
    expect((await registry.roster(id)).map((r) => r.name)).toEqual(['Ana Titular', 'Beto Segundo', 'Carla CM']);
  });

  it('a membership written some other way and announced with rosterChanged makes the next read scan again and rebuild the list', async () => {
    const { id, domain } = await entityWithPeople();
    const registry = createRegistry(dbh.db);
    await registry.roster(id);
    await personModel(dbh.db).create({ email: `second@${domain}`, name: 'Beto Segundo', memberships: [{ entityId: id, role: 'second', since }] });
    await registry.rosterChanged([id]);
    let now: Awaited<ReturnType<typeof registry.roster>> = [];
    expect(await scansOfPeopleDuring(async () => (now = await registry.roster(id)))).toBe(1);
    expect(now.map((r) => r.name)).toEqual(['Ana Titular', 'Beto Segundo', 'Carla CM']);
    expect((await entityMembersModel(dbh.db).findById(id).lean())?.builtAt).toBe(1);
    expect(await scansOfPeopleDuring(() => registry.roster(id))).toBe(0);
  });

  it('readers that find no list at the same moment all answer (FerretDB\'s upsert refuses all but one of them)', async () => {
    const { id } = await entityWithPeople();
    const registry = createRegistry(dbh.db);
    const rosters = await Promise.all(Array.from({ length: 5 }, () => registry.roster(id)));
    expect(rosters.map((r) => r.map((p) => p.role))).toEqual(Array.from({ length: 5 }, () => ['head', 'cm']));
    expect((await entityMembersModel(dbh.db).findById(id).lean())?.people).toHaveLength(2);
  });

  it('an entity not in the registry has no list built for it', async () => {
    const registry = createRegistry(dbh.db);
    expect(await registry.roster('no-such-entity')).toEqual([]);
    expect(await entityMembersModel(dbh.db).findById('no-such-entity').lean()).toBeNull();
  });
});
