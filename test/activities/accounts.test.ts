import { createAccountActivities } from '../../activities/accounts';
import { createCalendarActivities } from '../../activities/calendar';
import { accountModel } from '../../infra/models/account';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  dbh = await startTestDb();
});
afterAll(async () => dbh.stop());

const input = {
  requestId: 'req1',
  entityId: 'mincul',
  networks: ['facebook' as const, 'x' as const],
  username: 'CulturaPeru',
  managingEmail: 'redes@cultura.gob.pe',
  admins: [{ name: 'Ana', email: 'aquispe@cultura.gob.pe', role: 'head' }],
};

describe('registry activities against FerretDB', () => {
  it('puts one active account per network, and a retry rewrites the same rows', async () => {
    const { activateAccounts } = createAccountActivities({ accounts: accountModel(dbh.db) });
    const first = await activateAccounts(input);
    const again = await activateAccounts(input);
    expect(again).toEqual(first);
    const rows = await accountModel(dbh.db).find({ requestId: 'req1' }).sort({ network: 1 }).lean();
    expect(rows.map((r) => [r._id, r.network, r.status])).toEqual([
      ['req1-facebook', 'facebook', 'active'],
      ['req1-x', 'x', 'active'],
    ]);
    // RULEBOOK §2: the registry has no place for a credential.
    expect(Object.keys(rows[0]!).some((k) => /pass|secret|clave/i.test(k))).toBe(false);
  });
});

describe('calendar activity', () => {
  it('computes reminder instants in Lima business days, skipping the entity decreed days', async () => {
    const { businessInstants } = createCalendarActivities();
    // Friday 2026-12-04 10:00 Lima; Monday 7 decreed non-working, Tuesday 8 and Wednesday 9 are holidays.
    const [one, two] = await businessInstants({ from: '2026-12-04T15:00:00.000Z', offsets: [1, 2], nonWorkingDays: ['2026-12-07'] });
    expect(one).toBe('2026-12-10T15:00:00.000Z');
    expect(two).toBe('2026-12-11T15:00:00.000Z');
  });
});
