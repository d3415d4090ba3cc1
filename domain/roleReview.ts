/**
 * The monthly review of page roles (RULEBOOK §3: PCM 6.1.2.11, 6.2.3.5; CONGRESO 6.2.8): when it
 * runs, which month it covers, and who reviews. Pure: the calendar comes in as data, computed by an
 * activity, so a replayed workflow never sees a different date (STACK trap 4).
 */
import { TZDate } from '@date-fns/tz';
import { addMonths } from 'date-fns';
import { LIMA, limaDate, onOrNextBusinessDay, type NonWorkingDays } from './businessDays';
import { z } from 'zod';
import type { Contact } from './entity';
import type { PolicyProfileId } from './policyProfiles';

/** Reviews open at the start of the working day, Lima time. */
export const REVIEW_HOUR = 9;

/** A review month, `YYYY-MM`. */
export const REVIEW_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The Lima month of an instant, `YYYY-MM`. */
export const reviewMonthOf = (instant: Date): string => limaDate(instant).slice(0, 7);

/** 09:00 Lima on the first business day of a month (`YYYY-MM`): weekends, holidays and decreed days skipped. */
export function reviewInstant(month: string, nonWorking: NonWorkingDays): Date {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return onOrNextBusinessDay(new Date(new TZDate(y, m - 1, 1, REVIEW_HOUR, 0, 0, LIMA).getTime()), nonWorking);
}

/** The month after `month` (`YYYY-MM`). */
export function followingMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return reviewMonthOf(addMonths(new TZDate(y, m - 1, 15, 12, 0, 0, LIMA), 1));
}

/**
 * The month whose review comes next. A scheduler that has already run reviews (`lastMonth`) owes the
 * current month once it is past it, even late (a worker down on the first business day), but never
 * the months it missed: one review covers the page roles as they are now. A new scheduler waits for
 * the next first business day still ahead; a review now is what `POST /role-reviews` is for.
 */
export function nextReviewMonth(now: Date, nonWorking: NonWorkingDays, lastMonth?: string): string {
  const current = reviewMonthOf(now);
  if (lastMonth !== undefined) return current > lastMonth ? current : followingMonth(lastMonth);
  return reviewInstant(current, nonWorking).getTime() > now.getTime() ? current : followingMonth(current);
}

// Peru writes «setiembre» (as ICU's es-PE does in every date Custodio writes out), so one email never mixes two spellings.
const MONTH_NAMES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'setiembre', 'octubre', 'noviembre', 'diciembre'];

/** `2027-01` as people read it: «enero de 2027». */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[m - 1]} de ${y}`;
}

/** The clause that asks for the review under each profile (RULEBOOK "Policy profiles"). */
export const REVIEW_CLAUSE: Record<PolicyProfileId, string> = {
  PCM: 'PCM 6.1.2.11',
  CONGRESO: 'CONGRESO 6.2.8',
  INPE: 'INPE 5.1.a',
  SENACE: 'SENACE 7.2',
};

export interface ReviewPeople {
  /** The head's designee (PCM 6.1.2.11 "el director o quien este designe"), only if in the entity's roster. */
  designee?: Contact;
  head?: Contact;
  second?: Contact;
}

/**
 * Who attests the review and who hears when nobody does. PCM 6.1.2.11: the director or their designee.
 * A designee reviews with the head as escalation, since the head answers for an omission (PCM 6.2.3.5).
 * The head reviews with the second in command as escalation, the entity's fallback approver
 * (PCM 6.1.1.5). While the office has no head (reorganisation), the second reviews without escalation.
 */
export function reviewRouting(p: ReviewPeople): { reviewer?: Contact; escalateTo: Contact[]; designated: boolean } {
  const same = (a?: Contact, b?: Contact) => Boolean(a && b && a.email.toLowerCase() === b.email.toLowerCase());
  if (p.designee && !same(p.designee, p.head)) return { reviewer: p.designee, escalateTo: p.head ? [p.head] : p.second && !same(p.second, p.designee) ? [p.second] : [], designated: true };
  if (p.head) return { reviewer: p.head, escalateTo: p.second ? [p.second] : [], designated: false };
  if (p.second) return { reviewer: p.second, escalateTo: [], designated: false };
  return { escalateTo: [], designated: false };
}

/** The registry row's id for an entity's review of a month. */
export const roleReviewId = (entityId: string, month: string) => `${entityId}:${month}`;

/** PCM 5.2.7: whom institutional accounts may follow, attested by the reviewer each month (issue 19 §5). */
export const FOLLOWS_CLAUSE = 'PCM 5.2.7';
export const FOLLOWS_LABEL =
  'Revisé a quiénes siguen las cuentas: solo siguen a otras cuentas institucionales, medios de comunicación, autoridades ' +
  'de los tres poderes del Estado, autoridades internacionales y líderes de opinión.';

/** The attestation's payload where PCM 5.2.7 binds: the confirmation, and what was unfollowed, if anything. */
export const followsAttestationSchema = z
  .object({
    follows: z.literal(true, { error: `Confirme a quiénes siguen las cuentas (${FOLLOWS_CLAUSE}); si alguna sigue a quien no debe, deje de seguirla antes.` }),
    unfollowed: z.string().trim().max(1000, 'Use como máximo 1000 caracteres.').optional(),
  })
  .strict();
export type FollowsAttestation = z.output<typeof followsAttestationSchema>;
