/**
 * The account guard against FerretDB (issue 18 §2): the services one page calls each guard the account
 * again; with `pageReads` they share one read of the account and its entity, and each still checks its
 * own permission. Without it, every call reads afresh.
 */
import { Refusal } from '../../domain/refusal';
import { accountModel } from '../../infra/models/account';
import { entityModel } from '../../infra/models/entity';
import type { Caller } from '../../registry/audit';
import { guardedAccount, pageReads } from '../../registry/guards';
import { createRegistry } from '../../registry/reads';
import { entityWithDefaults } from '../../local/seed';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let deps: { db: typeof dbh.db; registry: ReturnType<typeof createRegistry> };

const cm: Caller = {
  principal: { kind: 'person', personId: 'p1', email: 'crojas@cultura.gob.pe', name: 'Carla Rojas', memberships: [{ entityId: 'mincul', role: 'cm' }], supervisor: false, platformAdmin: false },
  actor: { kind: 'person', email: 'crojas@cultura.gob.pe' },
  client: { userAgent: 'jest' },
};

beforeAll(async () => {
  dbh = await startTestDb();
  deps = { db: dbh.db, registry: createRegistry(dbh.db) };
  await entityModel(dbh.db).create(entityWithDefaults('mincul', 'Ministerio de Cultura', 'PCM', 'cultura.gob.pe'));
});
afterAll(() => dbh?.stop());

const account = (id: string) =>
  accountModel(dbh.db).create({ _id: id, entityId: 'mincul', network: 'facebook', username: id, managingEmail: 'redes@cultura.gob.pe', roles: [], status: 'active', activatedAt: new Date() });

it('one page reads the account once for every service that guards it; a caller without shared reads reads afresh', async () => {
  await account('shared-fb');
  const page = pageReads(cm);
  expect((await guardedAccount(deps, 'shared-fb', page, 'account.read')).account.username).toBe('shared-fb');
  await accountModel(dbh.db).updateOne({ _id: 'shared-fb' }, { $set: { username: 'renamed' } });
  expect((await guardedAccount(deps, 'shared-fb', page, 'account.read')).account.username).toBe('shared-fb');
  expect((await guardedAccount(deps, 'shared-fb', cm, 'account.read')).account.username).toBe('renamed');
  expect((await guardedAccount(deps, 'shared-fb', pageReads(cm), 'account.read')).account.username).toBe('renamed');
});

it('shared reads do not share permissions: each call checks its own, and an unknown account is not found', async () => {
  await account('guarded-fb');
  const page = pageReads(cm);
  await guardedAccount(deps, 'guarded-fb', page, 'account.read');
  await expect(guardedAccount(deps, 'guarded-fb', page, 'account.lifecycle')).rejects.toMatchObject({ code: 'forbidden' });
  await expect(guardedAccount(deps, 'no-such', page, 'account.read')).rejects.toBeInstanceOf(Refusal);
});
