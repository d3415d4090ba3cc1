import { z } from 'zod';
import './validation';

/**
 * A calendar date written AAAA-MM-DD that exists: `2026-02-30` and `2026-13-45` do not, though
 * `Date.parse` and date libraries roll them over to another day. Shared by every input that takes a day
 * (decreed non-working days, audit filters). A value of the wrong shape gets one message, not two, and
 * checks of the enclosing object (e.g. `from` before `to`) do not run on a day that is wrong.
 */
export const calendarDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use el formato AAAA-MM-DD.', abort: true })
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, { message: 'Fecha inexistente.', abort: true });

/** `YYYY-MM-DD` as people read it in Peru, e.g. `24/12/2037`: string work only, so workflow texts may use it. */
export const peruvianDate = (day: string) => day.split('-').reverse().join('/');
