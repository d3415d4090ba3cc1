/**
 * The roster's pure rules (issue #3 §1): one head and one second in command, institutional addresses,
 * the contacts processes need, who may see the roster and its phones, and what the registry API accepts.
 */
import { can, type Principal } from '../../domain/access';
import { entityCreateSchema, entityPatchSchema, entityPolicyPatchSchema, personCreateSchema, personPatchSchema } from '../../domain/registryInput';
import { contactsFromRoster, currentContacts, designeeProblems, memberEmailProblem, rosterProblems, type RosterEntry } from '../../domain/roster';
import { validate } from '../../domain/validation';

const entry = (email: string, role: RosterEntry['role']): RosterEntry => ({ personId: email, name: email.split('@')[0]!, email, role });
const office: RosterEntry[] = [
  entry('aquispe@cultura.gob.pe', 'head'),
  entry('bsalas@cultura.gob.pe', 'second'),
  entry('crojas@cultura.gob.pe', 'cm'),
  entry('dtorres@cultura.gob.pe', 'requester'),
];
const mincul = { id: 'mincul', profile: 'PCM' as const };
const member = (role: RosterEntry['role']): Principal => ({
  kind: 'person', personId: 'p', email: 'x@cultura.gob.pe', name: 'X', memberships: [{ entityId: 'mincul', role }], supervisor: false, platformAdmin: false,
});
const fieldsOf = (r: ReturnType<typeof validate>) => (r.ok ? [] : r.errors.map((e) => e.field));

describe('one head, one second in command (PCM 5.2.4, PCM 6.1.1.5)', () => {
  it('a complete office with several community managers, team members and requesting units has no problem', () => {
    expect(rosterProblems([...office, entry('cm2@cultura.gob.pe', 'cm'), entry('t1@cultura.gob.pe', 'team'), entry('t2@cultura.gob.pe', 'team'), entry('u2@cultura.gob.pe', 'requester')])).toEqual([]);
  });

  it('PCM 5.2.4: a second head is a problem that names the current head and says to change their role first', () => {
    const problems = rosterProblems([...office, entry('ojefa@cultura.gob.pe', 'head')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'role', rule: 'PCM 5.2.4' });
    expect(problems[0]!.message).toContain('aquispe@cultura.gob.pe');
    expect(problems[0]!.message).toMatch(/Cambie primero el rol/);
  });

  it('PCM 6.1.1.5: a second "second in command" is a problem of its own', () => {
    const problems = rosterProblems([...office, entry('otro@cultura.gob.pe', 'second')]);
    expect(problems.map((p) => p.rule)).toEqual(['PCM 6.1.1.5']);
  });

  it('two heads and two seconds at once give both problems', () => {
    const problems = rosterProblems([...office, entry('h2@cultura.gob.pe', 'head'), entry('s2@cultura.gob.pe', 'second')]);
    expect(problems.map((p) => p.rule)).toEqual(['PCM 5.2.4', 'PCM 6.1.1.5']);
  });

  it('an office being reorganised may lack its head or second for a while (approvals then refuse to start)', () => {
    expect(rosterProblems(office.filter((r) => r.role !== 'head' && r.role !== 'second'))).toEqual([]);
    expect(rosterProblems([])).toEqual([]);
  });
});

describe('institutional addresses (PCM 6.1.1.4)', () => {
  const entity = { emailDomains: ['cultura.gob.pe'] };

  it('an address of the entity\'s domain is accepted, whatever its letter case', () => {
    expect(memberEmailProblem(entity, 'epaz@cultura.gob.pe')).toBeUndefined();
    expect(memberEmailProblem(entity, 'EPaz@Cultura.GOB.pe')).toBeUndefined();
  });

  it('PCM 6.1.1.4: a personal or foreign address is refused, naming the domains to use', () => {
    for (const email of ['epaz@gmail.com', 'epaz@congreso.gob.pe']) {
      const problem = memberEmailProblem(entity, email);
      expect(problem).toMatchObject({ field: 'email', rule: 'PCM 6.1.1.4' });
      expect(problem!.message).toContain('@cultura.gob.pe');
    }
  });

  it('PCM 6.1.1.4: look-alike domains are not the entity\'s (sub-domains, suffixes, prefixes)', () => {
    for (const email of ['x@cultura.gob.pe.evil.com', 'x@falsacultura.gob.pe', 'x@mail.cultura.gob.pe', 'cultura.gob.pe@gmail.com']) {
      expect([email, memberEmailProblem(entity, email)?.rule]).toEqual([email, 'PCM 6.1.1.4']);
    }
  });

  it('an entity with several domains accepts each of them', () => {
    const two = { emailDomains: ['cultura.gob.pe', 'bnp.gob.pe'] };
    expect(memberEmailProblem(two, 'x@bnp.gob.pe')).toBeUndefined();
    expect(memberEmailProblem(two, 'x@gmail.com')!.message).toContain('@bnp.gob.pe');
  });
});

