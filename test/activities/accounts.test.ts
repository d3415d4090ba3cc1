import { createAccountActivities } from '../../activities/accounts';
import { createCalendarActivities } from '../../activities/calendar';
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { createAuditTrail } from '../../registry/audit';
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
    const { activateAccounts } = createAccountActivities({ accounts: accountModel(dbh.db), audit: createAuditTrail(dbh.db) });
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

  it('PCM 6.3.5, 7.3: keeps the approved Anexo 4 data for SCS\'s directory and enters each activation in the audit trail once, however often it is retried', async () => {
    const { activateAccounts } = createAccountActivities({ accounts: accountModel(dbh.db), audit: createAuditTrail(dbh.db) });
    const anexo4 = { responsibles: [{ name: 'Carla Rojas Díaz', phone: '+51 987 654 321' }], description: 'Objetivos: Difundir. Público objetivo: Todos. Funciones: Informar.', contentType: 'Noticias' };
    const withData = { ...input, requestId: 'req2', anexo4 };
    await activateAccounts(withData);
    await activateAccounts(withData);
    const row = await accountModel(dbh.db).findById('req2-x').lean();
    expect(row).toMatchObject({ responsibles: anexo4.responsibles, description: anexo4.description, contentType: 'Noticias' });
    const audited = await auditModel(dbh.db).find({ action: 'account.activated', workflowId: 'account-request-req2' }).lean();
    expect(audited.map((a) => [a.accountId, a.actor.kind, a.workflowId, a.detail]).sort()).toEqual([
      ['req2-facebook', 'process', 'account-request-req2', 'facebook:CulturaPeru'],
      ['req2-x', 'process', 'account-request-req2', 'x:CulturaPeru'],
    ]);
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

  it('PCM 6.1.2.5: a confirmed rotation\'s dates in one call say what the two calls said (the next due date and both in words)', async () => {
    const calendar = createCalendarActivities();
    const input = { confirmedAt: '2026-12-04T15:00:00.000Z', profile: 'CONGRESO' as const, nonWorkingDays: ['2026-12-21'] };
    const next = await calendar.rotationDue({ lastConfirmedAt: input.confirmedAt, profile: input.profile, nonWorkingDays: input.nonWorkingDays });
    const [confirmed, nextDue] = await calendar.describeInstants([input.confirmedAt, next]);
    expect(await calendar.confirmedRotationDates(input)).toEqual({ confirmed, nextDue });
    expect(nextDue).toBe('martes 22 de diciembre de 2026, 09:00');
  });
});
