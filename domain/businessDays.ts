import { TZDate } from '@date-fns/tz';
import { addDays, format, isWeekend } from 'date-fns';

/** Every date and deadline in Custodio is read in Lima's time (RULEBOOK §8). */
export const LIMA = 'America/Lima';

/**
 * Non-working calendar days as `YYYY-MM-DD` strings in Lima: public holidays plus an entity's decreed
 * days. Passed in as data so that a new decree never changes a deadline already computed (STACK trap 4).
 */
export type NonWorkingDays = ReadonlySet<string>;

/** The Lima calendar date of an instant, as `YYYY-MM-DD`. */
export function limaDate(instant: Date): string {
  return format(new TZDate(instant, LIMA), 'yyyy-MM-dd');
}

/** `true` for Monday–Friday dates that are not in the given non-working days. */
export function isBusinessDay(day: Date, nonWorking: NonWorkingDays): boolean {
  const lima = new TZDate(day, LIMA);
  return !isWeekend(lima) && !nonWorking.has(format(lima, 'yyyy-MM-dd'));
}

/**
 * The instant `n` business days after `from`, at the same Lima time of day. A start on a non-working
 * day counts from the next business day, so "2 business days" from a Saturday lands on Tuesday.
 */
export function addBusinessDays(from: Date, n: number, nonWorking: NonWorkingDays): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a non-negative integer, got ${n}`);
  let day = new TZDate(from, LIMA);
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isBusinessDay(day, nonWorking)) left--;
  }
  return new Date(day.getTime());
}

/**
 * The instant `n` business days before `from`, at the same Lima time of day: the mirror of
 * `addBusinessDays` ("1 business day before Monday" is the Friday before).
 */
export function subtractBusinessDays(from: Date, n: number, nonWorking: NonWorkingDays): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a non-negative integer, got ${n}`);
  let day = new TZDate(from, LIMA);
  let left = n;
  while (left > 0) {
    day = addDays(day, -1);
    if (isBusinessDay(day, nonWorking)) left--;
  }
  return new Date(day.getTime());
}

/** The first business day on or after `from` (a due date on a holiday moves to the next business day). */
export function onOrNextBusinessDay(from: Date, nonWorking: NonWorkingDays): Date {
  let day = new TZDate(from, LIMA);
  while (!isBusinessDay(day, nonWorking)) day = addDays(day, 1);
  return new Date(day.getTime());
}

/** An instant as Lima's wall-clock time with its offset, e.g. `2026-11-23T09:30:00-05:00`. */
export function limaTimestamp(instant: Date): string {
  return format(new TZDate(instant, LIMA), "yyyy-MM-dd'T'HH:mm:ssXXX");
}

/** The first instant of a Lima calendar date (`YYYY-MM-DD`). */
export function limaStartOfDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, LIMA).getTime());
}
