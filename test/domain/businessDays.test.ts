import { addBusinessDays, isBusinessDay, limaDate, onOrNextBusinessDay } from '../../domain/businessDays';
import { peruPublicHolidays } from '../../infra/holidays';

/** Official Peruvian public holidays (Ley 31788 and earlier decrees), as published for 2025 and 2026. */
const OFFICIAL: Record<number, string[]> = {
  2025: ['01-01', '04-17', '04-18', '05-01', '06-07', '06-29', '07-23', '07-28', '07-29', '08-06', '08-30', '10-08', '11-01', '12-08', '12-09', '12-25'],
  2026: ['01-01', '04-02', '04-03', '05-01', '06-07', '06-29', '07-23', '07-28', '07-29', '08-06', '08-30', '10-08', '11-01', '12-08', '12-09', '12-25'],
};

const closed = new Set(peruPublicHolidays([2025, 2026]));
const lima = (s: string) => new Date(`${s}-05:00`);

describe('business days in America/Lima (RULEBOOK §8)', () => {
  it.each([2025, 2026])('knows every official public holiday of %i', (year) => {
    for (const md of OFFICIAL[year]!) expect(closed.has(`${year}-${md}`)).toBe(true);
  });

  it('skips weekends', () => {
    // Friday 2026-11-20 09:00 + 1 business day = Monday 2026-11-23 09:00.
    expect(addBusinessDays(lima('2026-11-20T09:00:00'), 1, closed).toISOString()).toBe('2026-11-23T14:00:00.000Z');
  });

  it('skips public holidays: Thursday and Friday of Holy Week 2026', () => {
    expect(addBusinessDays(lima('2026-04-01T10:00:00'), 1, closed).toISOString()).toBe('2026-04-06T15:00:00.000Z');
  });

  it('skips an entity\'s decreed non-working day', () => {
    const withDecree = new Set([...closed, '2026-11-23']);
    expect(limaDate(addBusinessDays(lima('2026-11-20T09:00:00'), 1, withDecree))).toBe('2026-11-24');
  });

  it('counts from the next business day when starting on a weekend', () => {
    expect(limaDate(addBusinessDays(lima('2026-11-21T12:00:00'), 2, closed))).toBe('2026-11-24');
  });

  it('reads dates in Lima, not UTC: 23:30 on Friday in Lima is already Saturday in UTC', () => {
    expect(isBusinessDay(lima('2026-11-20T23:30:00'), closed)).toBe(true);
    expect(limaDate(lima('2026-11-20T23:30:00'))).toBe('2026-11-20');
  });

  it('moves a due date on a holiday to the next business day: 28–29 July 2026', () => {
    expect(limaDate(onOrNextBusinessDay(lima('2026-07-28T09:00:00'), closed))).toBe('2026-07-30');
  });

  it('refuses a negative count', () => {
    expect(() => addBusinessDays(new Date(), -1, closed)).toThrow(RangeError);
  });
});
