import type { AccountRoster, GrantSummary } from '../../domain/pageRoles';
import { platformAnomalies, platformListsRoles, type PlatformFacts, type PlatformHolder } from '../../domain/platformRoles';

const SCS = 'rrss_scs@pcm.gob.pe';
const account: AccountRoster = {
  accountId: 'acc-fb',
  network: 'facebook',
  username: 'culturaperu',
  status: 'active',
  roles: [
    { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe', pageRole: 'admin' },
    { name: 'Carlos Rojas', email: 'crojas@cultura.gob.pe', pageRole: 'admin' },
    { name: 'Coordinación de Comunicación Digital SCS', email: SCS, pageRole: 'admin' },
    { name: 'Elena Paz', email: 'epaz@cultura.gob.pe', pageRole: 'editor' },
  ],
};
const holder = (id: string, name: string, tasks: string[], kind: PlatformHolder['kind'] = 'business-user'): PlatformHolder => ({ id, name, tasks, kind });
const ALL = ['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'MESSAGING', 'ADVERTISE', 'ANALYZE'];
const grant = (over: Partial<GrantSummary> = {}): GrantSummary => ({ grantId: 'g1', accountId: 'acc-fb', agencyName: 'Agencia Andina SAC', businessManagerId: '555', role: 'advertiser', campaign: 'Verano 2027', startsOn: '2027-01-04', endsOn: '2027-02-26', state: 'active', ...over });

/** A page that matches its registry: Ana, Carlos and SCS admin, Elena editor, Custodio's reader. */
function facts(over: Partial<PlatformFacts> = {}, holders?: PlatformHolder[]): PlatformFacts {
  return {
    profile: 'PCM',
    supervisorEmail: SCS,
    account,
    reading: {
      accountId: 'acc-fb',
      name: 'Ministerio de Cultura',
      username: 'culturaperu',
      holders: holders ?? [
        holder('u1', 'Ana Quispe', ALL),
        holder('u2', 'Carlos Rojas', ['MANAGE']),
        holder('u3', 'Secretaría de Comunicación Social - PCM', ['MANAGE']),
        holder('u4', 'Elena Paz', ['CREATE_CONTENT', 'MODERATE']),
        holder('sys', 'Custodio lector', ['ANALYZE'], 'system-user'),
      ],
      agencies: [],
    },
    grants: [],
    team: ['epaz@cultura.gob.pe'],
    readerIds: ['sys'],
    today: '2027-03-10',
    ...over,
  };
}
const kinds = (f: PlatformFacts) => platformAnomalies(f).map((a) => `${a.kind} ${a.rule}`);

describe('roles read from the platform, held against the registry (issue 17 §1)', () => {
  it('PCM 6.1.2.11: a page that matches its registry has no anomaly (names compared without accents or case)', () => {
    expect(platformAnomalies(facts())).toEqual([]);
    const h = facts().reading.holders.map((x) => (x.id === 'u1' ? { ...x, name: 'ana  QUISPE' } : x));
    expect(platformAnomalies(facts({}, h))).toEqual([]);
  });

  it('PCM 6.1.2.11: someone on the platform who is not in the registry', () => {
    const h = [...facts().reading.holders, holder('p9', 'Jorge Exempleado', ['MODERATE'], 'person')];
    const found = platformAnomalies(facts({}, h));
    expect(found).toEqual([expect.objectContaining({ kind: 'unknown-on-platform', key: 'unknown:p9', rule: 'PCM 6.1.2.11', message: expect.stringContaining('Jorge Exempleado') })]);
  });

  it('PCM 6.1.2.11: a registry admin missing on the platform, or there without MANAGE', () => {
    const without = facts().reading.holders.filter((x) => x.id !== 'u2');
    expect(kinds(facts({}, [...without, holder('u1b', 'Zoe Ríos', ['MANAGE'])]))).toContain('admin-missing-on-platform PCM 6.1.2.11');
    const demoted = facts().reading.holders.map((x) => (x.id === 'u2' ? { ...x, tasks: ['CREATE_CONTENT'] } : x));
    const found = platformAnomalies(facts({}, demoted));
    expect(found.find((a) => a.kind === 'admin-missing-on-platform')?.message).toMatch(/no le da la tarea MANAGE/);
  });

  it('PCM 6.1.1.6: SCS missing as admin where the profile requires it; not under CONGRESO', () => {
    const noScs = facts().reading.holders.filter((x) => x.id !== 'u3').concat(holder('u5', 'Rosa Díaz', ['MANAGE']));
    const pcmAccount = { ...account, roles: [...account.roles, { name: 'Rosa Díaz', email: 'rdiaz@cultura.gob.pe', pageRole: 'admin' as const }] };
    expect(kinds(facts({ account: pcmAccount }, noScs))).toEqual(['supervisor-not-admin PCM 6.1.1.6']);
    expect(kinds(facts({ profile: 'CONGRESO', account: pcmAccount }, noScs))).toEqual([]);
    // SCS present but only as an analyst is not enough.
    const scsAnalyst = facts().reading.holders.map((x) => (x.id === 'u3' ? { ...x, tasks: ['ANALYZE'] } : x));
    expect(kinds(facts({}, scsAnalyst))).toContain('supervisor-not-admin PCM 6.1.1.6');
  });

  it('PCM 5.1.10: admins on the platform outside 2–3 (system users are not counted)', () => {
    const one = [holder('u1', 'Ana Quispe', ['MANAGE']), holder('sys2', 'Integración', ['MANAGE'], 'system-user')];
    const acct = { ...account, roles: [account.roles[0]!] };
    expect(kinds(facts({ profile: 'CONGRESO', account: acct }, one))).toEqual(['unknown-on-platform PCM 6.1.2.11', 'admins-out-of-range PCM 5.1.10']);
    const four = [...facts().reading.holders, holder('u6', 'Luis Soto', ['MANAGE'])];
    const acct4 = { ...account, roles: [...account.roles, { name: 'Luis Soto', email: 'lsoto@cultura.gob.pe', pageRole: 'admin' as const }] };
    expect(platformAnomalies(facts({ account: acct4 }, four)).map((a) => a.kind)).toEqual(['admins-out-of-range']);
  });

  it('CONGRESO 6.1.5 / PCM 5.1.10: a team member who holds admin on the platform', () => {
    const elenaAdmin = facts().reading.holders.map((x) => (x.id === 'u4' ? { ...x, tasks: ['MANAGE', 'CREATE_CONTENT'] } : x));
    const acct = { ...account, roles: account.roles.filter((r) => r.email !== 'crojas@cultura.gob.pe') };
    const noCarlos = elenaAdmin.filter((x) => x.id !== 'u2');
    expect(kinds(facts({ account: acct }, noCarlos))).toEqual(['team-member-admin PCM 5.1.10']);
    expect(kinds(facts({ profile: 'CONGRESO', account: acct }, noCarlos))).toEqual(['team-member-admin CONGRESO 6.1.5']);
  });

  it('PCM 6.1.2.10: an agency still present after its grant\'s end, matched by Business Manager ID; none while the grant runs', () => {
    const agencies = [{ id: '555', name: 'Andina Medios', tasks: ['ADVERTISE', 'ANALYZE'] }];
    const reading = { ...facts().reading, agencies };
    expect(kinds(facts({ reading, grants: [grant({ endsOn: '2027-03-31' })] }))).toEqual([]);
    const found = platformAnomalies(facts({ reading, grants: [grant({ state: 'removed' })] }));
    expect(found).toEqual([expect.objectContaining({ kind: 'agency-after-removal', key: 'agency-after:555', rule: 'PCM 6.1.2.10', message: expect.stringContaining('terminó el 2027-02-26') })]);
    expect(kinds(facts({ reading, grants: [grant({ state: 'removal_due' })] }))).toEqual(['agency-after-removal PCM 6.1.2.10']);
  });

  it('PCM 6.1.2.10: an agency with no approved grant at all', () => {
    const reading = { ...facts().reading, agencies: [{ id: '777', name: 'Otra Agencia', tasks: ['ADVERTISE'] }] };
    expect(kinds(facts({ reading, grants: [grant()] }))).toEqual(['unknown-agency PCM 6.1.2.10']);
  });

  it('Meta lists roles of Facebook and Instagram only; X, TikTok and YouTube offer no list', () => {
    expect(['facebook', 'instagram', 'x', 'tiktok', 'youtube'].filter((n) => platformListsRoles(n as never))).toEqual(['facebook', 'instagram']);
  });
});
