/**
 * How the Anexo 3 report writes its figures, shared by the PDF and the XLSX: Spanish numbers
 * («12.345», «4,35 %»), Lima dates, durations, the frequency line.
 */
import { limaDate } from '../../domain/businessDays';
import { peruvianDate } from '../../domain/dates';
import type { FrequencySummary, Totals } from '../../domain/anexo3';
import { writtenNumber, writtenPercent } from '../numbers';

const tenths = new Intl.NumberFormat('es', { maximumFractionDigits: 1 });

/** «12.345». */
export const countText = writtenNumber;

/** A rate already in percent, «4,35 %». */
export const rateText = writtenPercent;

/** «7,2 s» under a minute, «1 min 35 s» from one minute on. */
export function durationText(seconds: number): string {
  if (seconds < 59.95) return `${tenths.format(seconds)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** The Lima day of an instant, «14/07/2026». */
export const dayText = (iso: string): string => peruvianDate(limaDate(new Date(iso)));

/** The Lima day of an instant as Excel's date: midnight UTC of that day, so no zone moves it. */
export function excelDay(iso: string): Date {
  const [y, m, d] = limaDate(new Date(iso)).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** A link short enough for a table cell: no scheme, no «www.», the middle elided past 56 characters (the end, where ids are, stays). */
export function shortLink(url: string): string {
  const bare = url.replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/$/, '');
  return bare.length <= 56 ? bare : `${bare.slice(0, 30)}…${bare.slice(-25)}`;
}

/** «Frecuencia: 18 de 31 días cumplen la regla (…); 40 publicaciones en el mes; por debajo del mínimo.» */
export function frequencyText(f: Omit<FrequencySummary, 'accountId' | 'month'>): string {
  const units = f.unit === 'day' ? ['día', 'días'] : ['semana', 'semanas'];
  const verb = f.compliantPeriods === 1 ? 'cumple' : 'cumplen';
  const posts = f.published === 1 ? '1 publicación' : `${countText(f.published)} publicaciones`;
  return (
    `Frecuencia (PCM 6.2.2.4): ${f.compliantPeriods} de ${f.totalPeriods} ${units[f.totalPeriods === 1 ? 0 : 1]} ${verb} la regla (${f.rule}); ` +
    `${posts} en el mes${f.belowMinimum ? '; por debajo del mínimo' : ''}.`
  );
}

const TOTAL_NAMES = { reach: 'alcance', impact: 'impacto', interactions: 'interacciones' } as const;

/** «sin cifra en 3 publicaciones», for a total that sums only the posts that have the figure. */
export function missingText(totals: Totals, figure: keyof typeof TOTAL_NAMES): string | undefined {
  const n = totals.missing?.[figure];
  return n ? `sin cifra en ${n === 1 ? '1 publicación' : `${n} publicaciones`}` : undefined;
}

/** «Alcance sin cifra en 3 publicaciones; …», every partial total of a row, for a spreadsheet's remarks column. */
export function missingSummary(totals: Totals): string {
  return (Object.keys(TOTAL_NAMES) as Array<keyof typeof TOTAL_NAMES>)
    .map((f) => missingText(totals, f) && `${TOTAL_NAMES[f][0]!.toUpperCase()}${TOTAL_NAMES[f].slice(1)} ${missingText(totals, f)}`)
    .filter(Boolean)
    .join('; ');
}
