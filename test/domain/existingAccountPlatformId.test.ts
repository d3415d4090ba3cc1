import { existingAccountSchema } from '../../domain/existingAccount';
import { validate } from '../../domain/validation';

const base = {
  network: 'facebook', username: 'CulturaPeru', managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Ana Quispe', phone: '987654321' }],
  description: 'Página institucional', contentType: 'Noticias',
};

describe('an account\'s id on Meta (issue 17 §1): the review reads its roles there', () => {
  it('a Facebook page or Instagram account takes its numeric id', () => {
    expect(validate(existingAccountSchema, { ...base, platformId: ' 100000000000101 ' }, 'PCM 6.3.5')).toMatchObject({ ok: true, value: { platformId: '100000000000101' } });
    expect(validate(existingAccountSchema, { ...base, network: 'instagram', platformId: '17841400000000101' }, 'PCM 6.3.5').ok).toBe(true);
    expect(validate(existingAccountSchema, base, 'PCM 6.3.5').ok).toBe(true);
  });

  it('an id that is not digits, or on a network Meta does not read, is refused at the field', () => {
    const bad = validate(existingAccountSchema, { ...base, platformId: 'facebook.com/CulturaPeru' }, 'PCM 6.3.5');
    expect(!bad.ok && bad.errors.map((e) => [e.field, e.message])).toEqual([['platformId', expect.stringMatching(/solo dígitos/)]]);
    const x = validate(existingAccountSchema, { ...base, network: 'x', platformId: '12345678' }, 'PCM 6.3.5');
    expect(!x.ok && x.errors.map((e) => [e.field, e.message])).toEqual([['platformId', expect.stringMatching(/Solo las páginas de Facebook y las cuentas de Instagram/)]]);
  });
});
