/**
 * The FerretDB the project builds (scripts/install-tools.sh) looks a document up by `_id` through the
 * collection's `_id` index. Stock v1.24.2 scans the whole collection instead: its SQLite backend filters
 * with another expression than the one its index is built on. At 10,000 accounts that made each read
 * 15 ms instead of 0.8 ms, and the registry reads dominated a burst of reminders (bench/README.md).
 * FerretDB's `explain` shows SQLite's query plan.
 */
import { startTestDb } from '../support/ferret';

let stop: (() => Promise<void>) | undefined;
afterAll(() => stop?.());

it('a read by _id searches the _id index rather than scanning the collection (STACK trap 8)', async () => {
  const started = await startTestDb();
  stop = started.stop;
  const accounts = started.db.collection<{ _id: string; entityId: string }>('accounts');
  await accounts.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `cuenta-${i}`, entityId: 'mincul' })));

  const plan = (await accounts.find({ _id: 'cuenta-7' }).explain()) as { queryPlanner?: { Plan?: string[] } };
  expect(plan.queryPlanner?.Plan?.join('\n')).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);

  // The same lookups still answer as before: a present id, an absent one, and an update by id.
  expect(await accounts.findOne({ _id: 'cuenta-7' })).toEqual({ _id: 'cuenta-7', entityId: 'mincul' });
  expect(await accounts.findOne({ _id: 'cuenta-99' })).toBeNull();
  await accounts.updateOne({ _id: 'cuenta-7' }, { $set: { entityId: 'pcm' } });
  expect(await accounts.countDocuments({ entityId: 'pcm' })).toBe(1);
});
