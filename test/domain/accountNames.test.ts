import { nameChangeSchema, nameChangeViolations, proposedChanges, unapprovedRename } from '../../domain/accountNames';

const registry = { name: 'Ministerio de Cultura', username: 'CulturaPeru' };

describe('account names (PCM 6.1.2.7)', () => {
  it('PCM 6.1.2.7: the same names, spelled as the network resolves them, are no rename', () => {
    expect(unapprovedRename(registry, { name: '  Ministerio  de Cultura ', username: '@culturaperu' }, [])).toEqual([]);
  });

  it('PCM 6.1.2.7: a username the platform shows without an approved request is reported, with its clause', () => {
    const [finding, ...rest] = unapprovedRename(registry, { name: 'Ministerio de Cultura', username: '@CulturaOficial' }, []);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ field: 'username', registry: 'CulturaPeru', observed: 'culturaoficial', clause: 'PCM 6.1.2.7' });
    expect(finding!.message).toContain('«culturaoficial»');
    expect(finding!.message).toContain('PCM 6.1.2.7');
  });

  it('PCM 6.1.2.7: a page name changed without approval is reported; accents and case count', () => {
    expect(unapprovedRename(registry, { name: 'Ministerio de Cultura del Perú', username: 'CulturaPeru' }, []).map((f) => [f.field, f.observed])).toEqual([
      ['name', 'Ministerio de Cultura del Perú'],
    ]);
    expect(unapprovedRename(registry, { name: 'Ministerio de cultura', username: 'CulturaPeru' }, [])).toHaveLength(1);
  });

  it('PCM 6.1.2.7: both fields changed are two findings', () => {
    expect(unapprovedRename(registry, { name: 'Cultura', username: 'Cultura2026' }, []).map((f) => f.field)).toEqual(['username', 'name']);
  });

  it('PCM 6.1.2.7: what an approved request proposed is no alert, even before the CM confirms it was done', () => {
    const approved = [{ username: 'CulturaOficial' }, { name: 'Cultura Perú' }];
    expect(unapprovedRename(registry, { name: 'Cultura Perú', username: 'culturaoficial' }, approved)).toEqual([]);
    // Approval covers its own field only: a request for the username does not cover a new page name.
    expect(unapprovedRename(registry, { name: 'Otra', username: 'CulturaOficial' }, [{ username: 'CulturaOficial' }]).map((f) => f.field)).toEqual(['name']);
  });

  it('a page name the registry never held is nothing to compare, and an unread name is no change', () => {
    expect(unapprovedRename({ username: 'CulturaPeru' }, { name: 'Lo que sea', username: 'CulturaPeru' }, [])).toEqual([]);
    expect(unapprovedRename(registry, { username: 'CulturaPeru' }, [])).toEqual([]);
  });

  it('PCM 6.1.2.7, 6.1.1.8: a request must change something, and a new username follows the rule of new accounts', () => {
    const parse = (v: unknown) => nameChangeSchema.parse(v);
    expect(nameChangeViolations(parse({ name: 'Ministerio de Cultura', username: 'CulturaPeru', reason: 'Unificar la identidad' }), registry)).toEqual([
      expect.objectContaining({ field: 'username', rule: 'PCM 6.1.2.7' }),
    ]);
    expect(nameChangeViolations(parse({ username: '@cultura', reason: 'Unificar la identidad' }), registry)).toEqual([
      expect.objectContaining({ field: 'username', rule: 'PCM 6.1.1.8' }),
    ]);
    const ok = parse({ name: ' Cultura   Perú ', username: '', reason: 'Unificar la identidad en todas las redes' });
    expect(nameChangeViolations(ok, registry)).toEqual([]);
    expect(proposedChanges(ok, registry)).toEqual({ name: 'Cultura Perú' });
    expect(nameChangeSchema.safeParse({ username: 'CulturaOficial', reason: 'corto' }).success).toBe(false);
  });
});
