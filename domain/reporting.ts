/**
 * When the supervision reports open and are due (PCM 6.3.1, 6.3.2; INPE 5.1.c). Pure: the calendar
 * comes in as data, computed by an activity, so a replayed workflow never sees another date.
 *
 * The directive names no deadline for the quarterly report; Custodio's default is 10 business days
 * after the quarter closes, an entity setting. The process opens 5 business days before the close so
 * the community manager knows what is coming, and asks for the exports once the quarter is over (the
 * platforms' figures are lifetime totals as of the export day, so an export taken after the close
 * covers the whole quarter).
 */
import { TZDate } from '@date-fns/tz';
import { LIMA, addBusinessDays, isBusinessDay, limaDate, type NonWorkingDays } from './businessDays';
import type { ReminderPlan } from './decision';
import { PROFILES, type PolicyProfileId } from './policyProfiles';
import { previousMonth } from './postingFrequency';
import { nextQuarter, previousQuarter, quarterMonths, quarterOf } from './quarters';
import { followingMonth, reviewInstant, reviewMonthOf } from './roleReview';

export const REPORT_DUE_DEFAULT_BUSINESS_DAYS = 10;
/** The entity setting's bounds: at least a week to gather the exports, at most two months. */
export const REPORT_DUE_MIN_BUSINESS_DAYS = 5;
export const REPORT_DUE_MAX_BUSINESS_DAYS = 40;
/** How long before the quarter closes the process opens. */
export const REPORT_HEADS_UP_BUSINESS_DAYS = 5;
const OPENING_HOUR = 9;

/** PCM 6.3.1–6.3.2 bind whom PCM's directive binds (PCM 2): the entities SCS supervises report to it; the Congress does not. */
export const reportsToSupervisor = (profile: PolicyProfileId): boolean => PROFILES[profile].supervisedByScs;

/** INPE 5.1.c: under INPE the community manager reports the month's statistics to the head before the evaluation. */
export const monthlyReportByCm = (profile: PolicyProfileId): boolean => profile === 'INPE';

const at = (day: string, hour: number): Date => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hour, 0, 0, LIMA).getTime());
};

/** 00:00 Lima on the first day after the quarter: when it closes. */
export const quarterCloses = (quarter: string): Date => at(`${followingMonth(quarterMonths(quarter)[2])}-01`, 0);

/** The quarter's last day, `YYYY-MM-DD`: an export taken on or after it covers the whole quarter. */
export const quarterLastDay = (quarter: string): string => limaDate(new Date(quarterCloses(quarter).getTime() - 1));

/** 09:00 Lima, `REPORT_HEADS_UP_BUSINESS_DAYS` business days before the quarter closes. */
export function quarterlyOpening(quarter: string, closed: NonWorkingDays): Date {
  // Counting back from the quarter's last day: the 5th-last business day of the quarter.
  let day = at(quarterLastDay(quarter), 12);
  for (let left = REPORT_HEADS_UP_BUSINESS_DAYS; ; day = new Date(day.getTime() - 24 * 3_600_000)) {
    if (isBusinessDay(day, closed) && --left === 0) break;
  }
  return at(limaDate(day), OPENING_HOUR);
}

/** The end (00:00 Lima of the next day) of the `businessDays`-th business day after the quarter closes. */
export function quarterlyDue(quarter: string, businessDays: number, closed: NonWorkingDays): Date {
  // addBusinessDays keeps the time of day; from 00:00 of the first day after the quarter, n business days later.
  const lastOfQuarter = at(quarterLastDay(quarter), 12);
  const dueDay = limaDate(addBusinessDays(lastOfQuarter, businessDays, closed));
  return new Date(at(dueDay, 0).getTime() + 24 * 3_600_000);
}

/** The reports an import may complete: the quarter now and the one before (whose report runs after it closes). */
export function openReportQuarters(now: Date): string[] {
  const current = quarterOf(reviewMonthOf(now));
  return [previousQuarter(current), current];
}

/** The last day to send a report due at `dueAt` (the end of that day), `YYYY-MM-DD` in Lima. */
export const reportDueDay = (dueAt: Date | string): string => limaDate(new Date(new Date(dueAt).getTime() - 1));

/** 09:00 Lima on the first business day of the month after `month`: when its evaluation opens. */
export const monthlyEvaluationOpening = (month: string, closed: NonWorkingDays): Date => reviewInstant(followingMonth(month), closed);

/** The latest month whose evaluation has opened by `now`. */
function latestOpenedMonth(now: Date, closed: NonWorkingDays): string {
  let month = previousMonth(reviewMonthOf(now));
  while (monthlyEvaluationOpening(month, closed).getTime() > now.getTime()) month = previousMonth(month);
  return month;
}

/** The latest quarter whose report has opened by `now`. */
function latestOpenedQuarter(now: Date, closed: NonWorkingDays): string {
  let quarter = quarterOf(reviewMonthOf(now));
  while (quarterlyOpening(quarter, closed).getTime() > now.getTime()) quarter = previousQuarter(quarter);
  return quarter;
}

/**
 * The next item a calendar owes: like the role review's, a calendar that already ran owes the latest
 * one once it is past it, even late (a worker down that day), but never the ones it missed; a new
 * calendar waits for the next opening still ahead (starting one now is what the pages are for).
 */
function nextOwed(latest: string, last: string | undefined, following: (x: string) => string): string {
  if (last === undefined) return following(latest);
  return latest > last ? latest : following(last);
}

export interface ReportingEvents {
  at: Date;
  /** Months whose evaluation opens at `at`. */
  months: string[];
  /** Quarters whose report opens at `at`. */
  quarters: string[];
}

/** The calendar's next instant and what opens then. */
export function nextReportingEvents(now: Date, closed: NonWorkingDays, last: { lastMonth?: string; lastQuarter?: string }): ReportingEvents {
  const month = nextOwed(latestOpenedMonth(now, closed), last.lastMonth, followingMonth);
  const quarter = nextOwed(latestOpenedQuarter(now, closed), last.lastQuarter, nextQuarter);
  const monthAt = monthlyEvaluationOpening(month, closed);
  const quarterAt = quarterlyOpening(quarter, closed);
  const first = Math.min(monthAt.getTime(), quarterAt.getTime());
  return {
    at: new Date(first),
    months: monthAt.getTime() === first ? [month] : [],
    quarters: quarterAt.getTime() === first ? [quarter] : [],
  };
}

/**
 * The upload step's plan, in business days from when it opens: remind on the first business day after
 * the quarter closes (when the exports can be taken), then every 3 business days; escalate to the head
 * 2 business days before the report is due. Computed from the calendar, so a late start still
 * escalates before the deadline.
 */
export function uploadPlan(openedAt: Date, quarter: string, dueBusinessDays: number, closed: NonWorkingDays): ReminderPlan {
  const closes = quarterCloses(quarter);
  let untilClose = 0;
  while (addBusinessDays(openedAt, untilClose, closed).getTime() < closes.getTime()) untilClose++;
  const escalateAfter = Math.max(untilClose + 1, untilClose + dueBusinessDays - 2);
  const remindAfter = [untilClose, untilClose + 3].filter((d, i, all) => d > 0 && d < escalateAfter && all.indexOf(d) === i);
  return { remindAfter: remindAfter.length ? remindAfter : [1], escalateAfter, repeatEvery: 3 };
}
