/**
 * Peru's national public holidays (feriados nacionales) as law sets them, one rule per holiday.
 *
 * The list in force is article 6 of Decreto Legislativo 713 (descansos remunerados, 1991), as last
 * re-enacted by Ley 31788 (El Peruano, 15 June 2023), plus 23 July, set by its own law (Ley 31822,
 * art. 4). A holiday added by a later law applies from the first year its date fell after the law
 * was in force (Constitución art. 109: a law binds from the day after its publication); `since` holds
 * that year.
 *
 * Only feriados: the "días no laborables" the Executive decrees each year for the public sector (e.g.
 * DS 042-2025-PCM: 2 May and 26 December 2025, 2 January 2026) are not holidays, are recoverable, and
 * come in as each entity's decreed non-working days instead.
 *
 * When Congress adds, moves or removes a feriado, change this table, cite the law, and add its year to
 * test/infra/holidays.test.ts.
 */

export type PeruHolidayDate =
  /** A fixed calendar day, `month` 1–12. */
  | { month: number; day: number }
  /** Days from (Gregorian, Western) Easter Sunday: -3 is Holy Thursday, -2 Good Friday. */
  | { easterOffset: number };

export interface PeruHolidayRule {
  name: string;
  date: PeruHolidayDate;
  /** The norm that makes the day a national holiday. */
  law: string;
  /** First year the holiday applied; absent for those in D. Leg. 713 since 1991. */
  since?: number;
}

const DL713 = 'D. Leg. 713, art. 6';

export const PERU_HOLIDAY_RULES: readonly PeruHolidayRule[] = [
  { name: 'Año Nuevo', date: { month: 1, day: 1 }, law: DL713 },
  { name: 'Jueves Santo', date: { easterOffset: -3 }, law: DL713 },
  { name: 'Viernes Santo', date: { easterOffset: -2 }, law: DL713 },
  { name: 'Día del Trabajo', date: { month: 5, day: 1 }, law: DL713 },
  // Published 15 June 2023, after that year's 7 June: first observed in 2024.
  { name: 'Batalla de Arica y Día de la Bandera', date: { month: 6, day: 7 }, law: 'Ley 31788 (D. Leg. 713, art. 6)', since: 2024 },
  { name: 'San Pedro y San Pablo', date: { month: 6, day: 29 }, law: DL713 },
  // Published in early July 2023, before that year's 23 July.
  { name: 'Día de la Fuerza Aérea del Perú', date: { month: 7, day: 23 }, law: 'Ley 31822, art. 4', since: 2023 },
  { name: 'Fiestas Patrias', date: { month: 7, day: 28 }, law: DL713 },
  { name: 'Fiestas Patrias', date: { month: 7, day: 29 }, law: DL713 },
  // Published in July 2022, before that year's 6 August.
  { name: 'Batalla de Junín', date: { month: 8, day: 6 }, law: 'Ley 31530 (D. Leg. 713, art. 6)', since: 2022 },
  { name: 'Santa Rosa de Lima', date: { month: 8, day: 30 }, law: DL713 },
  { name: 'Combate de Angamos', date: { month: 10, day: 8 }, law: DL713 },
  { name: 'Todos los Santos', date: { month: 11, day: 1 }, law: DL713 },
  { name: 'Inmaculada Concepción', date: { month: 12, day: 8 }, law: DL713 },
  // Published 31 December 2021: first observed on 9 December 2022.
  { name: 'Batalla de Ayacucho', date: { month: 12, day: 9 }, law: 'Ley 31381 (D. Leg. 713, art. 6; Ley 24682, art. 2)', since: 2022 },
  { name: 'Navidad del Señor', date: { month: 12, day: 25 }, law: DL713 },
];

/** Easter Sunday of a Gregorian year as `[month 1–12, day]` (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): [month: number, day: number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The `YYYY-MM-DD` date of one rule in one year. Calendar arithmetic only, in UTC, so no time zone can shift it. */
export function holidayDate(rule: PeruHolidayRule, year: number): string {
  if ('easterOffset' in rule.date) {
    const [month, day] = easterSunday(year);
    const d = new Date(Date.UTC(year, month - 1, day + rule.date.easterOffset));
    return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  return iso(year, rule.date.month, rule.date.day);
}
