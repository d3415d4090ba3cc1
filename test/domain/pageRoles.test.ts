import { earlierAgencyGrants, reviewAnomalies, sameAgency, type AccountRoster, type GrantSummary, type ReviewFacts, type RoleHolder } from '../../domain/pageRoles';

const SCS = 'rrss_scs@pcm.gob.pe';
const head: RoleHolder = { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe', pageRole: 'admin' };
const second: RoleHolder = { name: 'Bruno Salas', email: 'bsalas@cultura.gob.pe', pageRole: 'admin' };
const scs: RoleHolder = { name: 'SCS', email: SCS, pageRole: 'admin' };
const cmEditor: RoleHolder = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe', pageRole: 'editor' };

const account = (roles: RoleHolder[], overrides: Partial<AccountRoster> = {}): AccountRoster => ({
  accountId: 'acc-1', network: 'facebook', username: 'CulturaPeru', status: 'active', roles, ...overrides,
});

const grant = (overrides: Partial<GrantSummary> = {}): GrantSummary => ({
  grantId: 'g-1', accountId: 'acc-1', agencyName: 'Agencia Andina SAC', role: 'advertiser', campaign: 'Verano 2027',
  startsOn: '2026-11-01', endsOn: '2026-11-30', state: 'active', ...overrides,
});

/** A clean PCM roster: head, second and SCS administer, the CM edits, everyone still in the office. */
const facts = (overrides: Partial<ReviewFacts> = {}): ReviewFacts => ({
  profile: 'PCM',
  supervisorEmail: SCS,
  accounts: [account([head, second, scs, cmEditor])],
  grants: [],
  members: ['aquispe@cultura.gob.pe', 'bsalas@cultura.gob.pe', 'crojas@cultura.gob.pe'],
  today: '2026-12-01',
  ...overrides,
});

const kinds = (f: ReviewFacts) => reviewAnomalies(f).map((a) => [a.kind, a.rule, a.accountId]);

describe('monthly review anomalies (PCM 6.1.2.11)', () => {
  it('a clean roster gives none', () => {
    expect(reviewAnomalies(facts())).toEqual([]);
  });

  it('PCM 5.1.10: an account with one admin has too few', () => {
    const [a, ...rest] = reviewAnomalies(facts({ accounts: [account([scs, cmEditor])] }));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ kind: 'too-few-admins', rule: 'PCM 5.1.10', accountId: 'acc-1' });
    expect(a!.message).toMatch(/tiene 1 administrador\(es\); el mínimo es 2/);
  });

  it('PCM 5.1.10: an account with four admins has too many', () => {
    const [a, ...rest] = reviewAnomalies(facts({ accounts: [account([head, second, scs, { ...cmEditor, pageRole: 'admin' }])] }));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ kind: 'too-many-admins', rule: 'PCM 5.1.10' });
    expect(a!.message).toMatch(/tiene 4 administradores; el máximo es 3/);
  });

  it('PCM 6.1.1.6: SCS missing as admin is an anomaly under PCM', () => {
    const [a, ...rest] = reviewAnomalies(facts({ accounts: [account([head, second, cmEditor])] }));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ kind: 'supervisor-missing', rule: 'PCM 6.1.1.6' });
    expect(a!.message).toContain(SCS);
  });

  it('PCM 2: INPE and Senace are Executive Branch, so SCS missing as admin is an anomaly there too (PCM 6.1.1.6)', () => {
    for (const profile of ['INPE', 'SENACE'] as const) {
      expect([profile, kinds(facts({ profile, accounts: [account([head, second, cmEditor])] }))]).toEqual([profile, [['supervisor-missing', 'PCM 6.1.1.6', 'acc-1']]]);
    }
  });

  it('PCM 6.1.1.6 binds the Executive Branch only: SCS missing is no anomaly under CONGRESO', () => {
    expect(reviewAnomalies(facts({ profile: 'CONGRESO', accounts: [account([head, second, cmEditor])] }))).toEqual([]);
  });

  it('SCS as an editor does not count as its admin role (PCM 6.1.1.6)', () => {
    expect(kinds(facts({ accounts: [account([head, second, { ...scs, pageRole: 'editor' }])] }))).toEqual([['supervisor-missing', 'PCM 6.1.1.6', 'acc-1']]);
  });

  it('PCM 6.1.2.10: an agency that still holds its role after the campaign ended is overdue', () => {
    const [a, ...rest] = reviewAnomalies(facts({ grants: [grant({ endsOn: '2026-11-30', state: 'active' })] }));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ kind: 'agency-overdue', rule: 'PCM 6.1.2.10', accountId: 'acc-1' });
    expect(a!.message).toMatch(/Agencia Andina SAC conserva el rol anunciante de la campaña «Verano 2027», que terminó el 2026-11-30/);
  });

  it('PCM 6.1.2.10: the end date is inclusive, and a removed or cancelled grant holds nothing', () => {
    expect(reviewAnomalies(facts({ grants: [grant({ endsOn: '2026-12-01' })] }))).toEqual([]);
    expect(reviewAnomalies(facts({ grants: [grant({ state: 'removed' }), grant({ grantId: 'g-2', state: 'cancelled' })] }))).toEqual([]);
    expect(kinds(facts({ grants: [grant({ state: 'removal_due' }), grant({ grantId: 'g-2', state: 'scheduled' })] })).map(([k]) => k)).toEqual(['agency-overdue', 'agency-overdue']);
  });

  it('PCM 6.2.3.5: a person who left the office and still holds a role is flagged, whatever the role', () => {
    const members = ['aquispe@cultura.gob.pe', 'bsalas@cultura.gob.pe'];
    const [a, ...rest] = reviewAnomalies(facts({ members }));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ kind: 'left-office', rule: 'PCM 6.2.3.5' });
    expect(a!.message).toMatch(/Carla Rojas \(crojas@cultura\.gob\.pe\) ya no integra la oficina y conserva el rol editor/);
  });

  it('PCM 6.2.3.5: SCS is not a member of the office and is never flagged as having left; addresses compare without case', () => {
    expect(reviewAnomalies(facts({ members: ['AQUISPE@cultura.gob.pe', 'bsalas@cultura.gob.pe', 'crojas@CULTURA.gob.pe'] }))).toEqual([]);
  });

  it('retired accounts are ignored; paused ones are still reviewed', () => {
    const bad = [scs, { ...cmEditor, email: 'exempleado@cultura.gob.pe' }];
    expect(reviewAnomalies(facts({ accounts: [account(bad, { status: 'retired' })] }))).toEqual([]);
    expect(kinds(facts({ accounts: [account(bad, { status: 'paused', accountId: 'acc-2' })] }))).toEqual([
      ['too-few-admins', 'PCM 5.1.10', 'acc-2'],
      ['left-office', 'PCM 6.2.3.5', 'acc-2'],
    ]);
  });

  it('every anomaly of a month at once, each with its clause', () => {
    const f = facts({
      members: ['aquispe@cultura.gob.pe', 'bsalas@cultura.gob.pe'],
      accounts: [
        account([scs], { accountId: 'one-admin' }),
        account([head, second, scs, { ...cmEditor, pageRole: 'admin' }], { accountId: 'four-admins' }),
        account([head, second], { accountId: 'no-scs' }),
      ],
      grants: [grant({ accountId: 'no-scs' })],
    });
    expect(kinds(f)).toEqual([
      ['too-few-admins', 'PCM 5.1.10', 'one-admin'],
      ['too-many-admins', 'PCM 5.1.10', 'four-admins'],
      ['left-office', 'PCM 6.2.3.5', 'four-admins'],
      ['supervisor-missing', 'PCM 6.1.1.6', 'no-scs'],
      ['agency-overdue', 'PCM 6.1.2.10', 'no-scs'],
    ]);
  });
});

