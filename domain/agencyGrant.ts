/**
 * When an agency's grant starts and when its removal falls due (RULEBOOK §3.1, PCM 6.1.2.10: the agency
 * holds its role only for the paid campaign, and the role is removed once the campaign ends). Pure: the
 * non-working days come in as data from an activity, so a replayed workflow never sees another date.
 */
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import { LIMA, limaStartOfDay, onOrNextBusinessDay, subtractBusinessDays, type NonWorkingDays } from './businessDays';

/** The removal is asked at the start of the working day, as rotations and role reviews are. */
export const REMOVAL_HOUR = 9;

/** The grant takes effect at the first instant of its start date (Lima): the campaign's whole first day is covered. */
export const grantStartsAt = (startsOn: string): Date => limaStartOfDay(startsOn);

/**
 * 09:00 Lima on the first business day after the campaign's last day. Campaign dates are inclusive, so
 * the agency keeps its role through `endsOn`; the custodian removes it in office hours, so the request
 * waits for the next working morning rather than midnight, skipping weekends, holidays and decreed days.
 */
export function grantRemovalDue(endsOn: string, nonWorking: NonWorkingDays): Date {
  const next = addDays(new TZDate(limaStartOfDay(endsOn), LIMA), 1);
  const at = new TZDate(next.getFullYear(), next.getMonth(), next.getDate(), REMOVAL_HOUR, 0, 0, LIMA);
  return onOrNextBusinessDay(new Date(at.getTime()), nonWorking);
}

/** Issue 17 §2: the custodian, the head and the agency are warned this many business days before the campaign's last day. */
export const GRANT_WARNING_DAYS = [14, 1] as const;

export interface GrantWarningDue {
  /** Business days before the campaign's last day. */
  daysBefore: number;
  /** ISO instant: 09:00 Lima on that business day. */
  at: string;
}

/**
 * When the grant's end is announced (issue 17 §2, PCM 6.1.2.10): at 09:00 Lima, 14 and 1 business days
 * before the campaign's last day (weekends, holidays and the entity's decreed days not counted), so
 * whoever removes the role and the agency that loses it both see it coming. A warning that would fall
 * before the grant starts is not sent: a grant shorter than 14 business days gets only the 1-day one.
 */
export function grantWarningsDue(startsOn: string, endsOn: string, nonWorking: NonWorkingDays): GrantWarningDue[] {
  const last = new TZDate(limaStartOfDay(endsOn), LIMA);
  const nineOnLastDay = new Date(new TZDate(last.getFullYear(), last.getMonth(), last.getDate(), REMOVAL_HOUR, 0, 0, LIMA).getTime());
  const starts = grantStartsAt(startsOn).getTime();
  return GRANT_WARNING_DAYS.map((daysBefore) => ({ daysBefore, at: subtractBusinessDays(nineOnLastDay, daysBefore, nonWorking) })).flatMap((w) =>
    w.at.getTime() >= starts ? [{ daysBefore: w.daysBefore, at: w.at.toISOString() }] : [],
  );
}
