/**
 * Calendar quarters, the period of the Anexo 3 report (PCM 6.3.2: «remitirá trimestralmente»). A
 * quarter is written `YYYY-Qn`; its months and bounds are Lima's (RULEBOOK §8). Pure string work, so
 * workflow code may call it.
 */
import { limaStartOfDay } from './businessDays';
import { monthLabel } from './roleReview';

export { monthLabel };

/** `YYYY-Qn`, e.g. `2026-Q3`. */
export type Quarter = string;

export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;
const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

const ROMAN = ['I', 'II', 'III', 'IV'];

const pad = (n: number) => String(n).padStart(2, '0');

/** The year and the quarter's number (1–4); throws on anything not written `YYYY-Qn`. */
export function parseQuarter(q: Quarter): { year: number; n: 1 | 2 | 3 | 4 } {
  const m = QUARTER_PATTERN.exec(q);
  if (!m) throw new RangeError(`not a quarter (YYYY-Qn): ${q}`);
  return { year: Number(m[1]), n: Number(m[2]) as 1 | 2 | 3 | 4 };
}

/** The quarter's three months, `YYYY-MM`, in order. */
export function quarterMonths(q: Quarter): [string, string, string] {
  const { year, n } = parseQuarter(q);
  const first = (n - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${year}-${pad(first + i)}`) as [string, string, string];
}

/** The quarter a month (`YYYY-MM`) belongs to. */
export function quarterOf(month: string): Quarter {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  return `${m[1]}-Q${Math.ceil(Number(m[2]) / 3)}`;
}

/** The quarter before `q` (`2027-Q1` → `2026-Q4`). */
export function previousQuarter(q: Quarter): Quarter {
  const { year, n } = parseQuarter(q);
  return n === 1 ? `${year - 1}-Q4` : `${year}-Q${n - 1}`;
}

/** The quarter after `q` (`2026-Q4` → `2027-Q1`). */
export function nextQuarter(q: Quarter): Quarter {
  const { year, n } = parseQuarter(q);
  return n === 4 ? `${year + 1}-Q1` : `${year}-Q${n + 1}`;
}

/** «III trimestre de 2026 (julio–setiembre)». */
export function quarterLabel(q: Quarter): string {
  const { year, n } = parseQuarter(q);
  const [first, , last] = quarterMonths(q).map((month) => monthLabel(month).replace(/ de \d{4}$/, ''));
  return `${ROMAN[n - 1]} trimestre de ${year} (${first}–${last})`;
}

/** ISO instants of 00:00 Lima on the quarter's first day (`from`) and on the next quarter's first day (`to`, excluded). */
export function quarterBounds(q: Quarter): { from: string; to: string } {
  const firstDay = (quarter: Quarter) => `${quarterMonths(quarter)[0]}-01`;
  return { from: limaStartOfDay(firstDay(q)).toISOString(), to: limaStartOfDay(firstDay(nextQuarter(q))).toISOString() };
}
