/**
 * The minimum posting frequency of each network (PCM 6.2.2.4; RULEBOOK §6.5), checked per account and
 * month from the publication instants of its imported posts (issue 16 §4). Pure: the caller passes
 * the posts and `now`. Days and weeks are Lima's. What the clause leaves open is decided here:
 * - Facebook, «mínimo tres post al día y con un margen de dos horas»: a day meets when at least 3 of
 *   its posts can be picked pairwise at least 2 h apart (exactly 2 h counts). Picking greedily over
 *   the sorted times gives the largest such set, so `counted` is that number, not the day's total.
 * - Instagram, «mínimo una o dos veces al día»: the minimum is 1; more than 2 is not a fault (the
 *   clause sets a minimum, not a ceiling), so nothing above 2 is flagged.
 * - TikTok and YouTube, «tres veces a la semana»: weeks run Monday to Sunday and belong to the month of
 *   their Thursday (as ISO weeks do), so every week is judged once, whole, even across a month's edge;
 *   its posts on the neighbouring month's days count too.
 * - A period is judged once it has ended: today and this week are «en curso», later ones «por venir»;
 *   neither is a miss. A month is below the minimum when any ended period missed. It is a flag for the
 *   report and the account page, never a block.
 */
import { limaDate, limaStartOfDay } from './businessDays';
import type { MetricNetwork } from './metrics';

export const FREQUENCY_CLAUSE = 'PCM 6.2.2.4';

const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

export interface FrequencyRule {
  unit: 'day' | 'week';
  /** Posts a period needs. */
  minimum: number;
  /** Facebook only: the least time between two posts that count. */
  spacingMs?: number;
  /** The rule as the pages and the report state it. */
  text: string;
}

export const FREQUENCY_RULES: Record<MetricNetwork, FrequencyRule> = {
  facebook: { unit: 'day', minimum: 3, spacingMs: TWO_HOURS_MS, text: 'Facebook: 3 publicaciones al día, con 2 horas de separación entre una y otra (PCM 6.2.2.4)' },
  x: { unit: 'day', minimum: 5, text: 'X (Twitter): 5 publicaciones al día (PCM 6.2.2.4)' },
  instagram: { unit: 'day', minimum: 1, text: 'Instagram: 1 o 2 publicaciones al día; el mínimo es 1 (PCM 6.2.2.4)' },
  tiktok: { unit: 'week', minimum: 3, text: 'TikTok: 3 publicaciones a la semana, de lunes a domingo (PCM 6.2.2.4)' },
  youtube: { unit: 'week', minimum: 3, text: 'YouTube: 3 publicaciones a la semana, de lunes a domingo (PCM 6.2.2.4)' },
};

/** `met` and `missed` are judged (the period ended); `open` is today or this week; `future` has not begun. */
export type PeriodStatus = 'met' | 'missed' | 'open' | 'future';

export interface FrequencyPeriod {
  /** First Lima day of the period, `YYYY-MM-DD`. */
  start: string;
  /** Last Lima day, inclusive (the same as `start` for a day). */
  end: string;
  /** Posts published in the period. */
  count: number;
  /** What the rule counts: for Facebook, the most posts pairwise 2 h apart; elsewhere `count`. */
  counted: number;
  /** `counted` reaches the minimum (an open period may already meet it). */
  meets: boolean;
  status: PeriodStatus;
}

export interface FrequencyMonth {
  network: MetricNetwork;
  /** `YYYY-MM`, Lima. */
  month: string;
  unit: 'day' | 'week';
  minimum: number;
  /** Posts published in the calendar month (Lima). */
  published: number;
  periods: FrequencyPeriod[];
  /** Ended periods that met the minimum. */
  compliantPeriods: number;
  /** Ended periods: the ones judged. */
  totalPeriods: number;
  /** Some ended period missed the minimum. */
  belowMinimum: boolean;
  rule: string;
}

/** `YYYY-MM-DD` ± days, as calendar arithmetic (no zone can move it). */
function addDays(day: string, days: number): string {
  const t = Date.parse(`${day}T12:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Monday 0 … Sunday 6. */
const weekdayOf = (day: string) => (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** The month's periods as [start, end] Lima days: its days, or the Monday–Sunday weeks whose Thursday falls in it. */
function periodsOf(unit: 'day' | 'week', month: string): Array<[string, string]> {
  const first = `${month}-01`;
  const last = lastDayOf(month);
  const spans: Array<[string, string]> = [];
  if (unit === 'day') {
    for (let d = first; d <= last; d = addDays(d, 1)) spans.push([d, d]);
    return spans;
  }
  const firstThursday = addDays(first, (3 - weekdayOf(first) + 7) % 7);
  for (let thursday = firstThursday; thursday <= last; thursday = addDays(thursday, 7)) spans.push([addDays(thursday, -3), addDays(thursday, 3)]);
  return spans;
}

/** The instants whose posts the month's figures count, [from, to): its calendar days and its whole weeks. Ask the store for these. */
export function frequencyWindow(network: MetricNetwork, month: string): { from: Date; to: Date } {
  const days = [`${month}-01`, lastDayOf(month), ...periodsOf(FREQUENCY_RULES[network].unit, month).flat()].sort();
  return { from: limaStartOfDay(days[0]!), to: limaStartOfDay(addDays(days.at(-1)!, 1)) };
}

/** The most posts that can be picked pairwise at least `spacingMs` apart: greedy from the earliest, which is optimal. */
export function spacedCount(instants: readonly number[], spacingMs: number): number {
  let picked = 0;
  let last = -Infinity;
  for (const t of [...instants].sort((a, b) => a - b)) {
    if (t - last >= spacingMs) {
      picked++;
      last = t;
    }
  }
  return picked;
}

/** One account's compliance with PCM 6.2.2.4 in one month, from its posts' publication instants (ISO), as of `now`. */
export function monthlyFrequency(network: MetricNetwork, publishedAt: readonly string[], month: string, now: Date): FrequencyMonth {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`month must be YYYY-MM, got ${month}`);
  const rule = FREQUENCY_RULES[network];
  const today = limaDate(now);
  const posts = publishedAt.map((iso) => {
    const at = new Date(iso);
    return { at: at.getTime(), day: limaDate(at) };
  });
  const periods = periodsOf(rule.unit, month).map(([start, end]): FrequencyPeriod => {
    const inside = posts.filter((p) => p.day >= start && p.day <= end);
    const counted = rule.spacingMs ? spacedCount(inside.map((p) => p.at), rule.spacingMs) : inside.length;
    const meets = counted >= rule.minimum;
    const status: PeriodStatus = end < today ? (meets ? 'met' : 'missed') : start > today ? 'future' : 'open';
    return { start, end, count: inside.length, counted, meets, status };
  });
  const judged = periods.filter((p) => p.status === 'met' || p.status === 'missed');
  const compliant = judged.filter((p) => p.status === 'met').length;
  return {
    network,
    month,
    unit: rule.unit,
    minimum: rule.minimum,
    published: posts.filter((p) => p.day.startsWith(`${month}-`)).length,
    periods,
    compliantPeriods: compliant,
    totalPeriods: judged.length,
    belowMinimum: compliant < judged.length,
    rule: rule.text,
  };
}

/** The month before `month` (`YYYY-MM`). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
