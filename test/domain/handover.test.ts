import type { EntityRole } from '../../domain/access';
import { handoverProblems, handoverStepName, mayTakeOver, roundStep } from '../../domain/handover';
import { handoverCreateSchema } from '../../domain/handoverInput';
import type { RosterEntry } from '../../domain/roster';
import { validate } from '../../domain/validation';

const entry = (email: string, role: RosterEntry['role']): RosterEntry => ({ personId: email, name: email, email, role });
const ROSTER = [entry('jefa@cultura.gob.pe', 'head'), entry('segundo@cultura.gob.pe', 'second'), entry('cm@cultura.gob.pe', 'cm'), entry('equipo@cultura.gob.pe', 'team')];
const fields = (outgoing: string, incoming: string) => handoverProblems(ROSTER, outgoing, incoming).map((p) => p.field);

describe('handover of administration (PCM 6.2.3)', () => {
  it('PCM 6.2.3: hands over from the entity\'s CM to someone on its roster', () => {
    expect(handoverProblems(ROSTER, 'cm@cultura.gob.pe', 'equipo@cultura.gob.pe')).toEqual([]);
  });

  it('PCM 6.2.3: the outgoing person must be a CM of the entity; the incoming one on its roster', () => {
    expect(fields('equipo@cultura.gob.pe', 'cm@cultura.gob.pe')).toEqual(['outgoingEmail']);
    expect(fields('nadie@cultura.gob.pe', 'equipo@cultura.gob.pe')).toEqual(['outgoingEmail']);
    expect(fields('cm@cultura.gob.pe', 'nadie@cultura.gob.pe')).toEqual(['incomingEmail']);
    expect(handoverProblems(ROSTER, 'cm@cultura.gob.pe', 'nadie@cultura.gob.pe')[0]!.message).toContain('no figura en la nómina');
  });

  it('PCM 6.2.3.1, 6.2.3.3: the head, who verifies and hands over the credentials, cannot receive them; nor the second in command (PCM 6.1.1.5)', () => {
    const [head] = handoverProblems(ROSTER, 'cm@cultura.gob.pe', 'jefa@cultura.gob.pe');
    expect(head).toMatchObject({ field: 'incomingEmail', rule: 'PCM 6.2.3' });
    expect(head!.message).toContain('PCM 6.2.3.1, 6.2.3.3');
    expect(fields('cm@cultura.gob.pe', 'segundo@cultura.gob.pe')).toEqual(['incomingEmail']);
  });

  it('INPE 5.2.b, PCM 6.2.3.5: the Presidency, who checks the CM\'s sensitive content, cannot receive the administration; a requesting unit\'s person can', () => {
    const roster = [...ROSTER, entry('presidencia@inpe.gob.pe', 'presidency'), entry('solicitante@cultura.gob.pe', 'requester')];
    const problems = handoverProblems(roster, 'cm@cultura.gob.pe', 'presidencia@inpe.gob.pe');
    expect(problems).toEqual([{ field: 'incomingEmail', rule: 'PCM 6.2.3', message: expect.stringContaining('INPE 5.2.b') }]);
    expect(handoverProblems(roster, 'cm@cultura.gob.pe', 'solicitante@cultura.gob.pe')).toEqual([]);
  });

  it('the body: two institutional addresses, normalised, different, and nothing else', () => {
    const ok = validate(handoverCreateSchema, { outgoingEmail: ' CM@Cultura.gob.pe ', incomingEmail: 'equipo@cultura.gob.pe' }, 'PCM 6.2.3');
    expect(ok).toEqual({ ok: true, value: { outgoingEmail: 'cm@cultura.gob.pe', incomingEmail: 'equipo@cultura.gob.pe' } });
    const same = validate(handoverCreateSchema, { outgoingEmail: 'cm@cultura.gob.pe', incomingEmail: 'CM@cultura.gob.pe' }, 'PCM 6.2.3');
    expect(same.ok ? [] : same.errors.map((e) => [e.field, e.message])).toEqual([['incomingEmail', 'Quien asume la administración debe ser una persona distinta de quien la deja (PCM 6.2.3).']]);
    const extra = validate(handoverCreateSchema, { outgoingEmail: 'cm@cultura.gob.pe', incomingEmail: 'equipo@cultura.gob.pe', password: 'x' }, 'PCM 6.2.3');
    expect(extra.ok).toBe(false);
  });

  it('steps repeat by round after an observation: entrega, entrega-2, …', () => {
    expect([roundStep('entrega', 1), roundStep('entrega', 2), roundStep('verificacion', 3)]).toEqual(['entrega', 'entrega-2', 'verificacion-3']);
  });
});

describe('handover pages in words (PCM 6.2.3)', () => {
  it('PCM 6.2.3.3: names a step by its clause, and a later round as such; an unknown step stays as it is', () => {
    expect(handoverStepName('entrega')).toBe('Entrega de credenciales al titular (PCM 6.2.3.2)');
    expect(handoverStepName('verificacion-2')).toBe('Verificación por el titular (PCM 6.2.3.3), 2.ª vuelta');
    expect(handoverStepName('retiro')).toBe('Retiro del community manager saliente (PCM 6.2.3.4–5)');
    expect(handoverStepName('aprobacion-2')).toBe('aprobacion-2');
  });

  it('PCM 6.2.3.1, 6.1.1.5: the form offers neither the head nor the second in command to take over', () => {
    expect((['head', 'second', 'presidency', 'cm', 'team', 'requester'] as EntityRole[]).map(mayTakeOver)).toEqual([false, false, false, true, true, true]);
  });
});
