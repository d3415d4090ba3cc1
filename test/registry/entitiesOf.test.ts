/**
 * Which entities a page reads for a principal (issue 18 §2): a person's own, by `_id`, so the console's
 * cost does not grow with every entity registered; every one for the supervisor and the platform admin.
 */
import type { Principal } from '../../domain/access';
import { seedDemo } from '../../local/seed';
import { createRegistry } from '../../registry/reads';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
});
afterAll(() => dbh?.stop());

const person = (over: Partial<Extract<Principal, { kind: 'person' }>>): Principal => ({
  kind: 'person', personId: 'p', email: 'x@cultura.gob.pe', name: 'X', memberships: [], supervisor: false, platformAdmin: false, ...over,
});
const ids = async (p: Principal) => (await createRegistry(dbh.db).entitiesOf(p)).map((e) => e._id);

it('a member reads only their entities, by name, without scanning the others; an unknown one is left out', async () => {
  expect(await ids(person({ memberships: [{ entityId: 'senace', role: 'cm' }, { entityId: 'mincul', role: 'head' }, { entityId: 'gone', role: 'cm' }] }))).toEqual(['mincul', 'senace']);
});

it('an API key reads its own entity; nobody signed in reads none', async () => {
  expect(await ids({ kind: 'apiKey', keyId: 'k', entityId: 'inpe', label: 'x' })).toEqual(['inpe']);
  expect(await ids({ kind: 'anonymous' })).toEqual([]);
});

it('PCM 2: the supervisor and the platform admin read every entity (`can` then keeps the Congress from the supervisor)', async () => {
  const all = (await createRegistry(dbh.db).entities()).map((e) => e._id);
  expect(all).toHaveLength(4);
  expect(await ids(person({ supervisor: true }))).toEqual(all);
  expect(await ids(person({ platformAdmin: true }))).toEqual(all);
});

it('PCM 5.2.4: the forms offer a member the entities where they may submit, read from their own entities only', async () => {
  const head = person({ memberships: [{ entityId: 'mincul', role: 'head' }] });
  expect((await createRegistry(dbh.db).entitiesForSubmission(head)).map((e) => e.id)).toEqual(['mincul']);
});
