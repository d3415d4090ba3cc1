/**
 * Calendar days as inputs take them (RULEBOOK §8: business days and audit filters count Lima calendar
 * days): AAAA-MM-DD, and a day that exists. One schema serves the registry and the audit filters.
 */
import { auditQuerySchema } from '../../domain/auditQuery';
import { calendarDaySchema } from '../../domain/dates';
import { entityPolicyPatchSchema } from '../../domain/registryInput';
import { validate, type RuleViolation } from '../../domain/validation';

const problems = (r: ReturnType<typeof validate>): RuleViolation[] => (r.ok ? [] : r.errors);
const messagesFor = (day: string) => problems(validate(calendarDaySchema, day, 'fecha')).map((p) => p.message);

describe('a calendar day', () => {
  it('days that exist are accepted, 29 February only in leap years', () => {
    for (const day of ['2026-12-24', '2026-01-01', '2026-12-31', '2028-02-29', '2000-02-29']) expect([day, messagesFor(day)]).toEqual([day, []]);
  });

  it('days that do not exist are refused with "Fecha inexistente." instead of rolling over to another day', () => {
    for (const day of ['2026-02-30', '2026-13-45', '0000-00-00', '2027-02-29', '1900-02-29', '2026-04-31', '2026-00-10']) {
      expect([day, messagesFor(day)]).toEqual([day, ['Fecha inexistente.']]);
    }
  });

  it('other ways of writing a day get one message asking for AAAA-MM-DD', () => {
    for (const day of ['24/12/2026', '2026-1-5', 'ayer', '2026-12-24T00:00', ' 2026-12-24', '']) {
      expect([day, messagesFor(day)]).toEqual([day, ['Use el formato AAAA-MM-DD.']]);
    }
  });
});

describe('the same rule wherever a day is taken', () => {
  it('decreed non-working days: each wrong day is named by its position, once', () => {
    const r = validate(entityPolicyPatchSchema, { nonWorkingDays: ['2026-12-24', '2026-02-30', '24/12/2026'] }, 'registro');
    expect(problems(r).map((p) => [p.field, p.message])).toEqual([
      ['nonWorkingDays.1', 'Fecha inexistente.'],
      ['nonWorkingDays.2', 'Use el formato AAAA-MM-DD.'],
    ]);
  });

  it('RULEBOOK §8: the audit filters refuse `from` and `to` days that do not exist', () => {
    const r = validate(auditQuerySchema, { from: '2026-13-45', to: '2026-02-30' }, 'filtros de auditoría');
    expect(problems(r).map((p) => [p.field, p.message])).toEqual([
      ['from', 'Fecha inexistente.'],
      ['to', 'Fecha inexistente.'],
    ]);
    expect(validate(auditQuerySchema, { from: '2028-02-29', to: '2028-02-29' }, 'filtros de auditoría').ok).toBe(true);
  });
});
