/** The Congress's custody rules as pure functions (domain/accountAdministrator.ts). */
import { pageAdminProblems, tenureWarnings } from '../../domain/accountAdministrator';

const HEAD = { email: 'jefa@congreso.gob.pe', name: 'Diana Flores', role: 'head' as const };
const CM = { email: 'admin@congreso.gob.pe', name: 'Fiorella Vega', role: 'cm' as const, tenure: 'indefinite' as const };
const TEAM = { email: 'editor@congreso.gob.pe', name: 'Luis Soto', role: 'team' as const };
const STAFF = { email: 'planta@congreso.gob.pe', name: 'Rosa Díaz', role: 'team' as const, tenure: 'indefinite' as const };
const STAFF2 = { email: 'planta2@congreso.gob.pe', name: 'Juan Ruiz', role: 'second' as const, tenure: 'indefinite' as const };
const roster = [HEAD, CM, TEAM, STAFF, STAFF2];
const admin = (m: { email: string; name: string }) => ({ email: m.email, name: m.name, pageRole: 'admin' as const });

describe('CONGRESO 5.1.2: the Account Administrator is indefinite-term staff', () => {
  it('CONGRESO 5.1.2: a community manager with no contract recorded, or another kind, is warned about; one on an indefinite term is not', () => {
    const warned = tenureWarnings('CONGRESO', [HEAD, { ...CM, tenure: undefined }, { ...CM, email: 'otro@congreso.gob.pe', name: 'Otro', tenure: 'fixed' }, { ...CM, email: 'bien@congreso.gob.pe' }]);
    expect(warned.map((w) => [w.email, w.rule])).toEqual([
      ['admin@congreso.gob.pe', 'CONGRESO 5.1.2'],
      ['otro@congreso.gob.pe', 'CONGRESO 5.1.2'],
    ]);
    expect(warned[0]!.message).toContain('no tiene registrado su tipo de contrato');
    expect(warned[1]!.message).toContain('figura con otro tipo de contrato');
  });

  it('the Executive Branch\'s profiles ask nothing about contracts', () => {
    for (const p of ['PCM', 'INPE', 'SENACE'] as const) expect(tenureWarnings(p, [{ ...CM, tenure: undefined }])).toEqual([]);
  });
});

describe('CONGRESO 6.1.4–6.1.6: who administers a page', () => {
  it('CONGRESO 6.1.4: the head and the Account Administrator administer; the team edits and analyses', () => {
    const roles = [admin(HEAD), admin(CM), { ...admin(TEAM), pageRole: 'editor' as const }];
    expect(pageAdminProblems('CONGRESO', roles, roster)).toEqual([]);
  });

  it('CONGRESO 6.1.5: a team member with no indefinite-term contract is refused admin at their row', () => {
    expect(pageAdminProblems('CONGRESO', [admin(HEAD), admin(TEAM)], roster)).toEqual([
      expect.objectContaining({ field: 'roles.1.pageRole', rule: 'CONGRESO 6.1.5', message: expect.stringContaining('editor, analista u otro menor') }),
    ]);
  });

  it('CONGRESO 6.1.6: one more member of the office on an indefinite term may administer; a second one is refused', () => {
    expect(pageAdminProblems('CONGRESO', [admin(HEAD), admin(CM), admin(STAFF)], roster)).toEqual([]);
    expect(pageAdminProblems('CONGRESO', [admin(STAFF), admin(HEAD), admin(STAFF2)], roster)).toEqual([
      expect.objectContaining({ field: 'roles.2.pageRole', rule: 'CONGRESO 6.1.6', message: expect.stringContaining('(Rosa Díaz)') }),
    ]);
  });

  it('CONGRESO 6.1.4: someone the roster does not list, or a second in command on another contract, is refused admin', () => {
    const stranger = { email: 'nadie@congreso.gob.pe', name: 'Nadie', role: 'team' as const };
    const second = { ...STAFF2, tenure: 'fixed' as const };
    expect(pageAdminProblems('CONGRESO', [admin(stranger), admin(second)], [HEAD, CM, second]).map((p) => [p.field, p.rule])).toEqual([
      ['roles.0.pageRole', 'CONGRESO 6.1.4'],
      ['roles.1.pageRole', 'CONGRESO 6.1.4'],
    ]);
  });

  it('addresses compare without letter case', () => {
    expect(pageAdminProblems('CONGRESO', [{ ...admin(CM), email: 'ADMIN@Congreso.gob.pe' }], roster)).toEqual([]);
  });

  it('PCM 5.1.10 governs the Executive Branch instead: no refusal here for a team member as admin', () => {
    expect(pageAdminProblems('PCM', [admin(TEAM)], roster)).toEqual([]);
  });
});
