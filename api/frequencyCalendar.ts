import type { FrequencyMonth, FrequencyPeriod, PeriodStatus } from '../domain/postingFrequency';
import { monthLabel } from '../domain/roleReview';

/** Each period's state as the account page says it (also read aloud: the ✓ and ✗ are only for the eye). */
export const PERIOD_STATUS_LABELS: Record<PeriodStatus, string> = { met: 'cumple', missed: 'no cumple', open: 'en curso', future: 'por venir' };

const SHORT_MONTHS = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'];
const dayOf = (day: string) => Number(day.slice(8, 10));
const shortDay = (day: string) => `${dayOf(day)} ${SHORT_MONTHS[Number(day.slice(5, 7)) - 1]}`;

export interface CalendarCell extends FrequencyPeriod {
  day: number;
  label: string;
}

/** One month of PCM 6.2.2.4 as the account page draws it: days in Monday-first weeks, or the list of weeks. */
export interface FrequencyView extends FrequencyMonth {
  label: string;
  /** Day rules: rows of seven cells, blank before the 1st and after the last day. */
  weeks?: Array<Array<CalendarCell | null>>;
  /** Week rules: «28 sep – 4 oct». */
  weekRows?: Array<FrequencyPeriod & { label: string }>;
  /** Periods still running or not begun: shown, never judged. */
  pending: number;
}

export function frequencyView(month: FrequencyMonth): FrequencyView {
  const pending = month.periods.filter((p) => p.status === 'open' || p.status === 'future').length;
  const base = { ...month, label: monthLabel(month.month), pending };
  if (month.unit === 'week') return { ...base, weekRows: month.periods.map((p) => ({ ...p, label: `${shortDay(p.start)} – ${shortDay(p.end)}` })) };
  const first = month.periods[0]!.start;
  const offset = (new Date(`${first}T12:00:00Z`).getUTCDay() + 6) % 7;
  const cells: Array<CalendarCell | null> = [...Array<null>(offset).fill(null), ...month.periods.map((p) => ({ ...p, day: dayOf(p.start), label: shortDay(p.start) }))];
  while (cells.length % 7) cells.push(null);
  const weeks: Array<Array<CalendarCell | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return { ...base, weeks };
}
