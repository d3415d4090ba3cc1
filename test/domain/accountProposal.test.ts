import {
  hasOfficialLink,
  mentionsLocation,
  usernameViolation,
  validateAccountProposal,
  withFixedSupervisor,
  type AccountProposal,
} from '../../domain/accountProposal';
import { PROFILES, PROFILES_BEFORE_PCM_2_SCOPE } from '../../domain/policyProfiles';
import { pcmEntity, validProposal } from '../support/fixtures';

const entity = pcmEntity();
const errorsOf = (p: unknown, e = entity) => {
  const r = validateAccountProposal(p, e);
  return r.ok ? [] : r.errors;
};
const rulesOf = (p: unknown, e = entity) => errorsOf(p, e).map((x) => `${x.field} ${x.rule}`);

describe('account proposal (RULEBOOK §1)', () => {
  it('accepts a proposal that follows every rule', () => {
    expect(errorsOf(validProposal())).toEqual([]);
  });

  it('PCM 6.1.1.2 (Anexo 4): names every missing field in Spanish', () => {
    const errors = errorsOf({ entityId: 'mincul' });
    const fields = errors.map((e) => e.field);
    for (const f of ['requester', 'responsibles', 'managingEmail', 'networks', 'proposedNames', 'description', 'contentType', 'justification', 'strategy', 'admins', 'bio']) {
      expect(fields).toContain(f);
    }
    expect(errors.every((e) => e.rule === 'PCM 6.1.1.2 (Anexo 4)')).toBe(true);
    expect(errors[0]!.message).toMatch(/[a-záéíóú]/i);
    expect(errors.map((e) => e.message).join(' ')).toMatch(/Entrada inválida|requerido|esperado/i);
  });

  it('PCM 6.1.1.2 (Anexo 4): requires exactly two proposed names, and different ones', () => {
    expect(rulesOf(validProposal({ proposedNames: ['CulturaPeru'] as unknown as AccountProposal['proposedNames'] }))).toContain('proposedNames PCM 6.1.1.2 (Anexo 4)');
    expect(rulesOf(validProposal({ proposedNames: ['CulturaPeru', 'culturaperu'] }))).toContain('proposedNames.1 PCM 6.1.1.2');
  });

  it('PCM 6.1.1.4: the managing email belongs to the entity domain', () => {
    expect(rulesOf(validProposal({ managingEmail: 'cultura.redes@gmail.com' }))).toEqual(['managingEmail PCM 6.1.1.4']);
    expect(rulesOf(validProposal({ managingEmail: 'redes@cultura.gob.pe.evil.com' }))).toEqual(['managingEmail PCM 6.1.1.4']);
  });

  describe('PCM 6.1.1.8 usernames', () => {
    it.each([
      ['Cultu', 'shorter than 6 characters'],
      ['CulturaPeruOficial', 'longer than 15 characters'],
      ['culturaperu', 'all lower case'],
      ['CULTURAPERU', 'all upper case'],
      ['Cultura Perú', 'spaces and accents'],
    ])('rejects %s (%s)', (name) => {
      expect(usernameViolation(name)).toBeDefined();
      expect(rulesOf(validProposal({ proposedNames: [name, 'MinCulturaPe'] }))).toContain('proposedNames.0 PCM 6.1.1.8');
    });
    it.each(['Cultur', 'CulturaPeru', 'MinCultura_Pe15'])('accepts %s (6 to 15, mixed case)', (name) => {
      expect(usernameViolation(name)).toBeUndefined();
    });
  });

  describe('admins', () => {
    const [head, second, scs] = validProposal().admins;
    const cm = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe', role: 'cm' as const };
    const team = { name: 'Equipo', email: 'equipo@cultura.gob.pe', role: 'team' as const };
    it('PCM 5.1.10 rejects fewer than 2 admins', () => {
      expect(rulesOf(validProposal({ networks: ['x'], admins: [scs!] }))).toContain('admins PCM 5.1.10');
    });
    it('PCM 5.1.10 rejects more than 3 admins', () => {
      expect(rulesOf(validProposal({ admins: [head!, second!, scs!, cm] }))).toContain('admins PCM 5.1.10');
    });
    it('PCM 6.1.1.5 requires head and second in command on Facebook', () => {
      expect(rulesOf(validProposal({ admins: [head!, cm, scs!] }))).toEqual(['admins PCM 6.1.1.5']);
      expect(rulesOf(validProposal({ admins: [cm, second!, scs!] }))).toEqual(['admins PCM 6.1.1.5']);
    });
    it('PCM 6.1.1.5 does not require them outside Facebook', () => {
      expect(rulesOf(validProposal({ networks: ['x'], admins: [cm, scs!] }))).toEqual([]);
    });
    it('PCM 6.1.1.6 requires SCS as admin under the PCM profile', () => {
      expect(rulesOf(validProposal({ networks: ['x'], admins: [head!, cm] }))).toEqual(['admins PCM 6.1.1.6']);
    });
    it('PCM 6.1.1.6 requires the SCS mailbox of the entity for the SCS admin', () => {
      expect(rulesOf(validProposal({ admins: [head!, second!, { ...scs!, email: 'otro@pcm.gob.pe' }] }))).toEqual(['admins.2.email PCM 6.1.1.6']);
    });
    it('PCM 2: an INPE or Senace proposal follows PCM 6.1.1.5–6.1.1.6 too: SCS as admin, head and second on Facebook', () => {
      for (const profile of ['INPE', 'SENACE'] as const) {
        const executive = pcmEntity({ profile });
        expect([profile, rulesOf(validProposal(), executive)]).toEqual([profile, []]);
        expect([profile, rulesOf(validProposal({ networks: ['x'], admins: [head!, cm] }), executive)]).toEqual([profile, ['admins PCM 6.1.1.6']]);
        expect([profile, rulesOf(validProposal({ admins: [head!, cm, scs!] }), executive)]).toEqual([profile, ['admins PCM 6.1.1.5']]);
      }
    });
    it('PCM 2: the Congress is not Executive Branch: SCS is neither required nor accepted as its admin', () => {
      const congreso = pcmEntity({ profile: 'CONGRESO' });
      expect(rulesOf(validProposal({ networks: ['x'], admins: [head!, cm] }), congreso)).toEqual([]);
      expect(rulesOf(validProposal({ networks: ['x'], admins: [head!, cm, scs!] }), congreso)).toEqual(['admins RULEBOOK perfiles']);
    });
    it('PCM 2: a process begun before the scope change validates under the rules it began with (PROFILES_BEFORE_PCM_2_SCOPE)', () => {
      const inpe = pcmEntity({ profile: 'INPE' });
      const before = validateAccountProposal(validProposal({ networks: ['x'], admins: [head!, cm] }), inpe, PROFILES_BEFORE_PCM_2_SCOPE.INPE);
      expect(before.ok).toBe(true);
      expect(withFixedSupervisor([head, cm, scs], inpe, PROFILES_BEFORE_PCM_2_SCOPE.INPE)).toEqual([head, cm]);
      expect(withFixedSupervisor([head, cm], inpe)).toEqual([head, cm, { name: 'Coordinación de Comunicación Digital de la SCS', email: 'rrss_scs@pcm.gob.pe', role: 'supervisor' }]);
    });
    it('CONGRESO 6.1.6 allows only head, Account Administrator and one more on Facebook', () => {
      const congreso = pcmEntity({ profile: 'CONGRESO', emailDomains: ['cultura.gob.pe'] });
      expect(rulesOf(validProposal({ admins: [head!, cm, team] }), congreso)).toEqual([]);
      expect(rulesOf(validProposal({ admins: [head!, team, { ...team, email: 'otro@cultura.gob.pe' }] }), congreso)).toContain('admins CONGRESO 6.1.6');
    });
    it('PCM 6.1.2.6 admins use institutional email', () => {
      expect(rulesOf(validProposal({ admins: [head!, { ...second!, email: 'bruno@gmail.com' }, scs!] }))).toEqual(['admins.1.email PCM 6.1.2.6']);
    });
  });

  describe('PCM 6.1.1.9 bio', () => {
    it('requires the institution location', () => {
      expect(mentionsLocation(entity, 'Ministerio de Cultura. https://www.gob.pe/cultura')).toBe(false);
      expect(mentionsLocation(entity, 'Sede en LIMA. https://www.gob.pe/cultura')).toBe(true);
      expect(rulesOf(validProposal({ bio: 'Ministerio de Cultura. https://www.gob.pe/cultura' }))).toEqual(['bio PCM 6.1.1.9']);
    });
    it('requires a link to an official website', () => {
      expect(hasOfficialLink(entity, 'Lima, Perú. https://cultura-peru.com')).toBe(false);
      expect(hasOfficialLink(entity, 'Lima, Perú. https://gob.pe.example.com')).toBe(false);
      expect(hasOfficialLink(entity, 'Lima. https://www.gob.pe/cultura')).toBe(true);
      expect(hasOfficialLink(entity, 'Lima. https://visitas.cultura.gob.pe/museos')).toBe(true);
      expect(rulesOf(validProposal({ bio: 'Ministerio de Cultura, Lima.' }))).toEqual(['bio PCM 6.1.1.9']);
    });
  });

  it('PCM 2: where INPE or Senace speak too, the stricter rule stays: INPE 5.3.d keeps content approval with the head alone', () => {
    expect(PROFILES.INPE.contentApproval).toEqual({ designeeAllowed: false, clause: 'INPE 5.3.d' });
    expect(PROFILES.INPE.sensitiveContentApproval?.clause).toBe('INPE 5.2.b');
    expect([PROFILES.INPE.supervisedByScs, PROFILES.SENACE.supervisedByScs, PROFILES.PCM.supervisedByScs, PROFILES.CONGRESO.supervisedByScs]).toEqual([true, true, true, false]);
  });

  it('refuses a policy profile that is not the entity\'s', () => {
    expect(rulesOf(validProposal({ policyProfile: 'CONGRESO' }))).toEqual(['policyProfile RULEBOOK perfiles']);
  });
});
