/**
 * Attention hours (issue 19 §4): where a document sets them, a citizen's question is attended on business
 * days within a window, so its deadline starts running only when the window next opens. SENACE 8.4:
 * 8:00 a.m. to 7:00 p.m. on business days (the COM may still answer outside them; nothing is blocked).
 * PCM sets none: its deadlines run from the moment the question arrives.
 */
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import { isBusinessDay, LIMA, type NonWorkingDays } from './businessDays';

export interface AttentionWindow {
  /** Lima wall-clock hours, `HH:mm`, the window's opening and close. */
  from: string;
  to: string;
  clause: string;
}

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** The window in words: «de 8:00 a 19:00, en días hábiles». */
export const attentionWindowText = (w: AttentionWindow) => `de ${w.from.replace(/^0/, '')} a ${w.to.replace(/^0/, '')}, en días hábiles`;

/**
 * When a deadline for something received at `at` starts to run: `at` itself without a window, or inside
 * it on a business day; else the window's next opening (later the same business day, or the next one).
 */
export function attentionStart(at: Date, window: AttentionWindow | undefined, nonWorking: NonWorkingDays): Date {
  if (!window) return at;
  const lima = new TZDate(at, LIMA);
  const now = lima.getHours() * 60 + lima.getMinutes();
  if (isBusinessDay(lima, nonWorking) && now >= minutes(window.from) && now < minutes(window.to)) return at;
  let day = isBusinessDay(lima, nonWorking) && now < minutes(window.from) ? lima : addDays(lima, 1);
  while (!isBusinessDay(day, nonWorking)) day = addDays(day, 1);
  const open = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(minutes(window.from) / 60), minutes(window.from) % 60, LIMA);
  return new Date(open.getTime());
}
