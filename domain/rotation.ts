/**
 * When credentials rotate (RULEBOOK §2): the next due date counts from the last confirmed rotation,
 * by the period of the entity's policy profile, and a due date on a weekend, a Peruvian holiday or a
 * decreed non-working day moves to the next business day (America/Lima). Pure: the non-working days
 * come in as data, computed by an activity, so a replayed workflow never sees a different date.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths } from 'date-fns';
import { LIMA, limaStartOfDay, onOrNextBusinessDay, type NonWorkingDays } from './businessDays';
import { PROFILES, type PolicyProfileId } from './policyProfiles';

/** Reminders go out at the start of the working day, Lima time. */
export const ROTATION_HOUR = 9;

/** PCM 6.1.2.5 monthly; CONGRESO 6.2.5 every 15 days; INPE 4.2.q and SENACE, unstated: monthly. */
export function rotationPeriod(profile: PolicyProfileId): { every: number; unit: 'days' | 'months' } {
  return PROFILES[profile].rotation;
}

/** The instant the next rotation is due: period after the last confirmed one, on a business day at 09:00 Lima. */
export function nextRotationDue(lastConfirmed: Date, profile: PolicyProfileId, nonWorking: NonWorkingDays): Date {
  const { every, unit } = rotationPeriod(profile);
  const from = new TZDate(lastConfirmed, LIMA);
  // addMonths clamps to the month's end: a rotation confirmed on 31 January is due on 28 February.
  const calendar = unit === 'months' ? addMonths(from, every) : addDays(from, every);
  const at = new TZDate(calendar.getFullYear(), calendar.getMonth(), calendar.getDate(), ROTATION_HOUR, 0, 0, LIMA);
  return onOrNextBusinessDay(new Date(at.getTime()), nonWorking);
}

/**
 * Where counting starts for an account no rotation was confirmed for in Custodio yet: a registered
 * account from the day its password last changed (the start of that day in Lima), or, when nobody knew
 * it, from its registration and due at once; a created one from its activation.
 */
export function countingStart(a: { activatedAt: Date; origin?: 'registered'; lastRotatedOn?: string }): { from: Date; dueAtOnce: boolean } {
  if (a.origin === 'registered' && !a.lastRotatedOn) return { from: new Date(a.activatedAt), dueAtOnce: true };
  return { from: a.lastRotatedOn ? limaStartOfDay(a.lastRotatedOn) : new Date(a.activatedAt), dueAtOnce: false };
}
