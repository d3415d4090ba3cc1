import { peruPublicHolidays } from '../../infra/holidays';
import { addBusinessDays, isBusinessDay, limaDate, limaTimestamp, onOrNextBusinessDay } from '../../domain/businessDays';
import { nextRotationDue } from '../../domain/rotation';

/**
 * Business-day arithmetic over the real 2025–2026 feriados (RULEBOOK §8): the activity's list goes in
 * as data, as production does. Lima is UTC−5 all year (no DST), so `lima('…T09:00:00')` is 14:00Z.
 */
const closed = new Set(peruPublicHolidays([2025, 2026]));
const lima = (s: string) => new Date(`${s}-05:00`);
const plus = (from: string, n: number, days = closed) => limaTimestamp(addBusinessDays(lima(from), n, days));
const onOrNext = (at: string, days = closed) => limaTimestamp(onOrNextBusinessDay(lima(at), days));
const open = (date: string) => isBusinessDay(lima(`${date}T12:00:00`), closed);

describe('Holy Week (Jueves and Viernes Santo, D. Leg. 713 art. 6)', () => {
  it('2026: a due date on Thursday 2 April moves to Monday 6 April, same Lima time', () => {
    expect(onOrNext('2026-04-02T09:00:00')).toBe('2026-04-06T09:00:00-05:00');
    expect(onOrNext('2026-04-03T17:30:00')).toBe('2026-04-06T17:30:00-05:00');
  });

  it('2026: Wednesday 1 April + 1 business day = Monday 6 April; Easter Monday is a working day', () => {
    expect(plus('2026-04-01T10:00:00', 1)).toBe('2026-04-06T10:00:00-05:00');
    expect(open('2026-04-01')).toBe(true);
    expect(open('2026-04-02')).toBe(false);
    expect(open('2026-04-03')).toBe(false);
    expect(open('2026-04-06')).toBe(true);
  });

  it('2025: Wednesday 16 April + 1 business day = Monday 21 April (17–18 April are holidays)', () => {
    expect(plus('2025-04-16T09:00:00', 1)).toBe('2025-04-21T09:00:00-05:00');
  });
});

describe('July 2026: Día de la Fuerza Aérea (Ley 31822) and Fiestas Patrias (D. Leg. 713)', () => {
  it('Thursday 23 July (Ley 31822) is closed: Wednesday 22 + 1 = Friday 24', () => {
    expect(open('2026-07-23')).toBe(false);
    expect(plus('2026-07-22T09:00:00', 1)).toBe('2026-07-24T09:00:00-05:00');
  });

  it('Fiestas Patrias fall on Tuesday 28 and Wednesday 29 July: Monday 27 + 1 = Thursday 30', () => {
    expect(open('2026-07-27')).toBe(true);
    expect(open('2026-07-28')).toBe(false);
    expect(open('2026-07-29')).toBe(false);
    expect(plus('2026-07-27T09:00:00', 1)).toBe('2026-07-30T09:00:00-05:00');
  });

  it('Friday 24 July + 2 business days = Thursday 30 July', () => {
    expect(plus('2026-07-24T11:00:00', 2)).toBe('2026-07-30T11:00:00-05:00');
  });

  it('a due date on 28 July moves to Thursday 30 July', () => {
    expect(onOrNext('2026-07-28T09:00:00')).toBe('2026-07-30T09:00:00-05:00');
  });
});

describe('June 2026', () => {
  it('Batalla de Arica y Día de la Bandera (Ley 31788) is Sunday 7 June: no day is moved, Monday 8 June is a working day', () => {
    expect(open('2026-06-08')).toBe(true);
    expect(plus('2026-06-05T09:00:00', 1)).toBe('2026-06-08T09:00:00-05:00');
  });

  it('San Pedro y San Pablo (D. Leg. 713) is Monday 29 June: Friday 26 + 1 = Tuesday 30', () => {
    expect(plus('2026-06-26T09:00:00', 1)).toBe('2026-06-30T09:00:00-05:00');
  });
});

