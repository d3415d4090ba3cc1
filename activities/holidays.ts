import Holidays from 'date-holidays';

/**
 * Peruvian public holidays for the given years, as Lima `YYYY-MM-DD` dates. It lives with the activities
 * because workflow code must never call it, so a library update cannot change a replayed deadline (STACK trap 4).
 */
export function peruPublicHolidays(years: number[]): string[] {
  const hd = new Holidays('PE');
  const days = new Set<string>();
  for (const year of years) {
    for (const h of hd.getHolidays(year)) {
      if (h.type === 'public') days.add(h.date.slice(0, 10));
    }
  }
  return [...days].sort();
}