describe('agencies from earlier campaigns (PCM 6.1.2.10)', () => {
  it('the same Business Manager ID is the same agency, whatever the name', () => {
    expect(sameAgency({ agencyName: 'Andina', businessManagerId: '123' }, { agencyName: 'Otra SAC', businessManagerId: ' 123 ' })).toBe(true);
    expect(sameAgency({ agencyName: 'Andina', businessManagerId: '123' }, { agencyName: 'Andina', businessManagerId: '456' })).toBe(false);
  });

  it('without two IDs, the name decides, ignoring case, accents and spacing', () => {
    expect(sameAgency({ agencyName: 'Agencia  Andína SAC' }, { agencyName: 'agencia andina sac', businessManagerId: '9' })).toBe(true);
    expect(sameAgency({ agencyName: 'Agencia Andina' }, { agencyName: 'Agencia Amazónica' })).toBe(false);
  });

  it('finds a grant the agency still holds from another campaign, on any account of the entity', () => {
    const grants = [
      grant({ grantId: 'old-active', accountId: 'acc-2', campaign: 'Invierno 2026', state: 'active' }),
      grant({ grantId: 'old-due', campaign: 'Feria 2026', state: 'removal_due' }),
      grant({ grantId: 'old-scheduled', campaign: 'Navidad 2026', state: 'scheduled' }),
      grant({ grantId: 'old-removed', campaign: 'Otoño 2026', state: 'removed' }),
      grant({ grantId: 'old-cancelled', campaign: 'Primavera 2026', state: 'cancelled' }),
      grant({ grantId: 'same-campaign', campaign: ' verano 2027 ', state: 'active' }),
      grant({ grantId: 'other-agency', agencyName: 'Publicidad Sur', campaign: 'Invierno 2026', state: 'active' }),
    ];
    const found = earlierAgencyGrants({ agencyName: 'AGENCIA ANDINA SAC', campaign: 'Verano 2027' }, grants).map((g) => g.grantId);
    expect(found).toEqual(['old-active', 'old-due', 'old-scheduled']);
  });

  it('an agency with no earlier grant, or only ended ones, may be granted', () => {
    expect(earlierAgencyGrants({ agencyName: 'Nueva Agencia', campaign: 'Verano 2027' }, [grant()])).toEqual([]);
    expect(earlierAgencyGrants({ agencyName: 'Agencia Andina SAC', campaign: 'Verano 2028' }, [grant({ state: 'removed' })])).toEqual([]);
  });
});