describe('the contacts processes need, from the roster', () => {
  it('head, second in command and community manager come from the roster, by role', () => {
    expect(contactsFromRoster(office)).toEqual({
      head: { name: 'aquispe', email: 'aquispe@cultura.gob.pe' },
      secondInCommand: { name: 'bsalas', email: 'bsalas@cultura.gob.pe' },
      communityManager: { name: 'crojas', email: 'crojas@cultura.gob.pe' },
    });
  });

  it('a roster without head or community manager names exactly the missing roles', () => {
    expect(contactsFromRoster(office.filter((r) => r.role !== 'head' && r.role !== 'cm'))).toEqual({ missing: ['head', 'cm'] });
    expect(contactsFromRoster([])).toEqual({ missing: ['head', 'second', 'cm'] });
  });
});

describe('who sees the roster and its phones (Ley 29733, PCM 5.2.4)', () => {
  it('Ley 29733: head, second in command and community manager read the roster with phones', () => {
    for (const role of ['head', 'second', 'cm'] as const) {
      expect([role, can(member(role), 'roster.read', mincul), can(member(role), 'personalData.read', mincul)]).toEqual([role, true, true]);
    }
  });

  it('Ley 29733: a team member reads the roster but not its phones', () => {
    expect(can(member('team'), 'roster.read', mincul)).toBe(true);
    expect(can(member('team'), 'personalData.read', mincul)).toBe(false);
  });

  it('a requesting unit does not read the roster at all', () => {
    expect(can(member('requester'), 'roster.read', mincul)).toBe(false);
    expect(can(member('requester'), 'personalData.read', mincul)).toBe(false);
  });

  it('PCM 5.2.4: only the head manages the roster, the policy and the API keys of the office', () => {
    for (const role of ['head', 'second', 'cm', 'team', 'requester'] as const) {
      const p = member(role);
      const manages = (['roster.manage', 'policy.manage', 'apiKey.manage'] as const).map((perm) => can(p, perm, mincul));
      expect([role, manages]).toEqual([role, role === 'head' ? [true, true, true] : [false, false, false]]);
    }
  });

  it('an API key reads neither the roster nor its phones', () => {
    const key: Principal = { kind: 'apiKey', keyId: 'k', entityId: 'mincul', label: 'x' };
    expect(can(key, 'roster.read', mincul)).toBe(false);
    expect(can(key, 'personalData.read', mincul)).toBe(false);
  });
});

