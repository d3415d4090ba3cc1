import Holidays from 'date-holidays';
import { peruPublicHolidays } from '../../infra/holidays';
import { PERU_HOLIDAY_RULES, easterSunday, holidayDate } from '../../infra/peruHolidays';

/**
 * The official national holidays (feriados nacionales), as published for each year: D. Leg. 713 art. 6
 * as amended by Leyes 31381, 31530 and 31788, plus Ley 31822 (23 July). Decreed "días no laborables"
 * for the public sector (e.g. 2 January 2026, DS 042-2025-PCM) are not feriados and are not here.
 */
const OFFICIAL_2025 = [
  '2025-01-01', // Año Nuevo — D. Leg. 713
  '2025-04-17', // Jueves Santo — D. Leg. 713
  '2025-04-18', // Viernes Santo — D. Leg. 713
  '2025-05-01', // Día del Trabajo — D. Leg. 713
  '2025-06-07', // Batalla de Arica y Día de la Bandera — Ley 31788 (Saturday)
  '2025-06-29', // San Pedro y San Pablo — D. Leg. 713 (Sunday)
  '2025-07-23', // Día de la Fuerza Aérea del Perú — Ley 31822
  '2025-07-28', // Fiestas Patrias — D. Leg. 713
  '2025-07-29', // Fiestas Patrias — D. Leg. 713
  '2025-08-06', // Batalla de Junín — Ley 31530
  '2025-08-30', // Santa Rosa de Lima — D. Leg. 713 (Saturday)
  '2025-10-08', // Combate de Angamos — D. Leg. 713
  '2025-11-01', // Todos los Santos — D. Leg. 713 (Saturday)
  '2025-12-08', // Inmaculada Concepción — D. Leg. 713
  '2025-12-09', // Batalla de Ayacucho — Ley 31381
  '2025-12-25', // Navidad del Señor — D. Leg. 713
];

const OFFICIAL_2026 = [
  '2026-01-01', // Año Nuevo — D. Leg. 713 (Thursday)
  '2026-04-02', // Jueves Santo — D. Leg. 713
  '2026-04-03', // Viernes Santo — D. Leg. 713
  '2026-05-01', // Día del Trabajo — D. Leg. 713 (Friday)
  '2026-06-07', // Batalla de Arica y Día de la Bandera — Ley 31788 (Sunday)
  '2026-06-29', // San Pedro y San Pablo — D. Leg. 713 (Monday)
  '2026-07-23', // Día de la Fuerza Aérea del Perú — Ley 31822 (Thursday)
  '2026-07-28', // Fiestas Patrias — D. Leg. 713 (Tuesday)
  '2026-07-29', // Fiestas Patrias — D. Leg. 713 (Wednesday)
  '2026-08-06', // Batalla de Junín — Ley 31530 (Thursday)
  '2026-08-30', // Santa Rosa de Lima — D. Leg. 713 (Sunday)
  '2026-10-08', // Combate de Angamos — D. Leg. 713 (Thursday)
  '2026-11-01', // Todos los Santos — D. Leg. 713 (Sunday)
  '2026-12-08', // Inmaculada Concepción — D. Leg. 713 (Tuesday)
  '2026-12-09', // Batalla de Ayacucho — Ley 31381 (Wednesday)
  '2026-12-25', // Navidad del Señor — D. Leg. 713 (Friday)
];

describe('Peruvian national public holidays (D. Leg. 713 art. 6 and later laws)', () => {
  it('2025: exactly the 16 official feriados', () => {
    expect(peruPublicHolidays([2025])).toEqual(OFFICIAL_2025);
  });

  it('2026: exactly the 16 official feriados', () => {
    expect(peruPublicHolidays([2026])).toEqual(OFFICIAL_2026);
  });

  it('several years: one sorted list without duplicates, whatever the order of the years', () => {
    expect(peruPublicHolidays([2026, 2025, 2026])).toEqual([...OFFICIAL_2025, ...OFFICIAL_2026]);
    expect(peruPublicHolidays([])).toEqual([]);
  });

  it('Easter Sunday is not a feriado (only Jueves and Viernes Santo are, D. Leg. 713 art. 6)', () => {
    expect(peruPublicHolidays([2025])).not.toContain('2025-04-20');
    expect(peruPublicHolidays([2026])).not.toContain('2026-04-05');
  });

  it('Batalla de Arica y Día de la Bandera, 7 June (Ley 31788, published 15 June 2023): from 2024', () => {
    expect(peruPublicHolidays([2023])).not.toContain('2023-06-07');
    expect(peruPublicHolidays([2024])).toContain('2024-06-07');
  });

  it('Día de la Fuerza Aérea del Perú, 23 July (Ley 31822, July 2023): from 2023', () => {
    expect(peruPublicHolidays([2022])).not.toContain('2022-07-23');
    expect(peruPublicHolidays([2023])).toContain('2023-07-23');
  });

  it('Batalla de Junín, 6 August (Ley 31530, July 2022) and Batalla de Ayacucho, 9 December (Ley 31381, 31 December 2021): from 2022', () => {
    expect(peruPublicHolidays([2021])).not.toContain('2021-08-06');
    expect(peruPublicHolidays([2021])).not.toContain('2021-12-09');
    expect(peruPublicHolidays([2022])).toEqual(expect.arrayContaining(['2022-08-06', '2022-12-09']));
    expect(peruPublicHolidays([2021])).toHaveLength(12);
    expect(peruPublicHolidays([2022])).toHaveLength(14);
    expect(peruPublicHolidays([2023])).toHaveLength(15);
    expect(peruPublicHolidays([2024])).toHaveLength(16);
  });

  it('every rule cites its law', () => {
    for (const rule of PERU_HOLIDAY_RULES) expect(rule.law).toMatch(/^(D\. Leg\. 713|Ley \d+)/);
  });

  it('refuses a year it cannot compute', () => {
    expect(() => peruPublicHolidays([2025.5])).toThrow(RangeError);
    expect(() => peruPublicHolidays([1500])).toThrow(RangeError);
  });
});

describe('Jueves and Viernes Santo follow Easter (D. Leg. 713 art. 6, "movibles")', () => {
  it.each([
    [2024, '2024-03-28', '2024-03-29'],
    [2025, '2025-04-17', '2025-04-18'],
    [2026, '2026-04-02', '2026-04-03'],
    [2027, '2027-03-25', '2027-03-26'],
    [2038, '2038-04-22', '2038-04-23'],
  ])('%i: Thursday %s and Friday %s', (year, thursday, friday) => {
    expect(peruPublicHolidays([year])).toEqual(expect.arrayContaining([thursday, friday]));
    expect(new Date(`${thursday}T12:00:00Z`).getUTCDay()).toBe(4);
    expect(new Date(`${friday}T12:00:00Z`).getUTCDay()).toBe(5);
  });

  it('Easter agrees with the date-holidays package from 1900 to 2200', () => {
    const hd = new Holidays('PE');
    const thursday = PERU_HOLIDAY_RULES.find((r) => r.name === 'Jueves Santo')!;
    const friday = PERU_HOLIDAY_RULES.find((r) => r.name === 'Viernes Santo')!;
    for (let year = 1900; year <= 2200; year++) {
      const byRule = new Map(hd.getHolidays(year).map((h) => [h.rule, h.date.slice(0, 10)]));
      const [month, day] = easterSunday(year);
      expect(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).toBe(byRule.get('easter'));
      expect(holidayDate(thursday, year)).toBe(byRule.get('easter -3'));
      expect(holidayDate(friday, year)).toBe(byRule.get('easter -2'));
    }
  });
});