describe('December 2025: Inmaculada Concepción (D. Leg. 713) and Batalla de Ayacucho (Ley 31381)', () => {
  it('Monday 8 and Tuesday 9 December are closed: Friday 5 + 1 = Wednesday 10', () => {
    expect(open('2025-12-08')).toBe(false);
    expect(open('2025-12-09')).toBe(false);
    expect(plus('2025-12-05T09:00:00', 1)).toBe('2025-12-10T09:00:00-05:00');
  });

  it('a due date on Tuesday 9 December moves to Wednesday 10', () => {
    expect(onOrNext('2025-12-09T09:00:00')).toBe('2025-12-10T09:00:00-05:00');
  });
});

describe('year end: Navidad and Año Nuevo (D. Leg. 713)', () => {
  it('Wednesday 31 December 2025 + 1 business day = Friday 2 January 2026', () => {
    expect(plus('2025-12-31T09:00:00', 1)).toBe('2026-01-02T09:00:00-05:00');
  });

  it('2 January 2026 is a feriado for no one: only an entity that carries the decreed public-sector day (DS 042-2025-PCM) moves to Monday 5', () => {
    expect(open('2026-01-02')).toBe(true);
    expect(plus('2025-12-31T09:00:00', 1, new Set([...closed, '2026-01-02']))).toBe('2026-01-05T09:00:00-05:00');
  });

  it('Thursday 24 December 2026 + 1 business day = Monday 28 December (Navidad is a Friday)', () => {
    expect(plus('2026-12-24T09:00:00', 1)).toBe('2026-12-28T09:00:00-05:00');
  });

  it('counts across the year in Lima, not UTC: 23:30 on 31 December 2025 in Lima is already 1 January in UTC', () => {
    expect(limaDate(lima('2025-12-31T23:30:00'))).toBe('2025-12-31');
    expect(isBusinessDay(lima('2025-12-31T23:30:00'), closed)).toBe(true);
    expect(plus('2025-12-31T23:30:00', 1)).toBe('2026-01-02T23:30:00-05:00');
  });
});

describe('credential rotation due on a feriado moves to the next business day (RULEBOOK §2)', () => {
  const due = (from: string, profile: 'PCM' | 'CONGRESO', days = closed) => limaTimestamp(nextRotationDue(lima(from), profile, days));

  it('PCM monthly, confirmed Monday 2 March 2026: due Jueves Santo 2 April (D. Leg. 713), moves to Monday 6 April 09:00', () => {
    expect(due('2026-03-02T15:00:00', 'PCM')).toBe('2026-04-06T09:00:00-05:00');
    // 22:30 in Lima is already 3 March in UTC; the period still counts from the Lima date.
    expect(due('2026-03-02T22:30:00', 'PCM')).toBe('2026-04-06T09:00:00-05:00');
  });

  it('PCM monthly, confirmed 29 May 2026: due San Pedro y San Pablo, Monday 29 June (D. Leg. 713), moves to Tuesday 30 June', () => {
    expect(due('2026-05-29T10:00:00', 'PCM')).toBe('2026-06-30T09:00:00-05:00');
  });

  it('PCM monthly, confirmed 28 June 2026: due Fiestas Patrias, Tuesday 28 July (D. Leg. 713), moves to Thursday 30 July', () => {
    expect(due('2026-06-28T10:00:00', 'PCM')).toBe('2026-07-30T09:00:00-05:00');
  });

  it('PCM monthly, confirmed 8 November 2025: due Inmaculada Concepción, 8 December (D. Leg. 713), then Batalla de Ayacucho (Ley 31381): Wednesday 10 December', () => {
    expect(due('2025-11-08T10:00:00', 'PCM')).toBe('2025-12-10T09:00:00-05:00');
  });

  it('PCM monthly, confirmed 1 December 2025: due Año Nuevo (D. Leg. 713), moves to Friday 2 January 2026', () => {
    expect(due('2025-12-01T10:00:00', 'PCM')).toBe('2026-01-02T09:00:00-05:00');
  });

  it('CONGRESO every 15 days, confirmed 8 July 2026: due Día de la Fuerza Aérea, Thursday 23 July (Ley 31822), moves to Friday 24 July', () => {
    expect(due('2026-07-08T10:00:00', 'CONGRESO')).toBe('2026-07-24T09:00:00-05:00');
  });
});
