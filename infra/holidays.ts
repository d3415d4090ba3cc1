import { PERU_HOLIDAY_RULES, holidayDate } from './peruHolidays';

/**
 * Peruvian national public holidays (feriados) for the given years, as sorted, distinct Lima
 * `YYYY-MM-DD` dates. Workflow code must never call it (the layers forbid workflows/ to import infra/),
 * so a change of the holiday list cannot change a replayed deadline (STACK trap 4); activities compute
 * deadlines with it, and the API shows dates from it.
 *
 * Why a rule table and not the `date-holidays` package: its PE data (3.37.0) marks Easter Sunday
 * («Pascua») as a `public` holiday, which no Peruvian law makes a feriado (D. Leg. 713, art. 6 lists
 * only Holy Thursday and Good Friday), so its list was not the official one; it happened to be harmless
 * for business days only because Easter is always a Sunday. Beyond that, a library upgrade could add,
 * drop or re-date a holiday without any change here. The table in ./peruHolidays.ts is short, cites the
 * law for each day and changes only by a reviewed commit; Easter, the one moving date, is computed there
 * and checked against `date-holidays` in the tests.
 */
export function peruPublicHolidays(years: number[]): string[] {
  const days = new Set<string>();
  for (const year of years) {
    // The Gregorian Easter computation holds from 1583; four-digit years keep `YYYY-MM-DD` sortable.
    if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new RangeError(`not a supported year: ${year}`);
    for (const rule of PERU_HOLIDAY_RULES) {
      if (rule.since === undefined || year >= rule.since) days.add(holidayDate(rule, year));
    }
  }
  return [...days].sort();
}
