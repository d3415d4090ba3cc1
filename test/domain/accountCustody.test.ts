/** Who holds an account's password and its recovery phone under the Congress's document (domain/accountCustody.ts). */
import { keepsPasswordHolders, keepsRecoveryDevice, maskedPhone, passwordHolderProblems, recoveryDeviceProblems, recoveryDeviceSchema } from '../../domain/accountCustody';
import { validate } from '../../domain/validation';

const ROSTER = [
  { email: 'jefa@congreso.gob.pe', name: 'Diana Flores', role: 'head' as const },
  { email: 'admin@congreso.gob.pe', name: 'Fiorella Vega', role: 'cm' as const },
  { email: 'editor@congreso.gob.pe', name: 'Luis Soto', role: 'team' as const },
  { email: 'unidad@congreso.gob.pe', name: 'Mario Luna', role: 'requester' as const },
];
const ENTITY = { emailDomains: ['congreso.gob.pe'] };
const device = { device: 'CR-0042', phone: '+51 987 000 111', holderEmail: 'admin@congreso.gob.pe', institutionOwned: true as const };

describe('CONGRESO 6.1.7: to whom the head hands a password', () => {
  it('CONGRESO 6.1.7: kept for the Congress\'s networks entered by password, not for Facebook (roles, 6.1.4) nor under the Executive Branch (PCM 6.2.1.2)', () => {
    expect(keepsPasswordHolders('CONGRESO', 'x')).toBe(true);
    expect(keepsPasswordHolders('CONGRESO', 'tiktok')).toBe(true);
    expect(keepsPasswordHolders('CONGRESO', 'facebook')).toBe(false);
    expect(keepsPasswordHolders('PCM', 'x')).toBe(false);
  });

  it('CONGRESO 6.1.7: a team member may receive it; someone outside the roster or the team may not; CONGRESO 6.1.3: the custodians hold it already', () => {
    expect(passwordHolderProblems(ROSTER, ['editor@congreso.gob.pe'])).toEqual([]);
    expect(passwordHolderProblems(ROSTER, ['nadie@congreso.gob.pe', 'unidad@congreso.gob.pe', 'admin@congreso.gob.pe']).map((p) => [p.field, p.rule])).toEqual([
      ['holders.0', 'CONGRESO 6.1.7'],
      ['holders.1', 'CONGRESO 6.1.7'],
      ['holders.2', 'CONGRESO 6.1.3'],
    ]);
  });
});

describe('CONGRESO 6.2.3: the recovery phone', () => {
  it('CONGRESO 6.2.3: kept for every account of the Congress, and for none of the Executive Branch', () => {
    expect(keepsRecoveryDevice('CONGRESO')).toBe(true);
    expect(keepsRecoveryDevice('INPE')).toBe(false);
  });

  it('CONGRESO 6.2.3: the institution\'s ownership is confirmed, or the record is refused in Spanish', () => {
    const { institutionOwned: _o, ...unconfirmed } = device;
    const checked = validate(recoveryDeviceSchema, unconfirmed, 'CONGRESO 6.2.3');
    expect(checked.ok && recoveryDeviceProblems(ENTITY, ROSTER, checked.value, true)).toEqual([
      expect.objectContaining({ field: 'institutionOwned', rule: 'CONGRESO 6.2.3', message: expect.stringContaining('propiedad de la institución') }),
    ]);
  });

  it('CONGRESO 6.2.3: it stays with the Account Administrator, or with whom the head names; a unit or the Gerencia General, outside the office, cannot hold it', () => {
    expect(recoveryDeviceProblems(ENTITY, ROSTER, device, false)).toEqual([]);
    expect(recoveryDeviceProblems(ENTITY, ROSTER, { ...device, holderEmail: 'editor@congreso.gob.pe' }, false)).toEqual([
      expect.objectContaining({ field: 'holderEmail', message: expect.stringContaining('solo el jefe de la Oficina') }),
    ]);
    expect(recoveryDeviceProblems(ENTITY, ROSTER, { ...device, holderEmail: 'editor@congreso.gob.pe' }, true)).toEqual([]);
    expect(recoveryDeviceProblems(ENTITY, ROSTER, { ...device, holderEmail: 'unidad@congreso.gob.pe' }, true)[0]?.message).toContain('no es de la Oficina de Comunicaciones');
    const withGerencia = [...ROSTER, { email: 'gerencia@congreso.gob.pe', name: 'Gerencia', role: 'gerencia' as const }];
    expect(recoveryDeviceProblems(ENTITY, withGerencia, { ...device, holderEmail: 'gerencia@congreso.gob.pe' }, true)[0]?.message).toContain('no es de la Oficina de Comunicaciones');
  });

  it('CONGRESO 6.2.3: a recovery address is always institutional', () => {
    expect(recoveryDeviceProblems(ENTITY, ROSTER, { ...device, recoveryEmail: 'redes.congreso@gmail.com' }, true)).toEqual([
      expect.objectContaining({ field: 'recoveryEmail', rule: 'CONGRESO 6.2.3', message: expect.stringContaining('@congreso.gob.pe') }),
    ]);
  });

  it('those who do not manage the account see only the last three digits', () => {
    expect(maskedPhone('+51 987 000 111')).toBe('••• 111');
  });
});