describe('what the registry API accepts (issue #3 §1)', () => {
  it('a new person\'s address is trimmed and lower-cased, so the same person is not registered twice', () => {
    const r = validate(personCreateSchema, { name: ' Elena Paz ', email: ' EPaz@Cultura.gob.pe ', role: 'team' }, 'nómina');
    expect(r).toEqual({ ok: true, value: { name: 'Elena Paz', email: 'epaz@cultura.gob.pe', role: 'team' } });
  });

  it('a new person cannot be made supervisor or platform admin through the roster (unknown fields are refused)', () => {
    const r = validate(personCreateSchema, { name: 'X', email: 'x@cultura.gob.pe', role: 'team', platformAdmin: true, supervisor: true }, 'nómina');
    expect(r.ok).toBe(false);
    const roles = validate(personCreateSchema, { name: 'X', email: 'x@cultura.gob.pe', role: 'admin' }, 'nómina');
    expect(fieldsOf(roles)).toEqual(['role']);
  });

  it('phones take 7 to 15 digits with spaces or hyphens, and nothing else', () => {
    const ok = (phone: string) => validate(personCreateSchema, { name: 'X', email: 'x@cultura.gob.pe', role: 'team', phone }, 'nómina').ok;
    expect(['+51 911 222 333', '01-618-9393', '987654321'].map(ok)).toEqual([true, true, true]);
    expect(['12345', 'llamar al 987654321', '+51 911 222 333 ext 4', '<script>'].map(ok)).toEqual([false, false, false, false]);
  });

  it('a roster change must change something; `left` only records that someone left (true), it cannot be undone with false', () => {
    expect(fieldsOf(validate(personPatchSchema, {}, 'nómina'))).toEqual(['(cuerpo)']);
    expect(validate(personPatchSchema, { left: false }, 'nómina').ok).toBe(false);
    expect(validate(personPatchSchema, { left: true }, 'nómina')).toEqual({ ok: true, value: { left: true } });
    expect(validate(personPatchSchema, { phone: null, unit: null }, 'nómina')).toEqual({ ok: true, value: { phone: null, unit: null } });
  });

  it('the reminder plan counts 1 to 60 business days, reminders in increasing order, and nothing else', () => {
    expect(validate(entityPolicyPatchSchema, { decisionPlan: { remindAfter: [2, 5], escalateAfter: 7, repeatEvery: 3 } }, 'registro').ok).toBe(true);
    expect(fieldsOf(validate(entityPolicyPatchSchema, { decisionPlan: { remindAfter: [5, 2], repeatEvery: 3 } }, 'registro'))).toEqual(['decisionPlan.remindAfter']);
    expect(validate(entityPolicyPatchSchema, { decisionPlan: { remindAfter: [0] } }, 'registro').ok).toBe(false);
    expect(validate(entityPolicyPatchSchema, { decisionPlan: { remindAfter: [61] } }, 'registro').ok).toBe(false);
    expect(validate(entityPolicyPatchSchema, { decisionPlan: { remindAfter: [1], skipWeekends: false } }, 'registro').ok).toBe(false);
  });

  it('the head\'s settings are only non-working days and the reminder plan; name and profile belong to the entity\'s structure', () => {
    expect(validate(entityPolicyPatchSchema, { name: 'Otro' }, 'registro').ok).toBe(false);
    expect(validate(entityPatchSchema, { name: 'Otro nombre', profile: 'INPE' }, 'registro').ok).toBe(true);
    expect(validate(entityPatchSchema, { profile: 'NINGUNO' }, 'registro').ok).toBe(false);
  });

  it('PCM 6.2.2.2, 6.1.2.11: designees must be on the roster; content approval is delegated only where the profile allows it', () => {
    const roster: RosterEntry[] = [{ personId: '1', name: 'Bruno', email: 'bsalas@cultura.gob.pe', role: 'second' }];
    expect(designeeProblems({ reviewDesigneeEmail: 'bsalas@cultura.gob.pe', contentDesigneeEmail: 'bsalas@cultura.gob.pe' }, 'PCM', roster)).toEqual([]);
    expect(designeeProblems({ reviewDesigneeEmail: null, contentDesigneeEmail: null }, 'CONGRESO', [])).toEqual([]);
    const strangers = designeeProblems({ reviewDesigneeEmail: 'nadie@cultura.gob.pe', contentDesigneeEmail: 'nadie@cultura.gob.pe' }, 'SENACE', roster);
    expect(strangers.map((p) => [p.field, p.rule])).toEqual([['reviewDesigneeEmail', 'PCM 6.1.2.11'], ['contentDesigneeEmail', 'PCM 6.2.2.2']]);
    const congreso = designeeProblems({ contentDesigneeEmail: 'bsalas@cultura.gob.pe' }, 'CONGRESO', roster);
    expect(congreso).toEqual([{ field: 'contentDesigneeEmail', rule: 'CONGRESO 5.1.1', message: expect.stringContaining('sin delegar') }]);
    expect(designeeProblems({ contentDesigneeEmail: 'bsalas@cultura.gob.pe' }, 'INPE', roster).map((p) => p.rule)).toEqual(['INPE 5.3.d']);
  });

  it('an entity id is a lower-case slug of 2 to 40 characters', () => {
    const base = { name: 'Ministerio de la Producción', profile: 'PCM', emailDomains: ['produce.gob.pe'], location: 'Lima', supervisorEmail: 'rrss_scs@pcm.gob.pe' };
    expect(validate(entityCreateSchema, { ...base, id: 'produce' }, 'registro').ok).toBe(true);
    for (const id of ['Produce', 'p', '9produce', 'pro duce', 'a'.repeat(41), '../x']) {
      expect([id, fieldsOf(validate(entityCreateSchema, { ...base, id }, 'registro'))]).toEqual([id, ['id']]);
    }
  });
});

describe('currentContacts: whom a running process asks now (issue 14 §1.4)', () => {
  const known = {
    head: { name: 'Antes Titular', email: 'antes.titular@cultura.gob.pe' },
    secondInCommand: { name: 'Antes Segundo', email: 'antes.segundo@cultura.gob.pe' },
    communityManager: { name: 'Antes CM', email: 'antes.cm@cultura.gob.pe' },
  };
  const holder = (role: RosterEntry['role'], name: string): RosterEntry => ({ personId: name, name, email: `${name.toLowerCase()}@cultura.gob.pe`, role });

  it('the roster\'s holders, not the snapshot taken when the process started', () => {
    const now = currentContacts([holder('head', 'Raul'), holder('second', 'Bruno'), holder('cm', 'Elena')], known);
    expect([now.head.email, now.secondInCommand.email, now.communityManager.email]).toEqual(['raul@cultura.gob.pe', 'bruno@cultura.gob.pe', 'elena@cultura.gob.pe']);
  });

  it('PCM 6.1.1.5: a vacant head is covered by the second in command and the reverse; a vacant CM by the head', () => {
    const noHead = currentContacts([holder('second', 'Bruno')], known);
    expect([noHead.head.email, noHead.secondInCommand.email, noHead.communityManager.email]).toEqual(['bruno@cultura.gob.pe', 'bruno@cultura.gob.pe', 'bruno@cultura.gob.pe']);
    const noSecond = currentContacts([holder('head', 'Raul'), holder('cm', 'Elena')], known);
    expect([noSecond.head.email, noSecond.secondInCommand.email, noSecond.communityManager.email]).toEqual(['raul@cultura.gob.pe', 'raul@cultura.gob.pe', 'elena@cultura.gob.pe']);
  });

  it('an office with neither head nor second keeps the last known ones, rather than asking nobody', () => {
    const none = currentContacts([holder('cm', 'Elena')], known);
    expect([none.head, none.secondInCommand, none.communityManager.email]).toEqual([known.head, known.secondInCommand, 'elena@cultura.gob.pe']);
  });
});
